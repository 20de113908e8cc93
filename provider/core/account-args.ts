/**
 * The `account` argument of the resource classes and lookups, in a module of its own: the public
 * type declarations import it, and must not import zod (./account.ts holds the schema), whose
 * declarations fail a user's `tsc` without `esModuleInterop` or `skipLibCheck`.
 */

/** The `account` argument every Bringg resource class and lookup takes. */
export interface AccountArgs {
    /**
     * The named account (an entry of `bringg:accounts`) this resource lives in; without it, the
     * default settings (`bringg:region` or `bringg:endpoint`, `bringg:username`,
     * `bringg:password`). Kept in the state so refresh and destroy reach the same account; changing
     * it replaces the resource.
     */
    account?: string;
}
