/**
 * Reading a paged list whole, or refusing to read it at all.
 *
 * A list read as complete when it is not turns every application on a page not read into a
 * deletion: refresh drops it from the stack, the next `up` creates it twice. So a list is
 * followed page by page in the style the API profile declares (provider/api/profile.ts), and a
 * reply that shows a sign of more pages the profile does not explain fails the list with the
 * sign named, instead of being read as the whole.
 *
 * The client (./client.ts) sends each page through its one call path (auth, retries, deadline,
 * reply schema); this module only decides which URL comes next and whether a reply may be the
 * last. It is pure: no I/O, no Pulumi.
 *
 * Why not got's `paginate`: each page must be classified and parsed by the client's call path like
 * any other reply (an HTTP error status is a reply there, not an exception), with a deadline of its
 * own; a runaway loop must fail the list, where got's `requestLimit` ends it quietly with what was
 * read; and a next page on another host must be refused, not fetched without credentials. got's
 * Link header parser is used as it is.
 */
import type { IncomingHttpHeaders } from "node:http";
import { parseLinkHeader } from "got";
import type { Pagination } from "../api/profile";

/** Default of {@link ListPagerOptions.maxPages}. */
export const defaultMaxPages = 1000;

/** Why a list could not be read whole: the sign seen and what to do. */
export class PagingProblem extends Error {
    override name = "PagingProblem";
    constructor(
        /** What was seen, and why the list is not read on. */
        readonly what: string,
        /** What the user should do. */
        readonly fix: string,
    ) {
        super(`${what}. Fix: ${fix}`);
    }
}

/** One page's reply, as the pager needs it. */
export interface PageReply {
    /** The URL the page was fetched from. */
    readonly url: string;
    readonly headers: IncomingHttpHeaders;
    /** The reply's body as sent (before any envelope was taken off). */
    readonly body: unknown;
    /** The page's items, as parsed. */
    readonly items: readonly unknown[];
}

/** Options of {@link ListPager}. */
export interface ListPagerOptions {
    /** The list's operation name, for messages (`listApplications`). */
    readonly operation: string;
    /** A loop that reads more pages than this fails (default {@link defaultMaxPages}). */
    readonly maxPages?: number;
}

/**
 * Walks one list's pages: {@link first} is the first page's URL, then {@link next} gets each reply
 * and returns the next page's URL, or undefined when the list is whole. It throws
 * {@link PagingProblem} when it is not certain of that: a sign of more pages that the declared style
 * does not explain, a page seen twice, a cursor or link that comes back, more than `maxPages` pages.
 */
export class ListPager {
    private readonly maxPages: number;
    private pages = 0;
    private page: number;
    /** The page size the server keeps to: the declared `perPage`, or less when the first page is shorter (a cap). */
    private pageSize: number;
    private count = 0;
    private readonly seenUrls = new Set<string>();
    private readonly seenPages = new Set<string>();

    constructor(
        private readonly pagination: Pagination,
        /** The list route's URL, as the profile makes it. */
        private readonly baseUrl: string,
        private readonly options: ListPagerOptions,
    ) {
        this.maxPages = options.maxPages ?? defaultMaxPages;
        this.page = pagination.style === "page" ? pagination.firstPage : 0;
        this.pageSize = pagination.style === "page" ? pagination.perPage : 0;
    }

    /** The first page's URL. */
    first(): string {
        const p = this.pagination;
        return p.style === "page" ? withQuery(this.baseUrl, { [p.pageParam]: String(p.firstPage), [p.perPageParam]: String(p.perPage) }) : this.baseUrl;
    }

