/**
 * The Application logic without Pulumi: check and diff (pure), and create/read/update/delete
 * against the emulator, including the failure paths that the CLI tests cannot stage cheaply.
 */
import test from "ava";
import { demoCredentials, startEmulator, type RunningEmulator } from "../../emulator/server";
import * as crud from "../../provider/application/crud";
import { upgradeState } from "../../provider/application/mapping";
import { BringgClient } from "../../provider/core/client";
import { useStackConfig } from "../../provider/core/config";

const unknown = crud.unknownValue;

test.before(() => {
    useStackConfig(
        (key) =>
            ({
                "bringg:endpoint": "http://127.0.0.1:9",
                "bringg:username": demoCredentials.username,
                "bringg:password": demoCredentials.password,
            })[key],
    );
});

async function withEmulator(run: (emulator: RunningEmulator, client: BringgClient) => Promise<void>): Promise<void> {
    const emulator = await startEmulator({ port: 0 });
    try {
        await run(emulator, new BringgClient({ settings: { baseUrl: emulator.url, ...demoCredentials }, retry: { baseDelayMs: 5, maxDelayMs: 10, limit: 2 } }));
    } finally {
        await emulator.stop();
    }
}

test("check normalizes scopes to a sorted set, trims the name and defaults enabled to Bringg's false", (t) => {
    const { inputs, failures } = crud.check({ __provider: "x", name: "  dash  ", scopes: ["users_read", "tasks_read", "users_read"] });
    t.deepEqual(failures, []);
    t.deepEqual(inputs, { name: "dash", scopes: ["tasks_read", "users_read"], enabled: false });
});

test("check leaves an adopted application's enabled alone when the program does not set it", (t) => {
    const { inputs } = crud.check({ adopt: { clientId: "abc" } });
    t.deepEqual(inputs, { adopt: { clientId: "abc" } });
});

test("check reports every bad field at once", (t) => {
    const { failures } = crud.check({ name: "", scopes: ["ok_scope", "Bad Scope"], enabled: "yes", colour: "red" });
    t.deepEqual(
        failures.map((f) => f.property).sort(),
        ["colour", "enabled", "name", "scopes[1]"],
    );
});

test("check does not judge values that are unknown during preview, but judges the known ones", (t) => {
    const allUnknown = crud.check({ name: unknown, scopes: unknown, enabled: unknown });
    t.deepEqual(allUnknown.failures, []);
    t.deepEqual(allUnknown.inputs, { name: unknown, scopes: unknown, enabled: unknown });

    const partly = crud.check({ name: "dash", scopes: [unknown, "Bad Scope"] });
    t.deepEqual(partly.failures.map((f) => f.property), ["scopes[1]"]);

    const adoptUnknown = crud.check({ adopt: { clientId: unknown } });
    t.deepEqual(adoptUnknown.failures, []);
});

