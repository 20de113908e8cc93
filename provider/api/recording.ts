/**
 * A recorded exchange with Bringg: one request and its reply, redacted, as a JSON file.
 *
 * `npx pulumi-bringg doctor --record DIR` writes one file per call it makes against a real
 * account, so that a user can attach the folder to a bug report; the project keeps such files in
 * test/fixtures/contract/recordings/ and replays every reply through the client's schema of its
 * route (test/contract/replay.test.ts). The same format serves recordings built by hand from
 * Bringg's published examples.
 *
 * The format, version 1:
 *
 * ```json
 * {
 *   "version": 1,
 *   "source": "pulumi-bringg doctor 0.2.0",
 *   "operation": "tokenInfo",
 *   "request": { "method": "GET", "path": "/oauth/token/info", "headers": { "authorization": "<redacted>" } },
 *   "response": { "status": 200, "headers": { "content-type": "application/json" }, "body": { … } }
 * }
 * ```
 *
 * - `path` is the URL path without host or query (`query` holds the query string, if any); ids in it
 *   are replaced like those in bodies.
 * - `operation` names the route of provider/api/routes.ts the call was meant for. A recorder sets it
 *   whenever it knows it (always, when an API profile moved the route); without it, the route is
 *   found by method and path ({@link matchRoute}).
 * - Header names are lower case. Only headers that describe the reply's shape are kept
 *   (content type, paging links, rate limits, request id); `authorization` and `cookie` are kept, if
 *   at all, as {@link redacted}.
 * - `body` is the parsed JSON when the reply was JSON, else the text as a string; absent when empty.
 * - Redaction keeps every value's JSON type, so that a redacted reply still parses as the original
 *   did: a password, client secret, access or refresh token, Basic or Bearer credential becomes the
 *   string {@link redacted}; application ids become small numbers (1, 2, … in order of first
 *   appearance, the same real id the same number in every file of one recording folder); client ids
 *   and application names become `<client_id N>` and `<name N>`. Scope names, TTLs, times, statuses
 *   and field names stay as they were: they are the shape under test, and not secret.
 *
 * {@link recordingLeaks} finds what redaction missed; a recorder runs it before writing a file and a
 * test runs it over every stored recording.
 */
import { z } from "zod";
import { routes, type Route, type RouteName } from "./routes";

/** The one string every secret value is replaced with. */
export const redacted = "<redacted>";

/** The version this module reads and writes. */
export const recordingVersion = 1;

const httpMethod = z.enum(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);

/** Header names in lower case, values as strings. */
const headers = z.record(z.string().regex(/^[a-z0-9-]+$/, "header names are lower case"), z.string());

/** One recorded exchange (see the module comment for the rules a recorder follows). */
export const recording = z.strictObject({
    version: z.literal(recordingVersion),
    /** Who made it: `pulumi-bringg doctor <version>`, or what a hand-made recording was built from. */
    source: z.string().min(1),
    /** When it was recorded (ISO 8601); absent for hand-made ones. */
    recordedAt: z.iso.datetime({ offset: true }).optional(),
    /** The route of provider/api/routes.ts the call was for. */
    operation: z.string().optional(),
    request: z.strictObject({
        method: httpMethod,
        path: z
            .string()
            .startsWith("/", "path starts with / (no host)")
            .refine((p) => !p.includes("?"), "the query goes in query, not path"),
        query: z.string().optional(),
        headers: headers.optional(),
        body: z.unknown().optional(),
    }),
    response: z.strictObject({
        status: z.number().int().min(100).max(599),
        headers: headers,
        body: z.unknown().optional(),
    }),
});
/** One recorded exchange. */
export type Recording = z.infer<typeof recording>;

/**
 * The route a recorded call was for: its `operation` if it names one, else the route whose method
 * and path template (`{id}` matching one path segment) fit the request.
 */
export function matchRoute(request: { method: string; path: string }, operation?: string): { name: RouteName; route: Route } | undefined {
    const table: Record<string, Route> = routes;
    if (operation !== undefined) {
        const route = table[operation];
        return route ? { name: operation as RouteName, route } : undefined;
    }
    for (const [name, route] of Object.entries(table)) {
        if (route.method !== request.method.toUpperCase()) continue;
        const pattern = new RegExp(`^${route.path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\\\{\w+\\\}/g, "[^/]+")}/?$`);
        if (pattern.test(request.path)) return { name: name as RouteName, route };
    }
    return undefined;
}

/** Keys whose value is a secret wherever they appear (compared in lower case, `-` as `_`). */
const secretKeys = new Set([
    "password",
    "client_secret",
    "secret",
    "access_token",
    "refresh_token",
    "token",
    "id_token",
    "authorization",
    "cookie",
    "set_cookie",
]);

/** A JSON Web Token, or the start of one (`eyJ…` is `{"…` in base64url). */
const jwtLike = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/;

/** An HTTP credential with something after the scheme. */
const credentialLike = /\b(?:Basic|Bearer)\s+(?!<redacted>)\S+/i;

/**
 * Where a recording still holds something that looks secret: a secret-named field or header that is
 * not {@link redacted}, a JWT, or a Basic/Bearer credential anywhere. Each entry is a JSON path and
 * the reason, never the value.
 */
export function recordingLeaks(value: unknown): string[] {
    const leaks: string[] = [];
    const visit = (node: unknown, path: string, key: string | undefined): void => {
        if (typeof node === "string") {
            if (key !== undefined && secretKeys.has(key.toLowerCase().replace(/-/g, "_")) && node !== redacted) {
                leaks.push(`${path}: ${key} is not ${redacted}`);
            } else if (jwtLike.test(node)) {
                leaks.push(`${path}: looks like a JWT`);
            } else if (credentialLike.test(node)) {
                leaks.push(`${path}: looks like a Basic or Bearer credential`);
            }
        } else if (Array.isArray(node)) {
            for (const [i, item] of node.entries()) visit(item, `${path}[${i}]`, key);
        } else if (typeof node === "object" && node !== null) {
            for (const [k, v] of Object.entries(node)) visit(v, path ? `${path}.${k}` : k, k);
        }
    };
    visit(value, "", undefined);
    return leaks;
}
