/**
 * The vendor emulators against their source documents: seed 002 (Bruin), seed 003 (Brainysoft),
 * seed 004 (Brite), one test per stated behaviour, and the emulator's guesses where the seeds are
 * silent, each titled "(inferred)" (emulator/README.md, Vendor emulators).
 * Clock tests are serial and put the clock back, so the file shares one emulator.
 */
import test, { type ExecutionContext } from "ava";
import { demoVendorCredentials as demo } from "../../emulator/server";
import { call, sharedEmulator } from "./helpers";

const emulator = sharedEmulator(test);

/** Moves the shared emulator's clock for one test and puts it back afterwards. */
function advance(t: ExecutionContext, seconds: number): void {
    emulator().control.advanceClock(seconds);
    t.teardown(() => emulator().control.setClock(Date.now()));
}

const formHeaders = { "content-type": "application/x-www-form-urlencoded" };
const form = (fields: Record<string, string>) => ({ raw: new URLSearchParams(fields).toString(), headers: formHeaders, method: "POST" });

// ---- Bruin (seed 002) ----------------------------------------------------------------------------

const bruin = "/bruin/identity/connect/token";
const bruinFields = { client_id: demo.bruin.clientId, client_secret: demo.bruin.clientSecret, grant_type: "client_credentials", scope: "public_api" };

test("seed 002: Bruin's identity server issues a token for the example request (form-urlencoded, client_credentials, scope public_api)", async (t) => {
    const answer = await call(emulator().url, bruin, form(bruinFields));
    t.is(answer.status, 200);
    t.true(emulator().vendors.tokenActive(answer.body.access_token));
});

test("seed 002: Bruin's token reply is access_token, expires_in 3600 and token_type Bearer, without scope", async (t) => {
    const answer = await call(emulator().url, bruin, form(bruinFields));
    t.deepEqual(Object.keys(answer.body).sort(), ["access_token", "expires_in", "token_type"]);
    t.is(answer.body.expires_in, 3600);
    t.is(answer.body.token_type, "Bearer");
});

test("seed 002: Bruin's token reply is application/json with Cache-Control no-store, no-cache, max-age=0, private and Pragma no-cache", async (t) => {
    const answer = await call(emulator().url, bruin, form(bruinFields));
    t.is(answer.headers.get("content-type"), "application/json; charset=utf-8");
    t.is(answer.headers.get("cache-control"), "no-store, no-cache, max-age=0, private");
    t.is(answer.headers.get("pragma"), "no-cache");
});

test("seed 002: Bruin's request content type must be application/x-www-form-urlencoded (the 415 and its body are inferred)", async (t) => {
    const json = await call(emulator().url, bruin, { json: bruinFields });
    t.is(json.status, 415);
    t.deepEqual(json.body, { ErrorMessage: "Unsupported Media Type" });
    const multipart = await call(emulator().url, bruin, { multipart: bruinFields });
    t.is(multipart.status, 415);
});

test("seed 002: Bruin's scope public_api must be requested (the 400 invalid_scope is inferred)", async (t) => {
    const { scope: _scope, ...noScope } = bruinFields;
    const missing = await call(emulator().url, bruin, form(noScope));
    t.is(missing.status, 400);
    t.deepEqual(missing.body, { error: "invalid_scope" });
    t.is((await call(emulator().url, bruin, form({ ...bruinFields, scope: "openid" }))).status, 400);
});

test("seed 002: Bruin's flow is client credentials: another grant type is refused (the 400 unsupported_grant_type is inferred)", async (t) => {
    const answer = await call(emulator().url, bruin, form({ ...bruinFields, grant_type: "password" }));
    t.is(answer.status, 400);
    t.deepEqual(answer.body, { error: "unsupported_grant_type" });
});

test("seed 002: Bruin refuses wrong client credentials (the 400 invalid_client, not 401, is inferred)", async (t) => {
    const answer = await call(emulator().url, bruin, form({ ...bruinFields, client_secret: "wrong" }));
    t.is(answer.status, 400);
    t.deepEqual(answer.body, { error: "invalid_client" });
});

