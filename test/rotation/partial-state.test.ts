/**
 * How the engine records a dynamic provider's partial failure (an update that throws an error with
 * `id` and `properties`), the mechanism SecretRotation relies on to keep a new secret: the outputs
 * are recorded with the OLD inputs, and `additionalSecretOutputs` still encrypts them (measured with
 * SDK 3.270 and CLI 3.259: so SecretRotation's wire-sentinel wrapping is defence in depth).
 */
import test from "ava";
import path from "node:path";
import { createStack, resourcesOfType, type TestStack } from "../helpers/pulumi";

// Test fixtures are not exported by the package: the shim takes them by absolute path.
const implementation = path.join(__dirname, "fixtures", "partial-impl.js");

let stack: TestStack;

const program = `
import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "pulumi-bringg/provider/core/shim";
const provider = dynamicProvider(${JSON.stringify(implementation)});
class Probe extends pulumi.dynamic.Resource {
    declare readonly secret: pulumi.Output<string>;
    constructor(name: string, mode: string) {
        super(provider, name, { mode, secret: undefined }, { additionalSecretOutputs: ["secret"] }, "probe", "Partial");
    }
}
new Probe("probe", new pulumi.Config().require("mode"));
`;

test.before(async () => {
    stack = await createStack({ name: "partial-state", program, config: { mode: "initial" } });
    await stack.ok(["up", "--yes", "--skip-preview"]);
});

test.after.always(async () => {
    await stack?.dispose();
});

for (const mode of ["plain", "wrapped"] as const) {
    test.serial(`a partial failure records the new outputs encrypted, with the old inputs (secret ${mode})`, async (t) => {
        await stack.setConfig("mode", mode);
        const up = await stack.run(["up", "--yes", "--skip-preview"]);
        t.not(up.code, 0);
        t.regex(up.output, /probe: partial failure/);
        const { raw, deployment } = await stack.exportState();
        const [probe] = resourcesOfType(deployment, "probe:Partial");
        const stored = probe!.outputs!.secret;
        const plaintext = raw.includes(`partial-secret-${mode}`);
        t.log(`${mode}: stored ${plaintext ? "IN PLAINTEXT" : "encrypted"}: ${JSON.stringify(stored).slice(0, 120)}`);
        t.is(probe!.inputs!.mode, "initial", "the engine keeps the old inputs");
        t.false(plaintext, "the secret is encrypted in the state");
        t.truthy(probe!.outputs!.__provider);
        const revealed = await stack.ok(["stack", "export", "--show-secrets"]);
        t.true(revealed.stdout.includes(`partial-secret-${mode}`), "the new secret is what was recorded");
    });
}
