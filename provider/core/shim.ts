/**
 * The dynamic-provider shim every resource of this package uses.
 *
 * Pulumi serializes a dynamic provider's methods into every resource's state (`__provider`, stored
 * twice: in the inputs and in the outputs) and runs them in another process. Whatever the methods
 * reference from this package's own modules would be inlined by value (large state, zod schemas and
 * got instances that cannot be serialized, and credentials that must never be captured). So the
 * shim holds nothing but the implementation's module name and `require`s it by package name.
 *
 * Size matters too: the engine rewrites the whole state after every resource it changes, so each
 * byte of `__provider` is written O(N²) times in a deployment of N resources. Each serialized
 * function costs a fixed wrapper of about 250 bytes, so the shim serializes two: `configure`,
 * which the engine calls once per process, before any other hook, and which installs the
 * implementation's hooks on the provider object ({@link install}); and one stand-in that every
 * other hook points at until then, which fails loudly (a hook silently missing would let the
 * engine skip a delete, and leak).
 *
 * Every future refresh and destroy runs the shim recorded in state, so the names used here are a
 * compatibility promise: each implementation module named in state, and this module's `install`
 * (as `pulumi-bringg/provider/core/shim`), must keep resolving and keep accepting old state. State
 * written by the earlier shim (seven forwarding methods) needs only the implementation modules.
 */
import type * as pulumi from "@pulumi/pulumi";

/** What an implementation module exports: the dynamic-provider hooks it supports. */
export type ProviderImplementation = Partial<Pick<pulumi.dynamic.ResourceProvider, "check" | "diff" | "create" | "read" | "update" | "delete" | "configure">>;

/** The serialized provider: the implementation's module name, and hooks installed by `configure`. */
export type ShimProvider = pulumi.dynamic.ResourceProvider & {
    /** A package-qualified module, e.g. `pulumi-bringg/provider/application/provider`. */
    readonly module: string;
};

const hooks = ["check", "diff", "create", "read", "update", "delete"] as const;

/** The hooks an implementation may leave out, doing what the engine does without them. */
const defaults: Required<Pick<pulumi.dynamic.ResourceProvider, "check" | "diff" | "read" | "update" | "delete">> = {
    async check(_olds, news) {
        return { inputs: news };
    },
    async diff() {
        return {};
    },
    async read(id, props) {
        return { id, props };
    },
    async update(_id, _olds, news) {
        return { outs: news };
    },
    async delete() {},
};

/**
 * Runs in the provider process as the provider's `configure`: puts the implementation's hooks (or
 * the defaults) on the provider object, synchronously, so that no hook can run with the stand-in
 * once `configure` has been called, then configures the implementation.
 */
export function install(provider: ShimProvider, req: pulumi.dynamic.ConfigureRequest): Promise<void> | void {
    const target = provider as unknown as Record<string, unknown>;
    let impl: ProviderImplementation;
    try {
        const cache = compileCache();
        impl = require(provider.module);
        cache.flush();
    } catch (error) {
        // The engine keeps this provider object for the process: every hook must say why, too.
        for (const hook of hooks) target[hook] = () => Promise.reject(error);
        throw error;
    }
    for (const hook of hooks) {
        const own = impl[hook] as ((...args: unknown[]) => unknown) | undefined;
        if (own) target[hook] = (...args: unknown[]) => own(...args);
        else if (hook in defaults) target[hook] = defaults[hook as keyof typeof defaults];
        else target[hook] = () => Promise.reject(new Error(`${provider.module} has no ${hook} hook`));
    }
    return impl.configure?.(req);
}

/**
 * Turns on Node's on-disk compile cache (Node 22.8 and later, flushed from 22.10; `NODE_DISABLE_COMPILE_CACHE=1` turns
 * it off, `NODE_COMPILE_CACHE` moves it) before the implementation is loaded. Every `pulumi`
 * command starts new provider processes, and each compiled got, zod and this package again; with
 * the cache, only the first command does. `flush` writes it at once: the engine ends provider
 * processes with a signal, so Node's own write at exit never happens.
 */
function compileCache(): { flush(): void } {
    const nodeModule = require("node:module") as { enableCompileCache?: () => unknown; flushCompileCache?: () => void };
    try {
        nodeModule.enableCompileCache?.();
    } catch {
        // A cache that cannot be used (a read-only temp folder) only costs time.
    }
    return {
        flush() {
            try {
                nodeModule.flushCompileCache?.();
            } catch {
                // As above.
            }
        },
    };
}

/**
 * Every hook until `configure` installs the implementation's: the engine always calls it first.
 * Its text, name included (about ten times), is serialized into every resource's state twice,
 * hence the short name and the terse message.
 */
function unset(): Promise<never> {
    return Promise.reject(new Error("pulumi-bringg: hook called before configure"));
}

/**
 * Builds the dynamic provider for an implementation module.
 *
 * @param modulePath A package-qualified module, e.g. `pulumi-bringg/provider/application/provider`.
 */
export function dynamicProvider(modulePath: string): ShimProvider {
    return {
        module: modulePath,
        configure(req) {
            return require("pulumi-bringg/provider/core/shim").install(this, req);
        },
        check: unset,
        diff: unset,
        create: unset,
        read: unset,
        update: unset,
        delete: unset,
    };
}
