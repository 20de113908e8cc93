import test from "ava";
import path from "node:path";
import { demoCredentials, startEmulator, type RunningEmulator } from "../../emulator/server";
import type { ApiProfile } from "../../provider/api/profile";
import { profiledRoute, replyAsRead, replyAsSent, requestAsReceived, requestAsSent } from "../../provider/api/profile-apply";
import { BringgClient } from "../../provider/core/client";
import { BringgApiError } from "../../provider/core/errors";
import { loadApiProfile } from "../../provider/core/profile-file";

const moved = (() => {
    const loaded = loadApiProfile(path.resolve(__dirname, "..", "..", "..", "test", "fixtures", "api-profiles", "moved.yaml"));
    if (!loaded.ok) throw new Error(loaded.problems.join("\n"));
    return loaded.profile;
})();

// ---- the pure transforms ------------------------------------------------------------------------

test("a route under a profile: its method and path, the rest from the table", (t) => {
    const route = profiledRoute("enableApplication", moved);
    t.like(route, { method: "PUT", path: "/api/v2/oauth_apps/{id}/activate", auth: "admin", idempotent: true, moved: true });
    t.like(profiledRoute("enableApplication"), { method: "POST", path: "/oauth/applications/{id}/enable", moved: false });
    t.like(profiledRoute("updateApplication", moved), { method: "PATCH", path: "/oauth/applications/{id}", moved: false });
});

test("request fields are renamed ours → theirs, and back; other fields and non-objects pass", (t) => {
    const op = { requestFields: { name: "title", scopes: "meta.scope_names" } };
    const sent = requestAsSent(op, { name: "dash", scopes: ["tasks_read"], extra: 1 });
    t.deepEqual(sent, { title: "dash", meta: { scope_names: ["tasks_read"] }, extra: 1 });
    t.deepEqual(requestAsReceived(op, sent), { name: "dash", scopes: ["tasks_read"], extra: 1, meta: {} });
    t.is(requestAsSent(op, undefined), undefined);
    const body = { name: "x", scopes: [] };
    t.is(requestAsSent({}, body), body, "no renames: the body itself");
});

test("a reply is taken out of its envelope and its fields (each item's) renamed theirs → ours; the inverse shapes it", (t) => {
    const op = { envelope: "data.apps", aliases: { client_id: "uid", "application.uid": "app.client_uid" } };
    const reply = {
        data: {
            apps: [
                { id: 1, uid: "c1", app: { client_uid: "x" } },
                { id: 2, uid: "c2" },
            ],
        },
        meta: { total: 2 },
    };
    t.deepEqual(replyAsRead(op, reply), [
        { id: 1, client_id: "c1", app: {}, application: { uid: "x" } },
        { id: 2, client_id: "c2" },
    ]);
    t.deepEqual(replyAsSent(op, [{ id: 1, client_id: "c1" }], { "meta.next_page": 2 }), { data: { apps: [{ id: 1, uid: "c1" }] }, meta: { next_page: 2 } });
    t.is(replyAsRead(op, { apps: [] }), undefined, "a reply without the envelope gives no payload: the schema says what was expected");
    t.deepEqual(replyAsRead({}, [{ id: 1 }]), [{ id: 1 }]);
    t.deepEqual(replyAsSent({}, { id: 1 }, { "meta.page": 1 }), { id: 1, meta: { page: 1 } });
    t.throws(() => replyAsSent({}, [], { "meta.page": 1 }), { message: /need an envelope/ });
});

// ---- the emulator and the client with one profile -------------------------------------------------

async function withEmulator(profile: ApiProfile | undefined, run: (emulator: RunningEmulator) => Promise<void>): Promise<void> {
    const emulator = await startEmulator({ port: 0, ui: false, apiProfile: profile });
    try {
        await run(emulator);
    } finally {
        await emulator.stop();
    }
}

function client(emulator: RunningEmulator, apiProfile?: ApiProfile): BringgClient {
    return new BringgClient({
        settings: { baseUrl: emulator.url, ...demoCredentials, ...(apiProfile ? { apiProfile } : {}) },
        retry: { backoffLimitMs: 10, limit: 1 },
        lateWriteWindowMs: 100,
    });
}

