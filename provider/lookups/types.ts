/**
 * What the lookups return, as plain types: the public declarations of ./index.ts import them, and
 * must not import zod (./query.ts parses the lookups' arguments with it).
 */

/** Whether a scope grants reading, writing, or (a logical group) both. */
export type ScopeAccess = "read" | "write" | "both";

/** One scope of the account's catalog, as {@link getScopes} returns it. */
export interface ScopeInfo {
    /** The scope's name, as applications and `ScopeTtls` spell it (case-sensitive). */
    readonly name: string;
    /** Bringg's description of the scope, when it gives one. */
    readonly description?: string;
    /** The enclosing scope (`tasks_write` for `create_task`); undefined for a logical group. */
    readonly parent?: string;
    /** The logical group at the top of the scope's branch (`Customer` for `Create_customer`). */
    readonly group: string;
    /**
     * `read` or `write` for the scopes under a group's `_read` or `_write` branch, `both` for a
     * group. Inferred from the tree's names (docs/bringg-api.md#scope-hierarchy: group →
     * `<group>_read` / `<group>_write` → endpoints); where a name says neither, from the default
     * TTL (Bringg's defaults: 30 min write, 4 h read).
     */
    readonly access: ScopeAccess;
    /** The token TTL in force, in seconds: the override if one is set, else the default. */
    readonly ttlSeconds: number;
    /** Bringg's default TTL, in seconds. */
    readonly defaultTtlSeconds: number;
    /** True when an override is in force (`ttlSeconds` differs from the default). */
    readonly overridden: boolean;
}

/** An application, as the lookups return it: everything but the secret. */
export interface ApplicationInfo {
    /** Bringg's numeric id. */
    readonly applicationId: number;
    /** The OAuth client id: give it to `Application`'s `adopt` to manage the application. */
    readonly clientId: string;
    /** The display name. */
    readonly name: string;
    /** The scopes, sorted. */
    readonly scopes: string[];
    /** Whether the application can obtain tokens. */
    readonly enabled: boolean;
    /** When Bringg created it (ISO 8601). */
    readonly createdAt: string;
}