test("check reports bad settings as a failure of the whole resource, naming the key", (t) => {
    const saved = { ...process.env };
    for (const key of ["BRINGG_REGION", "BRINGG_ENDPOINT", "BRINGG_USERNAME", "BRINGG_PASSWORD"]) delete process.env[key];
    useStackConfig((key) => ({ "bringg:region": "us2", "bringg:username": "admin" })[key]);
    try {
        const { failures } = crud.check({ scopes: ["tasks_read"] });
        t.deepEqual(failures.map((f) => f.property), [""]);
        t.regex(failures[0]!.reason, /bringg:password is not set: set it with `pulumi config set --secret bringg:password/);
    } finally {
        Object.assign(process.env, saved);
        useStackConfig((key) => ({ "bringg:endpoint": "http://127.0.0.1:9", "bringg:username": "u", "bringg:password": "p" })[key]);
    }
});

const state = {
    __provider: "x",
    applicationId: 7,
    clientId: "client-7",
    clientSecret: "secret-7",
    clientSecretKnown: true,
    name: "dash",
    scopes: ["tasks_read", "users_read"],
    enabled: true,
    createdAt: "2026-01-01T00:00:00.000Z",
    schemaVersion: 1,
};

const diffs: Array<[string, Record<string, unknown>, { changes: boolean; replaces: string[] }]> = [
    ["identical inputs", { name: "dash", scopes: ["tasks_read", "users_read"], enabled: true }, { changes: false, replaces: [] }],
    ["scopes in another order, with a duplicate", { name: "dash", scopes: ["users_read", "tasks_read", "users_read"], enabled: true }, { changes: false, replaces: [] }],
    ["enabled toggled", { name: "dash", scopes: ["tasks_read", "users_read"], enabled: false }, { changes: true, replaces: [] }],
    ["a scope removed", { name: "dash", scopes: ["tasks_read"], enabled: true }, { changes: true, replaces: ["scopes"] }],
    ["a new name", { name: "dash2", scopes: ["tasks_read", "users_read"], enabled: true }, { changes: true, replaces: ["name"] }],
    ["adopting the same client id", { adopt: { clientId: "client-7" } }, { changes: false, replaces: [] }],
    ["adopting another client id", { adopt: { clientId: "client-8" } }, { changes: true, replaces: ["adopt"] }],
    ["scopes unknown in preview", { name: "dash", scopes: [unknown], enabled: true }, { changes: true, replaces: ["scopes"] }],
];
for (const [what, news, expected] of diffs) {
    test(`diff of ${what}: ${expected.replaces.length ? `replaces ${expected.replaces.join(", ")}` : expected.changes ? "updates in place" : "no change"}`, (t) => {
        const result = crud.diff(state, news);
        t.is(result.changes, expected.changes);
        t.deepEqual(result.replaces, expected.replaces);
    });
}

test("state written without a schema version (or clientSecretKnown) reads as current and does not diff", (t) => {
    const { schemaVersion: _v, clientSecretKnown: _k, ...old } = state;
    t.deepEqual(upgradeState(old), { ...upgradeState(state) });
    t.false(crud.diff(old, { name: "dash", scopes: ["tasks_read", "users_read"], enabled: true }).changes);
});

test("create, read, update and delete go through the client; delete of a gone application succeeds", async (t) => {
    await withEmulator(async (emulator, client) => {
        const created = await crud.create({ name: "dash", scopes: ["tasks_read"], enabled: true }, client);
        t.true(created.outs.enabled);
        t.true(created.outs.clientSecretKnown);
        t.is(created.outs.schemaVersion, 1);
        t.false(Object.values(created.outs).includes(undefined as never), "no undefined in outputs");

        const read = await crud.read(created.id, created.outs as any, client);
        t.deepEqual(read.props, created.outs, "refresh keeps the secret, which Bringg never lists");
        t.deepEqual(read.warnings, []);

        const updated = await crud.update(created.id, created.outs as any, { enabled: false, scopes: ["tasks_read"], name: "dash" }, client);
        t.false(updated.outs.enabled);
        t.is(updated.outs.clientSecret, created.outs.clientSecret);

        t.is(await crud.remove(created.id, updated.outs as any, client), "deleted");
        t.is(await crud.remove(created.id, updated.outs as any, client), "absent");
        const gone = await crud.read(created.id, updated.outs as any, client);
        t.is(gone.id, "");
        t.regex(gone.warnings[0]!, /application "dash" \(id \d+, client id .+\) no longer exists in Bringg/);
        t.is(emulator.control.counters().byRoute.deleteApplication, 2);
    });
});

test("refresh of many applications costs one list call", async (t) => {
    await withEmulator(async (emulator, client) => {
        const apps: crud.Created[] = [];
        for (let i = 0; i < 10; i++) apps.push(await crud.create({ name: `app-${i}`, scopes: ["tasks_read"], enabled: false }, client));
        emulator.control.resetCounters();
        const reads = await Promise.all(apps.map((app) => crud.read(app.id, app.outs as any, client)));
        t.true(reads.every((r, i) => r.id === apps[i]!.id));
        t.deepEqual(emulator.control.counters().byRoute, { listApplications: 1 });
    });
});

test("when enabling a just-created application fails, the error carries the application so the engine keeps it in state", async (t) => {
    await withEmulator(async (emulator, client) => {
        emulator.control.injectFault("enableApplication", { status: 500, times: 5 });
        const error = (await t.throwsAsync(crud.create({ name: "half", scopes: ["tasks_read"], enabled: true }, client))) as Error & {
            id?: string;
            properties?: Record<string, unknown>;
        };
        t.regex(error.message, /enableApplication for application "half" failed: POST \/oauth\/applications\/\d+\/enable returned 500/);
        t.truthy(error.id);
        t.is(error.properties?.name, "half");
        t.is(error.properties?.enabled, false);
        t.is(typeof error.properties?.clientSecret, "string", "the secret is not lost with the failure");
    });
});

test("a create whose reply is dropped yields one application and a secret that works", async (t) => {
    await withEmulator(async (emulator, client) => {
        emulator.control.injectFault("createApplication", { dropResponse: true });
        const created = await crud.create({ name: "dropped", scopes: ["tasks_read"], enabled: true }, client);
        t.is((await client.listApplications({ fresh: true })).length, 1);
        const token = await client.requestToken({ clientId: created.outs.clientId, clientSecret: created.outs.clientSecret! });
        t.truthy(token.access_token);
    });
});
