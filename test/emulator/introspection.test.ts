import test from "ava";
import { admin, callRoute, createApp, freshEmulator, sharedEmulator, tokenFor } from "./helpers";

const emulator = sharedEmulator(test);

test("token info describes a valid token in the shape of Bringg's token info example", async (t) => {
    const app = await createApp(emulator(), ["tasks_read", "teams_write"]);
    const token = await tokenFor(emulator(), app);
    const info = await callRoute(emulator(), "tokenInfo", {}, { bearer: token });
    t.is(info.status, 200);
    t.deepEqual(Object.keys(info.body).sort(), ["application", "created_at", "expires_in", "resource_owner_id", "scope"]);
    t.is(info.body.resource_owner_id, "Merchant:1");
    t.deepEqual(info.body.scope, ["tasks_read", "teams_write"]);
    t.deepEqual(info.body.application, { uid: app.client_id });
    t.true(info.body.expires_in > 1790 && info.body.expires_in <= 1800);
    t.is(typeof info.body.created_at, "number");
});

test("token info counts expires_in down as time passes", async (t) => {
    const fresh = await freshEmulator(t);
    const token = await tokenFor(fresh, await createApp(fresh, ["tasks_write"]));
    fresh.control.advanceClock(600);
    const info = await callRoute(fresh, "tokenInfo", {}, { bearer: token });
    t.true(info.body.expires_in <= 1200 && info.body.expires_in > 1190);
});

test("token info refuses a missing, forged or unknown token with 401 invalid_token", async (t) => {
    const token = await tokenFor(emulator(), await createApp(emulator(), ["tasks"]));
    const [header, claims] = token.split(".");
    for (const bearer of [undefined, "garbage", `${header}.${claims}.${"A".repeat(86)}`, "a.b.c"]) {
        const info = await callRoute(emulator(), "tokenInfo", {}, bearer === undefined ? {} : { bearer });
        t.is(info.status, 401);
        t.is(info.body.error, "invalid_token");
        t.regex(info.headers.get("www-authenticate") ?? "", /^Bearer realm="Bringg"/);
    }
});

test("introspection with the application's client credentials reports an active token", async (t) => {
    const app = await createApp(emulator(), ["tasks_read", "notes"]);
    const token = await tokenFor(emulator(), app);
    const answer = await callRoute(
        emulator(),
        "introspect",
        {},
        {
            multipart: { client_id: app.client_id, client_secret: app.client_secret, token },
        },
    );
    t.is(answer.status, 200);
    t.like(answer.body, { active: true, scope: "tasks_read notes", client_id: app.client_id, token_type: "Bearer" });
    t.is(answer.body.exp - answer.body.iat, 1800, "notes, a logical group, caps the lifetime at 30 minutes");
});

test("introspection authenticated by another valid token reports an active token", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    const caller = await tokenFor(emulator(), await createApp(emulator(), ["notes"]));
    const token = await tokenFor(emulator(), app);
    const answer = await callRoute(emulator(), "introspect", {}, { bearer: caller, form: { token } });
    t.is(answer.status, 200);
    t.like(answer.body, { active: true, client_id: app.client_id });
});

test("a token cannot authenticate its own introspection", async (t) => {
    const token = await tokenFor(emulator(), await createApp(emulator(), ["tasks"]));
    const answer = await callRoute(emulator(), "introspect", {}, { bearer: token, form: { token } });
    t.is(answer.status, 401);
    t.is(answer.body.error, "invalid_token");
});

test("introspection without caller authentication gets 401 invalid_client", async (t) => {
    const token = await tokenFor(emulator(), await createApp(emulator(), ["tasks"]));
    const answer = await callRoute(emulator(), "introspect", {}, { form: { token } });
    t.is(answer.status, 401);
    t.is(answer.body.error, "invalid_client");
});

