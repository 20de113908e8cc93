/**
 * The one client for Bringg's Management and OAuth APIs.
 *
 * Every call goes through {@link BringgClient.call} with a route name from provider/api/routes.ts:
 * the table gives method, path, auth and whether a repeat is safe, and the route's zod schema
 * validates the reply. Resources never build URLs. The account's API profile
 * (provider/api/profile.ts) may move an operation (method, path), rename its request fields, and
 * wrap or rename its reply: the client applies it here, on the way out and before the schema reads
 * the reply (provider/api/profile-apply.ts).
 *
 * Failure policy (got's `retry` through the one HTTP stack, ./http.ts, set per request from the
 * route table):
 * - a route the table marks idempotent (or a call the caller marks `replayable`) is retried on
 *   5xx, 408, 429 and network errors, with exponential backoff;
 * - every other route is retried only where the request certainly had no effect: 429 (Bringg did
 *   not process it) and a connection that was never made (refused, unreachable, DNS);
 * - Retry-After is honoured up to `maxRetryAfterMs`, and never past the call's deadline;
 * - a create whose reply is lost is reconciled by listing (see {@link BringgClient.createApplication});
 * - everything else becomes a {@link BringgApiError} with a stable code and a redacted message.
 *
 * No Pulumi imports here: the same client serves the dynamic providers, the emulator tests and
 * scripts.
 */
import type { Got, Hooks, RequestError, Response } from "got";
import { setTimeout as delay } from "node:timers/promises";
import type { z } from "zod";
import { defaultProfile, type ApiProfile } from "../api/profile";
import { fillPath, profiledRoute, replyAsRead, requestAsSent, type ProfiledRoute } from "../api/profile-apply";
import type { routes, RouteName } from "../api/routes";
import * as wire from "../api/wire";
import { credentialsFix, type BringgSettings } from "./config";
import { ListPager, PagingProblem } from "./paging";
import { isRefusal, refusal, routeMissing } from "./refused";
import { BringgApiError, codeForStatus, mayHaveApplied, SecretRegistry, UnconfirmedCreateError } from "./errors";
import { http, neverSent, replyBody, retryAfterMs, retryFor, secretsContext } from "./http";

/** How failed calls are retried. */
export interface RetryPolicy {
    /** Retries after the first attempt (so `limit + 1` attempts at most). */
    readonly limit: number;
    /** Cap on the backoff (got's: 1 s, doubling with each retry, plus up to 100 ms of noise). */
    readonly backoffLimitMs: number;
    /** A Retry-After longer than this is not waited for: the call fails with `rate_limited`. */
    readonly maxRetryAfterMs: number;
}

/** The defaults: 4 retries, backoff 1 s doubling to at most 8 s, Retry-After up to 60 s. */
export const defaultRetryPolicy: RetryPolicy = {
    limit: 4,
    backoffLimitMs: 8_000,
    maxRetryAfterMs: 60_000,
};

/** Default of {@link ClientOptions.timeoutMs}: one call, retries and waits included. */
export const defaultTimeoutMs = 45_000;

/** Default of {@link ClientOptions.lateWriteWindowMs}. */
export const defaultLateWriteWindowMs = 10_000;

/** Options of {@link BringgClient}. */
export interface ClientOptions {
    readonly settings: BringgSettings;
    readonly retry?: Partial<RetryPolicy>;
    /**
     * Deadline of one call, retries and Retry-After waits included (default
     * `settings.timeoutMs`, else {@link defaultTimeoutMs}). One attempt gets what is left of it.
     */
    readonly timeoutMs?: number;
    /**
     * How long a write whose reply was lost may still be applied (default
     * `settings.lateWriteWindowMs`, else {@link defaultLateWriteWindowMs}): a lost create is looked
     * for during this window before it is declared lost and sent again.
     */
    readonly lateWriteWindowMs?: number;
    /**
     * How long one list (applications, scopes) may be shared by callers (default 30 s). Reads of
     * many resources in one `pulumi refresh` then cost one call; an admin write through this
     * client invalidates the lists it changes (see `listsChangedBy`).
     */
    readonly listMaxAgeMs?: number;
    /**
     * Where the client registers the secrets it handles (the admin password and its Basic header,
     * client secrets, tokens) and what its errors are redacted with: its provider context's
     * (ProviderContext.secrets); a fresh one of its own when not given.
     */
    readonly secrets?: SecretRegistry;
    /**
     * How this account's Management API differs from the built-in route table (paths, shapes,
     * pagination); default `settings.apiProfile`, else the built-in table. See provider/api/profile.ts.
     */
    readonly apiProfile?: ApiProfile;
    /**
     * got hooks added to this client's requests, after the shared ones of ./http.ts: `doctor`
     * observes and records its exchanges with them (provider/tools/doctor-record.ts).
     */
    readonly hooks?: Partial<Hooks>;
    /**
     * A paged list that needs more pages than this fails instead of being read on (default 1000):
     * the guard against a server whose pages never end. See ./paging.ts.
     */
    readonly maxListPages?: number;
}

