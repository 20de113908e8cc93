/**
 * Cheaper registration of this package's resources in the program process.
 *
 * While registering a resource, `@pulumi/pulumi` wraps every promise it makes in
 * `debuggablePromise`, which stores `new Error().stack` on it (several per registered property)
 * for one purpose: printing leaked promises when `PULUMI_DEBUG_PROMISE_LEAKS` is set. Under the
 * TypeScript runner every such stack is source-mapped frame by frame. An `Application` registers
 * 14 properties (its inputs and every output), against 3 for a bare dynamic resource, so those
 * unused stacks were the largest extra cost of a program (measured in issue 16: 2.3 s of CPU for
 * 100 Applications in the program process of one `pulumi preview`, against 0.6 s for the floor).
 *
 * The resource classes therefore extend {@link BringgResource}, which registers with no stack
 * frames captured, unless the promise-leak debugging that reads them is on. The limit is restored
 * before the constructor returns (or throws), and an error thrown meanwhile gets its stack
 * captured again, so the user's own errors and stack traces are never affected.
 */
import * as pulumi from "@pulumi/pulumi";

/** What {@link lightStacks} returns: the way back to the process's stack-trace limit. */
export interface LightStacks {
    /** Restores `Error.stackTraceLimit`; safe to call more than once. */
    restore(): void;
    /** Restores the limit and gives `error` a stack captured here, for rethrowing. */
    restack(error: unknown): unknown;
}

/**
 * Stops stack capture until `restore()` (a no-op while `PULUMI_DEBUG_PROMISE_LEAKS` is set).
 *
 * @example
 * ```ts
 * const stacks = lightStacks();
 * try { super(provider, name, props, opts); } catch (error) { throw stacks.restack(error); } finally { stacks.restore(); }
 * ```
 */
export function lightStacks(): LightStacks {
    if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return { restore: () => {}, restack: (error) => error };
    const before = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    const restore = () => {
        Error.stackTraceLimit = before;
    };
    // The new stack starts at restack's caller: the resource class's constructor.
    const restack = (error: unknown): unknown => {
        restore();
        if (error instanceof Error) Error.captureStackTrace(error, restack);
        return error;
    };
    return { restore, restack };
}

/**
 * The base of every dynamic resource of this package: a `pulumi-nodejs:dynamic/bringg:<type>`
 * resource registered with light stacks (see the module comment).
 */
export abstract class BringgResource extends pulumi.dynamic.Resource {
    /**
     * @param provider The resource's dynamic provider (a shim, see ./shim.ts).
     * @param name The Pulumi resource name.
     * @param props Inputs, and every output as `undefined`.
     * @param opts Resource options.
     * @param type The type name after `bringg:`, e.g. `Application`.
     */
    constructor(provider: pulumi.dynamic.ResourceProvider, name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions | undefined, type: string) {
        const stacks = lightStacks();
        try {
            super(provider, name, props, opts, "bringg", type);
        } catch (error) {
            throw stacks.restack(error);
        } finally {
            stacks.restore();
        }
    }
}
