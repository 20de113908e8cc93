/**
 * What each dynamic-provider hook does for a `ScopeTtls`, with no Pulumi imports.
 *
 * | hook   | Bringg calls                                                                    |
 * |--------|---------------------------------------------------------------------------------|
 * | check  | list scopes, only when the map names a scope not checked before (else none)     |
 * | diff   | none: state (outputs) against checked inputs                                    |
 * | create | one set-TTLs call with every listed scope                                       |
 * | read   | list scopes (shared by every ScopeTtls of the process)                          |
 * | update | one set-TTLs call with every changed scope and `null` for removed ones; none if nothing changed |
 * | delete | one set-TTLs call with `null` for every managed scope                           |
 */
import { randomUUID } from "node:crypto";
import type * as wire from "../api/wire";
import { sharedClient, type BringgClient } from "../core/client";
import { settingsProblems } from "../core/config";
import { catalogOf, checkScopeNames, closeMatches, forgetCatalog } from "../core/scope-names";
import { claim, claimant, release, type Conflict } from "./ownership";
import { describeScopeTtls, toState, upgradeState, type ScopeTtlsState } from "./mapping";
import { planTtls, requestBody, ttlsDiffer } from "./plan";
import { inputKeys, internalInputKeys, scopeKey, ttlValue, unknownValue, type CheckedScopeTtlsInputs } from "./schema";

/** One invalid input: `property` is a path such as `ttls.tasks_write`, empty for the whole resource. */
export interface Failure {
    readonly property: string;
    readonly reason: string;
}

async function setTtls(client: BringgClient, body: wire.SetScopeTtlsRequest, resource: string): Promise<wire.Scope[]> {
    // A list fetched before (or while) the write is stale afterwards.
    forgetCatalog(client);
    try {
        return await client.setScopeTtls(body, { resource });
    } finally {
        forgetCatalog(client);
    }
}

function conflictReason(conflict: Conflict): string {
    return (
        `${conflict.scope} is also listed by ${describeScopeTtls(conflict.owner)} in this stack. Two resources that ` +
        "manage one scope overwrite each other on every `pulumi up` (last writer wins) and each reports the other's " +
        "value as drift: list each scope in exactly one ScopeTtls"
    );
}

/**
 * Validates inputs and settings. Returns every failure at once: bad keys, each bad TTL by its path,
 * unknown scope names with close matches (from Bringg's catalog, fetched only when a name was not
 * checked before and the settings are complete), and scopes another ScopeTtls of the stack lists.
 * Values unknown during preview are not judged.
 */
