/**
 * examples/yaml, the access inventory in Pulumi YAML, through the real CLI, the YAML language host
 * and the installed native plugin, against the emulator: up, a no-change preview, an out-of-band
 * disable seen by refresh, a rotation by bumping a trigger, `pulumi import` of an application made
 * outside Pulumi, bad input refused at preview with the field named, destroy; and no secret in any
 * command's output or in `pulumi stack export`. One stack, steps in order.
 */
import test from "ava";
import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { demoCredentials } from "../../emulator/server";
import { BringgClient } from "../../provider/core/client";
import { startBringgStack, type BringgStack } from "../helpers/bringg";
import { scanForLeaks, type Secret } from "../helpers/leaks";
import { installNativePlugin, type InstalledPlugin } from "../helpers/native";
import { repoRoot, resourcesOfType, type CommandResult } from "../helpers/pulumi";

let plugin: InstalledPlugin;
let bringg: BringgStack;
/** Every CLI output of the test, except commands run with --show-secrets. */
const transcript: string[] = [];
/** Every secret the stack saw. */
const secrets: Secret[] = [{ label: "admin password", value: demoCredentials.password }];
const merchant = demoCredentials.merchantId;

async function cli(args: string[]): Promise<CommandResult> {
    const result = await bringg.stack.ok(args);
    transcript.push(result.output);
    return result;
}

function client(): BringgClient {
    return new BringgClient({ settings: { baseUrl: bringg.emulator.url, ...demoCredentials } });
}

/** The account's applications, as Bringg lists them. */
function applications() {
    return client().listApplications();
}

async function deliveredSecret(): Promise<string> {
    const file = JSON.parse(await readFile(path.join(bringg.stack.dir, "secrets", "dispatch.json"), "utf8")) as { clientSecret: string };
    return file.clientSecret;
}

test.before(async () => {
    plugin = await installNativePlugin();
    const dir = path.join(repoRoot, "test", ".programs", `yaml-${process.pid}`);
    await cp(path.join(repoRoot, "examples", "yaml"), dir, { recursive: true });
    bringg = await startBringgStack({ name: "yaml", dir, env: plugin.env });
});

test.after.always(async () => {
    await bringg?.dispose();
});

test.serial("up creates the inventory: three applications, the TTL policy and the rotation, whose secret is delivered to a file", async (t) => {
    const up = await cli(["up", "--yes", "--skip-preview"]);
    t.regex(up.output, /\+ 6 created/);
    const apps = await applications();
    t.deepEqual(apps.map((app) => [app.scopes.join(","), app.enabled]).sort(), [
        ["tasks_read", false],
        ["tasks_read,tasks_write", true],
        ["tasks_read,users_read", true],
    ]);
    t.true(
        apps.some((app) => app.name === "partner-reports"),
        "an explicit name is kept",
    );
    t.true(
        apps.some((app) => /^dashboards-[0-9a-f]{7}$/.test(app.name)),
        "a name is generated from the resource name",
    );
    const outputs = await bringg.stack.outputs();
    t.is(outputs.dashboardsClientSecret, "[secret]", "a client secret is a Pulumi secret");
    t.deepEqual(outputs.ttls, { tasks_write: 900, users_read: 7200 });
    t.is(outputs.dispatchSecretVersion, 1);
    t.regex(String(outputs.dashboardsName), /^dashboards-[0-9a-f]{7}$/, "getApplication, invoked through the plugin, finds it by client id");
    const shown = await bringg.stack.outputs({ showSecrets: true });
    secrets.push({ label: "dashboards secret", value: String(shown.dashboardsClientSecret) }, { label: "dispatch secret 1", value: await deliveredSecret() });
});

test.serial("a preview right after up shows no change", async (t) => {
    const preview = await cli(["preview", "--expect-no-changes"]);
    t.regex(preview.output, /6 unchanged/);
});

test.serial("an application disabled outside Pulumi is reported by refresh, under its resource, and enabled again by up", async (t) => {
    const { dashboardsClientId } = await bringg.stack.outputs();
    bringg.emulator.control.setEnabled(merchant, String(dashboardsClientId), false);
    const refresh = await cli(["refresh", "--yes", "--skip-preview"]);
    t.regex(refresh.output, /bringg:index:Application \(dashboards\):\s+warning: .*was disabled outside Pulumi/);
    await cli(["up", "--yes", "--skip-preview"]);
    t.true((await applications()).find((app) => app.client_id === dashboardsClientId)!.enabled);
});

