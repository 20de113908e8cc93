import test from "ava";
import { admin, callRoute, createApp, requestToken, sharedEmulator, tokenFor } from "./helpers";

const emulator = sharedEmulator(test);

test("creating an application returns its client_id and client_secret", async (t) => {
    const created = await callRoute(emulator(), "createApplication", {}, { as: admin, json: { name: "OMS", scopes: ["tasks"] } });
    t.is(created.status, 201);
    t.like(created.body, { name: "OMS", scopes: ["tasks"] });
    t.is(typeof created.body.id, "number");
    t.is(typeof created.body.client_secret, "string");
    t.true(created.body.client_secret.length >= 32);
    t.regex(created.body.created_at, /^\d{4}-\d\d-\d\dT/);
    t.regex(created.body.updated_at, /^\d{4}-\d\d-\d\dT/);
});

test("each application gets its own client_id of 43 URL-safe characters and its own secret", async (t) => {
    const app = await createApp(emulator(), ["tasks"], { enable: false });
    const other = await createApp(emulator(), ["tasks"], { enable: false });
    t.regex(app.client_id, /^[A-Za-z0-9_-]{43}$/);
    t.not(app.client_id, other.client_id);
    t.not(app.client_secret, other.client_secret);
});

test("a new application is disabled by default", async (t) => {
    const app = await createApp(emulator(), ["tasks"], { enable: false });
    t.false(app.enabled);
    const token = await requestToken(emulator(), app);
    t.is(token.status, 401);
    t.is(token.body.error, "invalid_client");
});

test("the list shows every application of the merchant and never a client secret", async (t) => {
    const a = await createApp(emulator(), ["notes"], { name: "list-a", enable: false });
    const b = await createApp(emulator(), ["Customer_write"], { name: "list-b", enable: false });
    const list = await callRoute(emulator(), "listApplications", {}, { as: admin });
    t.is(list.status, 200);
    t.true(Array.isArray(list.body));
    const ids = list.body.map((app: { id: number }) => app.id);
    t.true(ids.includes(a.id) && ids.includes(b.id));
    for (const app of list.body) t.false("client_secret" in app);
});

test("enabling and disabling an application flips its enabled flag", async (t) => {
    const app = await createApp(emulator(), ["tasks"], { enable: false });
    const enabled = await callRoute(emulator(), "enableApplication", { id: app.id }, { as: admin });
    t.is(enabled.status, 200);
    t.true(enabled.body.enabled);
    t.false("client_secret" in enabled.body);
    const again = await callRoute(emulator(), "enableApplication", { id: app.id }, { as: admin });
    t.true(again.body.enabled, "enabling twice is harmless");
    const disabled = await callRoute(emulator(), "disableApplication", { id: app.id }, { as: admin });
    t.is(disabled.status, 200);
    t.false(disabled.body.enabled);
});

test("generating a new client secret returns it once and keeps the client_id", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    const renewed = await callRoute(emulator(), "regenerateSecret", { id: app.id }, { as: admin });
    t.is(renewed.status, 200);
    t.is(renewed.body.client_id, app.client_id);
    t.not(renewed.body.client_secret, app.client_secret);
    const list = await callRoute(emulator(), "listApplications", {}, { as: admin });
    const listed = list.body.find((a: { id: number }) => a.id === app.id);
    t.is(listed.client_id, app.client_id);
    t.false("client_secret" in listed);
});

test("deleting an application removes it and stops its tokens", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    const token = await tokenFor(emulator(), app);
    const deleted = await callRoute(emulator(), "deleteApplication", { id: app.id }, { as: admin });
    t.is(deleted.status, 204);
    const list = await callRoute(emulator(), "listApplications", {}, { as: admin });
    t.false(list.body.some((a: { id: number }) => a.id === app.id));
    const info = await callRoute(emulator(), "tokenInfo", {}, { bearer: token });
    t.is(info.status, 401);
    const again = await callRoute(emulator(), "deleteApplication", { id: app.id }, { as: admin });
    t.is(again.status, 404);
});

test("an application's scopes cannot be changed after creation", async (t) => {
    const app = await createApp(emulator(), ["tasks_read"]);
    const change = await callRoute(emulator(), "updateApplication", { id: app.id }, { as: admin, json: { scopes: ["tasks"] } });
    t.is(change.status, 400);
    t.regex(change.body.title, /scopes cannot be changed after creation/);
    const list = await callRoute(emulator(), "listApplications", {}, { as: admin });
    t.deepEqual(list.body.find((a: { id: number }) => a.id === app.id).scopes, ["tasks_read"]);
});

test("unknown scopes are rejected, naming each of them", async (t) => {
    const created = await callRoute(
        emulator(),
        "createApplication",
        {},
        {
            as: admin,
            json: { name: "typo", scopes: ["tasks", "taks_read", "teams_wirte"] },
        },
    );
    t.is(created.status, 400);
    t.regex(created.body.title, /taks_read/);
    t.regex(created.body.title, /teams_wirte/);
    t.notRegex(created.body.title, /\btasks\b/);
});

test("an application needs a name and at least one scope", async (t) => {
    const noScopes = await callRoute(emulator(), "createApplication", {}, { as: admin, json: { name: "empty", scopes: [] } });
    t.is(noScopes.status, 400);
    t.regex(noScopes.body.title, /scopes/);
    const noName = await callRoute(emulator(), "createApplication", {}, { as: admin, json: { name: " ", scopes: ["tasks"] } });
    t.is(noName.status, 400);
    t.regex(noName.body.title, /name/);
});

test("calls on an application that does not exist answer 404", async (t) => {
    for (const name of ["enableApplication", "disableApplication", "regenerateSecret", "deleteApplication"] as const) {
        const answer = await callRoute(emulator(), name, { id: 999999 }, { as: admin });
        t.is(answer.status, 404, name);
        t.regex(answer.body.title, /no application with id 999999/);
    }
});
