/**
 * The one client for Bringg's Management and OAuth APIs.
 *
 * Every call goes through {@link BringgClient.call} with a route name from provider/api/routes.ts:
 * the table gives method, path, auth and whether a lost reply may be retried, and the route's zod
 * schema validates the reply. Resources never build URLs.
 *
 * Failure policy:
 * - 429 (honouring Retry-After), 5xx and network errors are retried with exponential backoff and
 *   jitter, but only for routes the table marks idempotent: repeating any other call could apply
 *   it twice.
 * - `createApplication` is not idempotent, so it is never blindly repeated. When its reply is lost
 *   (no reply, 5xx, 429) the client lists the applications and looks for the one it may have
 *   created (same name and scopes, not there before); if it is there it is claimed (and given a
 *   fresh secret, since the first one was lost with the reply), otherwise the create is sent again.
 * - Everything else becomes a {@link BringgApiError} with a stable code and a redacted message.
 *
 * No Pulumi imports here: the same client serves the dynamic providers, the emulator tests and
 * scripts.
 */
import got, { type Response } from "got";
import { setTimeout as delay } from "node:timers/promises";
import type { z } from "zod";
import { routePath, routes, type Route, type RouteName } from "../api/routes";
import * as wire from "../api/wire";
import { currentSettings, type BringgSettings } from "./config";
import { BringgApiError, codeForStatus, registerSecret, type BringgErrorCode } from "./errors";

/** How failed calls are retried. */
export interface RetryPolicy {
    /** Retries after the first attempt (so `limit + 1` attempts at most). */
    readonly limit: number;
    /** Delay before the first retry; doubles with each further retry. */
    readonly baseDelayMs: number;
    /** Cap on the computed backoff. */
    readonly maxDelayMs: number;
    /** A Retry-After longer than this is not waited for: the call fails with `rate_limited`. */
    readonly maxRetryAfterMs: number;
}

/** The defaults: 4 retries, 0.5 s doubling to at most 8 s, Retry-After up to 60 s. */
export const defaultRetryPolicy: RetryPolicy = {
    limit: 4,
    baseDelayMs: 500,
    maxDelayMs: 8_000,
    maxRetryAfterMs: 60_000,
};

/** Options of {@link BringgClient}. */
export interface ClientOptions {
    readonly settings: BringgSettings;
    readonly retry?: Partial<RetryPolicy>;
    /** Timeout of one attempt, in milliseconds (default 30 s). */
    readonly timeoutMs?: number;
    /**
     * How long one list of applications may be shared by callers (default 30 s). Reads of many
     * resources in one `pulumi refresh` then cost one call; any write through this client
     * invalidates it at once.
     */
    readonly listMaxAgeMs?: number;
    /** Waits between retries; replaceable in tests. */
    readonly sleep?: (ms: number) => Promise<void>;
}

/** What a call is for: named in error messages. */
export interface CallContext {
    /** E.g. `application "dashboards"`. */
    readonly resource?: string;
}

/** Options of {@link BringgClient.call}. */
export interface CallOptions extends CallContext {
    /** Path parameters, e.g. `{ id: 7 }`. */
    readonly params?: Record<string, string | number>;
    /** JSON body; validated with the route's request schema before it is sent. */
    readonly body?: unknown;
    /** For `bearer` routes: the access token. */
    readonly bearer?: string;
    /**
     * Retry this call on a lost reply even though the route is not idempotent, because the caller
     * knows a repeat is harmless here (e.g. a new secret for an application nobody uses yet).
     */
    readonly replayable?: boolean;
}

/** The parsed reply type of a route (unknown for routes without a response schema). */
export type RouteResponse<N extends RouteName> = (typeof routes)[N] extends { response: infer S extends z.ZodType }
    ? z.output<S>
    : unknown;

/** An application as listed. */
export type Application = wire.Application;
/** An application with its just-issued secret. */
export type ApplicationWithSecret = wire.ApplicationWithSecret;

/** A failure that happened before any reply: connection refused or reset, DNS, timeout. */
interface NetworkFailure {
    readonly kind: "network";
    readonly error: Error & { code?: string };
}

/** Sort key for comparing scope sets: order and duplicates never matter in Bringg. */
export function normalizeScopes(scopes: readonly string[]): string[] {
    return [...new Set(scopes)].sort();
}

function sameScopes(a: readonly string[], b: readonly string[]): boolean {
    const left = normalizeScopes(a);
    const right = normalizeScopes(b);
    return left.length === right.length && left.every((scope, i) => scope === right[i]);
}

