/**
 * The Pulumi-facing parts every implementation module (`provider/<resource>/provider.ts`) shares:
 * the `configure` hook, the wrapper that redacts what the engine prints, and warnings.
 */
import * as pulumi from "@pulumi/pulumi";
import { useStackConfig } from "./config";
import { redactError } from "./errors";

/**
 * Runs one hook. Whatever it throws reaches the engine, which prints it, so it must never carry a
 * credential or secret. Redaction is in place, so a partial failure's `id` and `properties`
 * survive.
 */
export async function guarded<T>(work: () => Promise<T> | T): Promise<T> {
    try {
        return await work();
    } catch (error) {
        throw redactError(error);
    }
}

/** Reads `bringg:*` stack config into the process (never into state). Never throws: check reports. */
export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    useStackConfig((key) => req.config.get(key));
}

/** A property bag as the engine passes it to a hook (inputs or state). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Props = Record<string, any>;

/** Shows a warning in the CLI, under the stack (dynamic providers are not told the resource's URN). */
export async function warn(message: string): Promise<void> {
    await pulumi.log.warn(message);
}

/** Shows each warning a hook's logic produced, in order. */
export async function warnAll(warnings: readonly string[]): Promise<void> {
    for (const message of warnings) await warn(message);
}

/** What a resource's refresh logic found: its state, or nothing when it is gone, and warnings. */
export interface ReadOutcome {
    id: string;
    props?: Props;
    warnings: readonly string[];
}

/**
 * Turns a refresh outcome into the engine's answer: shows the warnings, and returns an empty id
 * for a resource that is gone, which is how a provider tells the engine to drop it from state.
 */
export async function readResult(outcome: ReadOutcome): Promise<pulumi.dynamic.ReadResult> {
    await warnAll(outcome.warnings);
    return outcome.props ? { id: outcome.id, props: outcome.props } : { id: "" };
}
