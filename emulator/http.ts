/**
 * HTTP plumbing shared by every handler: matching requests against the route table, reading and
 * parsing bodies (JSON, form-urlencoded, multipart) under a size limit, and writing replies and
 * errors in the style of the route's API.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { defaultProfile, type ApiProfile, type OperationProfile } from "../provider/api/profile";
import { profiledRoute } from "../provider/api/profile-apply";
import { routes, type Route, type RouteName } from "../provider/api/routes";

/** Largest request body the emulator reads. */
export const maxBodyBytes = 64 * 1024;

/** A reply to write. `body` undefined means no body. */
export interface Reply {
    readonly status: number;
    readonly body?: unknown;
    readonly headers?: Readonly<Record<string, string>>;
    /**
     * Fields beside the payload, at dotted paths from the reply's root (a page's `meta.next_page`,
     * say): a successful reply is put in the API profile's shape with `replyAsSent(profile, body,
     * beside)` (provider/api/profile-apply.ts), which places them.
     */
    readonly beside?: Readonly<Record<string, unknown>>;
    /**
     * Where the payload goes when the API profile declares no envelope but the reply needs one
     * (a page whose `beside` fields must sit next to the list: `applications`, say).
     */
    readonly envelope?: string;
}

/**
 * A request the emulator refuses. `code` is the RFC 6749 error code on OAuth routes; Management
 * routes render only `message`, as Bringg's `title`.
 */
export class ApiError extends Error {
    constructor(
        readonly status: number,
        readonly code: string,
        message: string,
        readonly headers: Readonly<Record<string, string>> = {},
    ) {
        super(message);
        this.name = "ApiError";
    }
}

/** Bringg's Management error body, or RFC 6749's. */
export type ErrorStyle = "bringg" | "oauth";

/** Management routes (admin) answer Bringg's error body; OAuth and bearer routes answer RFC 6749's. */
export function errorStyleOf(route: Route | undefined): ErrorStyle {
    return route === undefined || route.auth === "admin" ? "bringg" : "oauth";
}

/** The reply for an error, in the given style. */
export function errorReply(error: ApiError, style: ErrorStyle): Reply {
    const body =
        style === "bringg"
            ? {
                  type: `https://developer.mozilla.org/docs/Web/HTTP/Status/${error.status}`,
                  title: error.message,
                  status: error.status,
                  success: false,
              }
            : {
                  error: error.code,
                  error_description: error.message,
                  // Doorkeeper adds `state` to invalid_token replies.
                  ...(error.code === "invalid_token" ? { state: "unauthorized" } : {}),
              };
    return { status: error.status, body, headers: error.headers };
}

/** Writes a reply as JSON. */
export function send(res: ServerResponse, reply: Reply, style: ErrorStyle): void {
    // Inferred: Rails apps behind Bringg's API answer with Rails' request id header.
    const headers: Record<string, string> = { "x-request-id": randomUUID(), ...reply.headers };
    // RFC 6749 §5.1: token responses must not be cached.
    if (style === "oauth") headers["cache-control"] = "no-store";
    if (reply.body === undefined) {
        res.writeHead(reply.status, headers).end();
        return;
    }
    const text = JSON.stringify(reply.body);
    headers["content-type"] = "application/json; charset=utf-8";
    headers["content-length"] = String(Buffer.byteLength(text));
    res.writeHead(reply.status, headers).end(text);
}

// ---- routing ----------------------------------------------------------------------------------

/** The outcome of matching a request line against the table. */
export type RouteMatch =
    | { readonly kind: "route"; readonly name: RouteName; readonly params: Readonly<Record<string, string>> }
    | { readonly kind: "wrong-method"; readonly allowed: readonly string[]; readonly route: Route }
    | { readonly kind: "none" };

/** Finds the route for a method and path, or says which methods the path allows. */
export type RouteMatcher = (method: string, pathname: string) => RouteMatch;

