/**
 * An API profile: what a Bringg account's Management API looks like where it differs from the
 * built-in route table (./routes.ts), whose paths and reply shapes are inferred
 * (docs/bringg-api.md#management-api-calls). A user whose account answers elsewhere, or in other
 * shapes, writes a profile file (`bringg:apiProfile`, per account
 * `bringg:accounts.<name>.apiProfile`, or `BRINGG_API_PROFILE`) instead of waiting for a release;
 * the emulator serves the same profile (`--api-profile`), so a profile is proven on one machine.
 *
 * This module holds the types and the built-in default; it imports nothing of ours but ./routes.
 */
import type { Route, RouteName } from "./routes";

/**
 * How a list operation's reply says there is more. Lists are never taken as complete when the
 * reply shows a sign of more that the profile does not declare (a dropped page would read as
 * deletions).
 * - `none`: one reply holds the whole list;
 * - `page`: numbered pages, `?<pageParam>=N&<perPageParam>=M`, until a page has fewer than M items
 *   (or none);
 * - `link`: an RFC 8288 `Link` header with `rel="next"` names the next page's URL, or, with
 *   `nextField`, the reply's field at that dotted path does (e.g. `links.next`, as JSON:API puts it);
 * - `cursor`: the reply's `nextField` (a dotted path, e.g. `meta.next_cursor`) holds a cursor to send
 *   as `?<cursorParam>=...`; absent, null or empty on the last page.
 */
export type Pagination =
    | { readonly style: "none" }
    | { readonly style: "page"; readonly pageParam: string; readonly perPageParam: string; readonly perPage: number; readonly firstPage: number }
    | { readonly style: "link"; readonly nextField?: string }
    | { readonly style: "cursor"; readonly cursorParam: string; readonly nextField: string };

/** How one operation differs from the built-in route table; every field optional. */
export interface OperationProfile {
    readonly method?: Route["method"];
    /** Path template; `{id}` where the built-in path has one. */
    readonly path?: string;
    /** Request field names: ours → the account's, e.g. `{ scopes: "scope_names" }`. */
    readonly requestFields?: Readonly<Record<string, string>>;
    /**
     * Where the payload sits in the reply: a dotted path (e.g. `data.applications`); absent, the
     * reply is the payload (a list may also come as `{applications: [...]}`, as today).
     */
    readonly envelope?: string;
    /** Reply field names: ours → the account's, e.g. `{ client_id: "uid" }`. */
    readonly aliases?: Readonly<Record<string, string>>;
    /** For list operations: how the reply pages (default `none`). */
    readonly pagination?: Pagination;
}

/** A whole profile: per operation, what differs. */
export interface ApiProfile {
    /** Where it was read from (a file name), for messages; undefined for the built-in default. */
    readonly source?: string | undefined;
    readonly operations: Readonly<Partial<Record<RouteName, OperationProfile>>>;
}

/** The built-in profile: the route table as it is, lists in one reply. */
export const defaultProfile: ApiProfile = { operations: {} };