/** What a call is for: named in error messages. */
export interface CallContext {
    /** E.g. `application "dashboards"`. */
    readonly resource?: string | undefined;
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
    /** Internal, for a paged list (see {@link BringgClient.listAll}): which page to read, and where its reply goes. */
    readonly page?: PageRequest;
}

/** One page of a paged list: its URL (the route's, with the page's query), and who sees its raw reply. */
export interface PageRequest {
    readonly url: string;
    /** Gets the page's reply (headers and body as sent) before its body is parsed. */
    readonly reply: (response: Response<unknown>) => void;
}

/** The parsed reply type of a route (unknown for routes without a response schema). */
export type RouteResponse<N extends RouteName> = (typeof routes)[N] extends { response: infer S extends z.ZodType } ? z.output<S> : unknown;

/** An application as listed. */
export type Application = wire.Application;
/** An application with its just-issued secret. */
export type ApplicationWithSecret = wire.ApplicationWithSecret;

/** Sort key for comparing scope sets: order and duplicates never matter in Bringg. */
export function normalizeScopes(scopes: readonly string[]): string[] {
    return [...new Set(scopes)].sort();
}

function sameScopes(a: readonly string[], b: readonly string[]): boolean {
    const left = normalizeScopes(a);
    const right = normalizeScopes(b);
    return left.length === right.length && left.every((scope, i) => scope === right[i]);
}

/** Statuses after which a repeat of a call that is safe to repeat may succeed. */
const transientStatuses = [408, 429, 500, 502, 503, 504, 521, 522, 524];

/** The lists that callers share; an admin write forgets the ones it changes. */
type ListRoute = "listApplications" | "listScopes";
const sharedLists: readonly ListRoute[] = ["listApplications", "listScopes"];

/**
 * The lists each admin write changes. An application write leaves the scope catalog as it was, so
 * the scope-name checks of N Applications share one catalog while they are being created; a write
 * not named here forgets every list.
 */
const listsChangedBy: Partial<Record<RouteName, readonly ListRoute[]>> = {
    createApplication: ["listApplications"],
    updateApplication: ["listApplications"],
    enableApplication: ["listApplications"],
    disableApplication: ["listApplications"],
    regenerateSecret: ["listApplications"],
    deleteApplication: ["listApplications"],
    setScopeTtls: ["listScopes"],
};

/** The typed client. One per account and provider context: see ProviderContext.client (./context.ts). */
export class BringgClient {
    readonly settings: BringgSettings;
    private readonly retry: RetryPolicy;
    private readonly timeoutMs: number;
    /** How long a write whose reply was lost may still land; see {@link ClientOptions.lateWriteWindowMs}. */
    readonly lateWriteWindowMs: number;
    private readonly listMaxAgeMs: number;
    private readonly maxListPages: number | undefined;
    private readonly http: Got;
    /** The secrets this client registers and redacts from its errors; see {@link ClientOptions.secrets}. */
    readonly secrets: SecretRegistry;
    /** How this account's API differs from the built-in route table (provider/api/profile.ts). */
    readonly apiProfile: ApiProfile;
    /** The admin credentials as HTTP Basic sends them. */
    private readonly basic: string;
    private readonly lists = new Map<ListRoute, { promise: Promise<unknown>; at: number }>();
    /** The applications list read to tell a missing route from a missing application (see `routeOrApplication`). */
    private probe: { readonly at: number; readonly promise: Promise<Application[]> } | undefined;
    /** Applications this client created or claimed: never claimed twice by create reconciliation. */
    private readonly claimed = new Set<number>();

