import { connect } from "node:net";
import test from "ava";
import { routePath } from "../../provider/api/routes";
import { admin, basic, call, callRoute, createApp, sharedEmulator, type Call } from "./helpers";

const emulator = sharedEmulator(test, { controls: false });

function rawHttp(url: string, request: string): Promise<string> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => socket.end(request));
        let reply = "";
        socket.on("data", (chunk) => (reply += chunk.toString()));
        socket.on("close", () => resolve(reply));
        socket.on("error", reject);
    });
}

test("Management errors use Bringg's body: type, title, status and success false", async (t) => {
    const answer = await callRoute(emulator(), "enableApplication", { id: 424242 }, { as: admin });
    t.is(answer.status, 404);
    t.deepEqual(Object.keys(answer.body).sort(), ["status", "success", "title", "type"]);
    t.like(answer.body, { status: 404, success: false });
    t.regex(answer.body.type, /^https:\/\//);
});

test("OAuth errors use RFC 6749 bodies: error and error_description", async (t) => {
    const answer = await callRoute(emulator(), "token", {}, { form: { grant_type: "client_credentials", client_id: "x", client_secret: "y" } });
    t.is(answer.status, 401);
    t.deepEqual(Object.keys(answer.body).sort(), ["error", "error_description"]);
    t.is(answer.body.error, "invalid_client");
});

test("an unknown path gets 404 and a wrong method 405 with Allow", async (t) => {
    const missing = await call(emulator().url, "/oauth/nothing-here");
    t.is(missing.status, 404);
    t.regex(missing.body.title, /no route GET \/oauth\/nothing-here/);
    const wrong = await call(emulator().url, routePath("listApplications"), { method: "PUT", as: admin });
    t.is(wrong.status, 405);
    t.is(wrong.headers.get("allow"), "GET, POST");
});

test("unknown fields in a Management request are rejected, naming them", async (t) => {
    const answer = await callRoute(
        emulator(),
        "createApplication",
        {},
        {
            as: admin,
            json: { name: "x", scopes: ["tasks"], redirect_uri: "https://example.com", colour: "red" },
        },
    );
    t.is(answer.status, 400);
    t.regex(answer.body.title, /unknown field\(s\) redirect_uri, colour/);
});

test("unknown OAuth parameters are ignored, as RFC 6749 requires", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    const answer = await callRoute(
        emulator(),
        "token",
        {},
        {
            form: { grant_type: "client_credentials", client_id: app.client_id, client_secret: app.client_secret, audience: "x" },
        },
    );
    t.is(answer.status, 200);
});

test("a body larger than 64 KiB gets 413", async (t) => {
    const big = JSON.stringify({ name: "x".repeat(70 * 1024), scopes: ["tasks"] });
    const answer = await callRoute(emulator(), "createApplication", {}, { as: admin, raw: big, headers: { "content-type": "application/json" } });
    t.is(answer.status, 413);
    t.regex(answer.body.title, /exceeds the 65536-byte limit/);
});

test("a malformed JSON body gets 400 saying so", async (t) => {
    const answer = await callRoute(emulator(), "createApplication", {}, { as: admin, raw: '{"name": "x",', headers: { "content-type": "application/json" } });
    t.is(answer.status, 400);
    t.regex(answer.body.title, /malformed JSON/);
});

test("a body in an unsupported content type gets 415 naming the accepted ones", async (t) => {
    const answer = await callRoute(emulator(), "createApplication", {}, { as: admin, raw: "name=x", headers: { "content-type": "text/plain" } });
    t.is(answer.status, 415);
    t.regex(answer.body.title, /application\/json/);
});

