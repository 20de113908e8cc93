/**
 * Reading and validating an API profile file (provider/api/profile.ts): YAML or JSON (JSON is read
 * as YAML, which it is), checked by a strict zod schema built from the route table, with every
 * problem reported at once as `file:line:col: path: message` (the `yaml` package keeps each node's
 * position). A relative file name is resolved against the working directory, which for
 * `pulumi preview`/`up` is the Pulumi project folder. No Pulumi imports.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { z } from "zod";
import type { ApiProfile } from "../api/profile";
import { routes, type Route, type RouteName } from "../api/routes";

/** A profile as read: the profile, or every problem with it, each `file:line:col: path: message`. */
export type ProfileLoad = { readonly ok: true; readonly profile: ApiProfile } | { readonly ok: false; readonly problems: readonly string[] };

/** Reads a profile file named by a setting; see {@link loadApiProfile}. */
export type ProfileLoader = (file: string) => ProfileLoad;

/** The operations a profile may name, in the route table's order. */
export const operationNames = Object.keys(routes) as RouteName[];

/** The methods a profile may give an operation. */
export const profileMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const satisfies readonly Route["method"][];

/** The list operations: the only ones with a pagination style. */
export const listOperations = ["listApplications", "listScopes"] as const satisfies readonly RouteName[];

/** The pagination styles (provider/api/profile.ts, `Pagination`). */
export const paginationStyles = ["none", "page", "link", "cursor"] as const;

/** The keys of an operation's entry. */
const operationKeys = ["method", "path", "requestFields", "envelope", "aliases", "pagination"] as const;

/** The keys of each pagination style. */
const paginationKeys: Record<(typeof paginationStyles)[number], readonly string[]> = {
    none: ["style"],
    page: ["style", "pageParam", "perPageParam", "perPage", "firstPage"],
    link: ["style", "nextField"],
    cursor: ["style", "cursorParam", "nextField"],
};

const fieldName = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const dottedName = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/;
const dottedMessage = "a field name or a dotted path of them, e.g. data.applications";

/** The fields of the object a schema describes (an object, a list of them, or a union with one); undefined for none. */
function objectFields(schema: z.ZodType | undefined): string[] | undefined {
    if (schema === undefined) return undefined;
    if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
    if (schema instanceof z.ZodArray) return objectFields(schema.element as z.ZodType);
    if (schema instanceof z.ZodPipe) return objectFields(schema.in as z.ZodType);
    if (schema instanceof z.ZodUnion) {
        for (const option of schema.options) {
            const fields = objectFields(option as z.ZodType);
            if (fields) return fields;
        }
    }
    return undefined;
}

/** Operations that send a body (so cannot be GET): those with a request schema, and the protected service. */
function sendsBody(name: RouteName): boolean {
    return (routes[name] as Route).request !== undefined || name === "getOpenTasks";
}

const listOf = (names: readonly string[]) => names.join(", ");

