/**
 * The exchanges of `pulumi-bringg doctor`: observed with got hooks on the doctor's Bringg client
 * (the one HTTP stack, provider/core/http.ts; nothing here sends a request), and written by
 * `--record DIR` in the recording format of provider/api/recording.ts, so that a user can attach
 * them to a bug report and the project can replay them (test/contract/replay.test.ts).
 *
 * Removed: the Authorization header (kept as `<redacted>`), every password, client secret and token
 * (by field name, by registered value and by shape), the admin username, cookies and every
 * response header not named in {@link keptResponseHeaders}. Replaced, consistently within a run
 * and keeping each value's JSON type: application ids (1, 2... in order of first appearance),
 * application names (`<name 1>`), client ids wherever they appear (`<client_id 1>`, in token-info
 * and introspection too), resource owners, token ids and subjects, and the endpoint's origin
 * (`{endpoint}`, in a Link header). Scope names, TTLs, times and the reply's structure are kept:
 * they are what a replay checks. A file in which {@link recordingLeaks} still finds something is
 * never written.
 */
import type { Hooks, Response } from "got";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { recording as recordingSchema, recordingLeaks, recordingVersion, redacted, type Recording } from "../api/recording";
import type { SecretRegistry } from "../core/errors";
import { jsonOrText } from "../core/http";

/** The error code of a request the doctor's hooks refused (an admin call other than a GET). */
export const neverWritesCode = "ERR_DOCTOR_NEVER_WRITES";

/** One observed exchange, unredacted: it stays in memory; only {@link toRecording} leaves. */
export interface Exchange {
    /** The route name the doctor was calling, e.g. `listApplications`. */
    readonly operation: string;
    readonly request: { readonly method: string; readonly url: string; readonly headers: Record<string, string>; readonly body: unknown };
    readonly response?: { readonly status: number; readonly headers: Record<string, string | string[] | undefined>; readonly body: unknown };
    /** For a request without a reply: what happened (a network error code). */
    readonly error?: string;
}

/**
 * The exchanges of one doctor run, in order. {@link hooks} observes them on a client;
 * {@link operation} names the route being called (the doctor calls one at a time).
 */
export class ExchangeLog {
    readonly exchanges: Exchange[] = [];
    /** The route the next requests belong to. */
    operation = "unknown";

    /** got hooks that log every reply and every request that got none, and refuse any admin write. */
    hooks(): Partial<Hooks> {
        return {
            beforeRequest: [
                (options) => {
                    const authorization = options.headers.authorization;
                    // The doctor never writes: an admin call (HTTP Basic) other than a GET is refused here,
                    // whatever the route table or an API profile says.
                    if (typeof authorization === "string" && /^basic /i.test(authorization) && options.method.toUpperCase() !== "GET") {
                        throw Object.assign(
                            new Error(`the doctor never writes, and refused to send ${options.method} ${new URL(String(options.url)).pathname}`),
                            {
                                code: neverWritesCode,
                            },
                        );
                    }
                },
            ],
            afterResponse: [
                (response: Response) => {
                    this.exchanges.push({ operation: this.operation, request: requestOf(response.request.options), response: responseOf(response) });
                    return response;
                },
            ],
            beforeError: [
                (error) => {
                    if (!error.response && error.options) {
                        this.exchanges.push({ operation: this.operation, request: requestOf(error.options), error: error.code || error.name });
                    }
                    return error;
                },
            ],
        };
    }

    /** The exchanges logged from index `start` on. */
    since(start: number): Exchange[] {
        return this.exchanges.slice(start);
    }
}

interface RequestOptionsLike {
    readonly method: string;
    readonly url?: string | URL | undefined;
    readonly headers: Record<string, string | string[] | undefined>;
    readonly json?: unknown;
    readonly body?: unknown;
    readonly form?: unknown;
}

function requestOf(options: RequestOptionsLike): Exchange["request"] {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.headers)) if (value !== undefined) headers[name.toLowerCase()] = String(value);
    return {
        method: options.method.toUpperCase(),
        url: String(options.url ?? ""),
        headers,
        // got has serialized a JSON body by now: read it back.
        body: options.json ?? options.form ?? (typeof options.body === "string" ? bodyOf(options.body, headers["content-type"]) : undefined),
    };
}

