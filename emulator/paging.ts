/**
 * Paged lists, as a server that pages its lists answers them: the emulator's `--page-size N` and
 * `--page-style`. Bringg's own paging is not documented (docs/bringg-api.md), so each common style
 * is served, and the provider must read every one of them whole once its API profile declares it
 * (and refuse, never drop, when it does not):
 * - `page`: `?page=N&per_page=M` (M at most the page size) over a bare array, with `X-Total-Count`;
 * - `link`: `?page=N` over a bare array, with an RFC 8288 `Link: <...>; rel="next"` header;
 * - `cursor`: `?cursor=C` and `{"<list>": [...], "next_cursor": "..." | null}`;
 * - `envelope`: `?page=N&per_page=M` and `{"<list>": [...], "meta": {"next_page": N+1 | null, "total_count": T}}`.
 */
import type { IncomingMessage } from "node:http";
import { ApiError, type Reply } from "./http";

/** The page styles the emulator serves. */
export const pageStyles = ["page", "link", "cursor", "envelope"] as const;
/** A page style. */
export type PageStyle = (typeof pageStyles)[number];

/** The lists that may be paged. */
export type PagedList = "listApplications" | "listScopes";

/** How the emulator pages its lists. */
export interface Paging {
    /** Items per page (the most a `per_page` may ask for). */
    readonly size: number;
    readonly style: PageStyle;
    /** The lists that are paged (default: the applications list only). */
    readonly lists?: readonly PagedList[];
}

/** Checks a {@link Paging} from options or flags; throws with what is wrong. */
export function checkPaging(paging: Paging): Paging {
    if (!Number.isInteger(paging.size) || paging.size < 1 || paging.size > 10_000)
        throw new Error(`the page size must be an integer 1-10000, not ${paging.size}`);
    if (!pageStyles.includes(paging.style)) throw new Error(`the page style must be one of ${pageStyles.join(", ")}, not ${String(paging.style)}`);
    return paging;
}

/**
 * One page of `items` as `paging` serves it for the request `req`: the page's items as the payload,
 * and what a style puts beside them (`next_cursor`, `meta`) as `beside`, in the API profile's
 * envelope or else under `key` (`applications`); the server shapes it (an alias of the profile
 * renames each item's fields). Without paging (or for a list not paged), the whole list as a bare array.
 */
export function pageOf(items: readonly object[], key: string, list: PagedList, req: IncomingMessage, paging: Paging | undefined): Reply {
    if (!paging || !(paging.lists ?? ["listApplications"]).includes(list)) return { status: 200, body: items };
    const url = new URL(req.url ?? "/", "http://emulator");
    const query = url.searchParams;
    if (paging.style === "cursor") {
        const cursor = query.get("cursor");
        const start = cursor === null || cursor === "" ? 0 : offsetOf(cursor);
        const page = items.slice(start, start + paging.size);
        const next = start + paging.size < items.length ? Buffer.from(`offset:${start + paging.size}`).toString("base64url") : null;
        return { status: 200, body: page, beside: { next_cursor: next }, envelope: key };
    }
    const number = wholeNumber(query.get("page"), "page") ?? 1;
    const asked = paging.style === "link" ? undefined : wholeNumber(query.get("per_page"), "per_page");
    const size = Math.min(asked ?? paging.size, paging.size);
    const start = (number - 1) * size;
    const page = items.slice(start, start + size);
    const more = start + size < items.length;
    switch (paging.style) {
        case "page":
            return { status: 200, body: page, headers: { "x-total-count": String(items.length) } };
        case "link": {
            const next = new URLSearchParams(query);
            next.set("page", String(number + 1));
            return { status: 200, body: page, headers: more ? { link: `<${url.pathname}?${next}>; rel="next"` } : {} };
        }
        case "envelope":
            return {
                status: 200,
                body: page,
                beside: { meta: { page: number, per_page: size, next_page: more ? number + 1 : null, total_count: items.length } },
                envelope: key,
            };
    }
}

function offsetOf(cursor: string): number {
    const match = /^offset:(\d{1,9})$/.exec(Buffer.from(cursor, "base64url").toString());
    if (!match) throw new ApiError(400, "invalid_request", "invalid cursor");
    return Number(match[1]);
}

function wholeNumber(value: string | null, name: string): number | undefined {
    if (value === null) return undefined;
    if (!/^[1-9]\d{0,8}$/.test(value)) throw new ApiError(400, "invalid_request", `${name} must be a whole number from 1`);
    return Number(value);
}
