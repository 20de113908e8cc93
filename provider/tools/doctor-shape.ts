/**
 * What `pulumi-bringg doctor` reads in one reply, without ever repeating a value of it: where the
 * reply's shape differs from the client's zod schema (path, expected type, got type), and the
 * signs that a list reply is one page of several (a Link header, `next_page`, `has_more`, a
 * `total` larger than what came). Pure functions of a parsed reply; no I/O, no Pulumi imports.
 */
import type { z } from "zod";

/** One place where a reply differs from the schema: never the value, only its type. */
export interface ShapeIssue {
    /** Where in the reply, e.g. `[0].enabled` or `applications`; `(reply)` for the reply itself. */
    readonly path: string;
    /** What the schema wants there, e.g. `boolean`, `array or string`, `string of at least 1 character`. */
    readonly expected: string;
    /** The type found there: `string`, `number`, `boolean`, `null`, `array`, `object` or `missing`. */
    readonly got: string;
}

type Key = PropertyKey;
/** The parts of a zod issue this module reads (zod 4's issue shapes). */
interface Issue {
    readonly code: string;
    readonly path: readonly Key[];
    readonly expected?: string;
    readonly errors?: readonly (readonly Issue[])[];
    readonly origin?: string;
    readonly minimum?: number | bigint;
    readonly maximum?: number | bigint;
    readonly format?: string;
    readonly values?: readonly unknown[];
    readonly keys?: readonly string[];
}

/** The JSON type of a value, as a person reads it; `missing` for an absent field. */
export function typeName(value: unknown): string {
    if (value === undefined) return "missing";
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    return typeof value;
}

/** A path in a reply as `applications[0].client_id`; `(reply)` for the reply itself. */
export function formatPath(path: readonly Key[]): string {
    let text = "";
    for (const key of path) text += typeof key === "number" ? `[${key}]` : `${text === "" ? "" : "."}${String(key)}`;
    return text === "" ? "(reply)" : text;
}

function valueAt(body: unknown, path: readonly Key[]): unknown {
    let value = body;
    for (const key of path) {
        if (value === null || typeof value !== "object") return undefined;
        value = (value as Record<Key, unknown>)[key];
    }
    return value;
}

/** What an issue says the schema wants, in words; built from the schema's side of the issue only. */
function expectedOf(issue: Issue): string {
    switch (issue.code) {
        case "invalid_type":
            return issue.expected ?? "another type";
        case "too_small":
            return `${issue.origin ?? "value"} of at least ${String(issue.minimum)}${issue.origin === "string" ? " character(s)" : issue.origin === "array" ? " item(s)" : ""}`;
        case "too_big":
            return `${issue.origin ?? "value"} of at most ${String(issue.maximum)}${issue.origin === "string" ? " character(s)" : issue.origin === "array" ? " item(s)" : ""}`;
        case "invalid_format":
            return `string in the format ${issue.format ?? "the schema names"}`;
        case "invalid_value":
            return `one of the schema's values (${(issue.values ?? []).map((v) => JSON.stringify(v)).join(", ")})`;
        case "not_multiple_of":
            return "a whole number";
        default:
            return issue.code.replace(/_/g, " ");
    }
}

/** The issues of a failed parse with union branches resolved to the one that got furthest, paths absolute. */
function flatten(issues: readonly Issue[], base: readonly Key[] = []): { path: Key[]; issue: Issue; alternatives?: string[] }[] {
    const out: { path: Key[]; issue: Issue; alternatives?: string[] }[] = [];
    for (const issue of issues) {
        const path = [...base, ...issue.path];
        if (issue.code !== "invalid_union" || !issue.errors || issue.errors.length === 0) {
            out.push({ path, issue });
            continue;
        }
        const branches = issue.errors.map((branch) => flatten(branch, path));
        const depth = (branch: ReturnType<typeof flatten>) => Math.max(...branch.map((i) => i.path.length));
        const deepest = Math.max(...branches.map(depth));
        const best = branches.filter((branch) => depth(branch) === deepest);
        // Every branch wants another type at the same place: say so once ("array or string").
        const single = best.every((b) => b.length === 1 && b[0]!.issue.code === "invalid_type" && formatPath(b[0]!.path) === formatPath(best[0]![0]!.path));
        if (best.length > 1 && single) {
            out.push({ path: best[0]![0]!.path, issue: best[0]![0]!.issue, alternatives: best.map((b) => b[0]!.issue.expected ?? "another type") });
        } else {
            out.push(...best.reduce((a, b) => (b.length < a.length ? b : a)));
        }
    }
    return out;
}

/**
 * Where `body` differs from `schema`: each place with the expected and the got type, never the
 * value; empty when the body parses. Where the schema accepts alternatives (a bare list or
 * `{applications: [...]}`), the alternative the reply came closest to is explained.
 */
