/**
 * The `VendorCredential` implementation module: the dynamic-provider hooks that the shim in every
 * resource's `__provider` loads by package name (`pulumi-bringg/provider/vendor-credential/provider`).
 *
 * This name is a compatibility promise: state written by any release runs these hooks on refresh
 * and destroy, so the module must keep this path and keep accepting every earlier state shape.
 * The logic lives in ./crud.ts; this file only adapts it to Pulumi (the real clock, the real token
 * client, warnings, redacted errors).
 */
import type * as pulumi from "@pulumi/pulumi";
import { guarded, type Props, readResult, warn } from "../core/hooks";
import { requestToken } from "../vendors/client";
import * as crud from "./crud";

/** The real dependencies: the system clock, the CLI's warnings and the vendors' token endpoints. */
function deps(): crud.Deps {
    return { now: Date.now, warn, requestToken: (settings) => requestToken(settings) };
}

/** Validates inputs; no vendor call. */
export async function check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    return guarded(() => crud.check(news));
}

/** Compares state with inputs; no vendor call. */
export async function diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    return guarded(() => crud.diff(olds, news));
}

/** Verifies the credential with one token request; fails naming the vendor and the reason. */
export async function create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
    return guarded(() => crud.create(inputs, deps()));
}

/** Refresh: re-verifies only with `verifyOnRefresh`, reporting a refused credential as drift. */
export async function read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    return guarded(async () => readResult(await crud.read(id, props, deps())));
}

/** Verifies the changed credential; on failure the previous state stays. */
export async function update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    return guarded(() => crud.update(id, olds, news, deps()));
}

/** Nothing to do at the vendor: it issued the credential; deleting only stops Pulumi keeping it. */
async function remove(): Promise<void> {}
export { remove as delete };
