/**
 * The Output form of a lookup (`getScopesOutput`, `getAccessTokenOutput`, …): the Promise form
 * applied to the resolved Inputs, with a failure handed to Pulumi as a `RunError`.
 *
 * Why a RunError: a failing lookup fails the program, and Pulumi's program runner reports any
 * other rejection with `util.inspect(error, { colors: true })`. Every error thrown inside an
 * `apply` carries the SDK's source-mapped frame `…/node_modules/@pulumi/output.ts:…`, and Node
 * 24.9's inspect loops on a scoped package frame with no path after it (it appends to the line
 * until the string is too long; Node's issue 64011): measured in a program with five token
 * lookups, 40 s with the event loop blocked and the heap at 3.5 GB before Pulumi gave up and
 * printed the plain text. Meanwhile every other lookup in flight timed out (ETIMEDOUT) or found
 * its kept-alive connection reset, so vendors whose credentials were fine failed too. A RunError
 * is printed as its message alone (Pulumi's way to end a program with a message, no stack), and
 * its stack is cut to that message (Pulumi still inspects it for its trace), so the failure is
 * reported at once, naming only what failed, and the other lookups finish unharmed.
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * `lookup` applied to the resolved `args`, as an Output. A failure becomes a `pulumi.RunError`
 * with the same message (already redacted by the lookup) and no frames, so Pulumi prints the
 * message alone and never formats a stack.
 */
export function lookupOutput<A, T>(args: pulumi.Input<A>, lookup: (plain: A) => Promise<T>): pulumi.Output<T> {
    return pulumi.output(args).apply(async (plain) => {
        try {
            return await lookup(plain as unknown as A);
        } catch (error) {
            const failure = new pulumi.RunError(error instanceof Error ? error.message : String(error));
            // Pulumi prints a RunError's message alone, but still formats it for its trace
            // (util.inspect): without frames there is no SDK frame for Node's formatter to loop on.
            failure.stack = `${failure.name}: ${failure.message}`;
            throw failure;
        }
    });
}