    constructor(options: ClientOptions) {
        this.settings = options.settings;
        this.retry = { ...defaultRetryPolicy, ...options.retry };
        this.timeoutMs = options.timeoutMs ?? options.settings.timeoutMs ?? defaultTimeoutMs;
        this.lateWriteWindowMs = options.lateWriteWindowMs ?? options.settings.lateWriteWindowMs ?? defaultLateWriteWindowMs;
        this.listMaxAgeMs = options.listMaxAgeMs ?? 30_000;
        this.maxListPages = options.maxListPages;
        this.secrets = options.secrets ?? new SecretRegistry();
        this.apiProfile = options.apiProfile ?? options.settings.apiProfile ?? defaultProfile;
        this.secrets.register(options.settings.password);
        this.basic = Buffer.from(`${options.settings.username}:${options.settings.password}`).toString("base64");
        this.secrets.register(this.basic);
        this.http = http.extend({
            headers: { accept: "application/json", "user-agent": "pulumi-bringg" },
            context: secretsContext(this.secrets),
            ...(options.hooks ? { hooks: options.hooks } : {}),
        });
    }

    // ---- applications -----------------------------------------------------------------------

    /**
     * The merchant's applications. Concurrent and recent callers share one request (at most
     * `listMaxAgeMs` old, and never older than this client's last write); `fresh` forces a new one.
     */
    listApplications(options: CallContext & { fresh?: boolean } = {}): Promise<Application[]> {
        return this.shared("listApplications", options);
    }

    /** One application by numeric id or client id, from the (shared) list; undefined if absent. */
    async findApplication(match: { id?: number; clientId?: string }, options: CallContext & { fresh?: boolean } = {}): Promise<Application | undefined> {
        const all = await this.listApplications(options);
        return all.find((app) => (match.id === undefined || app.id === match.id) && (match.clientId === undefined || app.client_id === match.clientId));
    }

    /**
     * Creates an application (Bringg creates it disabled) and returns it with its client secret.
     *
     * The create is not idempotent, so a reply lost after Bringg may have applied it is never
     * answered with a blind repeat: the client looks for the application by name and scopes
     * (polling through the late-write window). Found, it is claimed and given a fresh secret (the
     * first one was lost with the reply); not found by the end of the window, the create is
     * declared lost and sent again. When the look-up fails, or finds several candidates, it throws
     * {@link UnconfirmedCreateError}: the caller records a pending create for the next run.
     *
     * `unique` says the name has a random part no one else uses (autonaming): then no list is
     * needed before the create. Otherwise the applications of that name that exist before the
     * create are excluded from the look-up.
     */
    async createApplication(request: wire.CreateApplicationRequest, context: CallContext & { unique?: boolean } = {}): Promise<ApplicationWithSecret> {
        const { unique, ...callContext } = context;
        const existing = unique ? [] : await this.sameApplications(request, callContext);
        for (let attempt = 1; ; attempt++) {
            try {
                const created = await this.call("createApplication", { ...callContext, body: request });
                this.secrets.register(created.client_secret);
                this.claimed.add(created.id);
                return created;
            } catch (error) {
                if (!mayHaveApplied(error)) throw error;
                const ours = await this.findCreated(request, existing, callContext, error);
                if (ours) {
                    this.claimed.add(ours.id);
                    try {
                        // The secret travelled in the lost reply. Nobody can hold it, so a new one is
                        // harmless, and a repeat of that call is harmless too.
                        return await this.regenerateSecret(ours.id, { ...callContext, replayable: true });
                    } catch (regenerateError) {
                        throw unconfirmed(request, existing, `it was created (id ${ours.id}) but a new secret for it could not be issued`, regenerateError);
                    }
                }
                // Not applied within the late-write window: sending it again is safe.
                if (attempt > this.retry.limit) throw error;
            }
        }
    }

