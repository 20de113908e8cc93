/**
 * The Application logic without Pulumi: check and diff (pure), and create/read/update/delete
 * against the emulator, including the failure paths that the CLI tests cannot stage cheaply.
 */
import test from "ava";
import * as pulumi from "@pulumi/pulumi";
import { demoCredentials } from "../../emulator/server";
import * as crud from "../../provider/application/crud";
import { pendingState, upgradeState } from "../../provider/application/mapping";
import { unknownValue as unknown } from "../../provider/core/check";
import type { Written } from "../../provider/core/contract";
import { contextOf, withEmulator } from "../helpers/deps";

/** The settings problems of a provider context with complete settings. */
const { settingsProblems } = contextOf({
    "bringg:endpoint": "http://127.0.0.1:9",
    "bringg:username": demoCredentials.username,
    "bringg:password": demoCredentials.password,
});

test("the unknown placeholder the checks let through is the SDK's own", (t) => {
    t.is(unknown, pulumi.runtime.unknownValue);
});

test("check normalizes scopes to a sorted set, trims the name and defaults enabled to Bringg's false", (t) => {
    const { inputs, failures } = crud.checkLocally(
        {},
        { __provider: "x", name: "  dash  ", scopes: ["users_read", "tasks_read", "users_read"] },
        { settingsProblems },
    );
    t.deepEqual(failures, []);
    t.deepEqual(inputs, { name: "dash", scopes: ["tasks_read", "users_read"], enabled: false });
});

test("check leaves an adopted application's enabled alone when the program does not set it", (t) => {
    const { inputs } = crud.checkLocally({}, { adopt: { clientId: "abc" } }, { settingsProblems });
    t.deepEqual(inputs, { adopt: { clientId: "abc" } });
});

test("check reports every bad field at once", (t) => {
    const { failures } = crud.checkLocally({}, { name: "", scopes: ["ok_scope", "Bad Scope"], enabled: "yes", colour: "red" }, { settingsProblems });
    t.deepEqual(failures.map((f) => f.property).sort(), ["colour", "enabled", "name", "scopes[1]"]);
});

test("check does not judge values that are unknown during preview, but judges the known ones", (t) => {
    const allUnknown = crud.checkLocally({}, { name: unknown, scopes: unknown, enabled: unknown }, { settingsProblems });
    t.deepEqual(allUnknown.failures, []);
    t.deepEqual(allUnknown.inputs, { name: unknown, scopes: unknown, enabled: unknown });

    const partly = crud.checkLocally({}, { name: "dash", scopes: [unknown, "Bad Scope"] }, { settingsProblems });
    t.deepEqual(
        partly.failures.map((f) => f.property),
        ["scopes[1]"],
    );

    const adoptUnknown = crud.checkLocally({}, { adopt: { clientId: unknown } }, { settingsProblems });
    t.deepEqual(adoptUnknown.failures, []);
});

