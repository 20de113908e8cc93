/**
 * The pinned HTTP status → error kind table, and which failures may have taken effect.
 */
import test from "ava";
import { BringgApiError, codeForStatus, fixFor, mayHaveApplied, statusCodes } from "../../provider/core/errors";

test("each HTTP status maps to its pinned error kind", (t) => {
    t.deepEqual(Object.fromEntries([400, 401, 403, 404, 405, 409, 410, 413, 415, 418, 422, 429, 500, 501, 502, 503, 504].map((s) => [s, codeForStatus(s)])), {
        400: "validation",
        401: "unauthorized",
        403: "forbidden",
        404: "not_found",
        405: "unsupported",
        409: "conflict",
        410: "not_found",
        413: "too_large",
        415: "unsupported",
        418: "validation",
        422: "validation",
        429: "rate_limited",
        500: "server",
        501: "unsupported",
        502: "server",
        503: "server",
        504: "server",
    });
    t.is(Object.keys(statusCodes).length, 12, "a status added to the table is added to this test");
});

test("only input problems are sent to 'correct the input'; wrong routes and sizes get their own fix", (t) => {
    t.regex(fixFor(codeForStatus(405)), /bringg:endpoint may point at something other than Bringg/);
    t.regex(fixFor(codeForStatus(415)), /bringg:endpoint may point at something other than Bringg/);
    t.regex(fixFor(codeForStatus(413)), /larger than Bringg accepts: split it/);
    t.regex(fixFor(codeForStatus(422)), /correct the input/);
});

test("a failure may have taken effect after a 5xx or a lost reply, never after a 429 or a refused connection", (t) => {
    const failure = (code: BringgApiError["code"], neverSent = false) =>
        new BringgApiError({ operation: "createApplication", method: "POST", path: "/oauth/applications", code, neverSent });
    t.true(mayHaveApplied(failure("server")));
    t.true(mayHaveApplied(failure("network")));
    t.false(mayHaveApplied(failure("network", true)));
    t.false(mayHaveApplied(failure("rate_limited")));
    t.false(mayHaveApplied(failure("validation")));
    t.false(mayHaveApplied(new Error("plain")));
});
