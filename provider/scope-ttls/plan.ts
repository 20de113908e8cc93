/**
 * The pure part of `ScopeTtls`: what differs between state and inputs, the one Scopes API request
 * that converges them, and "did you mean" suggestions for misspelt scope names. No I/O, no Pulumi.
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

/** Levenshtein distance between two names (insertions, deletions and substitutions cost 1). */
export function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const row = [i];
        for (let j = 1; j <= b.length; j++) {
            row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = row;
    }
    return previous[b.length]!;
}

/**
 * Catalog names close to a misspelt one, closest first: within an edit distance of a third of the
 * name's length (at least 2), or containing it / contained in it (`tasks` → `tasks_read`).
 */
export function closeMatches(name: string, catalog: Iterable<string>, limit = 3): string[] {
    const allowed = Math.max(2, Math.floor(name.length / 3));
    const scored: Array<[string, number]> = [];
    for (const candidate of catalog) {
        const distance = editDistance(name, candidate);
        const related = name.length >= 4 && (candidate.includes(name) || name.includes(candidate));
        if (distance <= allowed || related) scored.push([candidate, related ? Math.min(distance, allowed) : distance]);
    }
    return scored
        .sort(([a, da], [b, db]) => da - db || a.localeCompare(b))
        .slice(0, limit)
        .map(([candidate]) => candidate);
}