/** The typed client. One per settings per process: see {@link sharedClient}. */
export class BringgClient {
    readonly settings: BringgSettings;
    private readonly retry: RetryPolicy;
    private readonly timeoutMs: number;
    private readonly listMaxAgeMs: number;
    private readonly sleep: (ms: number) => Promise<void>;
    private readonly authorization: string;
    private listing: { promise: Promise<Application[]>; at: number } | undefined;
    /** Applications this client created or claimed: never claimed twice by create reconciliation. */
    private readonly claimed = new Set<number>();

    constructor(options: ClientOptions) {
        this.settings = options.settings;
        this.retry = { ...defaultRetryPolicy, ...options.retry };
        this.timeoutMs = options.timeoutMs ?? 30_000;
        this.listMaxAgeMs = options.listMaxAgeMs ?? 30_000;
        this.sleep = options.sleep ?? ((ms) => delay(ms));
        registerSecret(options.settings.password);
        const basic = Buffer.from(`${options.settings.username}:${options.settings.password}`).toString("base64");
        registerSecret(basic);
        this.authorization = `Basic ${basic}`;
    }

    // ---- applications -----------------------------------------------------------------------

    /**
     * The merchant's applications. Concurrent and recent callers share one request (at most
     * `listMaxAgeMs` old, and never older than this client's last write); `fresh` forces a new one.
     */
    listApplications(options: CallContext & { fresh?: boolean } = {}): Promise<Application[]> {
        const now = Date.now();
        if (!options.fresh && this.listing && now - this.listing.at <= this.listMaxAgeMs) {
            return this.listing.promise;
        }
        const promise = this.call("listApplications", { resource: options.resource }) as Promise<Application[]>;
        const entry = { promise, at: now };
        this.listing = entry;
        // A failed list must not be served to later callers.
        promise.catch(() => {
            if (this.listing === entry) this.listing = undefined;
        });
        return promise;
    }

    /** One application by numeric id or client id, from the (shared) list; undefined if absent. */
    async findApplication(
        match: { id?: number; clientId?: string },
        options: CallContext & { fresh?: boolean } = {},
    ): Promise<Application | undefined> {
        const all = await this.listApplications(options);
        return all.find(
            (app) =>
                (match.id === undefined || app.id === match.id) &&
                (match.clientId === undefined || app.client_id === match.clientId),
        );
    }

    /**
     * Creates an application (Bringg creates it disabled) and returns it with its client secret.
     * A lost reply is reconciled, never answered with a blind repeat: see the module comment.
     */
    async createApplication(
        request: wire.CreateApplicationRequest,
        context: CallContext = {},
    ): Promise<ApplicationWithSecret> {
        // What existed before, so that reconciliation cannot claim an application someone else made
        // under the same name. A recent shared list is good enough: it only has to predate the POST.
        const before = new Set((await this.listApplications(context)).map((app) => app.id));
        for (let attempt = 1; ; attempt++) {
            try {
                const created = await this.call("createApplication", { ...context, body: request });
                registerSecret(created.client_secret);
                this.claimed.add(created.id);
                return created;
            } catch (error) {
                if (!BringgApiError.isInstance(error) || !isLostReply(error.code) || attempt > this.retry.limit) {
                    throw error;
                }
                const candidates = (await this.listApplications({ ...context, fresh: true })).filter(
                    (app) =>
                        !before.has(app.id) &&
                        !this.claimed.has(app.id) &&
                        app.name === request.name &&
                        sameScopes(app.scopes, request.scopes),
                );
                // Newest first: if several match, ours is the latest, the others predate our POST.
                const ours = candidates.sort((a, b) => b.id - a.id)[0];
                if (ours) {
                    this.claimed.add(ours.id);
                    // The secret travelled in the lost reply. Nobody can hold it, so a new one is
                    // harmless, and a repeat of that call is harmless too.
                    return this.regenerateSecret(ours.id, { ...context, replayable: true });
                }
                // Not created: the POST never took effect, so sending it again is safe.
                await this.sleep(backoff(this.retry, attempt));
            }
        }
    }

    /** Enables or disables an application; returns it as it now is. */
    setEnabled(id: number, enabled: boolean, context: CallContext = {}): Promise<Application> {
        return this.call(enabled ? "enableApplication" : "disableApplication", { ...context, params: { id } });
    }

    /**
     * Issues a new client secret. The old secret and every token issued with it stop working.
     * Not retried on a lost reply unless `replayable` (the caller knows nobody uses the old one).
     */
    async regenerateSecret(id: number, options: CallContext & { replayable?: boolean } = {}): Promise<ApplicationWithSecret> {
        const app = await this.call("regenerateSecret", { ...options, params: { id } });
        registerSecret(app.client_secret);
        return app;
    }

    /** Deletes an application; one that is already gone counts as deleted (`"absent"`). */
    async deleteApplication(id: number, context: CallContext = {}): Promise<"deleted" | "absent"> {
        try {
            await this.call("deleteApplication", { ...context, params: { id } });
            return "deleted";
        } catch (error) {
            if (BringgApiError.isInstance(error) && error.code === "not_found") return "absent";
            throw error;
        }
    }