test.serial("seed 002: a Bruin token lasts one hour after it is generated", async (t) => {
    const token = (await call(emulator().url, bruin, form(bruinFields))).body.access_token;
    advance(t, 3599);
    t.true(emulator().vendors.tokenActive(token));
    advance(t, 2);
    t.false(emulator().vendors.tokenActive(token));
});

test("(inferred) Bruin answers an unknown path with 404 and a method other than POST with 405 Allow: POST, in ASP.NET Web API's Message bodies", async (t) => {
    const unknown = await call(emulator().url, "/bruin/identity/connect/authorize", form(bruinFields));
    t.is(unknown.status, 404);
    t.regex(unknown.body.Message, /^No HTTP resource was found/);
    const get = await call(emulator().url, bruin, { method: "GET" });
    t.is(get.status, 405);
    t.is(get.headers.get("allow"), "POST");
    t.regex(get.body.Message, /does not support http method 'GET'/);
});

// ---- Brainysoft (seed 003) -----------------------------------------------------------------------

const brainysoft = `/brainysoft/${demo.brainysoft.customerKey}/oauth/token`;
const brainysoftFields = { grant_type: "client_credentials", client_id: demo.brainysoft.clientId, client_secret: demo.brainysoft.clientSecret };

test("seed 003: Brainysoft takes the parameters in the query string (Example 1)", async (t) => {
    const answer = await call(emulator().url, `${brainysoft}?${new URLSearchParams(brainysoftFields)}`, { method: "POST" });
    t.is(answer.status, 200);
});

test("seed 003: Brainysoft takes the parameters in a form-urlencoded body (Example 2)", async (t) => {
    const answer = await call(emulator().url, brainysoft, form(brainysoftFields));
    t.is(answer.status, 200);
});