test("check reports bad settings as a failure of the whole resource, naming the key", (t) => {
    // No BRINGG_* environment: the password is missing.
    const incomplete = contextOf({ "bringg:region": "us2", "bringg:username": "admin" }, {});
    const { failures } = crud.checkLocally({}, { scopes: ["tasks_read"] }, { settingsProblems: incomplete.settingsProblems });
    t.deepEqual(
        failures.map((f) => f.property),
        [""],
    );
    t.regex(failures[0]!.reason, /bringg:password is not set: set it with `pulumi config set --secret bringg:password/);
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
    [
        "scopes in another order, with a duplicate",
        { name: "dash", scopes: ["users_read", "tasks_read", "users_read"], enabled: true },
        { changes: false, replaces: [] },
    ],
    ["enabled toggled", { name: "dash", scopes: ["tasks_read", "users_read"], enabled: false }, { changes: true, replaces: [] }],
    ["a scope removed", { name: "dash", scopes: ["tasks_read"], enabled: true }, { changes: true, replaces: ["scopes"] }],
    ["a new name", { name: "dash2", scopes: ["tasks_read", "users_read"], enabled: true }, { changes: true, replaces: ["name"] }],
    ["adopting the same client id", { adopt: { clientId: "client-7" } }, { changes: false, replaces: [] }],
    ["adopting another client id", { adopt: { clientId: "client-8" } }, { changes: true, replaces: ["adopt"] }],
    ["scopes unknown in preview", { name: "dash", scopes: [unknown], enabled: true }, { changes: true, replaces: ["scopes"] }],
];
for (const [what, news, expected] of diffs) {
    test(`diff of ${what}: ${expected.replaces.length ? `replaces ${expected.replaces.join(", ")}` : expected.changes ? "updates in place" : "no change"}`, (t) => {
        const result = crud.diff("7", state, news);
        t.is(result.changes, expected.changes);
        t.deepEqual(result.replaces, expected.replaces);
    });
}

test("state written without a schema version (or clientSecretKnown) reads as current and does not diff", (t) => {
    const { schemaVersion: _v, clientSecretKnown: _k, ...old } = state;
    t.deepEqual(upgradeState(old), { ...upgradeState(state) });
    t.false(crud.diff("7", old, { name: "dash", scopes: ["tasks_read", "users_read"], enabled: true }).changes);
});

test("create, read, update and delete go through the client; delete of a gone application succeeds", async (t) => {
    await withEmulator(async (emulator, deps) => {
        const created = await crud.create({ name: "dash", scopes: ["tasks_read"], enabled: true }, deps);
        t.true(created.outs.enabled);
        t.true(created.outs.clientSecretKnown);
        t.is(created.outs.schemaVersion, 1);
        t.false(Object.values(created.outs).includes(undefined as never), "no undefined in outputs");

        const read = await crud.read(created.id, created.outs, deps);
        t.deepEqual(read.props, created.outs, "refresh keeps the secret, which Bringg never lists");
        t.deepEqual(read.warnings, []);

        const updated = await crud.update(created.id, created.outs, { enabled: false, scopes: ["tasks_read"], name: "dash" }, deps);
        t.false(updated.outs.enabled);
        t.is(updated.outs.clientSecret, created.outs.clientSecret);

        t.is(await crud.remove(created.id, updated.outs, deps), "deleted");
        t.is(await crud.remove(created.id, updated.outs, deps), "absent");
        const gone = await crud.read(created.id, updated.outs, deps);
        t.is(gone.id, "");
        t.regex(gone.warnings[0]!, /application "dash" \(id \d+, client id .+\) no longer exists in Bringg/);
        t.is(emulator.control.counters().byRoute.deleteApplication, 2);
    });
});

test("refresh of many applications costs one list call", async (t) => {
    await withEmulator(async (emulator, deps) => {
        const apps: Written[] = [];
        for (let i = 0; i < 10; i++) apps.push(await crud.create({ name: `app-${i}`, scopes: ["tasks_read"], enabled: false }, deps));
        emulator.control.resetCounters();
        const reads = await Promise.all(apps.map((app) => crud.read(app.id, app.outs, deps)));
        t.true(reads.every((r, i) => r.id === apps[i]!.id));
        t.deepEqual(emulator.control.counters().byRoute, { listApplications: 1 });
    });
});

test("when enabling a just-created application fails, the error carries the application so the engine keeps it in state", async (t) => {
    await withEmulator(async (emulator, deps) => {
        emulator.control.injectFault("enableApplication", { status: 500, times: 5 });
        const error = (await t.throwsAsync(crud.create({ name: "half", scopes: ["tasks_read"], enabled: true, __provider: "shim" }, deps))) as Error & {
            id?: string;
            properties?: Record<string, unknown>;
        };
        t.regex(error.message, /enableApplication for application "half" failed: POST \/oauth\/applications\/\d+\/enable returned 500/);
        t.truthy(error.id);
        t.is(error.properties?.name, "half");
        t.is(error.properties?.enabled, false);
        const kept = error.properties?.clientSecret as { value?: unknown } | undefined;
        t.is(typeof kept?.value, "string", "the secret is not lost with the failure (wrapped as a Pulumi secret)");
        t.is(error.properties?.__provider, "shim", "partial state carries the provider");
    });
});

test("a create whose reply is dropped yields one application and a secret that works", async (t) => {
    await withEmulator(async (emulator, deps) => {
        emulator.control.injectFault("createApplication", { dropResponse: true });
        const created = await crud.create({ name: "dropped", scopes: ["tasks_read"], enabled: true }, deps);
        t.is((await deps.client().listApplications({ fresh: true })).length, 1);
        const token = await deps.client().requestToken({ clientId: created.outs.clientId as string, clientSecret: created.outs.clientSecret as string });
        t.truthy(token.access_token);
    });
});

test("a create that cannot be confirmed is recorded as pending, and the next update takes the application over without a second one", async (t) => {
    await withEmulator(async (emulator, deps) => {
        emulator.control.injectFault("createApplication", { dropResponse: true });
        emulator.control.injectFault("listApplications", { status: 500, times: 20 });
        const inputs = { name: "dash-3f9a2c1", scopes: ["tasks_read"], enabled: true, __uniqueName: true, __provider: "shim" };
        const error = (await t.throwsAsync(crud.create(inputs, deps))) as Error & { id?: string; properties?: Record<string, unknown> };
        t.is(error.id, "pending:dash-3f9a2c1");
        t.deepEqual(error.properties?.pendingCreate, { name: "dash-3f9a2c1", scopes: ["tasks_read"], existing: [] });
        t.is(error.properties?.__provider, "shim");
        emulator.control.clearFaults();

        const pending = error.properties!;
        t.true(crud.diff(error.id!, pending, inputs).changes, "the next up settles it");
        const refreshed = await crud.read(error.id!, pending, deps);
        t.is(refreshed.props?.pendingCreate !== undefined, true, "refresh keeps it pending: settling issues a secret, which is up's job");
        t.regex(refreshed.warnings[0]!, /a create was not confirmed \(Bringg lists 1 \(id \d+\)\)/);

        const settled = await crud.update(error.id!, pending, inputs, deps);
        t.is(settled.outs.pendingCreate, undefined);
        t.true(settled.outs.enabled);
        const all = await deps.client().listApplications({ fresh: true });
        t.deepEqual(
            all.map((a) => a.id),
            [settled.outs.applicationId],
        );
        t.truthy(await deps.client().requestToken({ clientId: settled.outs.clientId as string, clientSecret: settled.outs.clientSecret as string }));
        t.is(await crud.remove(error.id!, settled.outs, deps), "deleted");
    });
});

test("a pending create that never happened is created by the next update, and a pending delete finds nothing to delete", async (t) => {
    await withEmulator(async (emulator, deps) => {
        const pending = { ...pendingState({ name: "ghost-1a2b3c4", scopes: ["tasks_read"], existing: [] }) };
        t.is(await crud.remove("pending:ghost-1a2b3c4", pending, deps), "absent");
        const settled = await crud.update("pending:ghost-1a2b3c4", pending, { name: "ghost-1a2b3c4", scopes: ["tasks_read"], enabled: false }, deps);
        t.is(settled.outs.name, "ghost-1a2b3c4");
        t.is(emulator.control.counters().byRoute.createApplication, 1);
    });
});

test("read without state (pulumi import) finds the application by client id or numeric id: its state without a secret, and inputs that describe it", async (t) => {
    await withEmulator(async (emulator, deps) => {
        const app = emulator.control.createApplication(demoCredentials.merchantId, { name: "legacy", scopes: ["users_read", "tasks_read"] });
        const byClientId = await crud.read(app.client_id, {}, deps);
        t.is(byClientId.id, String(app.id));
        t.like(byClientId.props, { applicationId: app.id, clientId: app.client_id, clientSecretKnown: false, name: "legacy", enabled: false });
        t.false("clientSecret" in byClientId.props!, "Bringg shows a secret once: an import has none");
        t.deepEqual(byClientId.inputs, { name: "legacy", scopes: ["tasks_read", "users_read"], enabled: false });
        t.deepEqual((await crud.read(String(app.id), {}, deps)).props, byClientId.props, "the numeric id finds the same application");
        const missing = await t.throwsAsync(crud.read("no-such-client", {}, deps));
        t.regex(missing!.message, /^Application import "no-such-client": Bringg lists no application .*Fix: give the client id/);
    });
});
