import { createHmac } from "node:crypto";
import test from "ava";
import { admin, call, callRoute, createApp, decodeJwt, freshEmulator, requestToken, sharedEmulator, tokenFor } from "./helpers";

const emulator = sharedEmulator(test);

function credentials(app: { client_id: string; client_secret: string }) {
    return { grant_type: "client_credentials", client_id: app.client_id, client_secret: app.client_secret };
}

test("the token endpoint accepts a JSON body", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    const answer = await callRoute(emulator(), "token", {}, { json: credentials(app) });
    t.is(answer.status, 200);
    t.is(answer.body.token_type, "Bearer");
});

test("the token endpoint accepts a form-urlencoded body", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    const answer = await callRoute(emulator(), "token", {}, { form: credentials(app) });
    t.is(answer.status, 200);
});

test("the token endpoint accepts a multipart body, as curl -F sends it", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    const answer = await callRoute(emulator(), "token", {}, { multipart: { ...credentials(app), ttl: "60" } });
    t.is(answer.status, 200);
    t.is(answer.body.expires_in, 60);
});

test("client credentials may also come in HTTP Basic", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    const answer = await callRoute(
        emulator(),
        "token",
        {},
        {
            form: { grant_type: "client_credentials" },
            as: { username: app.client_id, password: app.client_secret },
        },
    );
    t.is(answer.status, 200);
});

test("the token reply is access_token, token_type Bearer, expires_in and created_at", async (t) => {
    const app = await createApp(emulator(), ["tasks_write"]);
    const before = Math.floor(Date.now() / 1000);
    const answer = await requestToken(emulator(), app);
    t.deepEqual(Object.keys(answer.body).sort(), ["access_token", "created_at", "expires_in", "token_type"]);
    t.is(answer.body.token_type, "Bearer");
    t.is(answer.body.expires_in, 1800);
    t.true(answer.body.created_at >= before && answer.body.created_at <= before + 5);
    t.is(answer.headers.get("cache-control"), "no-store");
});

test("the access token is an HS512 JWT with Bringg's claims", async (t) => {
    const app = await createApp(emulator(), ["tasks_read", "teams"]);
    const answer = await requestToken(emulator(), app);
    const jwt: string = answer.body.access_token;
    const { header, claims } = decodeJwt(jwt);
    t.deepEqual(header, { typ: "JWT", alg: "HS512" });
    t.is(claims.iss, "urn:x-bringg:service:api");
    t.deepEqual(claims.aud, [app.client_id]);
    t.deepEqual(claims.scp, ["tasks_read", "teams"]);
    t.is(claims.tid, admin.merchantId);
    t.is(claims.reg, "us2", "the demo merchant lives in region us2");
    t.is(claims.iat, answer.body.created_at);
    t.is(claims.exp, answer.body.created_at + answer.body.expires_in);
    t.regex(String(claims.jti), /^[0-9a-f]{32}$/);
    t.is(Buffer.from(jwt.split(".")[2]!, "base64url").length, 64, "HMAC-SHA-512 signature");
    t.not(createHmac("sha512", "guess").update(jwt.split(".").slice(0, 2).join(".")).digest("base64url"), jwt.split(".")[2]);
});

test("a blank scope grants every scope of the application", async (t) => {
    const app = await createApp(emulator(), ["tasks_read", "notes"]);
    const token = await tokenFor(emulator(), app, { scope: "" });
    t.deepEqual(decodeJwt(token).claims.scp, ["tasks_read", "notes"]);
});

test("a space-separated subset of the application's scopes is granted as asked", async (t) => {
    const app = await createApp(emulator(), ["tasks_read", "notes", "teams"]);
    const token = await tokenFor(emulator(), app, { scope: "notes  teams" });
    t.deepEqual(decodeJwt(token).claims.scp, ["notes", "teams"]);
});

test("a scope outside the application gets invalid_scope naming it", async (t) => {
    const app = await createApp(emulator(), ["tasks_read"]);
    const answer = await requestToken(emulator(), app, { scope: "get_task create_task no_such" });
    t.is(answer.status, 400);
    t.is(answer.body.error, "invalid_scope");
    t.regex(answer.body.error_description, /create_task, no_such/);
});

test("a group scope covers every scope under it", async (t) => {
    const app = await createApp(emulator(), ["Customer"]);
    const token = await tokenFor(emulator(), app, { scope: "Customer_write Create_customer Update_customer" });
    t.deepEqual(decodeJwt(token).claims.scp, ["Customer_write", "Create_customer", "Update_customer"]);
    const tasks = await createApp(emulator(), ["tasks"]);
    const open = await callRoute(emulator(), "getOpenTasks", {}, { bearer: await tokenFor(emulator(), tasks) });
    t.is(open.status, 200);
});

