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
import type { BringgClient } from "../core/client";
import { propertyPath, prototypeKeyFailures, settingsFailures, unknownValue, type CheckOutcome, type Failure } from "../core/check";
import { accountInput, accountOf } from "../core/account";
import type { ScopeClaims } from "../core/context";
import type { Deps, DiffOutcome, Props, ReadOutcome, Written } from "../core/contract";
import { ProviderError } from "../core/errors";
import { noHiddenInputs, type HiddenInputs } from "../core/hidden";
import { checkScopeNames, closeMatches } from "../core/scope-names";
import { claim, claimant, release } from "./ownership";
import { describeScopeTtls, toState, upgradeState } from "./mapping";
import { planTtls, requestBody, ttlsDiffer } from "./plan";
import { inputKeys, internalInputKeys, scopeKey, ttlValue, type CheckedScopeTtlsInputs } from "./schema";

/** The resource type, as messages name it. */
export const kind = "ScopeTtls";

/**
 * The failure for a scope that a ScopeTtls earlier in the deployment lists too: the first keeps the
 * scope, a later one is refused. The hidden input `overlaps` says which came first: the class
 * computes it from the program's declaration order, the native plugin from its check order
 * (provider/native/declarations.ts); "earlier in the deployment" is true of both.
 */
function overlapReason(scope: string, owner: string): string {
    return (
        `${scope} is also listed by ${describeScopeTtls(owner)}, which comes earlier in the deployment. Two resources that ` +
        "manage one scope overwrite each other on every `pulumi up` (last writer wins) and each reports the other's " +
        "value as drift: list each scope in exactly one ScopeTtls (the first one keeps it)"
    );
}

/**
 * Validates inputs and settings. Returns every failure at once: bad keys, each bad TTL by its path,
 * unknown scope names with close matches (from Bringg's catalog, fetched only when a name was not
 * checked before and the settings are complete), and scopes another ScopeTtls of the stack lists.
 * Values unknown during preview are not judged. The resource name (hidden input `resourceName`)
 * is kept in the checked inputs as `__resourceName`, for update and delete.
 */
export async function check(
    olds: Props,
    news: Props,
    deps: Pick<Deps, "client" | "settingsProblems" | "scopeClaims">,
    hidden: HiddenInputs = noHiddenInputs,
): Promise<CheckOutcome> {
    const failures: Failure[] = [...(hidden.inputProblems ?? []), ...prototypeKeyFailures(news)];
    if (failures.length > 0) return { inputs: { ...news }, failures };
    const name = hidden.resourceName;

    for (const key of Object.keys(news)) {
        if (internalInputKeys.includes(key) || inputKeys.includes(key) || news[key] === undefined) continue;
        const hint = closeMatches(key, inputKeys, 1);
        failures.push({
            property: key,
            reason: `${JSON.stringify(key)} is not an input of ScopeTtls: ${hint.length > 0 ? `did you mean ${hint[0]}? ` : ""}the inputs are ttls, a map of scope name to TTL, and account`,
        });
    }
    const account = accountOf(news);
    if (news.account !== undefined && news.account !== unknownValue) {
        const checked = accountInput.safeParse(news.account);
        if (!checked.success) failures.push({ property: "account", reason: checked.error.issues[0]!.message });
    }
    const settings = settingsFailures(news.account, deps.settingsProblems);
    failures.push(...settings);

    const raw = news.ttls;
    const inputs: Record<string, unknown> = { ...(name === undefined ? {} : { __resourceName: name }), ...(account === undefined ? {} : { account }) };
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
        const property = propertyPath(["ttls", scope]);
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
    if (fresh.length > 0 && news.account !== unknownValue && settings.length === 0) {
        failures.push(...(await unknownScopes(fresh, deps.client(), describeScopeTtls(name))));
    }

    for (const [scope, owner] of Object.entries(hidden.overlaps ?? {})) {
        failures.push({ property: propertyPath(["ttls", scope]), reason: overlapReason(scope, owner) });
    }

    if (failures.length > 0) {
        // A refused resource is never written, so it must not hold scopes against the others.
        if (name !== undefined) release(deps.scopeClaims, name);
        return { inputs: { ...news }, failures };
    }
    // Recorded for update and delete: a scope handed to another resource is not reverted.
    if (name !== undefined) claim(deps.scopeClaims, name, Object.keys(ttls), account);
    inputs.ttls = ttls;
    return { inputs, failures };
}

async function unknownScopes(names: readonly string[], client: BringgClient, resource: string): Promise<Failure[]> {
    let catalog: wire.Scope[];
    try {
        catalog = await client.listScopes({ resource });
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
    ).map(({ name, reason }) => ({ property: propertyPath(["ttls", name]), reason }));
}

