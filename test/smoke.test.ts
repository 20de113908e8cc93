import test from "ava";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createStack, resourcesOfType, type TestStack } from "./helpers/pulumi";

// Test fixtures are not exported by the package: the shim takes them by absolute path.
const implementation = path.join(__dirname, "fixtures", "smoke-impl.js");

const token = `smoke-token-${Math.random().toString(36).slice(2)}`;
let server: Server;
let url: string;
let requests = 0;
let stack: TestStack;

const program = `
import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "pulumi-bringg/provider/core/shim";

const provider = dynamicProvider(${JSON.stringify(implementation)});

class Probe extends pulumi.dynamic.Resource {
    declare readonly status: pulumi.Output<number>;
    declare readonly token: pulumi.Output<string>;
    constructor(name: string, args: { url: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, { url: args.url, status: undefined, token: undefined },
            { ...opts, additionalSecretOutputs: ["token"] }, "smoke", "Probe");
    }
}

const probe = new Probe("probe", { url: new pulumi.Config().require("url") });
export const status = probe.status;
export const token = probe.token;
`;

test.before(async () => {
    server = createServer((_req, res) => {
        requests++;
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ token }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/probe`;
    stack = await createStack({ name: "smoke", program, config: { url } });
});

test.after.always(async () => {
    await stack?.dispose();
    server?.close();
});

test.serial("pulumi up creates the resource through its provider's HTTP call and exports its outputs", async (t) => {
    const up = await stack.ok(["up", "--yes", "--skip-preview"]);
    t.regex(up.output, /smoke:Probe\s+probe\s+created/);
    t.true(requests >= 1, "the provider made its HTTP request");
    const outputs = await stack.outputs({ showSecrets: true });
    t.is(outputs.status, 200);
    t.is(outputs.token, token);
});

test.serial("the secret output is encrypted in the state and shown as [secret] by the CLI", async (t) => {
    const { raw, deployment } = await stack.exportState();
    t.false(raw.includes(token), "plaintext token must not appear in `pulumi stack export`");
    const [probe] = resourcesOfType(deployment, "smoke:Probe");
    t.truthy(probe, "the probe is in the state");
    const stored = probe!.outputs!.token as Record<string, unknown>;
    t.is(stored["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270", "token is a secret value");
    t.is(typeof stored.ciphertext, "string");

    const shown = await stack.ok(["stack", "output"]);
    t.regex(shown.output, /token\s+\[secret\]/);
    t.false(shown.output.includes(token));
});

test.serial("the serialized provider is small: the implementation is loaded by module name", async (t) => {
    const { deployment } = await stack.exportState();
    const [probe] = resourcesOfType(deployment, "smoke:Probe");
    const serialized = String(probe!.outputs!.__provider);
    t.log(`__provider: ${serialized.length} bytes`);
    t.true(serialized.includes(JSON.stringify(implementation)), "implementation referenced by name");
    t.false(serialized.includes("got.get") || serialized.includes("retry"), "implementation not inlined");
    t.true(serialized.length < 8_000, `__provider is ${serialized.length} bytes`);
});

test.serial("preview reports no changes and refresh re-reads through the provider", async (t) => {
    await stack.ok(["preview", "--expect-no-changes"]);
    const before = requests;
    const refresh = await stack.ok(["refresh", "--yes", "--skip-preview"]);
    t.true(requests > before, "refresh called the provider's read");
    t.notRegex(refresh.output, /error/i);
});

test.serial("destroy removes the resource", async (t) => {
    const destroy = await stack.ok(["destroy", "--yes", "--skip-preview"]);
    t.regex(destroy.output, /smoke:Probe\s+probe\s+deleted/);
    const { deployment } = await stack.exportState();
    t.is(resourcesOfType(deployment, "smoke:Probe").length, 0);
});
