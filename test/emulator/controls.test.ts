import test from "ava";
import { startEmulator } from "../../emulator/server";
import { admin, call, callRoute, createApp, freshEmulator, requestToken, tokenFor } from "./helpers";

async function applicationCount(emulator: Awaited<ReturnType<typeof freshEmulator>>): Promise<number> {
    return (await callRoute(emulator, "listApplications", {}, { as: admin })).body.length;
}

test("an injected 429 answers with Retry-After and changes nothing", async (t) => {
    const emulator = await freshEmulator(t);
    emulator.control.injectFault("createApplication", { status: 429, retryAfter: 7 });
    const answer = await callRoute(emulator, "createApplication", {}, { as: admin, json: { name: "x", scopes: ["tasks"] } });
    t.is(answer.status, 429);
    t.is(answer.headers.get("retry-after"), "7");
    t.like(answer.body, { status: 429, success: false });
    t.is(await applicationCount(emulator), 0);
});

test("an injected 5xx repeats for its number of times, then the route recovers", async (t) => {
    const emulator = await freshEmulator(t);
    emulator.control.injectFault("listScopes", { status: 503, times: 2 });
    t.is((await callRoute(emulator, "listScopes", {}, { as: admin })).status, 503);
    t.is((await callRoute(emulator, "listScopes", {}, { as: admin })).status, 503);
    t.is((await callRoute(emulator, "listScopes", {}, { as: admin })).status, 200);
});

test("queued faults apply in order, in the style of the route's API", async (t) => {
    const emulator = await freshEmulator(t);
    const app = await createApp(emulator, ["tasks"]);
    emulator.control.injectFault("token", { status: 500 });
    emulator.control.injectFault("token", { status: 502 });
    const first = await requestToken(emulator, app);
    t.is(first.status, 500);
    t.is(first.body.error, "server_error");
    t.is((await requestToken(emulator, app)).status, 502);
    t.is((await requestToken(emulator, app)).status, 200);
});

test("injected latency delays the reply", async (t) => {
    const emulator = await freshEmulator(t);
    emulator.control.injectFault("listApplications", { latencyMs: 300 });
    const started = Date.now();
    t.is((await callRoute(emulator, "listApplications", {}, { as: admin })).status, 200);
    t.true(Date.now() - started >= 290);
});

test("the latencyMs option delays every API call, and an injected latency comes on top", async (t) => {
    const emulator = await freshEmulator(t, { latencyMs: 150 });
    let started = Date.now();
    t.is((await callRoute(emulator, "listScopes", {}, { as: admin })).status, 200);
    t.true(Date.now() - started >= 140);
    emulator.control.injectFault("listScopes", { latencyMs: 200 });
    started = Date.now();
    t.is((await callRoute(emulator, "listScopes", {}, { as: admin })).status, 200);
    t.true(Date.now() - started >= 340);
});

test("the latencyMs option refuses a value that is not a whole number of milliseconds up to a minute", async (t) => {
    await t.throwsAsync(startEmulator({ port: 0, latencyMs: -1 }), { message: /latencyMs must be an integer 0-60000/ });
    await t.throwsAsync(startEmulator({ port: 0, latencyMs: 1.5 }), { message: /latencyMs/ });
});

test("an injected reset closes the connection before the call is handled", async (t) => {
    const emulator = await freshEmulator(t);
    emulator.control.injectFault("createApplication", { reset: true });
    await t.throwsAsync(callRoute(emulator, "createApplication", {}, { as: admin, json: { name: "x", scopes: ["tasks"] } }));
    t.is(await applicationCount(emulator), 0);
});

test("dropResponse applies the change, then closes the connection without answering", async (t) => {
    const emulator = await freshEmulator(t);
    emulator.control.injectFault("createApplication", { dropResponse: true });
    await t.throwsAsync(callRoute(emulator, "createApplication", {}, { as: admin, json: { name: "lost reply", scopes: ["tasks"] } }));
    const list = await callRoute(emulator, "listApplications", {}, { as: admin });
    t.deepEqual(
        list.body.map((a: { name: string }) => a.name),
        ["lost reply"],
    );
});

test("faults can be cleared", async (t) => {
    const emulator = await freshEmulator(t);
    emulator.control.injectFault("listScopes", { status: 500, times: 5 });
    emulator.control.clearFaults("listScopes");
    t.is((await callRoute(emulator, "listScopes", {}, { as: admin })).status, 200);
});

test("counters count API calls per route and in total, but not control calls", async (t) => {
    const emulator = await freshEmulator(t);
    await callRoute(emulator, "listApplications", {}, { as: admin });
    await callRoute(emulator, "listApplications", {}, { as: admin });
    await callRoute(emulator, "listScopes", {}, { as: admin });
    await call(emulator.url, "/nowhere");
    await call(emulator.url, "/__control/now", { json: [] });
    t.deepEqual(emulator.control.counters(), { total: 4, byRoute: { listApplications: 2, listScopes: 1 } });
});

test("resetting counters sets them to zero", async (t) => {
    const emulator = await freshEmulator(t);
    await callRoute(emulator, "listScopes", {}, { as: admin });
    emulator.control.resetCounters();
    t.deepEqual(emulator.control.counters(), { total: 0, byRoute: {} });
});