/** Compares the TTLs in state (as Bringg last reported them) with the program's; no Bringg call. */
export function diff(_id: string, olds: Props, news: Props): DiffOutcome {
    return { changes: ttlsDiffer(upgradeState(olds).ttls, news.ttls), replaces: [] };
}

function knownTtls(inputs: CheckedScopeTtlsInputs, action: string): Record<string, number> {
    const ttls = inputs.ttls;
    // Unknowns only exist during preview, and create/update never run in preview.
    if (ttls === unknownValue || Object.values(ttls).some((value) => value === unknownValue)) {
        throw new ProviderError(
            `${action} ${describeScopeTtls(inputs.__resourceName)}`,
            "a TTL is still unknown after preview",
            "this is a bug in the provider; please report it with the program's ScopeTtls inputs.",
        );
    }
    return ttls as Record<string, number>;
}

/** Sets every listed TTL in one Scopes API call (none for an empty map); state from Bringg's reply. */
export async function create(props: Props, deps: Deps): Promise<Written> {
    const client = deps.client();
    const inputs = props as unknown as CheckedScopeTtlsInputs;
    const resource = describeScopeTtls(inputs.__resourceName);
    const ttls = knownTtls(inputs, "create");
    const catalog = Object.keys(ttls).length > 0 ? await client.setScopeTtls({ ...ttls }, { resource }) : [];
    return { id: randomUUID(), outs: { ...toState(catalog, Object.keys(ttls), inputs.__resourceName) } };
}

/**
 * Refresh: the TTLs in force for the managed scopes, from one (shared) list call. A value changed
 * in Bringg's UI shows as drift. The stored inputs are realigned with what Bringg has, so that the
 * next preview shows the way back (`tasks_write: 3600 => 900`) and `pulumi up` sets it back.
 */
export async function read(id: string, props: Props, deps: Deps): Promise<ReadOutcome> {
    const client = deps.client();
    const previous = upgradeState(props);
    const catalog = await client.listScopes({ resource: describeScopeTtls(previous.__resourceName) });
    // `pulumi import` reads with no state: the resource takes over the account's current overrides.
    const managed =
        props.ttls === undefined ? catalog.filter((scope) => scope.ttl !== scope.default_ttl).map((scope) => scope.name) : Object.keys(previous.ttls);
    const state = toState(catalog, managed, previous.__resourceName);
    const inputs: Props = { ttls: { ...state.ttls } };
    if (state.__resourceName !== undefined) inputs.__resourceName = state.__resourceName;
    return { id, props: { ...state }, inputs, warnings: [] };
}

/** Whether a removed scope must keep its override because another ScopeTtls now manages it. */
function claimedByOther(claims: ScopeClaims, name: string | undefined, account: string | undefined): (scope: string) => boolean {
    return (scope) => {
        const owner = claimant(claims, scope, account);
        return owner !== undefined && owner !== name;
    };
}

/**
 * Converges in one Scopes API call: every added, changed or drifted scope with its TTL, and `null`
 * for every removed one. No call at all when state already matches.
 */
export async function update(id: string, olds: Props, props: Props, deps: Deps): Promise<Written> {
    const client = deps.client();
    const news = props as unknown as CheckedScopeTtlsInputs;
    const previous = upgradeState(olds);
    const name = news.__resourceName ?? previous.__resourceName;
    const desired = knownTtls(news, "update");
    const body = requestBody(planTtls(previous.ttls, desired), claimedByOther(deps.scopeClaims, name, accountOf(olds)));
    if (Object.keys(body).length === 0) {
        return {
            id,
            outs: {
                ...previous,
                ttls: pick(previous.ttls, desired),
                defaults: pick(previous.defaults, desired),
                ...(name === undefined ? {} : { __resourceName: name }),
            },
        };
    }
    const catalog = await client.setScopeTtls(body, { resource: describeScopeTtls(name) });
    return { id, outs: { ...toState(catalog, Object.keys(desired), name) } };
}

function pick(map: Record<string, number>, keys: Record<string, unknown>): Record<string, number> {
    return Object.fromEntries(Object.entries(map).filter(([scope]) => Object.hasOwn(keys, scope)));
}

/**
 * Reverts every managed scope to Bringg's default in one call (scopes another ScopeTtls of this
 * deployment now manages are left alone).
 */
export async function remove(_id: string, props: Props, deps: Deps): Promise<void> {
    const client = deps.client();
    const previous = upgradeState(props);
    const plan = planTtls(previous.ttls, {});
    const body = requestBody(plan, claimedByOther(deps.scopeClaims, previous.__resourceName, accountOf(props)));
    if (previous.__resourceName !== undefined) release(deps.scopeClaims, previous.__resourceName);
    if (Object.keys(body).length > 0) await client.setScopeTtls(body, { resource: describeScopeTtls(previous.__resourceName) });
}

export { remove as delete };