export function shapeIssues(schema: z.ZodType, body: unknown): ShapeIssue[] {
    const parsed = schema.safeParse(body);
    if (parsed.success) return [];
    const seen = new Set<string>();
    const issues: ShapeIssue[] = [];
    for (const { path, issue, alternatives } of flatten(parsed.error.issues as unknown as Issue[])) {
        const expected = alternatives ? [...new Set(alternatives)].join(" or ") : expectedOf(issue);
        const shape = { path: formatPath(path), expected, got: typeName(valueAt(body, path)) };
        const key = JSON.stringify(shape);
        if (!seen.has(key)) {
            seen.add(key);
            issues.push(shape);
        }
    }
    return issues;
}

// ---- pagination -------------------------------------------------------------------------------

/** One sign that a list reply is a page of a longer list. */
export interface PagingSign {
    /** Where it was seen, e.g. `header Link`, `meta.next_page`. */
    readonly where: string;
    /** What it says, e.g. `rel="next"`, `more than the 25 listed`; never a cursor's value. */
    readonly what: string;
    /** True for a sign that may be chance (a list of exactly a common page size). */
    readonly weak?: boolean;
}

/** Fields that name a next page or cursor: present and not empty, there is more. */
const nextFields = ["next_page", "next_cursor", "next", "next_page_url", "next_url", "next_page_token", "nextPage", "nextCursor", "nextPageToken"];
/** Fields that say whether there is more. */
const moreFields = ["has_more", "hasMore", "has_next", "has_next_page", "hasNextPage", "more"];
/** Fields that count the whole list. */
const totalFields = ["total", "total_count", "totalCount", "total_entries", "count"];
/** Fields that count the pages. */
const pageCountFields = ["total_pages", "totalPages", "pages", "page_count"];
/** Objects that paging fields are commonly nested in. */
const pagingContainers = ["meta", "pagination", "paging", "page_info", "pageInfo", "links", "_links", "page"];
/** Headers that count or page a list. */
const pagingHeaders = ["x-total-count", "x-total", "x-total-pages", "x-next-page", "x-next-cursor"];
/** List lengths that are common page sizes: a list of exactly that many may be a first page. */
const commonPageSizes = [10, 20, 25, 30, 50, 100, 200, 250, 500, 1000];

/** The items a list reply holds: the reply itself, or the largest list in its top level. */
export function listedItems(body: unknown): number {
    if (Array.isArray(body)) return body.length;
    if (body === null || typeof body !== "object") return 0;
    return Math.max(0, ...Object.values(body).map((value) => (Array.isArray(value) ? value.length : 0)));
}

function present(value: unknown): boolean {
    return value !== undefined && value !== null && value !== "" && value !== false;
}

/**
 * The signs in one list reply (its headers and parsed body) that the list goes on elsewhere. A
 * list of exactly a common page size is a weak sign: it may be chance.
 */
export function pagingSigns(headers: Readonly<Record<string, string | string[] | undefined>>, body: unknown): PagingSign[] {
    const signs: PagingSign[] = [];
    const items = listedItems(body);
    const header = (name: string) => {
        const value = headers[name];
        return Array.isArray(value) ? value.join(", ") : value;
    };
    const link = header("link");
    if (link !== undefined && /rel\s*=\s*"?[^"]*\bnext\b/i.test(link)) signs.push({ where: "header Link", what: 'rel="next"' });
    for (const name of pagingHeaders) {
        const value = header(name);
        if (value === undefined) continue;
        const count = Number(value);
        if (name === "x-total-count" || name === "x-total") {
            if (Number.isFinite(count) && count > items) signs.push({ where: `header ${name}`, what: `a total of ${count}, more than the ${items} listed` });
        } else if (name === "x-total-pages") {
            if (Number.isFinite(count) && count > 1) signs.push({ where: `header ${name}`, what: `${count} pages` });
        } else if (value !== "") signs.push({ where: `header ${name}`, what: "names a next page" });
    }
    if (body !== null && typeof body === "object" && !Array.isArray(body)) {
        const top = body as Record<string, unknown>;
        const scopes: [string, Record<string, unknown>][] = [["", top]];
        for (const name of pagingContainers) {
            const nested = top[name];
            if (nested !== null && typeof nested === "object" && !Array.isArray(nested)) scopes.push([`${name}.`, nested as Record<string, unknown>]);
        }
        for (const [prefix, fields] of scopes) {
            for (const name of nextFields) if (present(fields[name])) signs.push({ where: `${prefix}${name}`, what: "names a next page or cursor" });
            for (const name of moreFields) if (fields[name] === true) signs.push({ where: `${prefix}${name}`, what: "true" });
            for (const name of totalFields) {
                const total = fields[name];
                if (typeof total === "number" && total > items) signs.push({ where: `${prefix}${name}`, what: `${total}, more than the ${items} listed` });
            }
            for (const name of pageCountFields) {
                const pages = fields[name];
                if (typeof pages === "number" && pages > 1) signs.push({ where: `${prefix}${name}`, what: `${pages} pages` });
            }
        }
    }
    if (signs.length === 0 && commonPageSizes.includes(items)) {
        signs.push({ where: "the list's length", what: `exactly ${items} items, a common page size`, weak: true });
    }
    return signs;
}