/**
 * The matcher of the routes as an API profile serves them (provider/api/profile.ts: each
 * operation at the profile's method and path; default: the built-in table).
 */
export function routeMatcher(profile: ApiProfile = defaultProfile): RouteMatcher {
    const compiled = (Object.keys(routes) as RouteName[]).map((name) => {
        const route = profiledRoute(name, profile);
        const keys: string[] = [];
        const pattern = route.path
            .split(/(\{\w+\})/)
            .map((part) => {
                const key = /^\{(\w+)\}$/.exec(part)?.[1];
                if (key === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
                keys.push(key);
                return "([^/]+)";
            })
            .join("");
        return { name, route, keys, regex: new RegExp(`^${pattern}$`) };
    });
    return (method, pathname) => matchIn(compiled, method, pathname);
}

function matchIn(compiled: readonly { name: RouteName; route: Route; keys: readonly string[]; regex: RegExp }[], method: string, pathname: string): RouteMatch {
    const allowed: string[] = [];
    let sample: Route | undefined;
    for (const { name, route, keys, regex } of compiled) {
        const found = regex.exec(pathname);
        if (!found) continue;
        if (route.method !== method) {
            allowed.push(route.method);
            sample ??= route;
            continue;
        }
        const params: Record<string, string> = {};
        try {
            keys.forEach((key, i) => {
                params[key] = decodeURIComponent(found[i + 1]!);
            });
        } catch {
            return { kind: "none" };
        }
        return { kind: "route", name, params };
    }
    return sample ? { kind: "wrong-method", allowed, route: sample } : { kind: "none" };
}

/** Finds the route of the built-in table for a method and path, or says which methods the path allows. */
export const matchRoute: RouteMatcher = routeMatcher();

// ---- bodies -----------------------------------------------------------------------------------

/** A body encoding a route accepts. */
export type BodyKind = "json" | "form" | "multipart";

const mediaTypes: Record<BodyKind, string> = {
    json: "application/json",
    form: "application/x-www-form-urlencoded",
    multipart: "multipart/form-data",
};

/** Reads the whole body, refusing anything over `maxBodyBytes` with 413. */
export function readBody(req: IncomingMessage, limit = maxBodyBytes): Promise<Buffer> {
    const tooLarge = () => new ApiError(413, "invalid_request", `request body exceeds the ${limit}-byte limit`, { connection: "close" });
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
        req.resume();
        return Promise.reject(tooLarge());
    }
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let failed = false;
        req.on("data", (chunk: Buffer) => {
            if (failed) return;
            size += chunk.length;
            if (size > limit) {
                failed = true;
                chunks.length = 0;
                reject(tooLarge());
                return;
            }
            chunks.push(chunk);
        });
        req.on("end", () => failed || resolve(Buffer.concat(chunks)));
        req.on("error", (error) => reject(error));
    });
}

/**
 * Parses a body in one of the accepted encodings. An empty body is `undefined`. Form and multipart
 * bodies become a string record; a repeated field is refused (RFC 6749 §3.2).
 */
export async function parseBody(body: Buffer, contentType: string | undefined, accepted: readonly BodyKind[]): Promise<unknown> {
    if (body.length === 0) return undefined;
    const wanted = accepted.map((kind) => mediaTypes[kind]).join(", ") || "no body";
    if (accepted.length === 0) throw new ApiError(400, "invalid_request", "this route takes no request body");
    const media = contentType?.split(";")[0]?.trim().toLowerCase();
    if (!media) {
        throw new ApiError(415, "invalid_request", `a request body needs a Content-Type header (accepted: ${wanted})`);
    }
    const kind = accepted.find((k) => media === mediaTypes[k] || (k === "json" && media.endsWith("+json")));
    if (!kind) {
        throw new ApiError(415, "invalid_request", `unsupported Content-Type ${media} (accepted: ${wanted})`);
    }
    if (kind === "json") {
        try {
            return JSON.parse(body.toString("utf8"));
        } catch (error) {
            throw new ApiError(400, "invalid_request", `malformed JSON body: ${(error as Error).message}`);
        }
    }
    let entries: Iterable<[string, unknown]>;
    try {
        entries =
            kind === "form"
                ? new URLSearchParams(body.toString("utf8")).entries()
                : (await new Response(new Uint8Array(body), { headers: { "content-type": contentType! } }).formData()).entries();
    } catch {
        throw new ApiError(400, "invalid_request", `malformed ${media} body`);
    }
    const fields: Record<string, string> = {};
    for (const [key, value] of entries) {
        if (typeof value !== "string") throw new ApiError(400, "invalid_request", `field ${key} must be text, not a file`);
        if (Object.hasOwn(fields, key)) throw new ApiError(400, "invalid_request", `field ${key} appears more than once`);
        fields[key] = value;
    }
    return fields;
}