function bodyOf(text: string, contentType: string | undefined): unknown {
    if (contentType?.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
    return jsonOrText(text);
}

function responseOf(response: Response): NonNullable<Exchange["response"]> {
    return { status: response.statusCode, headers: { ...response.headers }, body: response.body === "" ? undefined : response.body };
}

// ---- redaction ----------------------------------------------------------------------------------

/** Response headers a recording keeps: what describes the body or the paging; never a cookie or an id. */
export const keptResponseHeaders = [
    "content-type",
    "link",
    "x-total-count",
    "x-total",
    "x-total-pages",
    "x-per-page",
    "x-page",
    "x-next-page",
    "retry-after",
    "www-authenticate",
];
/** Request headers a recording keeps (the Authorization header keeps its scheme only). */
const keptRequestHeaders = ["accept", "content-type"];

/** Field names whose values are secrets, whatever the value. */
const secretField = /^(?:(?:access|refresh|id)_?)?token$|secret|password|passwd|jwt|assertion|authorization|cookie/i;

/** Field names whose string values are client ids. */
const clientIdFields = new Set(["client_id", "clientId", "uid", "aud", "azp"]);
/** Field names whose values are owners (a merchant, a user). */
const ownerFields = new Set(["resource_owner_id", "owner", "merchant", "user", "username", "email"]);

/**
 * Stable placeholders for one run: each original value gets one placeholder, the same wherever it
 * appears (a client id listed with an application is the same `client-1` in a token's info).
 */
export class Placeholders {
    private readonly strings = new Map<string, string>();
    private readonly numbers = new Map<number, number>();
    private readonly counts = new Map<string, number>();

    /** The placeholder of a string value of a kind (`name`, `client_id`, `owner`, `jti`, `sub`, `id`): `<client_id 1>`. */
    text(kind: string, value: string): string {
        let placeholder = this.strings.get(value);
        if (placeholder === undefined) {
            const n = (this.counts.get(kind) ?? 0) + 1;
            this.counts.set(kind, n);
            placeholder = `<${kind} ${n}>`;
            this.strings.set(value, placeholder);
        }
        return placeholder;
    }

    /** The placeholder of a numeric id: 1, 2, 3... in order of appearance; numbers stay numbers. */
    number(value: number): number {
        let placeholder = this.numbers.get(value);
        if (placeholder === undefined) {
            placeholder = this.numbers.size + 1;
            this.numbers.set(value, placeholder);
        }
        return placeholder;
    }

    /** Replaces every string value given a placeholder so far, wherever it occurs in `text` (a Link URL, a message). */
    replaceIn(text: string): string {
        let result = text;
        const values = [...this.strings.keys()].filter((value) => value.length >= 4).sort((a, b) => b.length - a.length);
        for (const value of values) result = result.split(value).join(this.strings.get(value)!);
        return result;
    }
}

/** What a redaction needs besides the exchange. */
export interface RedactionContext {
    readonly placeholders: Placeholders;
    /** The run's secrets: the password, its Basic credential, client secrets, tokens. */
    readonly secrets: SecretRegistry;
    /** The endpoint (its origin is replaced by `{endpoint}`). */
    readonly baseUrl: string;
    /** The admin username (replaced by `admin-user`). */
    readonly username?: string | undefined;
    /** When the run was recorded (ISO 8601). */
    readonly recordedAt: string;
    /**
     * The account's names for an application's `name` and `client_id` where its API profile renames
     * them (`aliases`, `requestFields`): replaced like the built-in names.
     */
    readonly fieldAliases?: { readonly name: readonly string[]; readonly clientId: readonly string[] } | undefined;
}

/** A value with secret fields removed and ids, names and client ids replaced; `scopes` replies keep scope names. */
function redactValue(value: unknown, operation: string, places: Placeholders, key?: string, aliases?: RedactionContext["fieldAliases"]): unknown {
    if (Array.isArray(value)) return value.map((item) => redactValue(item, operation, places, key, aliases));
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, operation, places, k, aliases)]));
    }
    if (key !== undefined && typeof value === "string" && operation !== "listScopes") {
        if (aliases?.clientId.includes(key)) return places.text("client_id", value);
        if (aliases?.name.includes(key)) return places.text("name", value);
    }
    if (key === undefined) return value;
    if (secretField.test(key) && value !== null && value !== undefined) return typeof value === "string" ? redacted : value;
    if (typeof value === "number" && (key === "id" || key.endsWith("_id"))) return places.number(value);
    if (typeof value !== "string") return value;
    if (clientIdFields.has(key)) return places.text("client_id", value);
    if (ownerFields.has(key)) return places.text("owner", value);
    if (key === "jti" || key === "sub") return places.text(key, value);
    if (key === "id" || key.endsWith("_id")) return places.text("id", value);
    // Scope names are Bringg's catalog, not the user's data: kept.
    if (key === "name" && operation !== "listScopes") return places.text("name", value);
    return value;
}