    /** The next page's URL after `reply`; undefined when the list is whole. */
    next(reply: PageReply): string | undefined {
        this.pages++;
        this.count += reply.items.length;
        this.seenUrls.add(reply.url);
        const p = this.pagination;
        if (reply.items.length > 0) {
            const key = pageKey(reply.items);
            if (this.seenPages.has(key)) {
                throw this.problem(
                    `page ${this.pages} repeats an earlier page (the same ${reply.items.length} items)`,
                    p.style === "page" ? `the server may not read ?${p.pageParam}=; check pagination.pageParam` : "the server's next page leads back",
                );
            }
            this.seenPages.add(key);
        }
        let next: string | undefined;
        switch (p.style) {
            case "none":
                break;
            case "page":
                // A page as long as the page size says there may be more. A first page shorter than the
                // size asked for may be a server's cap on the page size (not the end): its length is then
                // the page size, and the next page, empty or not, says which.
                if (this.pages === 1 && reply.items.length > 0 && reply.items.length < this.pageSize) this.pageSize = reply.items.length;
                if (reply.items.length > 0 && reply.items.length >= this.pageSize) {
                    this.page++;
                    next = withQuery(this.baseUrl, { [p.pageParam]: String(this.page), [p.perPageParam]: String(p.perPage) });
                }
                break;
            case "link": {
                const link = p.nextField === undefined ? nextLink(reply.headers) : nextInBody(valueAt(reply.body, p.nextField));
                if (link !== undefined) {
                    next = new URL(link, reply.url).toString();
                    if (new URL(next).origin !== new URL(this.baseUrl).origin) {
                        throw this.problem(
                            `the Link header's next page is on another host (${new URL(next).origin})`,
                            "the admin credentials are never sent to another host; check bringg:endpoint",
                        );
                    }
                }
                break;
            }
            case "cursor": {
                const cursor = valueAt(reply.body, p.nextField);
                if (cursor !== undefined && cursor !== null && cursor !== "" && cursor !== false) {
                    // A URL is a link, not a cursor: sent back as ?cursor=<URL>, a server answers an
                    // empty page (or the first again), and the list would be read short.
                    if (isUrl(cursor)) {
                        throw this.problem(
                            `the reply's ${p.nextField} is a URL (the next page's address), not a cursor to send as ?${p.cursorParam}=`,
                            `declare it as a link in the body: {"style":"link","nextField":${JSON.stringify(p.nextField)}} (docs/real-bringg.md)`,
                        );
                    }
                    next = withQuery(this.baseUrl, { [p.cursorParam]: String(cursor) });
                }
                break;
            }
        }
        if (next === undefined) {
            // The declared style says this is the last page: make sure the reply does not say otherwise.
            const sign = signOfMore(reply.headers, reply.body, this.count, this.pagination);
            if (sign !== undefined) {
                throw this.problem(
                    p.style === "none"
                        ? `the reply shows ${sign}, and the API profile declares no pagination for ${this.options.operation}`
                        : `the reply shows ${sign} after the last page by the declared "${p.style}" pagination (${this.count} items in ${this.pages} pages)`,
                    p.style === "none"
                        ? `declare pagination for ${this.options.operation} in the API profile (bringg:apiProfile or BRINGG_API_PROFILE; docs/real-bringg.md), e.g. ${exampleFor(sign, this.options.operation, this.count)}`
                        : `correct pagination for ${this.options.operation} in the API profile (docs/real-bringg.md)`,
                );
            }
            return undefined;
        }
        if (this.seenUrls.has(next)) {
            throw this.problem(
                `the next page (${describeUrl(next)}) was already read: the pages form a loop`,
                "the server's paging is broken; report it with the request id",
            );
        }
        if (this.pages >= this.maxPages) {
            throw this.problem(
                `more than ${this.maxPages} pages (${this.count} items so far), so the pages may never end`,
                `check pagination for ${this.options.operation} in the API profile (docs/real-bringg.md); a larger page size reads more per page`,
            );
        }
        return next;
    }

    private problem(what: string, fix: string): PagingProblem {
        return new PagingProblem(`${what}; reading it as the whole list would take what is on the other pages for deleted`, fix);
    }
}

/** Field names that, with a value other than null, false or "", say a list has more pages. */
const nextFields = ["next_page", "nextPage", "next", "next_cursor", "nextCursor", "cursor", "next_page_url", "next_url"];
/** Field names that, true, say a list has more pages. */
const moreFlags = ["has_more", "hasMore", "has_next", "hasNext", "more"];
/** Field names of a total count of items. */
const totalFields = ["total", "total_count", "totalCount", "total_entries", "count"];
/** Headers of a total count of items. */
const totalHeaders = ["x-total-count", "x-total", "total"];
/** Headers naming a next page. */
const nextHeaders = ["x-next-page", "x-next-cursor"];

/**
 * A sign, in a reply, that the list goes on past it, described for a message (e.g.
 * `a Link header with rel="next"`); undefined when there is none. `count` is the number of items
 * read so far. Fields are looked for anywhere in an object reply outside its arrays (so never in the
 * items); a field the declared `pagination` reads itself is not a sign.
 */