test("a group scope covers scopes added to its branch later", async (t) => {
    const fresh = await freshEmulator(t);
    const group = await createApp(fresh, ["Customer"]);
    const branch = await createApp(fresh, ["Customer_write"]);
    fresh.control.addScope({ name: "Merge_customers", parent: "Customer_write", description: "Merge Customers" });
    t.is((await requestToken(fresh, group, { scope: "Merge_customers" })).status, 200);
    t.is((await requestToken(fresh, branch, { scope: "Merge_customers" })).status, 200);
});

test("an application with the Delivery Hub groups covers scopes added to them later", async (t) => {
    const fresh = await freshEmulator(t);
    const hub = await createApp(fresh, ["Order", "Fulfillment", "Shipment", "Return"]);
    fresh.control.addScope({ name: "Split_order", parent: "Order_write" });
    fresh.control.addScope({ name: "List_returns", parent: "Return_read" });
    const answer = await requestToken(fresh, hub, { scope: "Split_order List_returns Get_shipment Create_fulfillment" });
    t.is(answer.status, 200);
});

test("a specific scope does not cover scopes added to its branch later", async (t) => {
    const fresh = await freshEmulator(t);
    const specific = await createApp(fresh, ["Create_customer", "Update_customer"]);
    fresh.control.addScope({ name: "Merge_customers", parent: "Customer_write" });
    const answer = await requestToken(fresh, specific, { scope: "Merge_customers" });
    t.is(answer.status, 400);
    t.is(answer.body.error, "invalid_scope");
});

test("a write scope's token lives 30 minutes and a read scope's 4 hours by default", async (t) => {
    const write = await createApp(emulator(), ["tasks_write"]);
    const read = await createApp(emulator(), ["tasks_read"]);
    t.is((await requestToken(emulator(), write)).body.expires_in, 1800);
    t.is((await requestToken(emulator(), read)).body.expires_in, 14400);
});

test("a token lives as long as the smallest TTL among its granted scopes", async (t) => {
    const fresh = await freshEmulator(t);
    await callRoute(fresh, "setScopeTtls", {}, { as: admin, json: { team_index: 900, get_task: 7200 } });
    const app = await createApp(fresh, ["tasks_read", "team_index", "get_task"]);
    t.is((await requestToken(fresh, app)).body.expires_in, 900);
    t.is((await requestToken(fresh, app, { scope: "tasks_read get_task" })).body.expires_in, 7200);
    t.is((await requestToken(fresh, app, { scope: "tasks_read" })).body.expires_in, 14400);
});

test("a TTL override applies to tokens issued afterwards", async (t) => {
    const fresh = await freshEmulator(t);
    const app = await createApp(fresh, ["teams_write"]);
    t.is((await requestToken(fresh, app)).body.expires_in, 1800);
    await callRoute(fresh, "setScopeTtls", {}, { as: admin, json: { teams_write: 1000 } });
    t.is((await requestToken(fresh, app)).body.expires_in, 1000);
});

test("a requested ttl shorter than the scope TTL sets the token's lifetime", async (t) => {
    const app = await createApp(emulator(), ["tasks_write"]);
    const answer = await requestToken(emulator(), app, { ttl: "1799" });
    t.is(answer.status, 200);
    t.is(answer.body.expires_in, 1799);
    const json = await callRoute(emulator(), "token", {}, { json: { ...credentials(app), ttl: 300 } });
    t.is(json.body.expires_in, 300);
});

test("a requested ttl not shorter than the scope TTL gets 400 naming the limit", async (t) => {
    const app = await createApp(emulator(), ["tasks_write"]);
    for (const ttl of ["1800", "3600"]) {
        const answer = await requestToken(emulator(), app, { ttl });
        t.is(answer.status, 400);
        t.is(answer.body.error, "invalid_request");
        t.regex(answer.body.error_description, /shorter than 1800 seconds/);
    }
});

test("grant types other than client_credentials get unsupported_grant_type", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    const answer = await requestToken(emulator(), app, { grant_type: "password" });
    t.is(answer.status, 400);
    t.is(answer.body.error, "unsupported_grant_type");
});

test("a token request without grant_type gets invalid_request", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    const answer = await callRoute(emulator(), "token", {}, { form: { client_id: app.client_id, client_secret: app.client_secret } });
    t.is(answer.status, 400);
    t.is(answer.body.error, "invalid_request");
});

test("a disabled application cannot obtain a token", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    await callRoute(emulator(), "disableApplication", { id: app.id }, { as: admin });
    const answer = await requestToken(emulator(), app);
    t.is(answer.status, 401);
    t.is(answer.body.error, "invalid_client");
    t.regex(answer.body.error_description, /disabled/);
});

