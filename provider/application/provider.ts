/**
 * The `Application` implementation module: the dynamic-provider hooks that the shim in every
 * resource's `__provider` loads by package name (`pulumi-bringg/provider/application/provider`).
 *
 * This name is a compatibility promise: state written by any release runs these hooks on refresh
 * and destroy, so the module must keep this path and keep accepting every earlier state shape.
 * The logic lives in ./crud.ts; this file only adapts it to Pulumi (configure, warnings, redacted
 * errors).
 */
import * as pulumi from "@pulumi/pulumi";
import { guarded, type Props, readResult, warnAll } from "../core/hooks";
import * as crud from "./crud";
import type { CheckedApplicationInputs } from "./schema";

/** Reads `bringg:*` stack config into the process (never into state). */
export { configure } from "../core/hooks";

/** Validates inputs and settings; lists Bringg's scopes only when the scopes changed. */
export async function check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    return guarded(async () => {
        const { warnings, ...result } = await crud.checkWithCatalog(olds, news);
        await warnAll(warnings);
        return result;
    });
}

/** Compares state with inputs; no Bringg call. */
export async function diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    return guarded(() => crud.diff(olds, news));
}

/** Creates (or adopts) the application. */
export async function create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
    return guarded(() => crud.create(inputs as CheckedApplicationInputs));
}

/** Refresh: re-reads the application; warns when it was deleted or toggled outside Pulumi. */
export async function read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    return guarded(async () => readResult(await crud.read(id, props)));
}

/** Enables or disables the application. */
export async function update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    return guarded(() => crud.update(id, olds, news as CheckedApplicationInputs));
}

/** Deletes the application; one already gone counts as deleted. */
async function remove(id: string, props: Props): Promise<void> {
    await guarded(() => crud.remove(id, props));
}
export { remove as delete };
