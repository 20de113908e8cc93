/**
 * Bringg's scope catalog → the `ScopeTtls` outputs (its state), and old state → current shape.
 *
 * State always comes from the server: after a write it is built from the catalog the Scopes API
 * returns, on refresh from a fresh list. The shape is a compatibility promise (refresh and destroy
 * run the `__provider` recorded in old state), so {@link upgradeState} reads every shape ever written.
 */
import type * as wire from "../api/wire";

/** The state shape this version writes. */
export const schemaVersion = 1;

/** The ScopeTtls outputs. */
export interface ScopeTtlsState {
    /** The TTL in force for each managed scope, in seconds, as Bringg reports it. Keys sorted. */
    ttls: Record<string, number>;
    /** Bringg's default TTL of each managed scope (what removal or delete reverts it to). */
    defaults: Record<string, number>;
    /** Shape version of this state; see {@link upgradeState}. */
    schemaVersion: number;
    /** The resource name, for ownership messages (hidden from the CLI's diff: `__` prefix). */
    __resourceName?: string;
}

/** Scope rows by name. */
export function indexCatalog(catalog: readonly wire.Scope[]): Map<string, wire.Scope> {
    return new Map(catalog.map((scope) => [scope.name, scope]));
}

/**
 * The state for the managed scopes as the catalog shows them. A managed scope missing from the
 * catalog (Bringg retired it) is left out, so that the next diff shows it as a change to make.
 */
export function toState(catalog: readonly wire.Scope[], managed: Iterable<string>, name?: string): ScopeTtlsState {
    const rows = indexCatalog(catalog);
    const ttls: Record<string, number> = {};
    const defaults: Record<string, number> = {};
    for (const scope of [...new Set(managed)].sort()) {
        const row = rows.get(scope);
        if (!row) continue;
        ttls[scope] = row.ttl;
        defaults[scope] = row.default_ttl;
    }
    const state: ScopeTtlsState = { ttls, defaults, schemaVersion };
    // Never `__resourceName: undefined`: an undefined value in a provider result fails the gRPC reply.
    if (name !== undefined) state.__resourceName = name;
    return state;
}

function secondsMap(value: unknown): Record<string, number> {
    const map: Record<string, number> = {};
    if (value === null || typeof value !== "object" || Array.isArray(value)) return map;
    for (const [scope, seconds] of Object.entries(value)) {
        if (typeof seconds === "number" && Number.isFinite(seconds)) map[scope] = seconds;
    }
    return map;
}

/** Reads state written by any version of this provider (version 1 is the first). */
export function upgradeState(stored: object): ScopeTtlsState {
    const props = stored as Record<string, unknown>;
    const state: ScopeTtlsState = {
        ttls: secondsMap(props.ttls),
        defaults: secondsMap(props.defaults),
        schemaVersion,
    };
    if (typeof props.__resourceName === "string") state.__resourceName = props.__resourceName;
    return state;
}

/** How a ScopeTtls resource is named in messages: `ScopeTtls "policy"`. */
export function describeScopeTtls(name: string | undefined): string {
    return name === undefined ? "ScopeTtls" : `ScopeTtls ${JSON.stringify(name)}`;
}
