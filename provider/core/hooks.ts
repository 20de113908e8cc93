/**
 * The Pulumi-facing parts every implementation module (`provider/<resource>/provider.ts`) shares:
 * the `configure` hook and the wrapper that redacts what the engine prints.
 */
import type * as pulumi from "@pulumi/pulumi";
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
