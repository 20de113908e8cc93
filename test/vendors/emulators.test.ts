/**
 * The vendor emulators over raw HTTP: each behaves as the vendor documents, and as inferred from the
 * server product the vendor runs where the documentation is silent (docs/vendor-apis.md#bruin-errors,
 * #brainysoft-errors, #brite-renewal, #brite-errors).
 */
import test from "ava";
import { demoVendorCredentials as demo, startEmulator, type RunningEmulator } from "../../emulator/server";

let emulator: RunningEmulator;

test.before(async () => {
    emulator = await startEmulator({ port: 0 });
});

test.after.always(async () => {
    await emulator?.stop();
});

interface Answer {
    status: number;
    headers: Headers;
    text: string;
    // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON shapes.
    body: any;
}

async function call(
    path: string,
    init: { method?: string; form?: Record<string, string>; json?: unknown; headers?: Record<string, string>; raw?: string } = {},
): Promise<Answer> {
    const headers: Record<string, string> = { ...init.headers };
    let body: string | undefined = init.raw;
    if (init.form) {
        headers["content-type"] ??= "application/x-www-form-urlencoded";
        body = new URLSearchParams(init.form).toString();
    }
    if (init.json !== undefined) {
        headers["content-type"] ??= "application/json";
        body = JSON.stringify(init.json);
    }
    const response = await fetch(`${emulator.url}${path}`, { method: init.method ?? "POST", headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        parsed = text;
    }
    return { status: response.status, headers: response.headers, text, body: parsed };
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
const bruinToken = "/bruin/identity/connect/token";
const bruinForm = { grant_type: "client_credentials", client_id: demo.bruin.clientId, client_secret: demo.bruin.clientSecret, scope: "public_api" };

test("Bruin issues a one-hour Bearer token for a form body with scope public_api, without a scope field and not cacheable", async (t) => {
    const answer = await call(bruinToken, { form: bruinForm });
    t.is(answer.status, 200);
    t.deepEqual(Object.keys(answer.body).sort(), ["access_token", "expires_in", "token_type"]);
    t.is(answer.body.expires_in, 3600);
    t.is(answer.body.token_type, "Bearer");
    t.regex(answer.headers.get("cache-control") ?? "", /no-store/);
    t.is(answer.headers.get("pragma"), "no-cache");
    t.true(emulator.vendors.tokenActive(answer.body.access_token));
});

test("Bruin refuses any content type but form-urlencoded with 415 and IdentityServer3's non-OAuth body", async (t) => {
    const answer = await call(bruinToken, { json: bruinForm });
    t.is(answer.status, 415);
    t.deepEqual(answer.body, { ErrorMessage: "Unsupported Media Type" });
});

test("Bruin answers a wrong secret with 400 invalid_client, in the body or in HTTP Basic alike", async (t) => {
    const inBody = await call(bruinToken, { form: { ...bruinForm, client_secret: "wrong" } });
    t.is(inBody.status, 400);
    t.deepEqual(inBody.body, { error: "invalid_client" });
    const { client_id: _id, client_secret: _secret, ...rest } = bruinForm;
    const viaBasic = await call(bruinToken, { form: rest, headers: { authorization: basic(demo.bruin.clientId, "wrong") } });
    t.is(viaBasic.status, 400);
    t.deepEqual(viaBasic.body, { error: "invalid_client" });
    const goodBasic = await call(bruinToken, { form: rest, headers: { authorization: basic(demo.bruin.clientId, demo.bruin.clientSecret) } });
    t.is(goodBasic.status, 200);
});

test("Bruin requires scope public_api and grant_type client_credentials", async (t) => {
    const { scope: _scope, ...noScope } = bruinForm;
    t.deepEqual((await call(bruinToken, { form: noScope })).body, { error: "invalid_scope" });
    t.deepEqual((await call(bruinToken, { form: { ...bruinForm, scope: "openid" } })).body, { error: "invalid_scope" });
    t.deepEqual((await call(bruinToken, { form: { ...bruinForm, grant_type: "password" } })).body, { error: "unsupported_grant_type" });
});

const brainysoftToken = `/brainysoft/${demo.brainysoft.customerKey}/oauth/token`;
const brainysoftForm = { grant_type: "client_credentials", client_id: demo.brainysoft.clientId, client_secret: demo.brainysoft.clientSecret };

test("Brainysoft issues 299-second tokens with the granted scopes space-separated and a session id", async (t) => {
    const answer = await call(brainysoftToken, { form: brainysoftForm });
    t.is(answer.status, 200);
    t.is(answer.body.expires_in, 299);
    t.is(answer.body.scope, demo.brainysoft.scopes.join(" "));
    t.regex(answer.body.sessid, /^[0-9a-f-]{36}$/);
    t.is(answer.body.token_type.toLowerCase(), "bearer");
    t.is(answer.headers.get("pragma"), "no-cache");
    const narrowed = await call(brainysoftToken, { form: { ...brainysoftForm, scope: "core_basic admin:read" } });
    t.is(narrowed.body.scope, "core_basic admin:read");
});

test("Brainysoft also takes the parameters in the query string, as its docs show", async (t) => {
    const answer = await call(`${brainysoftToken}?${new URLSearchParams(brainysoftForm).toString()}`);
    t.is(answer.status, 200);
});

test("Brainysoft answers Spring-style errors: 401 invalid_client with WWW-Authenticate, 401 unauthorized, 400s, 405", async (t) => {
    const wrong = await call(brainysoftToken, { form: { ...brainysoftForm, client_secret: "wrong" } });
    t.is(wrong.status, 401);
    t.deepEqual(wrong.body, { error: "invalid_client", error_description: "Bad client credentials" });
    t.regex(wrong.headers.get("www-authenticate") ?? "", /^Form realm="oauth"/);
    const none = await call(brainysoftToken, { form: { grant_type: "client_credentials" } });
    t.is(none.status, 401);
    t.is(none.body.error, "unauthorized");
    const { grant_type: _grant, ...noGrant } = brainysoftForm;
    t.like((await call(brainysoftToken, { form: noGrant })).body, { error: "invalid_request", error_description: "Missing grant type" });
    const scope = await call(brainysoftToken, { form: { ...brainysoftForm, scope: "root" } });
    t.is(scope.status, 400);
    t.like(scope.body, { error: "invalid_scope", error_description: "Invalid scope: root" });
    t.is((await call(brainysoftToken, { method: "GET" })).body.error, "method_not_allowed");
});

test("a Brainysoft ClientApp works only at its own customer's host", async (t) => {
    const other = emulator.vendors.issueCredential("brainysoft", { customerKey: "other-co" });
    const home = await call("/brainysoft/other-co/oauth/token", { form: { ...brainysoftForm, client_id: other.id, client_secret: other.secret } });
    t.is(home.status, 200);
    const away = await call(brainysoftToken, { form: { ...brainysoftForm, client_id: other.id, client_secret: other.secret } });
    t.is(away.status, 401);
});

const brite = (verb: string) => `/brite/api/${verb}`;

test("Brite's merchant.authorize answers an absolute expiry six hours ahead, an integer as seed 004's example", async (t) => {
    const before = Math.floor(emulator.control.now() / 1000);
    const answer = await call(brite("merchant.authorize"), { json: { public_key: demo.brite.publicKey, secret: demo.brite.secret } });
    t.is(answer.status, 200);
    t.regex(answer.text, /"expires":\d+[,}]/);
    t.true(answer.body.expires >= before + 6 * 3600 && answer.body.expires <= before + 6 * 3600 + 2);
    t.regex(answer.body.access_token, /^[0-9a-f]{80}$/);
    t.regex(answer.body.refresh_token, /^[0-9a-f]{80}$/);
});

test.serial("Brite's renewal kills the access token it renews (Brite's API docs); the keep switch gives the newer docs' behaviour", async (t) => {
    const credentials = { public_key: demo.brite.publicKey, secret: demo.brite.secret };
    const first = (await call(brite("merchant.authorize"), { json: credentials })).body;
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    t.is((await call(brite("session.get"), { json: {}, headers: bearer(first.access_token) })).status, 200);
    const renewed = await call(brite("merchant.token"), { json: { access_token: first.access_token, refresh_token: first.refresh_token } });
    t.is(renewed.status, 200);
    t.is((await call(brite("session.get"), { json: {}, headers: bearer(first.access_token) })).status, 401);
    t.is((await call(brite("session.get"), { json: {}, headers: bearer(renewed.body.access_token) })).status, 200);
    const again = await call(brite("merchant.token"), { json: { access_token: first.access_token, refresh_token: first.refresh_token } });
    t.is(again.status, 401, "a refresh token is used once");

    emulator.vendors.configureVendors({ briteRenewal: "keep" });
    try {
        const second = (await call(brite("merchant.authorize"), { json: credentials })).body;
        await call(brite("merchant.token"), { json: { access_token: second.access_token, refresh_token: second.refresh_token } });
        t.is((await call(brite("session.get"), { json: {}, headers: bearer(second.access_token) })).status, 200);
    } finally {
        emulator.vendors.configureVendors({ briteRenewal: "invalidate" });
    }
});

test("Brite refuses bad credentials with 401 and a message (a guess: Brite does not document it)", async (t) => {
    const answer = await call(brite("merchant.authorize"), { json: { public_key: demo.brite.publicKey, secret: "wrong" } });
    t.is(answer.status, 401);
    t.deepEqual(answer.body, { message: "Invalid credentials" });
    t.is((await call(brite("merchant.authorize"), { json: { public_key: demo.brite.publicKey } })).status, 400);
});

test("revoking a credential through the HTTP control refuses it and stops its tokens, for each vendor", async (t) => {
    const control = (method: string, args: unknown[]) => call(`/__control/vendors/${method}`, { json: args });
    const bruin = (await control("issueCredential", ["bruin"])).body.result;
    const token = (await call(bruinToken, { form: { ...bruinForm, client_id: bruin.id, client_secret: bruin.secret } })).body.access_token;
    t.true(emulator.vendors.tokenActive(token));
    t.is((await control("revokeCredential", ["bruin", bruin.id])).status, 200);
    t.false(emulator.vendors.tokenActive(token));
    t.is((await call(bruinToken, { form: { ...bruinForm, client_id: bruin.id, client_secret: bruin.secret } })).body.error, "invalid_client");

    const brainy = emulator.vendors.issueCredential("brainysoft");
    emulator.vendors.revokeCredential("brainysoft", brainy.id);
    t.is((await call(brainysoftToken, { form: { ...brainysoftForm, client_id: brainy.id, client_secret: brainy.secret } })).status, 401);

    const briteKey = emulator.vendors.issueCredential("brite");
    emulator.vendors.revokeCredential("brite", briteKey.id);
    t.is((await call(brite("merchant.authorize"), { json: { public_key: briteKey.id, secret: briteKey.secret } })).status, 401);
    t.is((await control("revokeCredential", ["brite", "no-such-key"])).status, 404);
});

test.serial("a vendor switched off answers every call with the chosen status until switched on", async (t) => {
    emulator.vendors.setVendorDown("bruin", 503);
    try {
        t.is((await call(bruinToken, { form: bruinForm })).status, 503);
    } finally {
        emulator.vendors.setVendorDown("bruin", null);
    }
    t.is((await call(bruinToken, { form: bruinForm })).status, 200);
});
