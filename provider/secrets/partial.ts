/**
 * The one shape of a partial failure, with no Pulumi imports: a step failed after Bringg issued a
 * secret (or after an application was created), and what exists must reach the state anyway.
 *
 * The dynamic-provider host turns an error with `id` and `properties` into the engine's
 * ErrorResourceInitFailed, and the engine then records `properties` as the resource's outputs
 * (keeping the old inputs) and fails the deployment with the `reasons`. So a new secret, the only
 * one that still works, reaches the state although the command fails.
 */
import type { Props } from "../core/contract";
import { redact } from "../core/errors";
import { wireSecret } from "../core/pulumi-wire";

/** An error the engine records as a partial failure. */
export type PartialFailure = Error & {
    /** The resource id. */
    readonly id: string;
    /** The outputs to record; they include `__provider` (the host does not add it on errors). */
    readonly properties: Props;
    /** Shown by the engine in place of the message (redacted like it): the whole explanation. */
    readonly reasons: string[];
};

/**
 * Turns `error` (in place, so that its class and fields stay) into a partial failure that records
 * `state` under `id`: each of `secretKeys` the state has is wrapped as a Pulumi secret, whatever
 * `keepSecretInState` says (until a delivery succeeds it is the only copy), and `__provider` is
 * taken from the inputs. Credential shapes are redacted from the message and the reasons here; the
 * adapter (provider/core/hooks.ts) redacts both with its provider context's secret registry when
 * the failure leaves the hook.
 *
 * @param secretKeys The outputs that hold secrets, e.g. `["clientSecret"]`.
 */
export function partialFailure(error: unknown, id: string, state: Props, inputs: Props, secretKeys: readonly string[]): PartialFailure {
    const failure = error instanceof Error ? error : new Error(String(error));
    failure.message = redact(failure.message);
    const properties: Props = { ...state };
    // The resources also list these outputs in `additionalSecretOutputs`; a result the engine
    // records from an error does not go through every step of a successful one.
    for (const key of secretKeys) if (properties[key] !== undefined) properties[key] = wireSecret(properties[key]);
    properties.__provider = inputs.__provider;
    return Object.assign(failure, { id, properties, reasons: [failure.message] });
}

/** Whether `error` is a partial failure (see {@link partialFailure}). */
export function isPartialFailure(error: unknown): error is PartialFailure {
    return error instanceof Error && typeof (error as { id?: unknown }).id === "string" && typeof (error as { properties?: unknown }).properties === "object";
}