export async function check(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    client: () => BringgClient = () => sharedClient(),
): Promise<{ inputs: Record<string, unknown>; failures: Failure[] }> {
    const failures: Failure[] = [];
    const name = typeof news.__resourceName === "string" ? news.__resourceName : undefined;

    for (const key of Object.keys(news)) {
        if (internalInputKeys.includes(key) || inputKeys.includes(key) || news[key] === undefined) continue;
        const hint = closeMatches(key, inputKeys, 1);
        failures.push({
            property: key,
            reason: `${JSON.stringify(key)} is not an input of ScopeTtls: ${hint.length > 0 ? `did you mean ${hint[0]}? ` : ""}the only input is ttls, a map of scope name to TTL`,
        });
    }
    for (const problem of settingsProblems()) failures.push({ property: "", reason: problem.message });

    const raw = news.ttls;
    const inputs: Record<string, unknown> = { ...(name === undefined ? {} : { __resourceName: name }) };
    if (raw === unknownValue) {
        inputs.ttls = unknownValue;
        return { inputs, failures };
    }
    if (raw === undefined || raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        failures.push({
            property: "ttls",
            reason:
                raw === undefined
                    ? 'ttls is required: a map of scope name to TTL, e.g. { tasks_write: "15m", users_read: 7200 }'
                    : `ttls must be a map of scope name to TTL, e.g. { tasks_write: "15m", users_read: 7200 }, not ${Array.isArray(raw) ? "a list" : JSON.stringify(raw)}`,
        });
        return { inputs: { ...news }, failures };
    }

    const ttls: Record<string, number | typeof unknownValue> = {};
    const wellFormedNames: string[] = [];
    for (const [scope, value] of Object.entries(raw as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) {
        const property = `ttls.${scope}`;
        const key = scopeKey.safeParse(scope);
        if (!key.success) failures.push({ property, reason: key.error.issues[0]!.message });
        else wellFormedNames.push(scope);
        if (value === unknownValue) {
            ttls[scope] = unknownValue;
            continue;
        }
        const ttl = ttlValue.safeParse(value);
        if (ttl.success) ttls[scope] = ttl.data;
        else failures.push({ property, reason: ttl.error.issues[0]!.message });
    }

    // Names already in the checked inputs were validated by an earlier check and applied by Bringg:
    // only new ones cost a list call, so an unchanged program previews with no Bringg call at all.
    const previous = olds.ttls !== null && typeof olds.ttls === "object" ? (olds.ttls as Record<string, unknown>) : {};
    const fresh = wellFormedNames.filter((scope) => !Object.hasOwn(previous, scope));
    if (fresh.length > 0 && settingsProblems().length === 0) {
        failures.push(...(await unknownScopes(fresh, client(), describeScopeTtls(name))));
    }

    if (name !== undefined) {
        for (const conflict of claim(name, Object.keys(raw as object))) {
            failures.push({ property: `ttls.${conflict.scope}`, reason: conflictReason(conflict) });
        }
    }

    inputs.ttls = ttls;
    return failures.length > 0 ? { inputs: { ...news }, failures } : { inputs, failures };
}

async function unknownScopes(names: readonly string[], client: BringgClient, resource: string): Promise<Failure[]> {
    let catalog: wire.Scope[];
    try {
        catalog = await catalogOf(client, resource);
    } catch (error) {
        return [
            {
                property: "ttls",
                reason: `the scope names could not be checked against Bringg's scope catalog: ${error instanceof Error ? error.message : String(error)}`,
            },
        ];
    }
    return checkScopeNames(
        names,
        catalog.map((scope) => scope.name),
    ).map(({ name, reason }) => ({ property: `ttls.${name}`, reason }));
}

/** The dynamic-provider diff result. */
export interface Diff {
    changes: boolean;
    replaces: string[];
}

/** Compares the TTLs in state (as Bringg last reported them) with the program's; no Bringg call. */
export function diff(olds: object, news: Record<string, unknown>): Diff {
    return { changes: ttlsDiffer(upgradeState(olds).ttls, news.ttls), replaces: [] };
}

function knownTtls(inputs: CheckedScopeTtlsInputs, action: string): Record<string, number> {
    const ttls = inputs.ttls;
    // Unknowns only exist during preview, and create/update never run in preview.
    if (ttls === unknownValue || Object.values(ttls).some((value) => value === unknownValue)) {
        throw new Error(`${action} ${describeScopeTtls(inputs.__resourceName)}: a TTL is still unknown; this is a bug in the provider`);
    }
    return ttls as Record<string, number>;
}

/** A create or update result. */
export interface Created {
    id: string;
    outs: ScopeTtlsState;
}

/** Sets every listed TTL in one Scopes API call (none for an empty map); state from Bringg's reply. */
export async function create(inputs: CheckedScopeTtlsInputs, client: BringgClient = sharedClient()): Promise<Created> {
    const resource = describeScopeTtls(inputs.__resourceName);
    const ttls = knownTtls(inputs, "create");
    if (inputs.__resourceName !== undefined) {
        const conflicts = claim(inputs.__resourceName, Object.keys(ttls));
        if (conflicts.length > 0) throw new Error(`create ${resource}: ${conflicts.map(conflictReason).join("; ")}`);
    }
    const catalog = Object.keys(ttls).length > 0 ? await setTtls(client, { ...ttls }, resource) : [];
    return { id: randomUUID(), outs: toState(catalog, Object.keys(ttls), inputs.__resourceName) };
}

/**
 * Refresh: the TTLs in force for the managed scopes, from one (shared) list call. A value changed
 * in Bringg's UI shows as drift. The stored inputs are realigned with what Bringg has, so that the
 * next preview shows the way back (`tasks_write: 3600 => 900`) and `pulumi up` sets it back.
 */
export async function read(
    id: string,
    props: object,
    client: BringgClient = sharedClient(),
): Promise<{ id: string; props: ScopeTtlsState; inputs: CheckedScopeTtlsInputs }> {
    const previous = upgradeState(props);
    const catalog = await catalogOf(client, describeScopeTtls(previous.__resourceName));
    const state = toState(catalog, Object.keys(previous.ttls), previous.__resourceName);
    const inputs: CheckedScopeTtlsInputs = { ttls: { ...state.ttls } };
    if (state.__resourceName !== undefined) inputs.__resourceName = state.__resourceName;
    return { id, props: state, inputs };
}

/** Whether a removed scope must keep its override because another ScopeTtls now manages it. */
function claimedByOther(name: string | undefined): (scope: string) => boolean {
    return (scope) => {
        const owner = claimant(scope);
        return owner !== undefined && owner !== name;
    };
}

/**
 * Converges in one Scopes API call: every added, changed or drifted scope with its TTL, and `null`
 * for every removed one. No call at all when state already matches.
 */
export async function update(
    _id: string,
    olds: object,
    news: CheckedScopeTtlsInputs,
    client: BringgClient = sharedClient(),
): Promise<{ outs: ScopeTtlsState }> {
    const previous = upgradeState(olds);
    const name = news.__resourceName ?? previous.__resourceName;
    const desired = knownTtls(news, "update");
    const body = requestBody(planTtls(previous.ttls, desired), claimedByOther(name));
    if (Object.keys(body).length === 0) {
        return { outs: { ...previous, ttls: pick(previous.ttls, desired), defaults: pick(previous.defaults, desired), ...(name === undefined ? {} : { __resourceName: name }) } };
    }
    const catalog = await setTtls(client, body, describeScopeTtls(name));
    return { outs: toState(catalog, Object.keys(desired), name) };
}

function pick(map: Record<string, number>, keys: Record<string, unknown>): Record<string, number> {
    return Object.fromEntries(Object.entries(map).filter(([scope]) => Object.hasOwn(keys, scope)));
}

/**
 * Reverts every managed scope to Bringg's default in one call (scopes another ScopeTtls of this
 * deployment now manages are left alone).
 */
export async function remove(_id: string, props: object, client: BringgClient = sharedClient()): Promise<void> {
    const previous = upgradeState(props);
    const plan = planTtls(previous.ttls, {});
    const body = requestBody(plan, claimedByOther(previous.__resourceName));
    if (previous.__resourceName !== undefined) release(previous.__resourceName);
    if (Object.keys(body).length > 0) await setTtls(client, body, describeScopeTtls(previous.__resourceName));
}
