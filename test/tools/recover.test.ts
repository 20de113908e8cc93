/**
 * `pulumi-bringg recover`: the state repair after a killed `pulumi up` (provider/tools/recover.ts)
 * on exports shaped like the CLI's, and the repaired pending create settled by the Application's
 * own update against the emulator. The whole path through the real CLI, with the kill, is
 * test/soak/kill.test.ts.
 */
import test from "ava";
import { setTimeout as sleep } from "node:timers/promises";
import { demoCredentials } from "../../emulator/server";
import * as crud from "../../provider/application/crud";
import { formatRecovery, recoverState } from "../../provider/tools/recover";
import { withEmulator } from "../helpers/deps";

const appType = "pulumi-nodejs:dynamic/bringg:Application";
const ttlType = "pulumi-nodejs:dynamic/bringg:ScopeTtls";
const urn = (type: string, name: string) => `urn:pulumi:dev::shop::${type}::${name}`;
const providerText = "exports.handler = require('pulumi-bringg/dist/provider/core/shim')";

function exportOf(resources: unknown[], pending: unknown[]): string {
    return JSON.stringify({
        version: 3,
        deployment: { manifest: { time: "t" }, secrets_providers: { type: "passphrase" }, resources, pending_operations: pending },
    });
}

const managed = {
    urn: urn(appType, "billing"),
    custom: true,
    type: appType,
    id: "7",
    inputs: { name: "billing-1a2b3c4", scopes: ["tasks_read"] },
    outputs: {},
};
/** An application of the same stack in account "eu": its id is another merchant's numbering. */
const managedInEu = {
    urn: urn(appType, "eu-app"),
    custom: true,
    type: appType,
    id: "9",
    inputs: { account: "eu" },
    outputs: { account: "eu", applicationId: 9 },
};
const creating = (name: string, inputs: Record<string, unknown>) => ({
    type: "creating",
    resource: {
        urn: urn(appType, name),
        custom: true,
        type: appType,
        inputs: { __provider: providerText, __uniqueName: true, ...inputs },
        parent: "urn:stack",
    },
});

test("an interrupted application create is kept as a pending create of its name and scopes, excluding the applications the stack manages", (t) => {
    const recovery = recoverState(
        exportOf([managed, managedInEu], [creating("dashboards", { name: "dashboards-9f8e7d6", scopes: ["tasks_write", "tasks_read"], account: "eu" })]),
    );
    t.deepEqual(recovery.interrupted, [{ urn: urn(appType, "dashboards"), operation: "creating", outcome: "kept", name: "dashboards-9f8e7d6" }]);
    const deployment = JSON.parse(recovery.text).deployment;
    t.is(deployment.pending_operations, undefined);
    t.deepEqual(deployment.secrets_providers, { type: "passphrase" }, "the rest of the export is kept");
    const kept = deployment.resources[2];
    t.like(kept, { urn: urn(appType, "dashboards"), id: "pending:dashboards-9f8e7d6", parent: "urn:stack", custom: true });
    t.like(kept.outputs, {
        name: "dashboards-9f8e7d6",
        scopes: ["tasks_read", "tasks_write"],
        account: "eu",
        __provider: providerText,
        clientSecretKnown: false,
    });
    t.deepEqual(kept.outputs.pendingCreate, { name: "dashboards-9f8e7d6", scopes: ["tasks_read", "tasks_write"], existing: [9] });
    t.deepEqual(kept.inputs, {
        __provider: providerText,
        __uniqueName: true,
        name: "dashboards-9f8e7d6",
        scopes: ["tasks_write", "tasks_read"],
        account: "eu",
    });
});

test("an interrupted create of an explicitly named application, or of one whose name is secret, is dropped and the report says to look for an orphan", (t) => {
    const secretName = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:abc" };
    const recovery = recoverState(
        exportOf(
            [managed],
            [
                creating("billing", { name: "billing", scopes: ["tasks_read"], __uniqueName: false }),
                creating("hidden", { name: secretName, scopes: ["tasks_read"] }),
            ],
        ),
    );
    t.deepEqual(
        recovery.interrupted.map((i) => [i.outcome, i.name]),
        [
            ["check", "billing"],
            ["check", undefined],
        ],
    );
    t.deepEqual(JSON.parse(recovery.text).deployment.resources, [managed]);
    t.regex(formatRecovery(recovery.interrupted, true), /CHECK {4}\S+::billing: the create of application "billing" was dropped[\s\S]*pulumi-bringg orphans/);
});