test("an emulator and a client with one non-default profile round-trip every operation", async (t) => {
    await withEmulator(moved, async (emulator) => {
        const bringg = client(emulator, moved);
        const created = await bringg.createApplication({ name: "profiled", scopes: ["tasks_read"] });
        t.like(created, { name: "profiled", scopes: ["tasks_read"], enabled: false });
        t.regex(created.client_id, /^[\w-]{20,}$/);
        t.true((await bringg.setEnabled(created.id, true)).enabled);
        const listed = await bringg.findApplication({ clientId: created.client_id }, { fresh: true });
        t.like(listed, { id: created.id, name: "profiled", enabled: true });
        const token = await bringg.requestToken({ clientId: created.client_id, clientSecret: created.client_secret });
        const info = await bringg.call("tokenInfo", { bearer: token.access_token });
        t.is(info.application.uid, created.client_id);
        t.true((await bringg.introspect({ clientId: created.client_id, clientSecret: created.client_secret, token: token.access_token })).active);
        const rotated = await bringg.regenerateSecret(created.id);
        t.not(rotated.client_secret, created.client_secret);
        t.false((await bringg.setEnabled(created.id, false)).enabled);
        const scopes = await bringg.setScopeTtls({ tasks_read: 1000 });
        t.is(scopes.find((scope) => scope.name === "tasks_read")?.ttl, 1000);
        t.true((await bringg.listScopes({ fresh: true })).length > 10);
        t.is(await bringg.deleteApplication(created.id), "deleted");
        t.is(await bringg.deleteApplication(created.id), "absent");

        const counters = emulator.control.counters();
        t.is(counters.byRoute.enableApplication, 1);
        t.is(counters.byRoute.disableApplication, 1);
        t.is(
            counters.total,
            Object.values(counters.byRoute).reduce((sum, n) => sum + (n ?? 0), 0),
            "every call matched a profiled route",
        );
    });
});

test("the emulator answers in the profile's shape: other paths, envelopes and field names", async (t) => {
    await withEmulator(moved, async (emulator) => {
        const basic = `Basic ${Buffer.from(`${demoCredentials.username}:${demoCredentials.password}`).toString("base64")}`;
        const create = await fetch(`${emulator.url}/api/v2/oauth_apps`, {
            method: "POST",
            headers: { authorization: basic, "content-type": "application/json" },
            body: JSON.stringify({ title: "raw", scope_names: ["tasks_read"] }),
        });
        t.is(create.status, 201);
        const body = (await create.json()) as { data: { app: Record<string, unknown> } };
        t.like(body.data.app, { title: "raw", scopes: ["tasks_read"] });
        t.is(typeof body.data.app.uid, "string");
        t.false("client_id" in body.data.app);
        const list = (await (await fetch(`${emulator.url}/api/v2/oauth_apps`, { headers: { authorization: basic } })).json()) as { data: { apps: unknown[] } };
        t.true(Array.isArray(list.data.apps));
        t.is((await fetch(`${emulator.url}/oauth/applications`, { headers: { authorization: basic } })).status, 404);
    });
});

test("a client with the built-in table against a profiled account: a 404 that names the table and the way to a profile", async (t) => {
    await withEmulator(moved, async (emulator) => {
        const error = await t.throwsAsync(client(emulator).listApplications({ resource: 'application "dash"' }));
        t.true(BringgApiError.isInstance(error));
        t.is((error as BringgApiError).code, "not_found");
        t.regex(error!.message, /GET \/oauth\/applications returned 404/);
        t.regex(error!.message, /the built-in route table \(no API profile is set/);
        t.regex(error!.message, /operations\.listApplications of an API profile \(docs\/real-bringg\.md#write-a-profile\), and name it in bringg:apiProfile/);
    });
    await withEmulator(undefined, async (emulator) => {
        const error = await t.throwsAsync(client(emulator, moved).listScopes());
        t.regex(error!.message, /GET \/api\/v2\/oauth_scopes returned 404/);
        t.regex(error!.message, /the API profile .*moved\.yaml \(operations\.listScopes\)/);
    });
});

test("a reply in another shape than the profile says: invalid_response naming the profile's envelope and aliases", async (t) => {
    const wrong: ApiProfile = { source: "wrong.yaml", operations: { listApplications: { envelope: "data.apps" } } };
    await withEmulator(undefined, async (emulator) => {
        const error = await t.throwsAsync(client(emulator, wrong).listApplications());
        t.is((error as BringgApiError).code, "invalid_response");
        t.regex(error!.message, /the API profile wrong\.yaml \(operations\.listApplications\).*envelope, aliases/);
    });
});
