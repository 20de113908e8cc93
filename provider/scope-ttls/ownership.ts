/**
 * Which ScopeTtls resource manages which scope, within one provider process.
 *
 * Two resources that list the same scope would overwrite each other on every `pulumi up` (last
 * writer wins) and each would report the other's value as drift forever. Every ScopeTtls of one
 * stack is served by one provider process during a preview or update, so claims recorded by
 * `check` in the provider context's claims (account and scope → name of the resource that claims
 * it) catch that case before anything is written. Across stacks (or projects) the provider
 * cannot see the other claimant: docs/scope-ttls.md says so.
 *
 * Claims are keyed by resource name and replaced whole on each check, so checking a resource
 * again (preview, then update) never conflicts with itself, and a scope moved from one resource to
 * another in the same change is handed over, whichever is checked first. A scope is claimed per
 * account (undefined: the default settings): two accounts' catalogs are separate. Which claim
 * conflicts is the rule of ./overlaps.ts, which the program applies in declaration order.
 */
import type { ScopeClaims } from "../core/context";
import { overlaps, scopeOfAccount, type Overlap } from "./overlaps";

/** A scope another resource already claims (the name of the resource that claimed it first). */
export type Conflict = Overlap;

/**
 * Records that `owner` manages exactly `scopes` of `account` (dropping its earlier claims) and
 * returns the scopes that another resource claimed first; those are not taken.
 */
export function claim(claims: ScopeClaims, owner: string, scopes: Iterable<string>, account?: string): Conflict[] {
    release(claims, owner);
    const listing = { owner, account, scopes: [...scopes] };
    const conflicts = overlaps(listing, claims);
    const taken = new Set(conflicts.map((conflict) => conflict.scope));
    for (const scope of listing.scopes) if (!taken.has(scope)) claims.set(scopeOfAccount(account, scope), owner);
    return conflicts;
}

/** Drops every claim of `owner` (its scopes were reverted, or it is being deleted). */
export function release(claims: ScopeClaims, owner: string): void {
    for (const [scope, current] of claims) if (current === owner) claims.delete(scope);
}

/** The resource that claims `scope` of `account` in `claims`, if any. */
export function claimant(claims: ScopeClaims, scope: string, account?: string): string | undefined {
    return claims.get(scopeOfAccount(account, scope));
}
