/**
 * The Pulumi programs the bench runs: the provider's, and the floor's, which declares as many
 * do-nothing dynamic resources on the same engine, so that the ratio between the two is the
 * provider's own cost (Bringg calls, its modules, its state) and not the machine's.
 */

/** The floor's resource: a dynamic provider whose hooks do nothing and call nothing. */
const floorResource = `
import * as pulumi from "@pulumi/pulumi";
const nothing: pulumi.dynamic.ResourceProvider = {
    async create(inputs) {
        return { id: String(inputs.key), outs: inputs };
    },
    async update(_id, _olds, news) {
        return { outs: news };
    },
};
class Floor extends pulumi.dynamic.Resource {
    constructor(name: string, props: Record<string, unknown>) {
        super(nothing, name, props, {}, "bench", "Floor");
    }
}
`;

/** `count` do-nothing resources; `generation` is an input, so changing it updates them all. */
export function floorProgram(count: number, generation = 0, unchanged = 0): string {
    return `${floorResource}
for (let i = 0; i < ${count}; i++) new Floor("floor-" + i, { key: i, generation: ${generation} });
for (let i = 0; i < ${unchanged}; i++) new Floor("still-" + i, { key: "still-" + i });
`;
}

/** N Applications and one ScopeTtls: the program the main steps compare with the floor. */
export function applicationsProgram(count: number): string {
    return `
import * as bringg from "pulumi-bringg";
for (let i = 0; i < ${count}; i++) {
    new bringg.Application("app-" + i, { scopes: ["tasks_read", "users_read"], enabled: true });
}
new bringg.ScopeTtls("policy", { ttls: { tasks_write: "15m", users_read: "2h", tasks_read: 3600 } });
`;
}

/** One ScopeTtls that owns a TTL for each scope given. */
export function scopeTtlsProgram(ttls: Record<string, number>): string {
    return `
import * as bringg from "pulumi-bringg";
new bringg.ScopeTtls("policy", { ttls: ${JSON.stringify(ttls)} });
`;
}

/** N Applications, each with a SecretRotation; changing `generation` rotates every secret. */
export function rotationProgram(count: number, generation: number): string {
    return `
import * as bringg from "pulumi-bringg";
for (let i = 0; i < ${count}; i++) {
    const app = new bringg.Application("app-" + i, { scopes: ["tasks_read"], enabled: true });
    new bringg.SecretRotation("secret-" + i, { application: app, triggers: { generation: ${generation} } });
}
`;
}

/**
 * The same N Applications and ScopeTtls through the native plugin (`pulumi-resource-bringg`), as a
 * TypeScript program: `pulumi.CustomResource` subclasses written exactly as the SDK generated from
 * schema/pulumi-package.json registers them (the given inputs, every output declared as undefined,
 * `clientSecret` an additional secret output, the plugin's version). TypeScript rather than Pulumi
 * YAML so that the three stacks share one language host and the ratios measure the providers only.
 */
export function nativeApplicationsProgram(count: number, version: string): string {
    return `
import * as pulumi from "@pulumi/pulumi";
const defaults = { version: ${JSON.stringify(version)} };
class Application extends pulumi.CustomResource {
    constructor(name: string, args: { scopes: string[]; enabled?: boolean; name?: string }, opts?: pulumi.CustomResourceOptions) {
        const inputs: pulumi.Inputs = {
            ...args,
            clientId: undefined, clientSecret: undefined, clientSecretKnown: undefined, fingerprint: undefined, receipts: undefined,
            applicationId: undefined, createdAt: undefined, account: undefined, schemaVersion: undefined,
        };
        opts = pulumi.mergeOptions(pulumi.mergeOptions(defaults, opts), { additionalSecretOutputs: ["clientSecret"] });
        super("bringg:index:Application", name, inputs, opts);
    }
}
class ScopeTtls extends pulumi.CustomResource {
    constructor(name: string, args: { ttls: Record<string, string | number> }, opts?: pulumi.CustomResourceOptions) {
        super("bringg:index:ScopeTtls", name, { ...args, defaults: undefined, account: undefined, schemaVersion: undefined }, pulumi.mergeOptions(defaults, opts));
    }
}
for (let i = 0; i < ${count}; i++) {
    new Application("app-" + i, { scopes: ["tasks_read", "users_read"], enabled: true });
}
new ScopeTtls("policy", { ttls: { tasks_write: "15m", users_read: "2h", tasks_read: 3600 } });
`;
}