test("seed 003: Brainysoft's reply is access_token, token_type Bearer, expires_in 299, the scopes space-separated and a sessid", async (t) => {
    const answer = await call(emulator().url, brainysoft, form(brainysoftFields));
    t.deepEqual(Object.keys(answer.body).sort(), ["access_token", "expires_in", "scope", "sessid", "token_type"]);
    t.is(answer.body.token_type, "Bearer");
    t.is(answer.body.expires_in, 299);
    t.is(answer.body.scope, demo.brainysoft.scopes.join(" "));
    t.regex(answer.body.sessid, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
});

test("seed 003: Brainysoft's grant_type is required and must be client_credentials (the 400 bodies are inferred)", async (t) => {
    const { grant_type: _grant, ...noGrant } = brainysoftFields;
    const missing = await call(emulator().url, brainysoft, form(noGrant));
    t.is(missing.status, 400);
    t.is(missing.body.error, "invalid_request");
    const other = await call(emulator().url, brainysoft, form({ ...brainysoftFields, grant_type: "password" }));
    t.is(other.status, 400);
    t.is(other.body.error, "unsupported_grant_type");
});

test("seed 003: Brainysoft's client_id and client_secret are required and must match (the 401 bodies are inferred)", async (t) => {
    const none = await call(emulator().url, brainysoft, form({ grant_type: "client_credentials" }));
    t.is(none.status, 401);
    t.is(none.body.error, "unauthorized");
    const wrong = await call(emulator().url, brainysoft, form({ ...brainysoftFields, client_secret: "wrong" }));
    t.is(wrong.status, 401);
    t.deepEqual(wrong.body, { error: "invalid_client", error_description: "Bad client credentials" });
});

test("seed 003: a ClientApp whose 'ClientApp active' toggle is off gets no token", async (t) => {
    const app = emulator().vendors.issueCredential("brainysoft");
    const fields = { grant_type: "client_credentials", client_id: app.id, client_secret: app.secret };
    t.is((await call(emulator().url, brainysoft, form(fields))).status, 200);
    emulator().vendors.revokeCredential("brainysoft", app.id);
    t.is((await call(emulator().url, brainysoft, form(fields))).status, 401);
});

test.serial("seed 003: a Brainysoft token is valid only for expires_in; the emulator's real lifetime of 300 s is inferred", async (t) => {
    const token = (await call(emulator().url, brainysoft, form(brainysoftFields))).body.access_token;
    advance(t, 299);
    t.true(emulator().vendors.tokenActive(token));
    advance(t, 2);
    t.false(emulator().vendors.tokenActive(token));
});

test("(inferred) Brainysoft's body fields override the same query fields, and a JSON body is not read", async (t) => {
    const query = new URLSearchParams({ ...brainysoftFields, client_secret: "wrong" });
    const overridden = await call(emulator().url, `${brainysoft}?${query}`, form({ client_secret: demo.brainysoft.clientSecret }));
    t.is(overridden.status, 200);
    const json = await call(emulator().url, brainysoft, { json: brainysoftFields });
    t.is(json.status, 401, "the JSON body's credentials are not seen");
    t.is(json.body.error, "unauthorized");
});

test("(inferred) Brainysoft answers with Spring's headers: no-store, no-cache and a Form realm challenge on 401", async (t) => {
    const ok = await call(emulator().url, brainysoft, form(brainysoftFields));
    t.is(ok.headers.get("cache-control"), "no-store");
    t.is(ok.headers.get("pragma"), "no-cache");
    const wrong = await call(emulator().url, brainysoft, form({ ...brainysoftFields, client_secret: "wrong" }));
    t.regex(wrong.headers.get("www-authenticate") ?? "", /^Form realm="oauth", error="invalid_client"/);
});

// ---- Brite (seed 004) ----------------------------------------------------------------------------

const brite = (verb: string) => `/brite/api/${verb}`;
const briteCredentials = { public_key: demo.brite.publicKey, secret: demo.brite.secret };

async function authorize(): Promise<{ access_token: string; refresh_token: string; expires: number }> {
    const answer = await call(emulator().url, brite("merchant.authorize"), { json: briteCredentials });
    if (answer.status !== 200) throw new Error(`authorize failed: ${answer.status}`);
    return answer.body;
}

const sessionGet = (token: string) => call(emulator().url, brite("session.get"), { json: {}, bearer: token });

test("seed 004: merchant.authorize takes public_key and secret and answers access_token, expires and refresh_token, expires an integer as in the example", async (t) => {
    const response = await fetch(`${emulator().url}${brite("merchant.authorize")}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(briteCredentials),
    });
    t.is(response.status, 200);
    const text = await response.text();
    t.regex(text, /"expires":\d{10}[,}]/, "an integer such as 1652708597, no .0");
    t.deepEqual(Object.keys(JSON.parse(text)).sort(), ["access_token", "expires", "refresh_token"]);
});

test("seed 004: expires is an absolute time six hours ahead (access_token 6h)", async (t) => {
    const before = Math.floor(emulator().control.now() / 1000);
    const { expires } = await authorize();
    t.true(expires >= before + 6 * 3600 && expires <= before + 6 * 3600 + 2);
});

test.serial("seed 004: the access token works for 6 hours and the refresh token for 7", async (t) => {
    const first = await authorize();
    const second = await authorize();
    advance(t, 6 * 3600 - 5);
    t.is((await sessionGet(first.access_token)).status, 200);
    advance(t, 10);
    t.is((await sessionGet(first.access_token)).status, 401);
    advance(t, 3600);
    const late = await call(emulator().url, brite("merchant.token"), { json: { access_token: second.access_token, refresh_token: second.refresh_token } });
    t.is(late.status, 401, "past 7 h the refresh token is dead too");
});

test("seed 004: API calls carry the access token as Bearer with Content-Type application/json; without that content type they get 400 (the answer is inferred)", async (t) => {
    const { access_token } = await authorize();
    t.is((await sessionGet(access_token)).status, 200);
    const noType = await call(emulator().url, brite("session.get"), { method: "POST", bearer: access_token });
    t.is(noType.status, 400);
    t.deepEqual(noType.body, { message: "Content-Type must be application/json" });
    const formType = await call(emulator().url, brite("session.get"), { method: "POST", bearer: access_token, ...{ raw: "a=1", headers: formHeaders } });
    t.is(formType.status, 400);
    t.is((await call(emulator().url, brite("session.get"), { json: {} })).status, 401, "no Bearer token");
});

test("seed 004: merchant.authorize must be sent as application/json too (a form body gets 400, inferred)", async (t) => {
    const answer = await call(emulator().url, brite("merchant.authorize"), form(briteCredentials));
    t.is(answer.status, 400);
});

test("seed 004: merchant.token takes the current access_token and refresh_token, both required, and answers a new pair", async (t) => {
    const first = await authorize();
    const missing = await call(emulator().url, brite("merchant.token"), { json: { refresh_token: first.refresh_token } });
    t.is(missing.status, 400);
    const renewed = await call(emulator().url, brite("merchant.token"), { json: { access_token: first.access_token, refresh_token: first.refresh_token } });
    t.is(renewed.status, 200);
    t.not(renewed.body.access_token, first.access_token);
    t.not(renewed.body.refresh_token, first.refresh_token);
    t.is((await sessionGet(renewed.body.access_token)).status, 200);
});

test("seed 004: renewing a token automatically invalidates the original access_token", async (t) => {
    const first = await authorize();
    await call(emulator().url, brite("merchant.token"), { json: { access_token: first.access_token, refresh_token: first.refresh_token } });
    t.is((await sessionGet(first.access_token)).status, 401);
});

test("(inferred) a Brite refresh token is used once, and only with the access token it came with", async (t) => {
    const first = await authorize();
    const other = await authorize();
    const mismatched = await call(emulator().url, brite("merchant.token"), { json: { access_token: other.access_token, refresh_token: first.refresh_token } });
    t.is(mismatched.status, 401);
    const fresh = await authorize();
    await call(emulator().url, brite("merchant.token"), { json: { access_token: fresh.access_token, refresh_token: fresh.refresh_token } });
    const again = await call(emulator().url, brite("merchant.token"), { json: { access_token: fresh.access_token, refresh_token: fresh.refresh_token } });
    t.is(again.status, 401);
});

test("(inferred) each merchant.authorize mints an independent token: earlier ones keep working", async (t) => {
    const first = await authorize();
    const second = await authorize();
    t.not(first.access_token, second.access_token);
    t.is((await sessionGet(first.access_token)).status, 200);
    t.is((await sessionGet(second.access_token)).status, 200);
});

test.serial("(inferred) a Brite renewal works after the access token expired, while the refresh token lives", async (t) => {
    const first = await authorize();
    advance(t, 6 * 3600 + 60);
    t.is((await sessionGet(first.access_token)).status, 401);
    const renewed = await call(emulator().url, brite("merchant.token"), { json: { access_token: first.access_token, refresh_token: first.refresh_token } });
    t.is(renewed.status, 200);
});

test("(inferred) session.get, the stand-in for any Brite Bearer call, answers a live token with a session body and a dead one with 401 message", async (t) => {
    const { access_token } = await authorize();
    t.deepEqual((await sessionGet(access_token)).body, { state: "session_state_created", id: "emulated" });
    const dead = await sessionGet("not-a-token");
    t.is(dead.status, 401);
    t.deepEqual(dead.body, { message: "Invalid or expired access token" });
});

test.serial("(inferred) the briteExpires float switch writes expires as 1741903012.0, the newer page's form (in substance)", async (t) => {
    emulator().vendors.configureVendors({ briteExpires: "float" });
    t.teardown(() => emulator().vendors.configureVendors({ briteExpires: "int" }));
    const response = await fetch(`${emulator().url}${brite("merchant.authorize")}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(briteCredentials),
    });
    t.regex(await response.text(), /"expires":\d{10}\.0[,}]/);
});