    // ---- scopes -----------------------------------------------------------------------------

    /** The scope catalog with default and current TTLs. */
    listScopes(context: CallContext = {}): Promise<wire.Scope[]> {
        return this.call("listScopes", context);
    }

    /** Sets TTL overrides (`null` removes one); returns the catalog as it now is. */
    setScopeTtls(changes: wire.SetScopeTtlsRequest, context: CallContext = {}): Promise<wire.Scope[]> {
        return this.call("setScopeTtls", { ...context, body: changes });
    }

    // ---- OAuth ------------------------------------------------------------------------------

    /** Exchanges client credentials for an access token (client_credentials grant). */
    requestToken(
        credentials: { clientId: string; clientSecret: string; scope?: string; ttl?: number },
        context: CallContext = {},
    ): Promise<wire.TokenResponse> {
        registerSecret(credentials.clientSecret);
        return this.call("token", {
            ...context,
            body: {
                grant_type: "client_credentials",
                client_id: credentials.clientId,
                client_secret: credentials.clientSecret,
                ...(credentials.scope === undefined ? {} : { scope: credentials.scope }),
                ...(credentials.ttl === undefined ? {} : { ttl: credentials.ttl }),
            },
        }).then((token) => {
            registerSecret(token.access_token);
            return token;
        });
    }

    /** Calls the protected `get_open_tasks` service with an access token. */
    getOpenTasks(accessToken: string, context: CallContext = {}): Promise<unknown> {
        return this.call("getOpenTasks", { ...context, bearer: accessToken, body: {} });
    }

    // ---- the one call path ------------------------------------------------------------------

    /**
     * Calls a route: validates the body, sends it with the route's auth, retries what may be
     * retried, validates the reply. Prefer the named methods; this is the escape hatch for routes
     * without one.
     */
    async call<N extends RouteName>(name: N, options: CallOptions = {}): Promise<RouteResponse<N>> {
        const route: Route = routes[name];
        const path = routePath(name, options.params);
        const context = { operation: name, resource: options.resource, method: route.method, path };
        if (route.request && options.body !== undefined) {
            const checked = route.request.safeParse(options.body);
            if (!checked.success) {
                throw new BringgApiError({
                    ...context,
                    code: "validation",
                    bringgMessage: `request rejected before sending: ${checked.error.issues.map((i) => i.message).join("; ")}`,
                    fix: "this is a bug in the provider's input validation; please report it.",
                });
            }
        }
        // A write makes the shared list stale: drop it when the write starts and again when it ends,
        // so that a list fetched while the write was in flight is not served afterwards.
        const writes = route.auth === "admin" && route.method !== "GET";
        if (writes) this.invalidate();
        try {
            return await this.attempt(name, route, path, options, context);
        } finally {
            if (writes) this.invalidate();
        }
    }

    private async attempt<N extends RouteName>(
        _name: N,
        route: Route,
        path: string,
        options: CallOptions,
        context: ErrorContextLike,
    ): Promise<RouteResponse<N>> {
        const retryable = route.idempotent || options.replayable === true;
        for (let attempt = 1; ; attempt++) {
            const outcome = await this.send(route, path, options).catch(
                (error: Error): NetworkFailure => ({ kind: "network", error }),
            );
            const canRetry = retryable && attempt <= this.retry.limit;

            if ("kind" in outcome) {
                if (canRetry) {
                    await this.sleep(backoff(this.retry, attempt));
                    continue;
                }
                throw new BringgApiError({
                    ...context,
                    code: "network",
                    bringgMessage: networkDescription(outcome.error),
                    attempts: attempt,
                    cause: outcome.error,
                });
            }

            const { statusCode } = outcome;
            if (statusCode >= 200 && statusCode < 300) {
                return parseReply(route, outcome, context) as RouteResponse<N>;
            }
            const code = codeForStatus(statusCode);
            if (code === "rate_limited" || code === "server") {
                const wait = code === "rate_limited" ? retryAfterMs(outcome.headers["retry-after"]) : undefined;
                if (canRetry && (wait === undefined || wait <= this.retry.maxRetryAfterMs)) {
                    await this.sleep(wait === undefined ? backoff(this.retry, attempt) : wait + jitter(250));
                    continue;
                }
                throw apiError(context, outcome, attempt, wait);
            }
            throw apiError(context, outcome, attempt);
        }
    }