    /** Ids of the applications that already have the request's name and scopes. */
    async sameApplications(request: wire.CreateApplicationRequest, context: CallContext, fresh = false): Promise<number[]> {
        const all = await this.listApplications({ ...context, fresh });
        return all.filter((app) => app.name === request.name && sameScopes(app.scopes, request.scopes)).map((app) => app.id);
    }

    /**
     * The application an unconfirmed create made (one recorded as pending), looked for until the
     * late-write window ends, since the call may still be on its way; undefined when none appeared.
     * Applications in `existing` predate the create.
     *
     * @throws UnconfirmedCreateError when the applications cannot be listed, or several match.
     */
    awaitCreated(request: wire.CreateApplicationRequest, existing: readonly number[], context: CallContext): Promise<Application | undefined> {
        return this.findCreated(request, existing, context, undefined);
    }

    /**
     * The application a create whose reply was lost made, looked for until the late-write window
     * ends; undefined when none appeared.
     *
     * @throws UnconfirmedCreateError when the applications cannot be listed, or several match.
     */
    private async findCreated(
        request: wire.CreateApplicationRequest,
        existing: readonly number[],
        context: CallContext,
        lost: unknown,
    ): Promise<Application | undefined> {
        const windowEnds = Date.now() + this.lateWriteWindowMs;
        for (;;) {
            let candidates: Application[];
            try {
                const all = await this.listApplications({ ...context, fresh: true });
                candidates = all.filter(
                    (app) => app.name === request.name && sameScopes(app.scopes, request.scopes) && !existing.includes(app.id) && !this.claimed.has(app.id),
                );
            } catch (listError) {
                throw unconfirmed(
                    request,
                    existing,
                    `its reply was lost and Bringg's applications could not be listed to find out whether it was created (${messageOf(listError)})`,
                    lost,
                );
            }
            if (candidates.length > 1) {
                throw unconfirmed(
                    request,
                    existing,
                    `its reply was lost and ${candidates.length} new applications have its name and scopes (ids ${candidates.map((app) => app.id).join(", ")}): this provider does not guess which is its own`,
                    lost,
                );
            }
            if (candidates.length === 1) return candidates[0];
            const left = windowEnds - Date.now();
            if (left <= 0) return undefined;
            await delay(Math.min(1_000, left));
        }
    }

    /** Enables or disables an application; returns it as it now is. */
    async setEnabled(id: number, enabled: boolean, context: CallContext = {}): Promise<Application> {
        const name = enabled ? "enableApplication" : "disableApplication";
        const sent = Date.now();
        try {
            return await this.call(name, { ...context, params: { id } });
        } catch (error) {
            throw await this.routeOrApplication(error, name, id, context, sent);
        }
    }

    /**
     * Issues a new client secret. The old secret and every token issued with it stop working.
     *
     * Never repeated on a lost reply unless `replayable` (the caller knows nobody holds the current
     * secret); even then only after the late-write window, since a lost call applied late would
     * kill the secret the repeat returns.
     */
    async regenerateSecret(id: number, options: CallContext & { replayable?: boolean } = {}): Promise<ApplicationWithSecret> {
        const { replayable, ...context } = options;
        for (let attempt = 1; ; attempt++) {
            const sent = Date.now();
            try {
                const app = await this.call("regenerateSecret", { ...context, params: { id } });
                this.secrets.register(app.client_secret);
                return app;
            } catch (error) {
                if (!replayable || !mayHaveApplied(error) || attempt > this.retry.limit)
                    throw await this.routeOrApplication(error, "regenerateSecret", id, context, sent);
                await delay(this.lateWriteWindowMs);
            }
        }
    }

    /** Deletes an application; one that is already gone counts as deleted (`"absent"`). */
    async deleteApplication(id: number, context: CallContext = {}): Promise<"deleted" | "absent"> {
        const sent = Date.now();
        try {
            await this.call("deleteApplication", { ...context, params: { id } });
            return "deleted";
        } catch (error) {
            const reason = await this.routeOrApplication(error, "deleteApplication", id, context, sent);
            if (BringgApiError.isInstance(reason) && reason.code === "not_found") return "absent";
            throw reason;
        }
    }

