/**
 * The emulator's inventions about Bringg: behaviour no seed states, each listed as inferred in
 * emulator/README.md ("Behaviour, and where it is a guess"). A test here pins the guess so that a
 * change to it is deliberate; if Bringg turns out to differ, change the emulator, this test and the
 * README together. Clock tests are serial and put the clock back, so the file shares one emulator.
 */
import test from "ava";
import { admin, call, callRoute, createApp, requestToken, sharedEmulator, tokenFor } from "./helpers";

const emulator = sharedEmulator(test);

test("(inferred) every reply carries an x-request-id header, as a Rails app's do", async (t) => {
    const replies = [
        await callRoute(emulator(), "listApplications", {}, { as: admin }),
        await callRoute(emulator(), "tokenInfo", {}, {}),
        await call(emulator().url, "/no/such/path"),
    ];
    for (const reply of replies) t.regex(reply.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
    t.not(replies[0]!.headers.get("x-request-id"), replies[1]!.headers.get("x-request-id"));
});

test("(inferred) OAuth replies, successes and errors, carry Cache-Control: no-store (RFC 6749 §5.1); Management replies do not", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    t.is((await requestToken(emulator(), app)).headers.get("cache-control"), "no-store");
    t.is((await requestToken(emulator(), { ...app, client_secret: "wrong" })).headers.get("cache-control"), "no-store");
    t.is((await callRoute(emulator(), "listApplications", {}, { as: admin })).headers.get("cache-control"), null);
});

test('(inferred) invalid_token replies carry Doorkeeper\'s "state":"unauthorized" and a Bearer realm="Bringg" challenge; invalid_client a Basic realm="Bringg" one', async (t) => {
    const info = await callRoute(emulator(), "tokenInfo", {}, { bearer: "forged" });
    t.is(info.status, 401);
    t.is(info.body.state, "unauthorized");
    t.regex(info.headers.get("www-authenticate") ?? "", /^Bearer realm="Bringg", error="invalid_token"/);
    const client = await requestToken(emulator(), { client_id: "unknown", client_secret: "wrong" });
    t.is(client.status, 401);
    t.is(client.body.state, undefined, "only invalid_token carries state");
    t.is(client.headers.get("www-authenticate"), 'Basic realm="Bringg"');
});

test("(inferred) the introspection and revocation paths are /oauth/introspect and /oauth/revoke (RFC 7662 and RFC 7009 under Doorkeeper's prefix)", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    const token = await tokenFor(emulator(), app);
    const credentials = { client_id: app.client_id, client_secret: app.client_secret, token };
    t.is((await call(emulator().url, "/oauth/introspect", { form: credentials })).body.active, true);
    t.is((await call(emulator().url, "/oauth/revoke", { form: credentials })).status, 200);
    t.is((await call(emulator().url, "/oauth/introspect", { form: credentials })).body.active, false);
});

test("(inferred) re-enabling an application revives the tokens it was issued before it was disabled", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    const token = await tokenFor(emulator(), app);
    await callRoute(emulator(), "disableApplication", { id: app.id }, { as: admin });
    t.is((await callRoute(emulator(), "tokenInfo", {}, { bearer: token })).status, 401);
    await callRoute(emulator(), "enableApplication", { id: app.id }, { as: admin });
    t.is((await callRoute(emulator(), "tokenInfo", {}, { bearer: token })).status, 200);
});

test("(inferred) creating an application checks the name (1 to 255 characters), at least one scope and unknown scope names", async (t) => {
    const create = (json: unknown) => callRoute(emulator(), "createApplication", {}, { as: admin, json });
    t.is((await create({ name: "x".repeat(255), scopes: ["tasks"] })).status, 201);
    const long = await create({ name: "x".repeat(256), scopes: ["tasks"] });
    t.is(long.status, 400);
    t.regex(long.body.title, /name/);
    t.is((await create({ name: "no scopes", scopes: [] })).status, 400);
    const unknown = await create({ name: "typo", scopes: ["taks"] });
    t.is(unknown.status, 400);
    t.regex(unknown.body.title, /unknown scope: taks/);
});

test.serial("(inferred) an expired token is forgotten 24 hours after it expired: token info then calls it invalid rather than expired", async (t) => {
    t.teardown(() => emulator().control.setClock(Date.now()));
    const app = await createApp(emulator(), ["tasks"]);
    const token = await tokenFor(emulator(), app, { ttl: "60" });
    emulator().control.advanceClock(120);
    t.regex((await callRoute(emulator(), "tokenInfo", {}, { bearer: token })).body.error_description, /expired/);
    emulator().control.advanceClock(24 * 3600);
    await tokenFor(emulator(), app); // issuing a token sweeps the long-expired ones
    t.is((await callRoute(emulator(), "tokenInfo", {}, { bearer: token })).body.error_description, "The access token is invalid");
});