/**
 * A body's fields with the query string's parameters joined to them. A parameter sent twice, in
 * the query and the body or twice in the query, is refused like a repeated form field (RFC 6749
 * §3.2: parameters "MUST NOT be included more than once"). A body that is not an object is left
 * for the route's schema to refuse.
 */
export function withQueryParameters(body: unknown, search: string): unknown {
    const query = new URLSearchParams(search);
    if (query.size === 0) return body;
    if (body !== undefined && (typeof body !== "object" || body === null || Array.isArray(body))) return body;
    const fields: Record<string, unknown> = { ...(body as Record<string, unknown> | undefined) };
    for (const [key, value] of query) {
        if (Object.hasOwn(fields, key))
            throw new ApiError(400, "invalid_request", `parameter ${key} appears more than once (query string and body count together)`);
        fields[key] = value;
    }
    return fields;
}

// ---- credentials ------------------------------------------------------------------------------

/** Username and password from `Authorization: Basic …`, or undefined. */
export function basicCredentials(req: IncomingMessage): { user: string; password: string } | undefined {
    const match = /^Basic\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
    if (!match) return undefined;
    const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return undefined;
    return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The token from `Authorization: Bearer …`, or undefined. */
export function bearerToken(req: IncomingMessage): string | undefined {
    return /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")?.[1];
}

// ---- handlers ---------------------------------------------------------------------------------

/** Who a call turned out to be, filled in by the handler for the call log. */
export interface CallTrace {
    merchantId?: number;
    /** The admin's username or the application's name; never a secret. */
    actor?: string;
}

/** What a handler gets: the parsed request. */
export interface RequestContext {
    readonly req: IncomingMessage;
    readonly params: Readonly<Record<string, string>>;
    /** The parsed body; undefined when there was none. */
    readonly body: unknown;
    /**
     * The region whose host was called; undefined on the emulator's main URL, which serves every
     * merchant. A regional host knows only its own region's merchants, applications and tokens.
     */
    readonly region?: string | undefined;
    readonly trace: CallTrace;
    /**
     * The API profile's entry for this operation (empty: as built in). The request body arrives with
     * our field names and a successful reply is put in the profile's shape for the handler; a list
     * handler reads its pagination here.
     */
    readonly profile?: OperationProfile;
}

/** The implementation of one route. */
export interface Handler {
    /** Body encodings the route accepts; an empty list refuses any body. */
    readonly accepts: readonly BodyKind[];
    /**
     * True when the route also reads its parameters from the query string (the token endpoint:
     * docs/bringg-api.md#token-parameters-in-the-query-string); they join the body's fields.
     */
    readonly queryParameters?: boolean;
    handle(ctx: RequestContext): Reply | Promise<Reply>;
}

/** Turns a zod error into one line per problem, each naming its field. */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] }[]): string {
    return issues
        .map((issue) => {
            const where = issue.path.length > 0 ? issue.path.map(String).join(".") : "body";
            if (issue.code === "unrecognized_keys" && issue.keys) return `${where}: unknown field(s) ${issue.keys.join(", ")}`;
            return `${where}: ${issue.message}`;
        })
        .join("; ");
}