    // ---- scopes -----------------------------------------------------------------------------

    /** The scope catalog with default and current TTLs, shared like {@link listApplications}. */
    listScopes(options: CallContext & { fresh?: boolean } = {}): Promise<wire.Scope[]> {
        return this.shared("listScopes", options);
    }

    /** Sets TTL overrides (`null` removes one); returns the catalog as it now is. */
    setScopeTtls(changes: wire.SetScopeTtlsRequest, context: CallContext = {}): Promise<wire.Scope[]> {
        return this.call("setScopeTtls", { ...context, body: changes });
    }

    // ---- OAuth ------------------------------------------------------------------------------

    /** Exchanges client credentials for an access token (client_credentials grant). */
    async requestToken(
        credentials: { clientId: string; clientSecret: string; scope?: string; ttl?: number },
        context: CallContext = {},
    ): Promise<wire.TokenResponse> {
        this.secrets.register(credentials.clientSecret);
        const token = await this.call("token", {
            ...context,
            body: {
                grant_type: "client_credentials",
                client_id: credentials.clientId,
                client_secret: credentials.clientSecret,
                ...(credentials.scope === undefined ? {} : { scope: credentials.scope }),
                ...(credentials.ttl === undefined ? {} : { ttl: credentials.ttl }),
            },
        });
        this.secrets.register(token.access_token);
        return token;
    }

    /** Calls the protected `get_open_tasks` service with an access token. */
    getOpenTasks(accessToken: string, context: CallContext = {}): Promise<unknown> {
        return this.call("getOpenTasks", { ...context, bearer: accessToken, body: {} });
    }

    /**
     * RFC 7662 introspection of `token`, authenticating with client credentials. Secret rotation
     * uses it to confirm that tokens issued with a previous secret are no longer active.
     */
    introspect(request: { clientId: string; clientSecret: string; token: string }, context: CallContext = {}): Promise<RouteResponse<"introspect">> {
        this.secrets.register(request.clientSecret);
        this.secrets.register(request.token);
        return this.call("introspect", {
            ...context,
            body: { token: request.token, client_id: request.clientId, client_secret: request.clientSecret },
        });
    }

    // ---- the one call path ------------------------------------------------------------------

    /**
     * Calls a route: validates the body, sends it with the route's auth, retries what may be
     * retried, validates the reply. Prefer the named methods; this is the escape hatch for routes
     * without one.
     */
    async call<N extends RouteName>(name: N, options: CallOptions = {}): Promise<RouteResponse<N>> {
        const route = profiledRoute(name, this.apiProfile);
        const path = fillPath(name, route.path, options.params);
        const context: ErrorContextLike = { operation: name, resource: options.resource, method: route.method, path };
        if (route.request && options.body !== undefined) {
            const checked = route.request.safeParse(options.body);
            if (!checked.success) {
                throw new BringgApiError({
                    ...context,
                    secrets: this.secrets,
                    code: "validation",
                    bringgMessage: `request rejected before sending: ${checked.error.issues.map((i) => i.message).join("; ")}`,
                    fix: "this is a bug in the provider's input validation; please report it.",
                });
            }
        }
        // A write makes the shared lists it changes stale: drop them when the write starts and again
        // when it ends, so that a list fetched while the write was in flight is not served afterwards.
        const stale = route.auth === "admin" && route.method !== "GET" ? (listsChangedBy[name] ?? sharedLists) : [];
        this.invalidate(stale);
        try {
            const body = options.body === undefined ? undefined : requestAsSent(route.profile, options.body);
            const response = await this.send(route, options.page?.url ?? `${this.settings.baseUrl}${path}`, { ...options, body }, context);
            options.page?.reply(response);
            if (response.statusCode >= 200 && response.statusCode < 300) {
                return parseReply(route, response, context, this.secrets, this.apiProfile) as RouteResponse<N>;
            }
            if (isRefusal(route, response.statusCode)) throw this.refused(name, context, response);
            throw apiError(context, response, this.settings.account, this.secrets, route, this.apiProfile);
        } finally {
            this.invalidate(stale);
        }
    }

