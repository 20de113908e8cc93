/**
 * The pinned HTTP status → error kind table, which failures may have taken effect, the status
 * words of messages, and the one brand check every error class shares.
 */
import test from "ava";
import { ConfigurationError } from "../../provider/core/config";
import {
    type BrandedError,
    BringgApiError,
    codeForStatus,
    fixFor,
    mayHaveApplied,
    ProviderError,
    statusCodes,
    UnconfirmedCreateError,
} from "../../provider/core/errors";
import { DeliveryError } from "../../provider/delivery/deliver";
import { StoreError } from "../../provider/delivery/store";
import { VendorTokenError } from "../../provider/vendors/errors";

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

const failed = (status: number) =>
    new BringgApiError({ operation: "listApplications", method: "GET", path: "/oauth/applications", code: codeForStatus(status), status });

test("a message names the status with Node's reason phrase", (t) => {
    t.regex(failed(503).message, /^listApplications failed: GET \/oauth\/applications returned 503 Service Unavailable\. Fix: /);
    t.regex(failed(422).message, /returned 422 Unprocessable Entity\. /);
    // Node's table (http.STATUS_CODES) replaced a copy of it that knew 16 statuses: 413 now reads
    // Node's "Payload Too Large" (the copy had RFC 9110's "Content Too Large"), and statuses the
    // copy lacked get their phrase too.
    t.regex(failed(413).message, /returned 413 Payload Too Large\. /);
    t.regex(failed(408).message, /returned 408 Request Timeout\. /);
    t.regex(failed(599).message, /returned 599\. Fix: /, "a status without a phrase is named by its number alone");
});

test("every error class has one brand check that also knows errors of another copy of the module", (t) => {
    const api = failed(404);
    const unconfirmed = new UnconfirmedCreateError('create of application "a"', "its reply was lost", "run `pulumi up` again", []);
    t.true(BringgApiError.isInstance(api));
    t.false(ProviderError.isInstance(api));
    t.true(UnconfirmedCreateError.isInstance(unconfirmed));
    t.true(ProviderError.isInstance(unconfirmed), "a subclass's error is also its base class's");
    t.false(BringgApiError.isInstance(unconfirmed));
    t.false(BringgApiError.isInstance(new Error("plain")));
    t.false(BringgApiError.isInstance(undefined));
    // Another copy of the module makes another class, but marks its errors with the same symbol.
    const elsewhere = Object.defineProperty(new Error("from another copy"), Symbol.for("pulumi-bringg:BringgApiError"), { value: true });
    t.true(BringgApiError.isInstance(elsewhere));
    const others: Array<[BrandedError, { isInstance(value: unknown): boolean }]> = [
        [new ConfigurationError([]), ConfigurationError],
        [new StoreError({ code: "rejected", kind: "file", reference: "/tmp/x", operation: "write", detail: "no", fix: "fix it" }), StoreError],
        [new DeliveryError('application "a"', "f", 1, [], []), DeliveryError],
        [
            new VendorTokenError({
                code: "bad_credentials",
                vendor: "Bruin",
                credential: 'client_id "a"',
                request: "POST https://id.bruin.com",
                outcome: "returned 400",
                fix: "check",
            }),
            VendorTokenError,
        ],
    ];
    for (const [error, type] of others) {
        t.true(type.isInstance(error), error.name);
        t.false(BringgApiError.isInstance(error), error.name);
        t.true(error instanceof Error);
    }
});

test("a cause is kept but never enumerated, so logging an error cannot print the request it holds", (t) => {
    const cause = { options: { headers: { authorization: "Basic c2VjcmV0" } } };
    const error = new BringgApiError({ operation: "listApplications", method: "GET", path: "/oauth/applications", code: "network", cause });
    t.is(error.cause, cause);
    t.false(Object.keys(error).includes("cause"));
    t.false(JSON.stringify(error).includes("c2VjcmV0"));
});
