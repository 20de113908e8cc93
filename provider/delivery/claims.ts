/**
 * Program side: which `deliverTo` stores a resource declared earlier in the program delivers to
 * already. Two resources that write one store overwrite each other's secret on every `pulumi up`;
 * the resource classes (Application, SecretRotation, RotatingCredentials) compute the clash here,
 * from the declaration order, and pass it as a hidden input that `withDelivery`'s check
 * (./hooks.ts) turns into a failure naming the other resource and the store. So which of the two
 * check refuses never depends on the order in which the engine happens to check them: the first
 * declared keeps the store (as ScopeTtls overlaps are decided).
 */
import * as pulumi from "@pulumi/pulumi";
import { programDeclarations } from "../core/declarations";
import type { DeliveryTarget } from "./args";
import { storeOf } from "./schema";

/**
 * Registers a resource's `deliverTo` and returns, for each index of it whose store a resource
 * declared earlier delivers to, that resource (e.g. `SecretRotation "dash-secret"`); undefined
 * (no hidden input) when nothing can clash. Pass it as the hidden input `deliveryTargetsTakenBy` (provider/core/hidden.ts).
 *
 * @param owner The resource as messages name it, e.g. `Application "dashboards"`.
 */
export function deliveryTargetsTakenBy(
    owner: string,
    deliverTo: pulumi.Input<pulumi.Input<DeliveryTarget>[]> | undefined,
): pulumi.Output<Record<string, string> | undefined> | undefined {
    if (deliverTo === undefined) return undefined;
    const declared = programDeclarations.deliveryTargets;
    const earlier = [...declared];
    declared.push({ resourceName: owner, account: undefined, value: deliverTo as pulumi.Input<unknown[]> });
    if (earlier.length === 0) return undefined;
    return pulumi.all([pulumi.output(deliverTo), ...earlier.map((other) => pulumi.output(other.value))]).apply(([mine, ...theirs]) => {
        const taken: Record<string, string> = {};
        (Array.isArray(mine) ? mine : []).forEach((target, index) => {
            const store = storeOf(target);
            if (store === undefined) return;
            const first = earlier.findIndex((_, i) => (Array.isArray(theirs[i]) ? (theirs[i] as unknown[]) : []).some((other) => storeOf(other) === store));
            if (first >= 0) taken[String(index)] = earlier[first]!.resourceName;
        });
        return Object.keys(taken).length > 0 ? taken : undefined;
    });
}