    /** The error for a write route the account does not offer (404/405): said once, with the way on. */
    private refused(name: RouteName, context: ErrorContextLike, response: Response<unknown>): BringgApiError {
        const { what, fix } = refusal(name, response.statusCode);
        return new BringgApiError({
            ...context,
            secrets: this.secrets,
            code: "unsupported",
            status: response.statusCode,
            requestId: requestIdOf(response),
            bringgMessage: bringgMessageOf(replyBody(response)),
            attempts: response.retryCount + 1,
            meaning: what,
            fix,
        });
    }

    /**
     * A 404 of a write on one application (`/{id}`): the application is gone, or the account does
     * not offer the route at all. Still listed, it is the route: that error, said once; else the
     * original `not_found` (or whatever the list's failure leaves unknown: the original).
     */
    private async routeOrApplication(error: unknown, name: RouteName, id: number, context: CallContext, sent: number): Promise<unknown> {
        if (!BringgApiError.isInstance(error) || error.code !== "not_found" || error.status !== 404) return error;
        let listed: Application | undefined;
        try {
            // A list begun after the write was sent shows whether the application outlived its 404;
            // the 404s of one destroy share it (writes drop the shared lists, so it is kept apart).
            if (!this.probe || this.probe.at < sent) {
                const probe = { at: Date.now(), promise: this.listAll("listApplications", context.resource) };
                probe.promise.catch(() => {
                    if (this.probe === probe) this.probe = undefined;
                });
                this.probe = probe;
            }
            listed = (await this.probe.promise).find((app) => app.id === id);
        } catch {
            return error;
        }
        if (!listed) return error;
        const { what, fix } = refusal(name, 404);
        return new BringgApiError({
            operation: error.operation,
            resource: error.resource,
            method: error.method,
            path: error.path,
            secrets: this.secrets,
            code: "unsupported",
            status: 404,
            requestId: error.requestId,
            bringgMessage: error.bringgMessage,
            attempts: error.attempts,
            meaning: `${what}: application ${id} is still listed`,
            fix,
            cause: error,
        });
    }

    /** Sends one call through got, with the route's retry rules and the call's deadline. */
    private async send(route: ProfiledRoute, url: string, options: CallOptions, context: ErrorContextLike): Promise<Response<unknown>> {
        const repeatable = route.idempotent || options.replayable === true;
        const headers: Record<string, string> = {};
        // Admin routes only: the Basic credentials never travel on OAuth routes.
        if (route.auth === "admin") headers.authorization = `Basic ${this.basic}`;
        if (route.auth === "bearer" && options.bearer) headers.authorization = `Bearer ${options.bearer}`;
        try {
            return await this.http(url, {
                method: route.method,
                headers,
                ...(options.body === undefined ? {} : { json: options.body }),
                signal: AbortSignal.timeout(this.timeoutMs),
                // Half the deadline per attempt, so that a hung attempt leaves room for one retry.
                timeout: { request: Math.max(1_000, Math.floor(this.timeoutMs / 2)) },
                retry: retryFor(route.method, {
                    limit: this.retry.limit,
                    statusCodes: repeatable ? transientStatuses : [429],
                    lostReply: repeatable,
                    maxRetryAfterMs: this.retry.maxRetryAfterMs,
                    backoffLimitMs: this.retry.backoffLimitMs,
                    // Never wait past the deadline: fail now, with what Bringg said.
                    deadline: Date.now() + this.timeoutMs,
                }),
            });
        } catch (error) {
            throw networkError(context, error as RequestError, this.timeoutMs, this.secrets);
        }
    }

    /** A shared list: concurrent and recent callers get one request; `fresh` forces a new one. */
    private shared<N extends ListRoute>(name: N, options: CallContext & { fresh?: boolean }): Promise<RouteResponse<N>> {
        const now = Date.now();
        const cached = this.lists.get(name);
        const entry = !options.fresh && cached && now - cached.at <= this.listMaxAgeMs ? cached : this.startList(name, options.resource, now);
        // Each caller gets an error of its own, naming its resource: one shared error object would
        // name the first caller everywhere, and every hook that adds to its message would add to all.
        return entry.promise.catch((error: unknown) => {
            throw BringgApiError.isInstance(error) ? error.forResource(options.resource) : error;
        }) as Promise<RouteResponse<N>>;
    }

