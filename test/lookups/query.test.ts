import test from "ava";
import { seedUsers, startEmulator } from "../../emulator/server";
import { BringgClient } from "../../provider/core/client";
import { application, applications, getApplicationArgs, parseLookupArgs, scopes } from "../../provider/lookups/query";
import { emulatorClient, fastRetry, withEmulator } from "../helpers/deps";

test("getScopes lists every scope with its group, access and the TTL in force next to the default", async (t) => {
    await withEmulator(async (emulator, deps) => {
        const client = deps.client();
        emulator.control.setScopeTtl(1, "tasks_write", 900);
        const catalog = await scopes(client);
        const byName = new Map(catalog.map((scope) => [scope.name, scope]));
        t.like(byName.get("tasks_write"), { group: "tasks", access: "write", ttlSeconds: 900, defaultTtlSeconds: 1800, overridden: true, parent: "tasks" });
        t.like(byName.get("tasks_read"), { access: "read", ttlSeconds: 14_400, overridden: false });
        t.like(byName.get("Customer"), { group: "Customer", access: "both", parent: undefined });
        t.like(byName.get("Create_customer"), { group: "Customer", access: "write", parent: "Customer_write" });
        t.deepEqual(
            catalog.map((scope) => scope.name),
            [...catalog.map((scope) => scope.name)].sort((a, b) => a.localeCompare(b)),
        );
    });
});

test("getApplication finds an application made in the web UI by name or client id, without its secret", async (t) => {
    await withEmulator(async (emulator, deps) => {
        const client = deps.client();
        const made = emulator.control.createApplication(1, { name: "made by hand", scopes: ["tasks_read"] });
        const byName = await application(client, { name: "made by hand" });
        t.deepEqual(byName, {
            applicationId: made.id,
            clientId: made.client_id,
            name: "made by hand",
            scopes: ["tasks_read"],
            enabled: false,
            createdAt: made.created_at,
        });
        t.deepEqual(await application(client, { clientId: made.client_id }), byName);
        t.false(JSON.stringify(byName).includes(made.client_secret));
    });
});

test("getApplication fails naming what was looked for, and a name shared by two applications asks for the client id", async (t) => {
    await withEmulator(async (emulator, deps) => {
        const client = deps.client();
        const a = emulator.control.createApplication(1, { name: "twin", scopes: ["tasks_read"] });
        const b = emulator.control.createApplication(1, { name: "twin", scopes: ["tasks_read"] });
        const missing = await t.throwsAsync(application(client, { name: "nope", account: "eu" }));
        t.regex(missing.message, /^getApplication: no application with name "nope" in account "eu" \(2 application\(s\) there\)\. Fix: check the spelling/);
        const twins = await t.throwsAsync(application(client, { name: "twin" }));
        t.regex(twins.message, new RegExp(`2 applications are named "twin" .*${a.client_id}, ${b.client_id}.*Fix: look it up by clientId`));
    });
});

test("getApplications filters by enabled and by scope, sorted by id", async (t) => {
    await withEmulator(async (emulator, deps) => {
        const client = deps.client();
        const a = emulator.control.createApplication(1, { name: "a", scopes: ["tasks_read"] });
        const b = emulator.control.createApplication(1, { name: "b", scopes: ["users_read", "tasks_read"] });
        const c = emulator.control.createApplication(1, { name: "c", scopes: ["users_read"] });
        emulator.control.setEnabled(1, b.client_id, true);
        t.deepEqual(
            (await applications(client, {})).map((app) => app.name),
            ["a", "b", "c"],
        );
        t.deepEqual(
            (await applications(client, { enabled: true })).map((app) => app.clientId),
            [b.client_id],
        );
        t.deepEqual(
            (await applications(client, { scope: "users_read" })).map((app) => app.clientId),
            [b.client_id, c.client_id],
        );
        t.deepEqual(
            (await applications(client, { enabled: false, scope: "tasks_read" })).map((app) => app.clientId),
            [a.client_id],
        );
    });
});

test("lookups in one process share one list call per kind", async (t) => {
    await withEmulator(async (emulator, deps) => {
        const client = deps.client();
        emulator.control.createApplication(1, { name: "x", scopes: ["tasks_read"] });
        emulator.control.resetCounters();
        await Promise.all([
            scopes(client),
            scopes(client),
            applications(client, {}),
            application(client, { name: "x" }),
            applications(client, { enabled: true }),
        ]);
        await application(client, { name: "x" });
        const counted = emulator.control.counters().byRoute;
        t.is(counted.listScopes, 1);
        t.is(counted.listApplications, 1);
    });
});

test("each account's lookups see only that merchant's applications", async (t) => {
    const emulator = await startEmulator({ port: 0 });
    try {
        const mine = emulator.control.createApplication(1, { name: "demo app", scopes: ["tasks_read"] });
        const theirs = emulator.control.createApplication(2, { name: "second app", scopes: ["tasks_read"] });
        const second = new BringgClient({
            settings: { baseUrl: emulator.url, username: seedUsers.secondAdmin.username, password: seedUsers.secondAdmin.password },
            retry: fastRetry,
        });
        t.deepEqual(
            (await applications(second, {})).map((app) => app.clientId),
            [theirs.client_id],
        );
        t.deepEqual(
            (await applications(emulatorClient(emulator), {})).map((app) => app.clientId),
            [mine.client_id],
        );
    } finally {
        await emulator.stop();
    }
});

test("lookup arguments are strict: exactly one of clientId and name, and no unknown argument", (t) => {
    t.throws(() => parseLookupArgs("getApplication", getApplicationArgs, {}), {
        message: /getApplication: invalid arguments: give exactly one of clientId and name/,
    });
    t.throws(() => parseLookupArgs("getApplication", getApplicationArgs, { name: "a", clientId: "b" }), { message: /exactly one/ });
    t.throws(() => parseLookupArgs("getApplication", getApplicationArgs, { name: "a", acount: "eu" }), {
        message: /"acount" is not an argument of getApplication/,
    });
    t.throws(() => parseLookupArgs("getApplication", getApplicationArgs, { name: "a", account: "e u" }), {
        message: /account: account "e u" is not an account name/,
    });
    t.deepEqual(parseLookupArgs("getApplication", getApplicationArgs, { name: " a ", account: "eu" }), { name: "a", account: "eu" });
});
