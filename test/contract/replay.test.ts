/**
 * Replays every recorded exchange of test/fixtures/contract/recordings/ (the format of
 * provider/api/recording.ts, written by `pulumi-bringg doctor --record` or by hand): the file is a
 * valid recording without a secret, its call maps to a route of the route table, the request body
 * passes the route's request schema, and the reply parses with the client's schema of the route
 * (an error reply with the error schemas), as the client would parse it from Bringg.
 */
import test from "ava";
import { matchRoute, recording, recordingLeaks } from "../../provider/api/recording";
import * as wire from "../../provider/api/wire";
import { fixture, fixtureFiles } from "./helpers";

const files = fixtureFiles("recordings");

test("there are recordings to replay", (t) => {
    t.true(files.length >= 2);
});

for (const file of files) {
    test(`replay ${file}`, (t) => {
        const parsed = recording.safeParse(fixture(file));
        if (!parsed.success) {
            t.fail(`${file} is not a recording: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
            return;
        }
        const { request, response, operation } = parsed.data;
        t.deepEqual(recordingLeaks(parsed.data), [], "nothing secret is left in it");

        const matched = matchRoute(request, operation);
        if (!matched) {
            t.fail(`${request.method} ${request.path}${operation ? ` (operation ${operation})` : ""} is no route of provider/api/routes.ts`);
            return;
        }
        const { name, route } = matched;
        if (operation === undefined) t.pass();
        else t.deepEqual(matchRoute(request)?.name, name, "the operation's route is the one its method and path give");

        if (route.request && request.body !== undefined) {
            const sent = route.request.safeParse(request.body);
            t.true(sent.success, `${name}: the request body passes the route's request schema: ${describe(sent.error)}`);
        }
        const ok = response.status >= 200 && response.status < 300;
        const schema = ok ? route.response : wire.bringgError.or(wire.oauthError);
        if (!schema) {
            t.pass(`${name} has no reply schema`);
            return;
        }
        const replied = schema.safeParse(response.body);
        t.true(replied.success, `${name} ${response.status}: the reply parses with the client's schema: ${describe(replied.error)}`);
    });
}

test("matchRoute finds a route by method and path, {id} matching one segment", (t) => {
    t.is(matchRoute({ method: "GET", path: "/oauth/applications" })?.name, "listApplications");
    t.is(matchRoute({ method: "POST", path: "/oauth/applications" })?.name, "createApplication");
    t.is(matchRoute({ method: "POST", path: "/oauth/applications/1/disable" })?.name, "disableApplication");
    t.is(matchRoute({ method: "DELETE", path: "/oauth/applications/17" })?.name, "deleteApplication");
    t.is(matchRoute({ method: "post", path: "/oauth/scopes" })?.name, "setScopeTtls");
    t.is(matchRoute({ method: "GET", path: "/oauth/token/info" })?.name, "tokenInfo");
    t.is(matchRoute({ method: "GET", path: "/oauth/applications/1/2/disable" }), undefined);
    t.is(matchRoute({ method: "GET", path: "/elsewhere" }), undefined);
    t.is(matchRoute({ method: "GET", path: "/anything" }, "listScopes")?.name, "listScopes", "an operation wins over the path");
    t.is(matchRoute({ method: "GET", path: "/oauth/scopes" }, "noSuchOperation"), undefined);
});

test("recordingLeaks finds what redaction missed, naming the path and never the value", (t) => {
    const leaky = {
        request: { headers: { authorization: "Basic YWRtaW46cGFzc3dvcmQ=" }, body: { client_secret: "s3cr3t-value", note: "Bearer abc.def" } },
        response: { body: { access_token: "<redacted>", other: fixture("bringg/token-reply.json").access_token } },
    };
    const leaks = recordingLeaks(leaky);
    t.deepEqual(leaks, [
        "request.headers.authorization: authorization is not <redacted>",
        "request.body.client_secret: client_secret is not <redacted>",
        "request.body.note: looks like a Basic or Bearer credential",
        "response.body.other: looks like a JWT",
    ]);
    t.false(leaks.join("\n").includes("s3cr3t-value"));
    t.deepEqual(recordingLeaks(fixture("recordings/token.access-management.json")), []);
});

test("the recording schema refuses what the format forbids", (t) => {
    const valid = fixture("recordings/token-info.access-management.json");
    t.true(recording.safeParse(valid).success);
    t.false(recording.safeParse({ ...valid, version: 2 }).success, "another version");
    t.false(
        recording.safeParse({ ...valid, request: { ...valid.request, path: "https://us2-admin-api.bringg.com/oauth/token/info" } }).success,
        "a host in path",
    );
    t.false(recording.safeParse({ ...valid, request: { ...valid.request, path: "/oauth/token/info?x=1" } }).success, "a query in path");
    t.false(
        recording.safeParse({ ...valid, response: { ...valid.response, headers: { "Content-Type": "application/json" } } }).success,
        "an upper-case header",
    );
    t.false(recording.safeParse({ ...valid, extra: true }).success, "an unknown field");
});

function describe(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } | undefined): string {
    return error ? error.issues.map((i) => `${i.path.map(String).join(".") || "body"}: ${i.message}`).join("; ") : "ok";
}