    /** Starts a list request that callers share; a failed one is forgotten, so that it is never served later. */
    private startList(name: ListRoute, resource: string | undefined, at: number) {
        const entry = { promise: this.listAll(name, resource), at };
        this.lists.set(name, entry);
        entry.promise.catch(() => {
            if (this.lists.get(name) === entry) this.lists.delete(name);
        });
        return entry;
    }

    /**
     * A whole list, page after page in the style the API profile declares for it
     * (provider/api/profile.ts), each page through {@link call}. A reply that shows more pages than
     * the declared style reads (or a loop of pages) fails the list with the sign seen and the fix,
     * code `pagination`: a list read short would make every application on the other pages look
     * deleted. See ./paging.ts.
     */
    private async listAll<N extends ListRoute>(name: N, resource: string | undefined): Promise<RouteResponse<N>> {
        const pagination = this.apiProfile.operations[name]?.pagination ?? { style: "none" };
        const route = profiledRoute(name, this.apiProfile);
        const pager = new ListPager(pagination, `${this.settings.baseUrl}${route.path}`, {
            operation: name,
            ...(this.maxListPages === undefined ? {} : { maxPages: this.maxListPages }),
        });
        const items: unknown[] = [];
        for (let url: string | undefined = pager.first(); url !== undefined; ) {
            let reply: Response<unknown> | undefined;
            const page = (await this.call(name, { resource, page: { url, reply: (response) => (reply = response) } })) as unknown[];
            items.push(...page);
            try {
                url = pager.next({ url, headers: reply!.headers, body: replyBody(reply!), items: page });
            } catch (error) {
                if (!(error instanceof PagingProblem)) throw error;
                throw new BringgApiError({
                    operation: name,
                    resource,
                    method: route.method,
                    path: route.path,
                    code: "pagination",
                    status: reply!.statusCode,
                    requestId: requestIdOf(reply!),
                    bringgMessage: error.what,
                    fix: error.fix,
                    secrets: this.secrets,
                });
            }
        }
        return items as RouteResponse<N>;
    }

    /** Forgets shared lists (default: all): the next reader sees this client's writes. */
    invalidate(lists: readonly ListRoute[] = sharedLists): void {
        for (const list of lists) this.lists.delete(list);
    }
}

function messageOf(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

/** The error for a create that may have been applied and could not be settled now. */
function unconfirmed(request: wire.CreateApplicationRequest, existing: readonly number[], what: string, cause: unknown): UnconfirmedCreateError {
    return new UnconfirmedCreateError(
        `create of application ${JSON.stringify(request.name)}`,
        `${what}; the create is recorded as pending`,
        "run `pulumi up` again once Bringg answers: it finds the application by name and takes it over (issuing a new secret), " +
            "and creates one only if none exists. If several applications of that name are listed, delete the extra ones in Bringg first.",
        existing,
        { cause },
    );
}

/**
 * The reply's payload, taken out of the profile's envelope and renamed to our field names
 * (provider/api/profile-apply.ts), validated by the route's (tolerant) schema.
 */
function parseReply(route: ProfiledRoute, response: Response<unknown>, context: ErrorContextLike, secrets: SecretRegistry, profile: ApiProfile): unknown {
    const body = replyBody(response);
    if (!route.response) return body;
    const parsed = route.response.safeParse(replyAsRead(route.profile, body));
    if (!parsed.success) {
        throw new BringgApiError({
            ...context,
            secrets,
            code: "invalid_response",
            status: response.statusCode,
            requestId: requestIdOf(response),
            bringgMessage: replyIssues(parsed.error.issues)
                .slice(0, 3)
                .map((i) => `${i.path.join(".") || "reply"}: ${i.message}`)
                .join("; "),
            fix: profileFix(route, profile, "the reply's envelope or field names (envelope, aliases)"),
        });
    }
    return parsed.data;
}

/**
 * What is wrong with a reply, field by field: where the schema accepts alternatives (a list, or
 * `{applications: [...]}`), the issues of the alternative the reply came closest to (the deepest
 * path), instead of zod's bare "Invalid input". Paths only: zod's messages carry no values.
 */
function replyIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): Array<{ path: PropertyKey[]; message: string }> {
    return issues.flatMap((issue) => {
        const path = [...prefix, ...issue.path];
        if (issue.code !== "invalid_union" || issue.errors.length === 0) return [{ path, message: issue.message }];
        const depth = (branch: readonly z.core.$ZodIssue[]) => Math.max(0, ...branch.map((i) => i.path.length));
        const closest = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0]!;
        return replyIssues(closest, path);
    });
}