function redactHeaders(headers: Record<string, string | string[] | undefined>, kept: readonly string[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of kept) {
        const value = headers[name];
        if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    return out;
}

/**
 * An exchange as `--record` writes it: secrets removed (by field name, by registered value and by
 * shape), ids and names replaced by the run's placeholders, the endpoint's origin by `{endpoint}`;
 * undefined for a request that got no reply (the format records replies).
 */
export function toRecording(exchange: Exchange, context: RedactionContext): Recording | undefined {
    if (!exchange.response) return undefined;
    const { placeholders } = context;
    const url = new URL(exchange.request.url);
    const requestHeaders = redactHeaders(exchange.request.headers, keptRequestHeaders);
    if (exchange.request.headers.authorization !== undefined) requestHeaders.authorization = redacted;
    const draft = {
        version: recordingVersion,
        source: "pulumi-bringg doctor",
        recordedAt: context.recordedAt,
        operation: exchange.operation,
        request: {
            method: exchange.request.method,
            path: url.pathname,
            ...(url.search === "" ? {} : { query: url.search.slice(1) }),
            headers: requestHeaders,
            ...(exchange.request.body === undefined
                ? {}
                : { body: redactValue(exchange.request.body, exchange.operation, placeholders, undefined, context.fieldAliases) }),
        },
        response: {
            status: exchange.response.status,
            headers: redactHeaders(exchange.response.headers, keptResponseHeaders),
            ...(exchange.response.body === undefined
                ? {}
                : { body: redactValue(exchange.response.body, exchange.operation, placeholders, undefined, context.fieldAliases) }),
        },
    };
    // Last, over the whole text: values given a placeholder anywhere (a client id in a Link URL),
    // the endpoint, the username, every registered secret and every credential shape.
    let text = JSON.stringify(draft);
    text = placeholders.replaceIn(text);
    text = text.split(new URL(context.baseUrl).origin).join("{endpoint}");
    if (context.username && context.username.length >= 3) text = text.split(JSON.stringify(context.username).slice(1, -1)).join("admin-user");
    text = context.secrets.redact(text).split("[redacted]").join(redacted);
    return recordingSchema.parse(JSON.parse(text));
}

/**
 * Writes each exchange that got a reply, redacted, as `DIR/NNN-<operation>.json` (creating DIR);
 * returns the files written, in order.
 *
 * @throws Error naming the file and the JSON path (never the value) when a recording still looks
 *   secret after redaction: nothing of the run is written then.
 */
export function writeRecordings(dir: string, exchanges: readonly Exchange[], context: Omit<RedactionContext, "recordedAt">): string[] {
    const full: RedactionContext = { ...context, recordedAt: new Date().toISOString() };
    // A first pass gives every value its placeholder, so that a value replaced in a later exchange
    // is replaced where an earlier one mentions it too (the order of placeholders stays the same).
    for (const exchange of exchanges) toRecording(exchange, full);
    const recordings = exchanges.flatMap((exchange) => {
        const recorded = toRecording(exchange, full);
        return recorded ? [recorded] : [];
    });
    const files = recordings.map((recorded, i) => `${String(i + 1).padStart(3, "0")}-${recorded.operation}.json`);
    recordings.forEach((recorded, i) => {
        const leaks = recordingLeaks(recorded);
        if (leaks.length > 0) throw new Error(`${files[i]} would still hold something secret (${leaks.join("; ")}); nothing was written`);
    });
    mkdirSync(dir, { recursive: true });
    return recordings.map((recorded, i) => {
        const file = path.join(dir, files[i]!);
        writeFileSync(file, `${JSON.stringify(recorded, null, 2)}\n`);
        return file;
    });
}
