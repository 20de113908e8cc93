/**
 * Adopting an application made in Bringg's web UI (Pulumi's import cannot work for dynamic
 * resources), and inputs that stay unknown during preview, through the real CLI.
 */
import test from "ava";
import { demoCredentials, startEmulator, type RunningEmulator } from "../../emulator/server";
import { BringgClient } from "../../provider/core/client";
import { resourcesOfType, type TestStack } from "../helpers/pulumi";
import { startBringgStack } from "../helpers/bringg";

let emulator: RunningEmulator;
let stack: TestStack;
let dispose: (() => Promise<void>) | undefined;
let uiApp: { client_id: string; client_secret: string; id: number };

function program(adopted: string, extra = ""): string {
    return `
import * as pulumi from "@pulumi/pulumi";
import * as bringg from "pulumi-bringg";
const clientId = new pulumi.Config().require("adoptClientId");
const legacy = new bringg.Application("legacy", { adopt: { clientId }${adopted} });
// Name and scopes known only after legacy exists: unknown during the first preview.
const derived = new bringg.Application("derived", {
    name: legacy.name.apply((name) => name + "-copy"),
    scopes: [legacy.clientId.apply(() => "tasks_read")],
});
${extra}
export const name = legacy.name;
export const scopes = legacy.scopes;
export const enabled = legacy.enabled;
export const clientSecretKnown = legacy.clientSecretKnown;
export const clientSecret = legacy.clientSecret;
export const derivedName = derived.name;
`;
}

function client(): BringgClient {
    return new BringgClient({ settings: { baseUrl: emulator.url, ...demoCredentials } });
}

test.before(async () => {
    emulator = await startEmulator({ port: 0 });
    uiApp = emulator.control.createApplication(demoCredentials.merchantId, {
        name: "legacy-integration",
        scopes: ["users_read", "tasks_read"],
    });
    emulator.control.setEnabled(demoCredentials.merchantId, uiApp.client_id, true);
    ({ emulator, stack, dispose } = await startBringgStack({
        name: "app-adopt",
        program: program(""),
        config: {
            adoptClientId: uiApp.client_id,
        },
        emulator,
    }));
});

test.after.always(async () => {
    // The emulator was started first, to seed it: stop it even when the stack was not created.
    await (dispose ? dispose() : emulator?.stop());
});

test.serial("up adopts the UI's application without creating one, leaves it enabled, and says its secret is unknown", async (t) => {
    const up = await stack.ok(["up", "--yes"]);
    t.regex(up.output, /\+ 3 created/);
    const counters = emulator.control.counters().byRoute;
    t.is(counters.createApplication, 1, "only the derived application was created");
    t.is(counters.enableApplication, undefined, "the adopted application was left as found");
    t.is(counters.disableApplication, undefined);

    const out = (await stack.outputs({ showSecrets: true })) as Record<string, unknown>;
    t.is(out.name, "legacy-integration");
    t.deepEqual(out.scopes, ["tasks_read", "users_read"]);
    t.is(out.enabled, true);
    t.is(out.clientSecretKnown, false);
    t.is(out.clientSecret, undefined);
    t.is(out.derivedName, "legacy-integration-copy", "inputs unknown at preview were checked at apply");
    t.is((await client().listApplications()).length, 2);
});

test.serial("preview of the adopted application shows no changes and calls nothing", async (t) => {
    emulator.control.resetCounters();
    await stack.ok(["preview", "--expect-no-changes"]);
    t.is(emulator.control.counters().total, 0);
});

test.serial("an adopted application is managed: disabling it in the program updates it in place", async (t) => {
    await stack.setProgram(program(", enabled: false"));
    emulator.control.resetCounters();
    const up = await stack.ok(["up", "--yes", "--skip-preview"]);
    t.regex(up.output, /~ 1 updated/);
    t.deepEqual(emulator.control.counters().byRoute, { disableApplication: 1 });
    t.false((await client().findApplication({ clientId: uiApp.client_id }))?.enabled);
});

test.serial("adopting with scopes that differ from Bringg's fails, saying what Bringg has and how to fix it", async (t) => {
    const other = emulator.control.createApplication(demoCredentials.merchantId, { name: "other", scopes: ["tasks_read"] });
    await stack.setConfig("otherClientId", other.client_id);
    await stack.setProgram(
        program(
            ", enabled: false",
            `new bringg.Application("wrong", { adopt: { clientId: new pulumi.Config().require("otherClientId") }, scopes: ["users_read"] });`,
        ),
    );
    const up = await stack.run(["up", "--yes", "--skip-preview"]);
    t.not(up.code, 0);
    t.regex(
        up.output,
        /adopt of application "other" \(client id [\w-]+\): it does not match the program: its scopes are \["tasks_read"\], not \["users_read"\]\. Fix: Bringg cannot change an application's name or scopes/,
    );
});

test.serial("adopting a client id Bringg does not know fails with where to find the right one", async (t) => {
    await stack.setProgram(program(", enabled: false", `new bringg.Application("missing", { adopt: { clientId: "no-such-client" } });`));
    const up = await stack.run(["up", "--yes", "--skip-preview"]);
    t.not(up.code, 0);
    t.regex(
        up.output,
        /adopt of application \(client id no-such-client\): no application with this client id exists for this merchant\. Fix: copy the client id from Bringg/,
    );
});

test.serial("destroy deletes adopted applications too: once adopted, Pulumi owns them", async (t) => {
    await stack.setProgram(program(", enabled: false"));
    await stack.ok(["destroy", "--yes", "--skip-preview"]);
    const remaining = (await client().listApplications()).map((a) => a.name);
    t.deepEqual(remaining, ["other"]);
    const { deployment } = await stack.exportState();
    t.is(resourcesOfType(deployment, "bringg:Application").length, 0);
});