test("disabling an application stops the tokens it already has", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    const token = await tokenFor(emulator(), app);
    await callRoute(emulator(), "disableApplication", { id: app.id }, { as: admin });
    t.is((await callRoute(emulator(), "getOpenTasks", {}, { bearer: token })).status, 401);
});

test("a wrong client secret or unknown client_id gets 401 invalid_client", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    const wrong = await requestToken(emulator(), { client_id: app.client_id, client_secret: "nope" });
    t.is(wrong.status, 401);
    t.is(wrong.body.error, "invalid_client");
    const unknown = await requestToken(emulator(), { client_id: "x".repeat(43), client_secret: app.client_secret });
    t.is(unknown.status, 401);
    t.is(unknown.body.error, "invalid_client");
    const missing = await callRoute(emulator(), "token", {}, { form: { grant_type: "client_credentials" } });
    t.is(missing.status, 401);
});

test("after a new secret is generated the old secret cannot obtain a token", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    const renewed = await callRoute(emulator(), "regenerateSecret", { id: app.id }, { as: admin });
    const old = await requestToken(emulator(), app);
    t.is(old.status, 401);
    t.is(old.body.error, "invalid_client");
    const fresh = await requestToken(emulator(), { client_id: app.client_id, client_secret: renewed.body.client_secret });
    t.is(fresh.status, 200);
});

test("after a new secret is generated every token issued with the old secret is inactive", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    const tokens = [await tokenFor(emulator(), app), await tokenFor(emulator(), app)];
    const renewed = await callRoute(emulator(), "regenerateSecret", { id: app.id }, { as: admin });
    const next = { client_id: app.client_id, client_secret: renewed.body.client_secret };
    for (const token of tokens) {
        const introspection = await callRoute(emulator(), "introspect", {}, { form: { ...next, token } });
        t.deepEqual(introspection.body, { active: false });
        t.is((await callRoute(emulator(), "getOpenTasks", {}, { bearer: token })).status, 401);
    }
    t.is((await callRoute(emulator(), "getOpenTasks", {}, { bearer: await tokenFor(emulator(), next) })).status, 200);
});

test("refreshing a token needs no new secret: the same credentials obtain another token", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    const first = await tokenFor(emulator(), app);
    const second = await tokenFor(emulator(), app);
    t.not(first, second);
    t.is((await callRoute(emulator(), "getOpenTasks", {}, { bearer: first })).status, 200);
    t.is((await callRoute(emulator(), "getOpenTasks", {}, { bearer: second })).status, 200);
});

test("a token stops working once the clock passes its expiry", async (t) => {
    const fresh = await freshEmulator(t);
    const app = await createApp(fresh, ["tasks_write"]);
    const token = await tokenFor(fresh, app, { ttl: "60" });
    fresh.control.advanceClock(55);
    t.is((await callRoute(fresh, "tokenInfo", {}, { bearer: token })).status, 200);
    fresh.control.advanceClock(6);
    const expired = await callRoute(fresh, "tokenInfo", {}, { bearer: token });
    t.is(expired.status, 401);
    t.regex(expired.body.error_description, /expired/);
});

// Seed 001 (Delivery Hub OAuth) has Postman send the parameters "under the Params tab", the query
// string; Bringg's Get Token page says credentials in the URL get 401. The seed wins:
// docs/bringg-api.md#token-parameters-in-the-query-string.
test("seed 001: the token request's parameters may come in the query string, as Postman's Params tab sends them", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    const query = new URLSearchParams({ ...credentials(app), ttl: "120" }).toString();
    const answer = await call(emulator().url, `/oauth/token?${query}`, { method: "POST" });
    t.is(answer.status, 200);
    t.is(answer.body.token_type, "Bearer");
    t.is(answer.body.expires_in, 120);
});

test("seed 001: query-string parameters join a body's (grant_type and ttl in the query, credentials in the body)", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    const answer = await call(emulator().url, "/oauth/token?grant_type=client_credentials&ttl=90", {
        form: { client_id: app.client_id, client_secret: app.client_secret },
    });
    t.is(answer.status, 200);
    t.is(answer.body.expires_in, 90);
});

test("a parameter in both the query string and the body is refused as repeated (inferred, RFC 6749 §3.2)", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    const answer = await call(emulator().url, "/oauth/token?grant_type=client_credentials", { form: credentials(app) });
    t.is(answer.status, 400);
    t.is(answer.body.error, "invalid_request");
    t.regex(answer.body.error_description, /grant_type appears more than once/);
});
