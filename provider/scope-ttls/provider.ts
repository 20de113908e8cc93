/**
 * The `ScopeTtls` implementation module: the dynamic-provider hooks that the shim in every
 * resource's `__provider` loads by package name (`pulumi-bringg/provider/scope-ttls/provider`).
 *
 * This name is a compatibility promise: state written by any release runs these hooks on refresh
 * and destroy, so the module must keep this path and keep accepting every earlier state shape.
 * The logic lives in ./crud.ts; this file only adapts it to Pulumi (configure, redacted errors).
 */
import type * as pulumi from "@pulumi/pulumi";
import { guarded, type Props } from "../core/hooks";
import * as crud from "./crud";
import type { CheckedScopeTtlsInputs } from "./schema";

/** Reads `bringg:*` stack config into the process (never into state). */
export { configure } from "../core/hooks";

/** Validates inputs and settings; lists Bringg's scopes only for names not checked before. */
export async function check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    return guarded(() => crud.check(olds, news));
}

/** Compares state with inputs; no Bringg call. */
export async function diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    return guarded(() => crud.diff(olds, news));
}

/** Sets every listed TTL in one Scopes API call. */
export async function create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
    return guarded(() => crud.create(inputs as CheckedScopeTtlsInputs));
}

/** Refresh: the TTLs in force for the managed scopes (drift shows as a change). */
export async function read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    return guarded(() => crud.read(id, props));
}

/** Converges changed, added and removed scopes in one Scopes API call, or none. */
export async function update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    return guarded(() => crud.update(id, olds, news as CheckedScopeTtlsInputs));
}

/** Reverts every managed scope to Bringg's default. */
async function remove(id: string, props: Props): Promise<void> {
    await guarded(() => crud.remove(id, props));
}
export { remove as delete };