test("introspection reports an expired token inactive", async (t) => {
    const fresh = await freshEmulator(t);
    const app = await createApp(fresh, ["tasks_write"]);
    const token = await tokenFor(fresh, app);
    fresh.control.advanceClock(1801);
    const answer = await callRoute(fresh, "introspect", {}, { form: { client_id: app.client_id, client_secret: app.client_secret, token } });
    t.deepEqual(answer.body, { active: false });
});

test("introspection reports an unknown token inactive", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    const answer = await callRoute(
        emulator(),
        "introspect",
        {},
        {
            json: { client_id: app.client_id, client_secret: app.client_secret, token: "not-a-token" },
        },
    );
    t.is(answer.status, 200);
    t.deepEqual(answer.body, { active: false });
});

test("revoking a token makes it inactive", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    const token = await tokenFor(emulator(), app);
    const revoked = await callRoute(emulator(), "revoke", {}, { form: { client_id: app.client_id, client_secret: app.client_secret, token } });
    t.is(revoked.status, 200);
    t.deepEqual(revoked.body, {});
    t.is((await callRoute(emulator(), "tokenInfo", {}, { bearer: token })).status, 401);
});

test("revoking another application's token is refused with 403", async (t) => {
    const owner = await createApp(emulator(), ["tasks"]);
    const stranger = await createApp(emulator(), ["tasks"]);
    const token = await tokenFor(emulator(), owner);
    const answer = await callRoute(
        emulator(),
        "revoke",
        {},
        {
            form: { client_id: stranger.client_id, client_secret: stranger.client_secret, token },
        },
    );
    t.is(answer.status, 403);
    t.is(answer.body.error, "unauthorized_client");
    t.is((await callRoute(emulator(), "tokenInfo", {}, { bearer: token })).status, 200);
});

test("revoking an unknown token answers 200", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    const answer = await callRoute(emulator(), "revoke", {}, { form: { client_id: app.client_id, client_secret: app.client_secret, token: "nope" } });
    t.is(answer.status, 200);
});

test("the protected endpoint answers a token whose scopes cover get_open_tasks", async (t) => {
    for (const scope of ["get_open_tasks", "tasks_read", "tasks"]) {
        const token = await tokenFor(emulator(), await createApp(emulator(), [scope]));
        const answer = await callRoute(emulator(), "getOpenTasks", {}, { bearer: token, json: {} });
        t.is(answer.status, 200, scope);
        t.like(answer.body, { success: true });
    }
});

test("the protected endpoint refuses a token without the scope with 403 insufficient_scope", async (t) => {
    const token = await tokenFor(emulator(), await createApp(emulator(), ["tasks_write", "get_task"]));
    const answer = await callRoute(emulator(), "getOpenTasks", {}, { bearer: token });
    t.is(answer.status, 403);
    t.is(answer.body.error, "insufficient_scope");
});

test("the protected endpoint refuses a request without a token with 401", async (t) => {
    const answer = await callRoute(emulator(), "getOpenTasks", {});
    t.is(answer.status, 401);
    t.is(answer.body.error, "invalid_token");
});

test("enabling an application stops unauthenticated access to the endpoints its scopes cover", async (t) => {
    const fresh = await freshEmulator(t);
    const legacy = { json: { company_id: 1 } };
    t.is((await callRoute(fresh, "getOpenTasks", {}, legacy)).status, 200, "no enabled application covers it yet");
    const unrelated = await createApp(fresh, ["teams"]);
    const app = await createApp(fresh, ["tasks_read"], { enable: false });
    t.truthy(unrelated);
    t.is((await callRoute(fresh, "getOpenTasks", {}, legacy)).status, 200, "a disabled application changes nothing");
    await callRoute(fresh, "enableApplication", { id: app.id }, { as: admin });
    const refused = await callRoute(fresh, "getOpenTasks", {}, legacy);
    t.is(refused.status, 401);
    t.regex(refused.body.error_description, /Bearer/);
    t.is((await callRoute(fresh, "getOpenTasks", {}, { json: { company_id: 2 } })).status, 200, "another merchant is unaffected");
});
