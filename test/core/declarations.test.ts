/**
 * The program side of the hidden inputs: what the resource classes register (one `__bringg` key,
 * no other hidden key), judged against the declarations made before them in the program
 * (provider/core/declarations.ts), with the SDK's mocks standing in for the engine.
 */
import test from "ava";
import * as pulumi from "@pulumi/pulumi";
import { Application } from "../../provider/application/resource";
import { hiddenKey } from "../../provider/core/hidden";
import { SecretRotation } from "../../provider/rotation/resource";
import { RotatingCredentials } from "../../provider/rotating-credentials/resource";
import { ScopeTtls } from "../../provider/scope-ttls/resource";

/** The inputs each resource registered, by resource name. */
const registered = new Map<string, Record<string, unknown>>();

test.before(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                registered.set(args.name, args.inputs as Record<string, unknown>);
                return { id: `${args.name}-id`, state: { ...args.inputs, clientId: `${args.name}-client` } };
            },
            call: (args) => args.inputs,
        },
        "project",
        "stack",
        false,
    );
});

/** Waits for a resource's registration, then returns what it registered. */
async function inputsOf(resource: pulumi.CustomResource, name: string): Promise<Record<string, unknown>> {
    await new Promise((resolve) => resource.urn.apply(resolve));
    return registered.get(name)!;
}

function hiddenOf(inputs: Record<string, unknown>): Record<string, unknown> | undefined {
    return inputs[hiddenKey] as Record<string, unknown> | undefined;
}

test.serial("hidden inputs go under one key, and only the ones that say something", async (t) => {
    const named = await inputsOf(new Application("named", { name: "Named", scopes: ["tasks_read"] }), "named");
    t.is(hiddenOf(named), undefined, "an explicit name, declared first, with clean arguments: nothing hidden");
    const generated = await inputsOf(new Application("generated", { scopes: ["tasks_read"] }), "generated");
    t.like(hiddenOf(generated), { autonaming: { resourceName: "generated", project: "project", stack: "stack" } });
    for (const inputs of [named, generated]) {
        t.deepEqual(
            Object.keys(inputs)
                .filter((key) => key.startsWith("__"))
                .sort(),
            [...(hiddenOf(inputs) ? [hiddenKey] : []), "__provider"],
        );
    }
});

test.serial("an Application declared later with the same name in the same account is told who has it", async (t) => {
    await inputsOf(new Application("first", { name: "Dashboards", scopes: ["tasks_read"] }), "first");
    const second = await inputsOf(new Application("second", { name: pulumi.output("Dashboards"), scopes: ["tasks_read"] }), "second");
    t.deepEqual(hiddenOf(second), { nameTakenBy: "first" });
    const other = await inputsOf(new Application("other-account", { name: "Dashboards", scopes: ["tasks_read"], account: "eu" }), "other-account");
    t.is(hiddenOf(other), undefined, "another account's catalog is separate");
});

test.serial("a ScopeTtls passes its name and the scopes a ScopeTtls declared before it lists", async (t) => {
    const p1 = await inputsOf(new ScopeTtls("p1", { ttls: { tasks_write: "15m" } }), "p1");
    t.deepEqual(hiddenOf(p1), { resourceName: "p1" });
    const p2 = await inputsOf(new ScopeTtls("p2", { ttls: { tasks_write: 60, users_read: 60 } }), "p2");
    t.deepEqual(hiddenOf(p2), { resourceName: "p2", overlaps: { tasks_write: "p1" } });
    const eu = await inputsOf(new ScopeTtls("eu", { ttls: { tasks_write: 60 }, account: "eu" }), "eu");
    t.deepEqual(hiddenOf(eu), { resourceName: "eu" });
});

test.serial("a SecretRotation follows the account its Application was declared in", async (t) => {
    const app = new Application("eu-app", { name: "EU", scopes: ["tasks_read"], account: "eu" });
    const rotation = await inputsOf(new SecretRotation("eu-rotation", { application: app }), "eu-rotation");
    t.is(rotation.account, "eu");
    const plain = await inputsOf(new SecretRotation("plain-rotation", { application: "client-id" }), "plain-rotation");
    t.is(plain.account, undefined);
});

test.serial("RotatingCredentials with keepSecretInState: false tells its applications to discard their first secrets", async (t) => {
    const pair = new RotatingCredentials("pair", { scopes: ["tasks_read"], keepSecretInState: false });
    const a = await inputsOf(pair.applications[0], "pair-a");
    t.like(hiddenOf(a), { discardSecret: true });
    t.false("__discardSecret" in a);
});