/** The schema of one operation's entry, with the checks that depend on the operation. */
function operationSchema(name: RouteName) {
    const route: Route = routes[name];
    const hasId = route.path.includes("{id}");
    const allowed = sendsBody(name) ? profileMethods.filter((m) => m !== "GET") : profileMethods;
    const requestFields = objectFields(route.request);
    const replyFields = objectFields(route.response);
    const isList = (listOperations as readonly string[]).includes(name);

    const method = z.string({ error: "a method is text" }).refine((value) => (allowed as readonly string[]).includes(value), {
        error: (issue) =>
            (profileMethods as readonly string[]).includes(String(issue.input))
                ? `${issue.input} is not allowed: ${name} sends a request body; one of ${listOf(allowed)}`
                : `not a method: one of ${listOf(allowed)}`,
    });
    const pathSchema = z.string({ error: "a path is text, e.g. /oauth/applications" }).superRefine((value, ctx) => {
        const fail = (message: string) => ctx.addIssue({ code: "custom", message });
        if (!value.startsWith("/")) fail(`a path starts with "/" (it is joined to bringg:endpoint or the region's host), e.g. ${route.path}`);
        if (/[?#\s]/.test(value)) fail("a path has no query, fragment or spaces");
        const placeholders = [...value.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]);
        for (const other of placeholders.filter((key) => key !== "id"))
            fail(`{${other}} is not a placeholder: a path has only {id}, the application's numeric id`);
        const ids = placeholders.filter((key) => key === "id").length;
        if (hasId && ids !== 1) fail(`needs {id} exactly once (the application's numeric id), as in the built-in ${route.path}`);
        if (!hasId && ids > 0) fail(`has no application id: remove {id} (the built-in path is ${route.path})`);
    });
    const requestFieldsSchema =
        requestFields === undefined
            ? z.unknown().refine(() => false, {
                  error:
                      name === "setScopeTtls"
                          ? "setScopeTtls's body maps scope names to seconds: it has no fields to rename"
                          : `${name} sends no request fields to rename`,
              })
            : z.record(
                  z.string().refine((key) => requestFields.includes(key), { error: `not a request field of ${name}: one of ${listOf(requestFields)}` }),
                  z.string({ error: "the account's name of the field, as text" }).regex(fieldName, "a field name: letters, digits, _ and -"),
              );
    const noReply = `${name}'s reply is not read: nothing to unwrap or rename`;
    const envelope =
        replyFields === undefined
            ? z.unknown().refine(() => false, { error: noReply })
            : z.string({ error: `${dottedMessage}, as text` }).regex(dottedName, dottedMessage);
    const aliases =
        replyFields === undefined
            ? z.unknown().refine(() => false, { error: noReply })
            : z.record(
                  z.string().refine((key) => dottedName.test(key) && replyFields.includes(key.split(".")[0]!), {
                      error: `not a field of ${name}'s reply: one of ${listOf(replyFields)}`,
                  }),
                  z.string({ error: "the account's name of the field, as text" }).regex(dottedName, dottedMessage),
              );
    return z.strictObject({
        method: method.optional(),
        path: pathSchema.optional(),
        requestFields: requestFieldsSchema.optional(),
        envelope: envelope.optional(),
        aliases: aliases.optional(),
        pagination: (isList ? paginationSchema : z.unknown().refine(() => false, { error: `only lists page: ${listOf(listOperations)}` })).optional(),
    });
}

/** The error of a required value: `missing: <what>` when absent, `<what>, as <kind>` when of another type. */
const required = (what: string, kind: string) => ({
    error: (issue: { input?: unknown }) => (issue.input === undefined ? `missing: ${what}` : `${what}, as ${kind}`),
});

const param = (what: string) => z.string(required(what, "text")).regex(fieldName, "a query parameter name: letters, digits, _ and -");

const paginationSchema = z.discriminatedUnion(
    "style",
    [
        z.strictObject({ style: z.literal("none") }),
        z.strictObject({
            style: z.literal("page"),
            pageParam: param("the query parameter of the page number (e.g. page)"),
            perPageParam: param("the query parameter of the page size (e.g. per_page)"),
            perPage: z.number(required("the page size (e.g. 100)", "a whole number 1-1000")).int().min(1).max(1000),
            firstPage: z.number(required("the first page's number", "0 or 1")).int().min(0).max(1).default(1),
        }),
        z.strictObject({
            style: z.literal("link"),
            nextField: z.string().regex(dottedName, dottedMessage).optional(),
        }),
        z.strictObject({
            style: z.literal("cursor"),
            cursorParam: param("the query parameter that sends the cursor (e.g. cursor)"),
            nextField: z.string(required("the reply field of the next cursor (e.g. meta.next_cursor)", "text")).regex(dottedName, dottedMessage),
        }),
    ],
    { error: (issue) => (issue.code === "invalid_union" ? `not a pagination style: one of ${listOf(paginationStyles)}` : undefined) },
);

/** The schema of a profile file: `operations`, a map of operation name to what differs. */
export const profileFileSchema = z.strictObject({
    operations: z.strictObject(Object.fromEntries(operationNames.map((name) => [name, operationSchema(name).optional()])), {
        error: (issue) =>
            issue.code === "invalid_type"
                ? "missing: a map of operation name to what differs, e.g. operations: { listApplications: { path: /api/apps } }"
                : undefined,
    }),
});

/** What a zod issue says at a path, and where its message points. */
interface Located {
    readonly path: readonly (string | number)[];
    /** Point at the key (an unknown key) instead of the value. */
    readonly atKey: boolean;
    readonly message: string;
}

/** The known keys at a path of a profile, for the message of an unknown key. */
function knownKeys(at: readonly (string | number)[], data: unknown): string {
    if (at.length === 0) return "a profile has only operations";
    if (at.length === 1) return `not an operation: one of ${listOf(operationNames)}`;
    if (at.length === 2) return `not a key of an operation: one of ${listOf(operationKeys)}`;
    const style = (getIn(data, at) as { style?: string } | undefined)?.style as keyof typeof paginationKeys | undefined;
    const keys = (style && paginationKeys[style]) ?? ["style"];
    return `not a key of the ${style ?? "pagination"} style: one of ${listOf(keys)}`;
}

function getIn(data: unknown, at: readonly (string | number)[]): unknown {
    let value = data;
    for (const key of at) value = typeof value === "object" && value !== null ? (value as Record<string | number, unknown>)[key] : undefined;
    return value;
}

function locate(issue: z.core.$ZodIssue, data: unknown): Located[] {
    const at = issue.path.map((key) => (typeof key === "number" ? key : String(key)));
    if (issue.code === "unrecognized_keys") {
        return issue.keys.map((key) => ({ path: [...at, key], atKey: true, message: knownKeys(at, data) }));
    }
    if (issue.code === "invalid_key") {
        return [{ path: at, atKey: true, message: issue.issues[0]?.message ?? issue.message }];
    }
    if (issue.code === "invalid_type" && getIn(data, at) === undefined && !issue.message.startsWith("missing:")) {
        return [{ path: at, atKey: false, message: `missing: ${String(at[at.length - 1])} is required` }];
    }
    return [{ path: at, atKey: false, message: issue.message }];
}

/** Line and column (1-based) of the node at a path, its key's, or of the nearest node that exists. */
function positionOf(doc: Document, lines: LineCounter, at: readonly (string | number)[], atKey: boolean): { line: number; col: number } {
    let node: unknown = doc.contents;
    let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
    for (const key of at) {
        if (isMap(node)) {
            const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(key));
            if (!pair) break;
            const keyNode = pair.key as Node;
            const valueNode = pair.value as Node | null;
            offset = atKey && key === at[at.length - 1] ? (keyNode.range?.[0] ?? offset) : (valueNode?.range?.[0] ?? keyNode.range?.[0] ?? offset);
            node = valueNode;
        } else if (isSeq(node) && typeof key === "number") {
            const item = node.items[key] as Node | undefined;
            if (!item) break;
            offset = item.range?.[0] ?? offset;
            node = item;
        } else {
            break;
        }
    }
    return lines.linePos(offset);
}

