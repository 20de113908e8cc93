/**
 * The one scope-overlap rule (provider/scope-ttls/overlaps.ts): within one account the first to
 * list a scope keeps it; the program applies it in declaration order, the provider's claims in
 * check order, with the same result.
 */
import test from "ava";
import { holders, overlaps, type ScopeListing } from "../../provider/scope-ttls/overlaps";
import type { ScopeClaims } from "../../provider/core/context";
import { claim } from "../../provider/scope-ttls/ownership";

const first: ScopeListing = { owner: "first", account: undefined, scopes: ["tasks_write", "users_read"] };
const second: ScopeListing = { owner: "second", account: undefined, scopes: ["users_read", "teams_write"] };
const third: ScopeListing = { owner: "third", account: undefined, scopes: ["teams_write", "tasks_write"] };
const elsewhere: ScopeListing = { owner: "eu", account: "eu", scopes: ["tasks_write"] };

test("the first to list a scope holds it; a later listing overlaps on exactly the scopes held by another", (t) => {
    const held = holders([first, second]);
    t.deepEqual(overlaps(third, held), [
        { scope: "teams_write", owner: "second" },
        { scope: "tasks_write", owner: "first" },
    ]);
    t.deepEqual(overlaps(first, held), [], "a resource never overlaps itself");
    t.deepEqual(overlaps(second, held), [{ scope: "users_read", owner: "first" }]);
});

test("scopes of two accounts never overlap", (t) => {
    t.deepEqual(overlaps(elsewhere, holders([first])), []);
    t.deepEqual(overlaps(first, holders([elsewhere])), []);
});

test("the provider's claims apply the same rule: checked in declaration order, they conflict where the program found overlaps", (t) => {
    const claims: ScopeClaims = new Map();
    const declared = [first, second, third, elsewhere];
    for (const [i, listing] of declared.entries()) {
        const program = overlaps(listing, holders(declared.slice(0, i)));
        t.deepEqual(claim(claims, listing.owner, listing.scopes, listing.account), program, listing.owner);
    }
});
