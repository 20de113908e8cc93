/**
 * Moving a stack from the dynamic resources to the native plugin, as docs/native-provider.md shows
 * it: the program swaps each class for the native type, with an alias naming the dynamic type; the
 * next `pulumi up` changes nothing in Bringg (no create, replace or delete: the same applications,
 * secrets and overrides), a refresh then drops the dynamic provider's code from the state, and
 * the native provider destroys what the dynamic one created. The native types are declared here as
 * the generated SDK declares them (`pulumi.CustomResource` with the type token), so the program
 * runs inside the repository like the other real-CLI tests.
 */
import test from "ava";
import { demoCredentials } from "../../emulator/server";
import { BringgClient } from "../../provider/core/client";
import { startBringgStack, type BringgStack } from "../helpers/bringg";
import { installNativePlugin } from "../helpers/native";
import { resourcesOfType } from "../helpers/pulumi";

let bringg: BringgStack;

const dynamicProgram = `
import * as bringg from "pulumi-bringg";
const app = new bringg.Application("dashboards", { scopes: ["tasks_read"], enabled: true });
const policy = new bringg.ScopeTtls("ttl-policy", { ttls: { tasks_write: "15m" } });
const secret = new bringg.SecretRotation("dashboards-secret", { application: app, triggers: { quarter: "2026-Q4" } });
export const clientId = secret.clientId;
export const fingerprint = secret.fingerprint;
`;

/** The same program on the native plugin: each resource aliased to its dynamic type. */
const nativeProgram = `
import * as pulumi from "@pulumi/pulumi";
/** What the generated SDK's classes are: a custom resource of the package's type token. */
function nativeResource(type: string) {
    return class extends pulumi.CustomResource {
        constructor(name: string, args: Record<string, unknown>, outputs: string[], opts: pulumi.CustomResourceOptions = {}) {
            super(\`bringg:index:\${type}\`, name, { ...Object.fromEntries(outputs.map((key) => [key, undefined])), ...args }, opts);
        }
    };
}
const moved = (type: string): pulumi.CustomResourceOptions => ({ aliases: [{ type: \`pulumi-nodejs:dynamic/bringg:\${type}\` }] });
const app = new (nativeResource("Application"))("dashboards", { scopes: ["tasks_read"], enabled: true }, ["clientId"], moved("Application"));
new (nativeResource("ScopeTtls"))("ttl-policy", { ttls: { tasks_write: "15m" } }, [], moved("ScopeTtls"));
const secret = new (nativeResource("SecretRotation"))(
    "dashboards-secret",
    { clientId: (app as unknown as { clientId: pulumi.Output<string> }).clientId, triggers: { quarter: "2026-Q4" } },
    ["clientId", "fingerprint"],
    moved("SecretRotation"),
) as unknown as { clientId: pulumi.Output<string>; fingerprint: pulumi.Output<string> };
export const clientId = secret.clientId;
export const fingerprint = secret.fingerprint;
`;

function client(): BringgClient {
    return new BringgClient({ settings: { baseUrl: bringg.emulator.url, ...demoCredentials } });
}

test.before(async () => {
    const plugin = await installNativePlugin();
    bringg = await startBringgStack({ name: "migrate", program: dynamicProgram, env: plugin.env });
});

test.after.always(async () => {
    await bringg?.dispose();
});

test.serial(
    "a stack of dynamic resources moves to the native plugin with aliases: no change in Bringg, then the native provider manages and destroys it",
    async (t) => {
        await bringg.stack.ok(["up", "--yes", "--skip-preview"]);
        const before = await bringg.stack.outputs();
        const [app] = await client().listApplications();

        await bringg.stack.setProgram(nativeProgram);
        const preview = await bringg.stack.ok(["preview", "--diff"]);
        t.notRegex(preview.output, /\b(create|replace|delete)\b/, "nothing is created, replaced or deleted");
        await bringg.stack.ok(["up", "--yes", "--skip-preview"]);
        t.deepEqual(await bringg.stack.outputs(), before, "the same client id and secret fingerprint");
        t.deepEqual(await client().listApplications(), [app], "the same application, untouched");

        await bringg.stack.ok(["refresh", "--yes", "--skip-preview"]);
        const { deployment } = await bringg.stack.exportState();
        const ours = deployment.deployment.resources!.filter((resource) => resource.type.startsWith("bringg:index:"));
        t.deepEqual(ours.map((resource) => resource.type).sort(), ["bringg:index:Application", "bringg:index:ScopeTtls", "bringg:index:SecretRotation"]);
        t.deepEqual(
            ours.filter((resource) => "__provider" in (resource.outputs ?? {})).map((resource) => resource.type),
            [],
            "after a refresh no resource keeps the dynamic provider's code",
        );
        t.is(resourcesOfType(deployment, "pulumi-nodejs:dynamic").length, 0);
        await bringg.stack.ok(["preview", "--expect-no-changes"]);

        await bringg.stack.ok(["destroy", "--yes", "--skip-preview"]);
        t.deepEqual(await client().listApplications(), []);
        const scopes = await client().listScopes();
        t.is(scopes.find((scope) => scope.name === "tasks_write")!.ttl, scopes.find((scope) => scope.name === "tasks_write")!.default_ttl);
    },
);