    private send(route: Route, path: string, options: CallOptions): Promise<Response<string>> {
        const headers: Record<string, string> = { accept: "application/json", "user-agent": "pulumi-bringg" };
        if (route.auth === "admin") headers.authorization = this.authorization;
        if (route.auth === "bearer" && options.bearer) {
            registerSecret(options.bearer);
            headers.authorization = `Bearer ${options.bearer}`;
        }
        return got(`${this.settings.baseUrl}${path}`, {
            method: route.method,
            headers,
            ...(options.body === undefined ? {} : { json: options.body }),
            responseType: "text",
            throwHttpErrors: false,
            followRedirect: false,
            // Retries are ours: got would retry by method, we retry by the route's idempotency.
            retry: { limit: 0 },
            timeout: { request: this.timeoutMs },
        });
    }

    /** Forgets the shared list: the next reader sees this client's writes. */
    invalidate(): void {
        this.listing = undefined;
    }

    // ---- secret rotation (provider/rotation) ------------------------------------------------

    /**
     * RFC 7662 introspection of `token`, authenticating with client credentials. Secret rotation
     * uses it to confirm that tokens issued with a previous secret are no longer active.
     */
    introspect(
        request: { clientId: string; clientSecret: string; token: string },
        context: CallContext = {},
    ): Promise<RouteResponse<"introspect">> {
        registerSecret(request.clientSecret);
        registerSecret(request.token);
        return this.call("introspect", {
            ...context,
            body: { token: request.token, client_id: request.clientId, client_secret: request.clientSecret },
        });
    }
}

/** Codes after which a non-idempotent call may or may not have taken effect. */
function isLostReply(code: BringgErrorCode): boolean {
    return code === "network" || code === "server" || code === "rate_limited";
}

/** Exponential backoff with jitter: half of the computed delay is fixed, half random. */
export function backoff(policy: RetryPolicy, attempt: number): number {
    const computed = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    return computed / 2 + Math.random() * (computed / 2);
}

function jitter(maxMs: number): number {
    return Math.random() * maxMs;
}

/** Retry-After in milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
    const value = Array.isArray(header) ? header[0] : header;
    if (value === undefined || value.trim() === "") return undefined;
    if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function networkDescription(error: Error & { code?: string }): string {
    // got's messages can include the URL; the code alone says what happened.
    return error.code ? `${error.code}${error.name === "TimeoutError" ? " (timed out)" : ""}` : error.name;
}

function parseJson(text: string): unknown {
    if (text.trim() === "") return undefined;
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

function parseReply(route: Route, response: Response<string>, context: ErrorContextLike): unknown {
    const body = parseJson(response.body);
    if (!route.response) return body;
    const parsed = route.response.safeParse(body);
    if (!parsed.success) {
        throw new BringgApiError({
            ...context,
            code: "invalid_response",
            status: response.statusCode,
            bringgMessage: parsed.error.issues
                .slice(0, 3)
                .map((i) => `${i.path.join(".") || "reply"}: ${i.message}`)
                .join("; "),
        });
    }
    return parsed.data;
}

type ErrorContextLike = { operation: string; resource?: string; method: string; path: string };

/** Bringg's explanation from an error body, whatever its style. */
function bringgMessageOf(body: unknown): string | undefined {
    if (typeof body === "string") return body.slice(0, 300) || undefined;
    const management = wire.bringgError.safeParse(body);
    if (management.success && (management.data.title || management.data.message)) {
        return management.data.title ?? management.data.message;
    }
    const oauth = wire.oauthError.safeParse(body);
    if (oauth.success) {
        return oauth.data.error_description ? `${oauth.data.error}: ${oauth.data.error_description}` : oauth.data.error;
    }
    return undefined;
}

function apiError(
    context: ErrorContextLike,
    response: Response<string>,
    attempts: number,
    retryAfter?: number,
): BringgApiError {
    const code = codeForStatus(response.statusCode);
    const tooLong =
        code === "rate_limited" && retryAfter !== undefined
            ? `Bringg asked to wait ${Math.ceil(retryAfter / 1000)} s before retrying; run the command again after that.`
            : undefined;
    return new BringgApiError({
        ...context,
        code,
        status: response.statusCode,
        bringgMessage: bringgMessageOf(parseJson(response.body)),
        attempts,
        ...(tooLong && attempts === 1 ? { fix: tooLong } : {}),
    });
}

// ---- one client per process ---------------------------------------------------------------------

const clients = new Map<string, BringgClient>();

/**
 * The process-wide client for the given settings (default: the current stack config and
 * environment). Sharing it is what lets every resource of a `pulumi refresh` share one list call.
 */
export function sharedClient(settings: BringgSettings = currentSettings()): BringgClient {
    const key = JSON.stringify([settings.baseUrl, settings.username, settings.password]);
    let client = clients.get(key);
    if (!client) {
        client = new BringgClient({ settings });
        clients.set(key, client);
    }
    return client;
}
