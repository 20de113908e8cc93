import test from "ava";
import { seedUsers } from "../../emulator/server";
import { admin, callRoute, createApp, freshEmulator, sharedEmulator, tokenFor } from "./helpers";

const emulator = sharedEmulator(test);
const other = seedUsers.secondAdmin;

test("an admin user authenticates to the Management API with HTTP Basic", async (t) => {
    const answer = await callRoute(emulator(), "listApplications", {}, { as: admin });
    t.is(answer.status, 200);
});

test("a request without credentials gets 401 with a Basic challenge", async (t) => {
    const answer = await callRoute(emulator(), "listApplications", {});
    t.is(answer.status, 401);
    t.regex(answer.headers.get("www-authenticate") ?? "", /^Basic/);
    t.like(answer.body, { status: 401, success: false });
});

test("bad credentials get 401", async (t) => {
    const wrongPassword = await callRoute(emulator(), "listScopes", {}, { as: { ...admin, password: "nope" } });
    t.is(wrongPassword.status, 401);
    t.regex(wrongPassword.body.title, /invalid username or password/);
    const unknownUser = await callRoute(emulator(), "listScopes", {}, { as: { username: "ghost", password: "x" } });
    t.is(unknownUser.status, 401);
});

test("a user who is not an admin gets 403", async (t) => {
    const answer = await callRoute(emulator(), "listApplications", {}, { as: seedUsers.demoDispatcher });
    t.is(answer.status, 403);
    t.regex(answer.body.title, /admin/);
    const create = await callRoute(
        emulator(),
        "createApplication",
        {},
        {
            as: seedUsers.demoDispatcher,
            json: { name: "x", scopes: ["tasks"] },
        },
    );
    t.is(create.status, 403);
});

test("an admin of one merchant never sees another merchant's applications", async (t) => {
    const mine = await createApp(emulator(), ["tasks"], { name: "demo only" });
    const theirs = await createApp(emulator(), ["teams"], { as: other, name: "second only" });
    const demoList = await callRoute(emulator(), "listApplications", {}, { as: admin });
    const otherList = await callRoute(emulator(), "listApplications", {}, { as: other });
    t.false(demoList.body.some((a: { id: number }) => a.id === theirs.id));
    t.false(otherList.body.some((a: { id: number }) => a.id === mine.id));
    t.true(otherList.body.some((a: { id: number }) => a.id === theirs.id));
});

test("an admin of one merchant cannot change another merchant's application", async (t) => {
    const theirs = await createApp(emulator(), ["teams"], { as: other });
    for (const name of ["disableApplication", "enableApplication", "regenerateSecret", "deleteApplication", "updateApplication"] as const) {
        const answer = await callRoute(emulator(), name, { id: theirs.id }, { as: admin });
        t.is(answer.status, 404, `${name} must look exactly like a missing application`);
    }
    const list = await callRoute(emulator(), "listApplications", {}, { as: other });
    t.true(list.body.find((a: { id: number }) => a.id === theirs.id).enabled);
    t.truthy(await tokenFor(emulator(), theirs));
});

test("one merchant's scope TTL overrides do not affect another merchant", async (t) => {
    const fresh = await freshEmulator(t);
    const set = await callRoute(fresh, "setScopeTtls", {}, { as: admin, json: { teams_write: 1000 } });
    t.is(set.status, 200);
    const theirs = await callRoute(fresh, "listScopes", {}, { as: other });
    t.is(theirs.body.find((s: { name: string }) => s.name === "teams_write").ttl, 1800);
});

test("introspection by another merchant's application reports the token inactive", async (t) => {
    const mine = await createApp(emulator(), ["tasks"]);
    const theirs = await createApp(emulator(), ["tasks"], { as: other });
    const token = await tokenFor(emulator(), mine);
    const answer = await callRoute(
        emulator(),
        "introspect",
        {},
        {
            form: { token, client_id: theirs.client_id, client_secret: theirs.client_secret },
        },
    );
    t.is(answer.status, 200);
    t.deepEqual(answer.body, { active: false });
});

test("token info names the token's merchant as resource owner", async (t) => {
    const theirs = await createApp(emulator(), ["tasks"], { as: other });
    const info = await callRoute(emulator(), "tokenInfo", {}, { bearer: await tokenFor(emulator(), theirs) });
    t.is(info.body.resource_owner_id, `Merchant:${other.merchantId}`);
});
