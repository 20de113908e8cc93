/**
 * The pure part of `ScopeTtls`: what differs between state and inputs, the one Scopes API request
 * that converges them. No I/O, no Pulumi.
 */
import type * as wire from "../api/wire";
import { unknownValue } from "../core/check";

/** What one update has to do. */
export interface TtlPlan {
    /** Scopes to set (added to the map, changed in the program, or drifted in Bringg), in seconds. */
    readonly set: Readonly<Record<string, number>>;
    /** Scopes removed from the map: their override is removed, so Bringg's default applies again. */
    readonly revert: readonly string[];
}

/**
 * Compares the TTLs in force for the managed scopes (`current`, from state) with the program's
 * (`desired`, checked inputs in seconds). Keys come out sorted, so the request is deterministic.
 */
export function planTtls(current: Readonly<Record<string, number>>, desired: Readonly<Record<string, number>>): TtlPlan {
    const set: Record<string, number> = {};
    for (const scope of Object.keys(desired).sort()) {
        if (current[scope] !== desired[scope]) set[scope] = desired[scope]!;
    }
    const revert = Object.keys(current)
        .filter((scope) => !Object.hasOwn(desired, scope))
        .sort();
    return { set, revert };
}

/** True when the plan has nothing to send. */
export function isEmptyPlan(plan: TtlPlan): boolean {
    return plan.revert.length === 0 && Object.keys(plan.set).length === 0;
}

/**
 * Whether state and checked inputs differ, for `diff`. A TTL (or the whole map) that is unknown
 * during preview counts as a change, since it may differ once known.
 */
export function ttlsDiffer(current: Readonly<Record<string, number>>, desired: unknown): boolean {
    if (desired === unknownValue || desired === null || typeof desired !== "object") return true;
    const entries = Object.entries(desired as Record<string, unknown>);
    if (entries.some(([, seconds]) => typeof seconds !== "number")) return true;
    return !isEmptyPlan(planTtls(current, Object.fromEntries(entries) as Record<string, number>));
}

/**
 * The body of the one Scopes API call for a plan: seconds for scopes to set, `null` for scopes to
 * revert. `keepOverride` names reverts to leave out (another ScopeTtls of this deployment now
 * manages that scope, and its value must not be undone).
 */
export function requestBody(plan: TtlPlan, keepOverride: (scope: string) => boolean = () => false): wire.SetScopeTtlsRequest {
    const body: wire.SetScopeTtlsRequest = { ...plan.set };
    for (const scope of plan.revert) if (!keepOverride(scope)) body[scope] = null;
    return body;
}