test("the clock can be set and advanced", async (t) => {
    const emulator = await freshEmulator(t);
    emulator.control.setClock(Date.UTC(2030, 0, 1));
    t.true(Math.abs(emulator.control.now() - Date.UTC(2030, 0, 1)) < 1000);
    emulator.control.advanceClock(3600);
    t.true(Math.abs(emulator.control.now() - Date.UTC(2030, 0, 1, 1)) < 1000);
    const app = await createApp(emulator, ["tasks"]);
    t.is(app.name, "test app");
    const list = await callRoute(emulator, "listApplications", {}, { as: admin });
    t.regex(list.body[0].created_at, /^2030-01-01T01:00/);
});

test("an application created out of band is visible to the API and comes with its secret", async (t) => {
    const emulator = await freshEmulator(t);
    const created = emulator.control.createApplication(1, { name: "made in the UI", scopes: ["teams"] });
    t.false(created.enabled);
    t.is(typeof created.client_secret, "string");
    const list = await callRoute(emulator, "listApplications", {}, { as: admin });
    t.is(list.body[0].client_id, created.client_id);
    emulator.control.setEnabled(1, created.client_id, true);
    t.is((await requestToken(emulator, created)).status, 200);
});

test("out-of-band disable, secret generation, TTL change and delete show through the API", async (t) => {
    const emulator = await freshEmulator(t);
    const app = await createApp(emulator, ["teams_write"]);
    const token = await tokenFor(emulator, app);

    emulator.control.setEnabled(1, app.client_id, false);
    t.false((await callRoute(emulator, "listApplications", {}, { as: admin })).body[0].enabled);
    emulator.control.setEnabled(1, app.client_id, true);

    const secret = emulator.control.regenerateSecret(1, app.client_id);
    t.is((await callRoute(emulator, "tokenInfo", {}, { bearer: token })).status, 401);
    t.is((await requestToken(emulator, app)).status, 401);
    const renewed = { client_id: app.client_id, client_secret: secret };

    emulator.control.setScopeTtl(1, "teams_write", 900);
    t.is((await requestToken(emulator, renewed)).body.expires_in, 900);
    emulator.control.setScopeTtl(1, "teams_write", null);
    t.is((await requestToken(emulator, renewed)).body.expires_in, 1800);

    emulator.control.deleteApplication(1, app.client_id);
    t.is(await applicationCount(emulator), 0);
});

test("out-of-band actions refuse a client_id of another merchant", async (t) => {
    const emulator = await freshEmulator(t);
    const app = await createApp(emulator, ["teams"]);
    t.throws(() => emulator.control.deleteApplication(2, app.client_id), { message: /merchant 2 has no application/ });
});

test("every control answers over HTTP as POST /__control/<method> with a JSON array of arguments", async (t) => {
    const emulator = await freshEmulator(t);
    const created = await call(emulator.url, "/__control/createApplication", { json: [1, { name: "ui", scopes: ["tasks"] }] });
    t.is(created.status, 200);
    const app = created.body.result;
    t.is(typeof app.client_secret, "string");
    t.is((await call(emulator.url, "/__control/setEnabled", { json: [1, app.client_id, true] })).status, 200);
    t.is((await call(emulator.url, "/__control/injectFault", { json: ["token", { status: 503 }] })).status, 200);
    t.is((await requestToken(emulator, app)).status, 503);
    const counters = await call(emulator.url, "/__control/counters", { method: "POST" });
    t.deepEqual(counters.body.result, { total: 1, byRoute: { token: 1 } });
    t.is((await call(emulator.url, "/__control/advanceClock", { json: [60] })).status, 200);
    const secret = await call(emulator.url, "/__control/regenerateSecret", { json: [1, app.client_id] });
    t.is(typeof secret.body.result, "string");
});

test("bad control calls get 4xx naming the problem", async (t) => {
    const emulator = await freshEmulator(t);
    t.is((await call(emulator.url, "/__control/nope", { json: [] })).status, 404);
    t.is((await call(emulator.url, "/__control/counters")).status, 405);
    const badRoute = await call(emulator.url, "/__control/injectFault", { json: ["noSuchRoute", { status: 500 }] });
    t.is(badRoute.status, 400);
    const badFault = await call(emulator.url, "/__control/injectFault", { json: ["token", { status: 418 }] });
    t.is(badFault.status, 400);
    const missing = await call(emulator.url, "/__control/deleteApplication", { json: [1, "nope"] });
    t.is(missing.status, 404);
    const badTtl = await call(emulator.url, "/__control/setScopeTtl", { json: [1, "no_scope", 10] });
    t.is(badTtl.status, 400);
    t.regex(badTtl.body.title, /no_scope: unknown scope/);
});

test("controls over HTTP are off unless enabled", async (t) => {
    const emulator = await freshEmulator(t, { controls: false });
    const answer = await call(emulator.url, "/__control/counters", { method: "POST" });
    t.is(answer.status, 404);
    t.is(emulator.control.counters().total, 1, "the refused control call was an API call to an unknown path");
});
