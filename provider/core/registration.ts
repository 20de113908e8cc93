/**
 * Cheaper registration of this package's resources in the program process.
 *
 * While registering a resource, `@pulumi/pulumi` wraps every promise it makes in
 * `debuggablePromise`, which reads `new Error().stack` at once (several per registered property)
 * for one purpose: printing leaked promises when `PULUMI_DEBUG_PROMISE_LEAKS` is set. Under the
 * TypeScript runner `Error.prepareStackTrace` is ts-node's source-map support, which maps every
 * frame of every such stack. An `Application` registers 14 properties (its inputs and every
 * output), against 3 for a bare dynamic resource, so those unused stacks were the largest extra
 * cost of a program (measured by the bench, bench/: 2.3 s of CPU for 100 Applications in the program
 * process of one `pulumi preview`, against 0.6 s for the floor).
 *
 * The resource classes therefore extend {@link BringgResource}, which registers with Node's own
 * stack formatting (no source maps) unless the promise-leak debugging that reads those stacks is
 * on. Frames are still captured, and V8 formats a stack when it is first read: a stack read after
 * the constructor (the SDK's pre-allocated registration error, an error a transformation threw) is
 * source-mapped as usual. Only a stack read *during* registration (inside the user's
 * transformations, say) shows JavaScript positions instead of TypeScript ones.
 */
import * as pulumi from "@pulumi/pulumi";
import { hiddenInput } from "./hidden";
import type { HiddenInputs } from "./hidden-types";

/** The hidden inputs as a resource class gives them: each value, or an Output or promise of it. */
export type ProgramHiddenInputs = { readonly [K in keyof HiddenInputs]?: pulumi.Input<HiddenInputs[K]> | undefined };

/**
 * Formats stacks without source maps until the returned function is called (which restores
 * `Error.prepareStackTrace`; a no-op while `PULUMI_DEBUG_PROMISE_LEAKS` is set).
 *
 * @example
 * ```ts
 * const restore = unmappedStacks();
 * try { super(provider, name, props, opts); } finally { restore(); }
 * ```
 */
export function unmappedStacks(): () => void {
    if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return () => {};
    const errors = Error as { prepareStackTrace?: ErrorConstructor["prepareStackTrace"] | undefined };
    const before = errors.prepareStackTrace;
    errors.prepareStackTrace = undefined;
    return () => {
        errors.prepareStackTrace = before;
    };
}

/**
 * The base of every dynamic resource of this package: a `pulumi-nodejs:dynamic/bringg:<type>`
 * resource registered with unmapped stacks (see the module comment), its hidden inputs under their
 * one key (./hidden.ts).
 */
export abstract class BringgResource extends pulumi.dynamic.Resource {
    /**
     * @param provider The resource's dynamic provider (a shim, see ./shim.ts).
     * @param name The Pulumi resource name.
     * @param props Inputs, and every output as `undefined`.
     * @param opts Resource options.
     * @param type The type name after `bringg:`, e.g. `Application`.
     * @param hidden What the class tells check beyond the program's arguments; only the fields that say something are registered.
     */
    constructor(
        provider: pulumi.dynamic.ResourceProvider,
        name: string,
        props: pulumi.Inputs,
        opts: pulumi.CustomResourceOptions | undefined,
        type: string,
        hidden: ProgramHiddenInputs = {},
    ) {
        const restore = unmappedStacks();
        try {
            super(provider, name, { ...props, ...hiddenInput(hidden) }, opts, "bringg", type);
        } finally {
            restore();
        }
    }
}
