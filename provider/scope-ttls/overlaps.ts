/**
 * The one rule for two ScopeTtls that list the same scope: within one account, the first resource
 * to list a scope keeps it, and every other resource that lists it overlaps (check refuses it).
 * Two resources that manage one scope would overwrite each other on every `pulumi up` (last writer
 * wins) and each would report the other's value as drift forever.
 *
 * "First" has two meanings, one per process, and both apply this rule: in the program, the first
 * declared (./resource.ts passes the overlaps it finds as a hidden input, so that which resource
 * is refused never depends on the order the engine checks them in); in the provider process, the
 * first checked (./ownership.ts, which also catches a TTL map still unknown when the program ran
 * its preview, and tells update and delete which scopes another resource now holds). Scopes of two accounts never overlap: their
 * catalogs are separate. No Pulumi imports.
 */

/** The scopes one ScopeTtls lists, in its account (undefined: the default settings). */
export interface ScopeListing {
    /** The resource's name. */
    readonly owner: string;
    readonly account: string | undefined;
    readonly scopes: Iterable<string>;
}

/** A scope another resource holds. */
export interface Overlap {
    readonly scope: string;
    /** The name of the resource that holds it. */
    readonly owner: string;
}

/** The key of a scope within its account, for a map of holders. */
export function scopeOfAccount(account: string | undefined, scope: string): string {
    return JSON.stringify([account ?? null, scope]);
}

/** Who holds each scope (by {@link scopeOfAccount}) after `listings`, in order: the first to list a scope. */
export function holders(listings: Iterable<ScopeListing>): Map<string, string> {
    const held = new Map<string, string>();
    for (const listing of listings) {
        for (const scope of listing.scopes) {
            const key = scopeOfAccount(listing.account, scope);
            if (!held.has(key)) held.set(key, listing.owner);
        }
    }
    return held;
}

/** The scopes of `listing` that a resource other than its own holds in `held` (see {@link holders}). */
export function overlaps(listing: ScopeListing, held: ReadonlyMap<string, string>): Overlap[] {
    const found: Overlap[] = [];
    for (const scope of listing.scopes) {
        const owner = held.get(scopeOfAccount(listing.account, scope));
        if (owner !== undefined && owner !== listing.owner) found.push({ scope, owner });
    }
    return found;
}
