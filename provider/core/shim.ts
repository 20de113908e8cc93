/**
 * The dynamic-provider shim every resource of this package uses.
 *
 * Pulumi serializes a dynamic provider's methods into every resource's state (`__provider`) and
 * runs them in another process. Whatever the methods reference from this package's own modules
 * would be inlined by value (large state, zod schemas and got instances that cannot be serialized,
 * and credentials that must never be captured). So the shim holds nothing but the implementation's
 * module name and `require`s it inside each call, from the program directory, by package name.
 *
 * Every future refresh and destroy runs the shim recorded in state, so the module names passed
 * here are a compatibility promise: they must keep resolving, and keep accepting old state.
 */
import type * as pulumi from "@pulumi/pulumi";

/** What an implementation module exports: the dynamic-provider hooks it supports. */
export type ProviderImplementation = Partial<
    Pick<pulumi.dynamic.ResourceProvider, "check" | "diff" | "create" | "read" | "update" | "delete" | "configure">
>;

/**
 * Builds a dynamic provider that forwards each hook to `require(modulePath)`.
 *
 * @param modulePath A package-qualified module, e.g. `pulumi-bringg/provider/application/crud`.
 */
export function dynamicProvider(modulePath: string): pulumi.dynamic.ResourceProvider {
    return {
        async configure(req) {
            const impl: ProviderImplementation = require(modulePath);
            await impl.configure?.(req);
        },
        async check(olds, news) {
            const impl: ProviderImplementation = require(modulePath);
            return impl.check ? impl.check(olds, news) : { inputs: news };
        },
        async diff(id, olds, news) {
            const impl: ProviderImplementation = require(modulePath);
            return impl.diff ? impl.diff(id, olds, news) : {};
        },
        async create(inputs) {
            const impl: ProviderImplementation = require(modulePath);
            return impl.create!(inputs);
        },
        async read(id, props) {
            const impl: ProviderImplementation = require(modulePath);
            return impl.read ? impl.read(id, props) : { id, props };
        },
        async update(id, olds, news) {
            const impl: ProviderImplementation = require(modulePath);
            return impl.update ? impl.update(id, olds, news) : { outs: news };
        },
        async delete(id, props) {
            const impl: ProviderImplementation = require(modulePath);
            await impl.delete?.(id, props);
        },
    };
}