test("other interrupted operations are dropped: creates of other kinds, adoptions, updates and deletes", (t) => {
    const ttls = { urn: urn(ttlType, "ttls"), custom: true, type: ttlType, inputs: { ttls: {} } };
    const recovery = recoverState(
        exportOf(
            [managed],
            [
                { type: "creating", resource: ttls },
                creating("ui", { adopt: { clientId: "abc" } }),
                { type: "updating", resource: managed },
                { type: "deleting", resource: managed },
            ],
        ),
    );
    t.deepEqual(
        recovery.interrupted.map((i) => `${i.operation} ${i.outcome}`),
        ["creating dropped", "creating dropped", "updating dropped", "deleting dropped"],
    );
    const deployment = JSON.parse(recovery.text).deployment;
    t.deepEqual(deployment.resources, [managed]);
    t.is(deployment.pending_operations, undefined);
    t.regex(
        formatRecovery(recovery.interrupted, true),
        /4 interrupted operation\(s\)[\s\S]*dropped {2}urn:pulumi:dev::shop::pulumi-nodejs:dynamic\/bringg:ScopeTtls::ttls \(creating\)[\s\S]*Now run `pulumi up`/,
    );
});

test("an interrupted replacement is kept after the resource it replaces, which is marked for deletion", (t) => {
    const recovery = recoverState(
        exportOf([managed, { urn: "urn:after", type: ttlType }], [creating("billing", { name: "billing-5e6f7a8", scopes: ["tasks_write"] })]),
    );
    const resources = JSON.parse(recovery.text).deployment.resources;
    t.deepEqual(
        resources.map((r: { urn: string; id?: string; delete?: boolean }) => `${r.id ?? r.urn}${r.delete ? " delete" : ""}`),
        ["7 delete", "pending:billing-5e6f7a8", "urn:after"],
    );
});

test("a state with nothing interrupted is left as it is, and text that is no export is refused naming the command", (t) => {
    const recovery = recoverState(exportOf([managed], []));
    t.deepEqual(recovery.interrupted, []);
    t.regex(formatRecovery([], true), /nothing to recover/);
    t.throws(() => recoverState("{}", "`pulumi stack export`"), { message: /`pulumi stack export` has no "deployment"/ });
    t.throws(() => recoverState("nope"), { message: /is not JSON/ });
});

test("the kept pending create is settled by the next update: Bringg's application is taken over with a new secret, and none is made", async (t) => {
    await withEmulator(async (emulator, deps) => {
        const made = emulator.control.createApplication(demoCredentials.merchantId, { name: "dashboards-9f8e7d6", scopes: ["tasks_read"] });
        const recovery = recoverState(exportOf([], [creating("dashboards", { name: "dashboards-9f8e7d6", scopes: ["tasks_read"] })]));
        const kept = JSON.parse(recovery.text).deployment.resources[0];
        t.true(crud.diff(kept.id, kept.outputs, { name: "dashboards-9f8e7d6", scopes: ["tasks_read"] }).changes);
        const written = await crud.update(kept.id, kept.outputs, { ...kept.inputs, enabled: true }, deps);
        t.is(written.outs.applicationId, made.id);
        const apps = await deps.client().listApplications({ fresh: true });
        t.deepEqual(
            apps.map((a) => [a.id, a.enabled]),
            [[made.id, true]],
        );
        await t.notThrowsAsync(deps.client().requestToken({ clientId: made.client_id, clientSecret: String(written.outs.clientSecret) }));
    });
});

test("a kept pending create whose application arrives late (the killed command's call) is taken over when it appears, not created again", async (t) => {
    await withEmulator(async (emulator, deps) => {
        const recovery = recoverState(exportOf([], [creating("late", { name: "late-1b2c3d4", scopes: ["tasks_read"] })]));
        const kept = JSON.parse(recovery.text).deployment.resources[0];
        // Arrives 100 ms into the update, within the tests' 300 ms late-write window.
        const arrival = setTimeout(() => emulator.control.createApplication(demoCredentials.merchantId, { name: "late-1b2c3d4", scopes: ["tasks_read"] }), 100);
        try {
            const written = await crud.update(kept.id, kept.outputs, kept.inputs, deps);
            await sleep(200); // past the arrival, whatever the update did
            const apps = await deps.client().listApplications({ fresh: true });
            t.is(apps.length, 1);
            t.is(written.outs.applicationId, apps[0]!.id);
        } finally {
            clearTimeout(arrival);
        }
    });
});
