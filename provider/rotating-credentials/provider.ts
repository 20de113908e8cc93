/**
 * The `CredentialPair` implementation module, loaded by package name
 * (`pulumi-bringg/provider/rotating-credentials/provider`) by the shim in each resource's
 * `__provider`. The name is a compatibility promise (refresh and destroy of old state load it).
 * Logic: ./crud.ts; this file adapts it to Pulumi.
 */
import * as pulumi from "@pulumi/pulumi";
import { guarded, type Props, warnAll, warn } from "../core/hooks";
import * as crud from "./crud";
import type { CheckedCredentialPairInputs } from "./schema";

/** Reads `bringg:*` stack config into the process (never into state). */
export { configure } from "../core/hooks";

/** Validates inputs and settings; no Bringg call. */
export async function check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    return guarded(() => crud.check(news));
}

/** Decides whether to bump; logs why (a dynamic diff cannot carry a message). */
export async function diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    return guarded(async () => {
        const { reason, ...result } = crud.diff(olds, news);
        if (reason) await pulumi.log.info(`RotatingCredentials: ${reason}`);
        return result;
    });
}

/** Generates a secret for each slot. */
export async function create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
    return guarded(() => crud.create(inputs as CheckedCredentialPairInputs, warn));
}

/** Refresh: keeps the state, warns about missing applications. */
export async function read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    return guarded(async () => {
        const outcome = await crud.read(id, props);
        await warnAll(outcome.warnings);
        return { id: outcome.id, props: outcome.props };
    });
}

/** Bumps: regenerates the standby slot and makes it active. */
export async function update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    return guarded(() => crud.update(id, olds, news as CheckedCredentialPairInputs, warn));
}

/** Nothing to do in Bringg: the applications are deleted by their own resources. */
async function remove(): Promise<void> {}
export { remove as delete };
