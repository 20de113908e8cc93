/**
 * The `SecretRotation` implementation module: the dynamic-provider hooks that the shim in every
 * resource's `__provider` loads by package name (`pulumi-bringg/provider/rotation/provider`).
 *
 * This name is a compatibility promise: state written by any release runs these hooks on refresh
 * and destroy, so the module must keep this path and keep accepting every earlier state shape.
 * The logic lives in ./crud.ts and ./rotate.ts; this file only adapts it to Pulumi (configure,
 * notices, redacted errors).
 */
import * as pulumi from "@pulumi/pulumi";
import { guarded, type Props, readResult, warn } from "../core/hooks";
import * as crud from "./crud";
import type { CheckedSecretRotationInputs } from "./schema";

/** Reads `bringg:*` stack config into the process (never into state). */
export { configure } from "../core/hooks";

/** Validates inputs, `rotateAfter` and settings; no Bringg call. */
export async function check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    return guarded(() => crud.check(news));
}

/**
 * Decides whether to rotate, from the state and the clock; no Bringg call. A dynamic diff cannot
 * carry a message, so the reason (which trigger changed, or that rotateAfter passed) is logged:
 * the CLI shows it under the resource in both preview and up.
 */
export async function diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    return guarded(async () => {
        const { reason, ...result } = crud.diff(olds, news);
        if (reason) await pulumi.log.info(`SecretRotation (client id ${String(olds.clientId)}): ${reason}`);
        return result;
    });
}

/** Generates the first secret this rotation manages, and verifies it. */
export async function create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
    return guarded(() => crud.create(inputs as CheckedSecretRotationInputs, warn));
}

/** Refresh: drops the rotation when its application is gone. */
export async function read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    return guarded(async () => readResult(await crud.read(id, props)));
}

/** Rotates (trigger changed, rotateAfter passed) or re-checks a secret whose verification failed. */
export async function update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    return guarded(() => crud.update(id, olds, news as CheckedSecretRotationInputs, warn));
}

/**
 * Nothing to do in Bringg: the application and its current secret stay valid. Deleting the
 * rotation only stops Pulumi from rotating it.
 */
async function remove(): Promise<void> {}
export { remove as delete };
