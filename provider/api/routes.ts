/**
 * Every Bringg route the project uses, defined once.
 *
 * The provider's client and the emulator both read this table, and schema/openapi.json is generated
 * from it. The Management API paths are inferences (Doorkeeper-style; docs/bringg-api.md#management-api-calls
 * says why): when Bringg's real paths are known, this file is the one place to change them.
 */
import type { z } from "zod";
import * as wire from "./wire";

/** Who may call a route. */
export type RouteAuth =
    /** HTTP Basic with a Bringg admin user's username and password. */
    | "admin"
    /** OAuth client credentials in the body (or HTTP Basic with client id and secret). */
    | "client"
    /** `Authorization: Bearer <access token>`. */
    | "bearer";

/** One route: what the client sends, what it gets back, and whether a retry is safe. */
export interface Route {
    readonly method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
    /** Path template; `{id}` is the application's numeric id. */
    readonly path: string;
    readonly auth: RouteAuth;
    /** True when repeating the call cannot change the outcome, so a lost reply may be retried. */
    readonly idempotent: boolean;
    readonly summary: string;
    /** Status of a successful reply; 200 when absent. */
    readonly successStatus?: 200 | 201 | 204;
    readonly request?: z.ZodType;
    readonly response?: z.ZodType;
}

/** The route table. Keys are operation names used in errors, counters and OpenAPI operationIds. */
export const routes = {
    listApplications: {
        method: "GET",
        path: "/oauth/applications",
        auth: "admin",
        idempotent: true,
        summary: "List the merchant's OAuth applications.",
        response: wire.applicationList,
    },
    createApplication: {
        method: "POST",
        path: "/oauth/applications",
        auth: "admin",
        idempotent: false,
        summary: "Create an application (disabled) and return its client secret, once.",
        successStatus: 201,
        request: wire.createApplicationRequest,
        response: wire.applicationWithSecret,
    },
    updateApplication: {
        method: "PATCH",
        path: "/oauth/applications/{id}",
        auth: "admin",
        idempotent: true,
        summary: "Always rejected: an application's name and scopes cannot change after creation.",
    },
    enableApplication: {
        method: "POST",
        path: "/oauth/applications/{id}/enable",
        auth: "admin",
        idempotent: true,
        summary: "Enable an application.",
        response: wire.application,
    },
    disableApplication: {
        method: "POST",
        path: "/oauth/applications/{id}/disable",
        auth: "admin",
        idempotent: true,
        summary: "Disable an application; its tokens stop working.",
        response: wire.application,
    },
    regenerateSecret: {
        method: "POST",
        path: "/oauth/applications/{id}/regenerate_secret",
        auth: "admin",
        idempotent: false,
        summary: "Generate a new client secret; the old one and every token issued with it stop working.",
        response: wire.applicationWithSecret,
    },
    deleteApplication: {
        method: "DELETE",
        path: "/oauth/applications/{id}",
        auth: "admin",
        idempotent: true,
        summary: "Delete an application.",
        successStatus: 204,
    },
    listScopes: {
        method: "GET",
        path: "/oauth/scopes",
        auth: "admin",
        idempotent: true,
        summary: "List the scope tree with descriptions, default and current TTLs.",
        response: wire.scopeCatalog,
    },
    setScopeTtls: {
        method: "POST",
        path: "/oauth/scopes",
        auth: "admin",
        idempotent: true,
        summary: "Set TTL overrides from a map of scope to seconds; null removes an override.",
        request: wire.setScopeTtlsRequest,
        response: wire.scopeCatalog,
    },
    token: {
        method: "POST",
        path: "/oauth/token",
        auth: "client",
        idempotent: false,
        summary: "Issue an access token (client_credentials).",
        request: wire.tokenRequest,
        response: wire.tokenResponse,
    },
    tokenInfo: {
        method: "GET",
        path: "/oauth/token/info",
        auth: "bearer",
        idempotent: true,
        summary: "Describe the bearer token.",
        response: wire.tokenInfo,
    },
    introspect: {
        method: "POST",
        path: "/oauth/introspect",
        auth: "client",
        idempotent: true,
        summary: "RFC 7662 token introspection.",
        request: wire.introspectRequest,
        response: wire.introspection,
    },
    revoke: {
        method: "POST",
        path: "/oauth/revoke",
        auth: "client",
        idempotent: true,
        summary: "RFC 7009 token revocation.",
        request: wire.revokeRequest,
    },
    getOpenTasks: {
        method: "POST",
        path: "/services/get_open_tasks",
        auth: "bearer",
        idempotent: true,
        summary: "A protected Own-Fleet service; needs a token with the get_open_tasks scope.",
    },
} as const satisfies Record<string, Route>;

/** The name of a route in the table. */
export type RouteName = keyof typeof routes;

/** Fills a route's path template, e.g. `routePath("enableApplication", { id: 7 })`. */
export function routePath(name: RouteName, params: Record<string, string | number> = {}): string {
    return routes[name].path.replace(/\{(\w+)\}/g, (_, key: string) => {
        const value = params[key];
        if (value === undefined) {
            throw new Error(`route ${name} needs the path parameter "${key}"`);
        }
        return encodeURIComponent(String(value));
    });
}

/**
 * A route's URL under a Bringg host (a region's, or `bringg:endpoint`), e.g.
 * `routeUrl("https://us2-admin-api.bringg.com", "token")`. The one way a Bringg URL is made.
 */
export function routeUrl(baseUrl: string, name: RouteName, params: Record<string, string | number> = {}): string {
    return `${baseUrl}${routePath(name, params)}`;
}