test("thirty-odd malformed requests all get 4xx and the server keeps serving", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    const json = { "content-type": "application/json" };
    const id = { id: app.id };
    const path = (name: Parameters<typeof routePath>[0], params = {}) => routePath(name, params);
    const cases: [string, string, Call][] = [
        ["truncated JSON", path("createApplication"), { as: admin, raw: '{"name":', headers: json }],
        ["JSON array", path("createApplication"), { as: admin, json: [] }],
        ["JSON string", path("createApplication"), { as: admin, json: "app" }],
        ["JSON null", path("createApplication"), { as: admin, raw: "null", headers: json }],
        ["missing name", path("createApplication"), { as: admin, json: { scopes: ["tasks"] } }],
        ["name not a string", path("createApplication"), { as: admin, json: { name: 5, scopes: ["tasks"] } }],
        ["scopes a string", path("createApplication"), { as: admin, json: { name: "x", scopes: "tasks" } }],
        ["scope with capitals", path("createApplication"), { as: admin, json: { name: "x", scopes: ["Tasks"] } }],
        ["unknown field", path("createApplication"), { as: admin, json: { name: "x", scopes: ["tasks"], id: 3 } }],
        ["no body", path("createApplication"), { method: "POST", as: admin }],
        ["text/plain", path("createApplication"), { as: admin, raw: "{}", headers: { "content-type": "text/plain" } }],
        ["no content type", path("createApplication"), { as: admin, raw: new TextEncoder().encode("{}") }],
        ["form to management", path("createApplication"), { as: admin, form: { name: "x" } }],
        ["oversized", path("createApplication"), { as: admin, raw: `[${"1,".repeat(40_000)}1]`, headers: json }],
        ["body on enable", path("enableApplication", id), { as: admin, json: { enabled: true } }],
        ["non-numeric id", path("enableApplication", { id: "abc" }), { method: "POST", as: admin }],
        ["huge id", path("enableApplication", { id: "9".repeat(30) }), { method: "POST", as: admin }],
        ["PUT on list", path("listApplications"), { method: "PUT", as: admin }],
        ["DELETE on scopes", path("listScopes"), { method: "DELETE", as: admin }],
        ["unknown path", "/oauth/applications/1/rename", { method: "POST", as: admin }],
        ["bad percent-encoding", "/oauth/applications/%E0%A4%A/enable", { method: "POST", as: admin }],
        ["scopes map is an array", path("setScopeTtls"), { as: admin, json: [1] }],
        ["TTL a string", path("setScopeTtls"), { as: admin, json: { teams_write: "1000" } }],
        ["TTL negative", path("setScopeTtls"), { as: admin, json: { teams_write: -1 } }],
        ["garbage Basic", path("listApplications"), { headers: { authorization: "Basic ###" } }],
        ["unknown auth scheme", path("listApplications"), { headers: { authorization: "Digest x" } }],
        ["token: no grant_type", path("token"), { form: { client_id: app.client_id, client_secret: app.client_secret } }],
        ["token: password grant", path("token"), { form: { grant_type: "password", username: "a", password: "b" } }],
        ["token: bad JSON", path("token"), { raw: "{grant_type", headers: json }],
        ["token: XML", path("token"), { raw: "<grant/>", headers: { "content-type": "application/xml" } }],
        ["token: multipart without boundary", path("token"), { raw: "x", headers: { "content-type": "multipart/form-data" } }],
        [
            "token: repeated field",
            path("token"),
            { raw: "grant_type=client_credentials&grant_type=x", headers: { "content-type": "application/x-www-form-urlencoded" } },
        ],
        ["token: client_id a number", path("token"), { json: { grant_type: "client_credentials", client_id: 5, client_secret: "x" } }],
        [
            "token: ttl not a number",
            path("token"),
            { form: { grant_type: "client_credentials", client_id: app.client_id, client_secret: app.client_secret, ttl: "soon" } },
        ],
        [
            "token: negative ttl",
            path("token"),
            { form: { grant_type: "client_credentials", client_id: app.client_id, client_secret: app.client_secret, ttl: "-5" } },
        ],
        [
            "token: fractional ttl",
            path("token"),
            { json: { grant_type: "client_credentials", client_id: app.client_id, client_secret: app.client_secret, ttl: 1.5 } },
        ],
        ["token: GET", path("token"), { method: "GET" }],
        ["token info: no token", path("tokenInfo"), {}],
        ["token info: junk token", path("tokenInfo"), { bearer: "x.y.z" }],
        ["introspect: no token field", path("introspect"), { form: { client_id: app.client_id, client_secret: app.client_secret } }],
        ["revoke: no client", path("revoke"), { form: { token: "x" } }],
        [
            "both Basic and body secret",
            path("token"),
            {
                headers: { authorization: basic({ username: app.client_id, password: app.client_secret }) },
                form: { grant_type: "client_credentials", client_secret: app.client_secret },
            },
        ],
        ["control path with controls off", "/__control/counters", { method: "POST" }],
    ];
    t.true(cases.length >= 30);
    for (const [what, target, options] of cases) {
        const answer = await call(emulator().url, target, options);
        t.true(answer.status >= 400 && answer.status < 500, `${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
        t.truthy(answer.body.title ?? answer.body.error_description, `${what} explains itself`);
    }
    const garbage = await rawHttp(emulator().url, "THIS IS NOT HTTP\r\n\r\n");
    t.regex(garbage, /^HTTP\/1\.1 400/);
    const alive = await callRoute(emulator(), "listApplications", {}, { as: admin });
    t.is(alive.status, 200);
    t.true(alive.body.some((a: { id: number }) => a.id === app.id));
});