/** The path as messages show it: `operations.listApplications.path`; `(profile)` for the root. */
function dotted(at: readonly (string | number)[]): string {
    return at.length === 0 ? "(profile)" : at.map(String).join(".");
}

/**
 * Methods and paths that two operations share: the server could not tell them apart. Operations
 * with problems of their own (`skip`) are left out.
 */
function clashes(data: { operations: Record<string, { method?: unknown; path?: unknown } | undefined> }, skip: ReadonlySet<string>): Located[] {
    const seen = new Map<string, RouteName>();
    const found: Located[] = [];
    const changed = (name: RouteName) => data.operations[name]?.method !== undefined || data.operations[name]?.path !== undefined;
    // The operations left as built in first, so that a clash is reported where the profile made it.
    const order = operationNames.filter((name) => !skip.has(name)).sort((a, b) => Number(changed(a)) - Number(changed(b)));
    for (const name of order) {
        const op = data.operations[name];
        const route: Route = routes[name];
        const method = typeof op?.method === "string" ? op.method : route.method;
        const routePath = typeof op?.path === "string" ? op.path : route.path;
        const key = `${method} ${routePath.replace(/\{id\}/g, "{}")}`;
        const other = seen.get(key);
        if (other === undefined) {
            seen.set(key, name);
        } else {
            found.push({
                path: ["operations", name, op?.path !== undefined ? "path" : "method"],
                atKey: false,
                message: `${method} ${routePath} is also ${other}'s: give each operation its own method and path`,
            });
        }
    }
    return found;
}

/**
 * Parses and validates a profile's text. `source` names the file in messages (as the user wrote it).
 * Every problem is reported at once (a YAML syntax error alone, since a broken document has no
 * reliable structure), sorted by position.
 */
export function parseApiProfile(text: string, source: string): ProfileLoad {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
        return {
            ok: false,
            problems: doc.errors.map((error) => {
                const at = error.linePos?.[0] ?? { line: 1, col: 1 };
                const message = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
                return `${source}:${at.line}:${at.col}: YAML syntax: ${message}`;
            }),
        };
    }
    const data: unknown = doc.toJS() ?? {};
    const parsed = profileFileSchema.safeParse(data);
    const located = parsed.success ? [] : parsed.error.issues.flatMap((issue) => locate(issue, data));
    if (typeof data === "object" && data !== null && typeof (data as { operations?: unknown }).operations === "object") {
        const broken = new Set(located.filter((problem) => problem.path.length >= 2).map((problem) => String(problem.path[1])));
        located.push(...clashes(data as Parameters<typeof clashes>[0], broken));
    }
    if (located.length === 0 && parsed.success) {
        const operations = Object.fromEntries(Object.entries(parsed.data.operations).filter(([, op]) => op !== undefined));
        return { ok: true, profile: { source, operations } as ApiProfile };
    }
    const problems = located
        .map((problem) => ({ ...problem, ...positionOf(doc, lines, problem.path, problem.atKey) }))
        .sort((a, b) => a.line - b.line || a.col - b.col)
        .map((problem) => `${source}:${problem.line}:${problem.col}: ${dotted(problem.path)}: ${problem.message}`);
    return { ok: false, problems: [...new Set(problems)] };
}

/**
 * Reads a profile file; `file` relative to `cwd` (default: the working directory, the Pulumi
 * project folder under `pulumi preview`/`up`). Messages name the file as given.
 */
export function loadApiProfile(file: string, cwd: string = process.cwd()): ProfileLoad {
    let text: string;
    try {
        text = readFileSync(path.resolve(cwd, file), "utf8");
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        return { ok: false, problems: [`${file}: cannot read the API profile (${code}; relative names are resolved against ${cwd})`] };
    }
    return parseApiProfile(text, file);
}

/** A loader that reads each file once (a provider context's: its accounts may share one file). */
export function cachedProfileLoader(cwd: string = process.cwd()): ProfileLoader {
    const loaded = new Map<string, ProfileLoad>();
    return (file) => {
        let result = loaded.get(file);
        if (!result) {
            result = loadApiProfile(file, cwd);
            loaded.set(file, result);
        }
        return result;
    };
}
