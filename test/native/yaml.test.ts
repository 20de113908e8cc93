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
import { startBringgStack } from "../helpers/bringg";
import { InventoryRun } from "../helpers/inventory";
import { installNativePlugin } from "../helpers/native";
import { repoRoot, resourcesOfType } from "../helpers/pulumi";

let inventory: InventoryRun;
const merchant = demoCredentials.merchantId;

/** The program file of the stack. */
const programFile = () => path.join(inventory.bringg.stack.dir, "Pulumi.yaml");

test.before(async () => {
    const plugin = await installNativePlugin();
    const dir = path.join(repoRoot, "test", ".programs", `yaml-${process.pid}`);
    await cp(path.join(repoRoot, "examples", "yaml"), dir, { recursive: true });
    inventory = new InventoryRun(await startBringgStack({ name: "yaml", dir, env: plugin.env }));
});

test.after.always(async () => {
    await inventory?.bringg.dispose();
});

test.serial("up creates the inventory: three applications, the TTL policy and the rotation, whose secret is delivered to a file", async (t) => {
    const outputs = await inventory.up(t);
    t.regex(String(outputs.dashboardsName), /^dashboards-[0-9a-f]{7}$/, "getApplication, invoked through the plugin, finds it by client id");
});

test.serial("a preview right after up shows no change", (t) => inventory.noChange(t));

test.serial("an application disabled outside Pulumi is reported by refresh, under its resource, and enabled again by up", async (t) => {
    const { dashboardsClientId } = await inventory.bringg.stack.outputs();
    inventory.bringg.emulator.control.setEnabled(merchant, String(dashboardsClientId), false);
    const refresh = await inventory.cli(["refresh", "--yes", "--skip-preview"]);
    t.regex(refresh.output, /bringg:index:Application \(dashboards\):\s+warning: .*was disabled outside Pulumi/);
    await inventory.cli(["up", "--yes", "--skip-preview"]);
    t.true((await inventory.client().listApplications()).find((app) => app.client_id === dashboardsClientId)!.enabled);
});

test.serial("bumping the rotation trigger issues a new secret, delivered to the file; the state keeps none", (t) => inventory.rotate(t));

test.serial("pulumi import takes over an application made outside Pulumi without its secret, and the program declaring it then changes nothing", async (t) => {
    const legacy = inventory.bringg.emulator.control.createApplication(merchant, { name: "legacy-reports", scopes: ["tasks_read"] });
    inventory.secrets.push({ label: "legacy secret", value: legacy.client_secret });
    await inventory.cli(["import", "bringg:index:Application", "legacyReports", legacy.client_id, "--yes", "--protect=false"]);
    const { deployment } = await inventory.bringg.stack.exportState();
    const imported = resourcesOfType(deployment, "bringg:index:Application").find((r) => r.urn.endsWith("::legacyReports"))!;
    t.is(imported.id, String(legacy.id));
    t.like(imported.outputs, { clientId: legacy.client_id, clientSecretKnown: false, name: "legacy-reports" });
    t.is(imported.outputs!.clientSecret, undefined, "Bringg shows a secret once: the state holds none");
    const program = await readFile(programFile(), "utf8");
    await writeFile(
        programFile(),
        program.replace(
            "resources:\n",
            "resources:\n  legacyReports:\n    type: bringg:index:Application\n    properties:\n      name: legacy-reports\n      scopes: [tasks_read]\n      enabled: false\n",
        ),
    );
    await inventory.noChange(t, 7);
});

test.serial("bad input fails preview naming the resource, the field and the fix, as the dynamic resources do", async (t) => {
    const program = await readFile(programFile(), "utf8");
    await writeFile(programFile(), program.replace("scopes: [tasks_read, tasks_write]", "scopes: [tasks_read, tasks_wirte]"));
    const preview = await inventory.bringg.stack.run(["preview"]);
    inventory.transcript.push(preview.output);
    t.not(preview.code, 0);
    t.regex(
        preview.output,
        /bringg:index:Application \(dispatch\):\s+error: .*scopes\[1\].*"tasks_wirte" is not a scope of this Bringg account; did you mean tasks_write/,
    );
    await writeFile(programFile(), program);
});

test.serial("the stack's pulumi:autonaming pattern names a new application", async (t) => {
    const program = await readFile(programFile(), "utf8");
    await writeFile(
        programFile(),
        program.replace("resources:\n", "resources:\n  auditExport:\n    type: bringg:index:Application\n    properties:\n      scopes: [tasks_read]\n"),
    );
    // Pulumi's pattern syntax, not a template: the placeholders are written with the dollar sign apart.
    await inventory.bringg.stack.ok(["config", "set", "--path", "pulumi:autonaming.pattern", ["$", "{project}-", "$", "{name}"].join("")]);
    const preview = await inventory.cli(["preview", "--diff"]);
    t.regex(preview.output, /name\s*: "bringg-access-inventory-auditExport"/);
    await inventory.bringg.stack.ok(["config", "rm", "--path", "pulumi:autonaming"]);
    await writeFile(programFile(), program);
});

test.serial("destroy deletes every application and restores the TTL defaults; no secret appeared in any output or in the state", (t) =>
    inventory.destroyWithoutLeaks(t),
);