/** Where the profile docs are. */
const profileDocs = "docs/real-bringg.md#write-a-profile";

/**
 * The advice when the account does not answer an operation as the route table (or the profile)
 * says: which table or profile the call followed, and what to change in a profile.
 */
function profileFix(route: ProfiledRoute, profile: ApiProfile, what: string): string {
    const followed =
        profile.source === undefined
            ? "the built-in route table (no API profile is set; the Management API's paths and shapes are inferred)"
            : route.moved || Object.keys(route.profile).length > 0
              ? `the API profile ${profile.source} (operations.${route.name})`
              : `the built-in route of ${route.name} (the API profile ${profile.source} leaves it as built in)`;
    const set = profile.source === undefined ? `, and name it in bringg:apiProfile (or BRINGG_API_PROFILE)` : "";
    return `this call followed ${followed}; if your account serves ${route.name} differently, give ${what} in operations.${route.name} of an API profile (${profileDocs})${set}.`;
}

type ErrorContextLike = { operation: string; resource?: string | undefined; method: string; path: string };

/** Headers that carry a request id, Bringg's (inferred: Rails' `x-request-id`) first. */
const requestIdHeaders = ["x-request-id", "request-id", "x-correlation-id"];

function requestIdOf(response: Response<unknown>): string | undefined {
    for (const name of requestIdHeaders) {
        const value = response.headers[name];
        if (typeof value === "string" && value.trim() !== "") return value.trim().slice(0, 100);
    }
    return undefined;
}

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
    response: Response<unknown>,
    account: string | undefined,
    secrets: SecretRegistry,
    route: ProfiledRoute,
    profile: ApiProfile,
): BringgApiError {
    const code = codeForStatus(response.statusCode);
    const attempts = response.retryCount + 1;
    const retryAfter = code === "rate_limited" ? retryAfterMs(response.headers["retry-after"]) : undefined;
    const tooLong =
        retryAfter !== undefined && attempts === 1
            ? `Bringg asked to wait ${Math.ceil(retryAfter / 1000)} s before retrying; run the command again after that.`
            : undefined;
    return new BringgApiError({
        ...context,
        secrets,
        code,
        status: response.statusCode,
        requestId: requestIdOf(response),
        bringgMessage: bringgMessageOf(replyBody(response)),
        attempts,
        ...(tooLong ? { fix: tooLong } : {}),
        ...(code === "unauthorized" || code === "forbidden" ? { fix: credentialsFix(code, account) } : {}),
        ...(routeMissing(route, response.statusCode) ? { fix: profileFix(route, profile, "its method and path") } : {}),
    });
}

/** A failure before any reply: refused, reset, timed out, or past the call's deadline. */
function networkError(context: ErrorContextLike, error: RequestError, timeoutMs: number, secrets: SecretRegistry): BringgApiError {
    const code = error.code;
    const expired = error.name === "AbortError" || code === "ERR_ABORTED" || error.name === "TimeoutError";
    // got's messages can include the URL; the code alone says what happened.
    const description = expired ? `no reply within ${Math.round(timeoutMs / 1000)} s` : code || error.name;
    return new BringgApiError({
        ...context,
        secrets,
        code: "network",
        bringgMessage: description,
        attempts: (error.request?.retryCount ?? 0) + 1,
        neverSent: neverSent(code),
        ...(expired
            ? {
                  fix: `Bringg did not answer within bringg:timeout (${Math.round(timeoutMs / 1000)} s); check bringg:region or bringg:endpoint and that this machine can reach it, or raise bringg:timeout.`,
              }
            : {}),
        cause: error,
    });
}