export function signOfMore(headers: IncomingHttpHeaders, body: unknown, count: number, pagination: Pagination = { style: "none" }): string | undefined {
    if (pagination.style !== "link" && nextLink(headers) !== undefined) return 'a Link header with rel="next"';
    for (const name of nextHeaders) {
        const value = headerOf(headers, name);
        if (value !== undefined && value !== "") return `a header ${name}`;
    }
    for (const name of totalHeaders) {
        const total = Number(headerOf(headers, name));
        if (Number.isInteger(total) && total > count) return `a header ${name} of ${total}, larger than the ${count} items read`;
    }
    const declared = pagination.style === "cursor" || pagination.style === "link" ? pagination.nextField : undefined;
    for (const [path, value] of fieldsOf(body)) {
        if (path === declared) continue;
        const name = path.slice(path.lastIndexOf(".") + 1);
        if (nextFields.includes(name) && value !== null && value !== undefined && value !== false && value !== "" && typeof value !== "object") {
            // Named, never quoted: a reply's values are the account's.
            return isUrl(value) ? `a field ${path} holding a URL` : `a field ${path} that is set`;
        }
        if (moreFlags.includes(name) && value === true) return `a field ${path} of true`;
        if (totalFields.includes(name) && typeof value === "number" && value > count) return `a field ${path} of ${value}, larger than the ${count} items read`;
    }
    return undefined;
}

/** Whether a reply's value is an address (absolute, or a path from the host's root), not a cursor or a number. */
function isUrl(value: unknown): value is string {
    return typeof value === "string" && /^(https?:\/\/|\/)/i.test(value);
}

/** A next page's URL from a reply field (`links.next`): a non-empty string, else none. */
function nextInBody(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}

/** The URL of a Link header's `rel="next"`, if any; a header that does not parse counts as none. */
function nextLink(headers: IncomingHttpHeaders): string | undefined {
    const header = headerOf(headers, "link");
    if (header === undefined) return undefined;
    try {
        const next = parseLinkHeader(header).find((link) =>
            (link.parameters.rel ?? "")
                .replace(/^"|"$/g, "")
                .split(/\s+/)
                .some((rel) => rel.toLowerCase() === "next"),
        );
        return next?.reference;
    } catch {
        return undefined;
    }
}

function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
    const value = headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
}

/** Every scalar field of an object outside its arrays, as [dotted path, value], at most 4 levels deep. */
function fieldsOf(body: unknown, prefix = "", depth = 0): [string, unknown][] {
    if (typeof body !== "object" || body === null || Array.isArray(body) || depth > 4) return [];
    return Object.entries(body).flatMap(([key, value]): [string, unknown][] => {
        const path = prefix ? `${prefix}.${key}` : key;
        if (Array.isArray(value)) return [];
        if (typeof value === "object" && value !== null) return fieldsOf(value, path, depth + 1);
        return [[path, value]];
    });
}

/** The value at a dotted path of a reply, e.g. `meta.next_cursor`. */
function valueAt(body: unknown, path: string): unknown {
    let value = body;
    for (const key of path.split(".")) {
        if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
        value = (value as Record<string, unknown>)[key];
    }
    return value;
}

/** A URL with query parameters set (replacing any of the same name). */
function withQuery(url: string, query: Record<string, string>): string {
    const result = new URL(url);
    for (const [key, value] of Object.entries(query)) result.searchParams.set(key, value);
    return result.toString();
}

/** A page's identity: its items' ids (or names), else the items themselves. */
function pageKey(items: readonly unknown[]): string {
    return JSON.stringify(
        items.map((item) => {
            const record = item as { id?: unknown; name?: unknown } | null;
            return record?.id ?? record?.name ?? item;
        }),
    );
}

/** A URL for a message: path and query, never the host's credentials. */
function describeUrl(url: string): string {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
}

/** A profile snippet that declares the style a sign suggests. */
function exampleFor(sign: string, operation: string, pageSize: number): string {
    const style = sign.includes("Link")
        ? { style: "link" }
        : sign.endsWith("holding a URL")
          ? { style: "link", nextField: sign.match(/field (\S+)/)?.[1] ?? "links.next" }
          : /cursor/i.test(sign)
            ? { style: "cursor", cursorParam: "cursor", nextField: sign.match(/field (\S+)/)?.[1] ?? "next_cursor" }
            : { style: "page", pageParam: "page", perPageParam: "per_page", perPage: Math.max(1, pageSize), firstPage: 1 };
    return JSON.stringify({ operations: { [operation]: { pagination: style } } });
}
