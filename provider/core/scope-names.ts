/**
 * Scope names, judged against the account's own catalog rather than a spelling rule.
 *
 * Bringg's documentation spells scopes both ways: `Customer`, `Customer_write` and
 * `Create_customer` in the Dashboard walkthrough, `teams_write` in the Scopes API example
 * (docs/bringg-api.md#scope-names). Only the account's catalog knows which names exist, so locally a name is checked for shape
 * only ({@link scopeNameProblem}), and {@link checkScopeNames} compares names with the catalog,
 * case-preserving, with "did you mean" for a wrong case or a typo. The client's shared list
 * (`BringgClient.listScopes`) fetches that catalog once for every resource of a provider process.
 */

import { maxScopeNameLength } from "../api/wire";

/**
 * Why a string cannot be a scope name (empty, too long, whitespace or control characters), or
 * undefined when its shape is fine. Whether the scope exists is the catalog's business.
 */
export function scopeNameProblem(name: string): string | undefined {
    if (name.length === 0) return "a scope name must not be empty";
    if (name.length > maxScopeNameLength) return `a scope name has at most ${maxScopeNameLength} characters`;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
    if (/[\s\u0000-\u001f\u007f]/.test(name)) return "a scope name has no spaces or control characters";
    return undefined;
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
 * name's length (at least 2), or containing it / contained in it (`tasks` → `tasks_read`). Case is
 * ignored when comparing, so `customer_write` finds `Customer_write`.
 */
export function closeMatches(name: string, catalog: Iterable<string>, limit = 3): string[] {
    const allowed = Math.max(2, Math.floor(name.length / 3));
    const folded = name.toLowerCase();
    const scored: Array<[string, number]> = [];
    for (const candidate of catalog) {
        const other = candidate.toLowerCase();
        const distance = editDistance(folded, other);
        const related = folded.length >= 4 && (other.includes(folded) || folded.includes(other));
        if (distance <= allowed || related) scored.push([candidate, related ? Math.min(distance, allowed) : distance]);
    }
    return scored
        .sort(([a, da], [b, db]) => da - db || a.localeCompare(b))
        .slice(0, limit)
        .map(([candidate]) => candidate);
}

/** A name the catalog does not have, with the reason to show. */
export interface ScopeNameFailure {
    readonly name: string;
    readonly reason: string;
}

/**
 * The names that are not in the catalog, each with a reason: the right spelling when only the case
 * differs, else the closest names, else how to list the catalog. Pure: no I/O.
 */
export function checkScopeNames(names: Iterable<string>, catalog: Iterable<string>): ScopeNameFailure[] {
    const known = new Set(catalog);
    const byFoldedName = new Map<string, string>();
    for (const scope of known) byFoldedName.set(scope.toLowerCase(), scope);
    const failures: ScopeNameFailure[] = [];
    for (const name of new Set(names)) {
        if (known.has(name)) continue;
        const sameLetters = byFoldedName.get(name.toLowerCase());
        const matches = sameLetters ? [sameLetters] : closeMatches(name, known);
        const hint = sameLetters
            ? `; did you mean ${sameLetters}? Scope names are case-sensitive, spell them as Bringg lists them`
            : matches.length > 0
              ? `; did you mean ${matches.join(", ")}?`
              : `; none of its ${known.size} scopes is close (list them with GET /oauth/scopes)`;
        failures.push({ name, reason: `${JSON.stringify(name)} is not a scope of this Bringg account${hint}` });
    }
    return failures;
}