test.serial("bumping the rotation trigger issues a new secret, delivered to the file; the state keeps none", async (t) => {
    const before = await deliveredSecret();
    await bringg.stack.setConfig("rotation", "2026-Q2");
    const up = await cli(["up", "--yes", "--skip-preview"]);
    t.regex(up.output, /~ 1 updated/);
    const after = await deliveredSecret();
    t.not(after, before);
    secrets.push({ label: "dispatch secret 2", value: after });
    t.is((await bringg.stack.outputs()).dispatchSecretVersion, 2);
    const { deployment } = await bringg.stack.exportState();
    const [rotation] = resourcesOfType(deployment, "bringg:index:SecretRotation");
    t.is(rotation!.outputs!.clientSecret, undefined, "keepSecretInState: false keeps the secret out of the state");
});

test.serial("pulumi import takes over an application made outside Pulumi without its secret, and the program declaring it then changes nothing", async (t) => {
    const legacy = bringg.emulator.control.createApplication(merchant, { name: "legacy-reports", scopes: ["tasks_read"] });
    secrets.push({ label: "legacy secret", value: legacy.client_secret });
    await cli(["import", "bringg:index:Application", "legacyReports", legacy.client_id, "--yes", "--protect=false"]);
    const { deployment } = await bringg.stack.exportState();
    const imported = resourcesOfType(deployment, "bringg:index:Application").find((r) => r.urn.endsWith("::legacyReports"))!;
    t.is(imported.id, String(legacy.id));
    t.like(imported.outputs, { clientId: legacy.client_id, clientSecretKnown: false, name: "legacy-reports" });
    t.is(imported.outputs!.clientSecret, undefined, "Bringg shows a secret once: the state holds none");
    const program = await readFile(path.join(bringg.stack.dir, "Pulumi.yaml"), "utf8");
    await writeFile(
        path.join(bringg.stack.dir, "Pulumi.yaml"),
        program.replace(
            "resources:\n",
            "resources:\n  legacyReports:\n    type: bringg:index:Application\n    properties:\n      name: legacy-reports\n      scopes: [tasks_read]\n      enabled: false\n",
        ),
    );
    const preview = await cli(["preview", "--expect-no-changes"]);
    t.regex(preview.output, /7 unchanged/);
});

test.serial("bad input fails preview naming the resource, the field and the fix, as the dynamic resources do", async (t) => {
    const program = await readFile(path.join(bringg.stack.dir, "Pulumi.yaml"), "utf8");
    await writeFile(path.join(bringg.stack.dir, "Pulumi.yaml"), program.replace("scopes: [tasks_read, tasks_write]", "scopes: [tasks_read, tasks_wirte]"));
    const preview = await bringg.stack.run(["preview"]);
    transcript.push(preview.output);
    t.not(preview.code, 0);
    t.regex(
        preview.output,
        /bringg:index:Application \(dispatch\):\s+error: .*scopes\[1\].*"tasks_wirte" is not a scope of this Bringg account; did you mean tasks_write/,
    );
    await writeFile(path.join(bringg.stack.dir, "Pulumi.yaml"), program);
});

test.serial("the stack's pulumi:autonaming pattern names a new application", async (t) => {
    const program = await readFile(path.join(bringg.stack.dir, "Pulumi.yaml"), "utf8");
    await writeFile(
        path.join(bringg.stack.dir, "Pulumi.yaml"),
        program.replace("resources:\n", "resources:\n  auditExport:\n    type: bringg:index:Application\n    properties:\n      scopes: [tasks_read]\n"),
    );
    // Pulumi's pattern syntax, not a template: the placeholders are written with the dollar sign apart.
    await bringg.stack.ok(["config", "set", "--path", "pulumi:autonaming.pattern", ["$", "{project}-", "$", "{name}"].join("")]);
    const preview = await cli(["preview", "--diff"]);
    t.regex(preview.output, /name\s*: "bringg-access-inventory-auditExport"/);
    await bringg.stack.ok(["config", "rm", "--path", "pulumi:autonaming"]);
    await writeFile(path.join(bringg.stack.dir, "Pulumi.yaml"), program);
});

test.serial("destroy deletes every application and restores the TTL defaults; no secret appeared in any output or in the state", async (t) => {
    const { raw } = await bringg.stack.exportState();
    transcript.push(raw);
    await cli(["destroy", "--yes", "--skip-preview"]);
    t.deepEqual(await applications(), []);
    const scopes = await client().listScopes();
    t.deepEqual(
        scopes.filter((scope) => scope.ttl !== scope.default_ttl).map((scope) => scope.name),
        [],
        "no override is left",
    );
    const hits = await scanForLeaks(secrets, [{ label: "CLI output and stack export", text: transcript.join("\n") }]);
    t.deepEqual(hits, []);
});
