/**
 * The OAuth endpoints (token, token info, introspection, revocation); the protected services are in ./services.ts.
 * Errors follow RFC 6749 §5.2 / RFC 6750 §3.1; unknown parameters are ignored (RFC 6749 §3.2).
 */
import type { z } from "zod";
import type { RouteName } from "../provider/api/routes";
import * as wire from "../provider/api/wire";
import { ApiError, basicCredentials, bearerToken, describeIssues, type Handler, type RequestContext } from "./http";
import { invalidToken, lookUp, requireBearer, visible } from "./bearer";
import { verifyJwt } from "./jwt";
import { serviceHandler } from "./services";
import type { ApplicationRecord, Store } from "./store";

/** The OAuth routes and the protected service. */
export type OAuthRoute = Extract<RouteName, "token" | "tokenInfo" | "introspect" | "revoke" | "getOpenTasks">;

const bodyKinds = ["json", "form", "multipart"] as const;

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
    const result = schema.safeParse(body ?? {});
    if (!result.success) throw new ApiError(400, "invalid_request", describeIssues(result.error.issues));
    return result.data;
}

function invalidClient(message: string): ApiError {
    return new ApiError(401, "invalid_client", message, { "www-authenticate": 'Basic realm="Bringg"' });
}

/**
 * The enabled application whose credentials came with the request, in HTTP Basic or in the body
 * (one method only, RFC 6749 §2.3).
 */
function authenticateClient(
    store: Store,
    { req, region, trace }: RequestContext,
    fields: { client_id?: string | undefined; client_secret?: string | undefined },
): ApplicationRecord {
    const basic = basicCredentials(req);
    if (basic && fields.client_secret !== undefined) {
        throw new ApiError(400, "invalid_request", "send client credentials either with HTTP Basic or in the body, not both");
    }
    const clientId = basic?.user ?? fields.client_id;
    const secret = basic?.password ?? fields.client_secret;
    if (!clientId || secret === undefined) {
        throw invalidClient("client authentication is required: client_id and client_secret");
    }
    const application = visible(store, region, store.applicationByClientId(clientId));
    if (application) {
        // Logged for the application's merchant even when the secret is wrong.
        trace.merchantId = application.merchantId;
        trace.actor = application.name;
    }
    if (!application || !store.checkSecret(application, secret)) {
        throw invalidClient("unknown client_id or wrong client_secret");
    }
    if (!application.enabled) throw invalidClient("the application is disabled");
    return application;
}

function parseTtl(raw: number | string | undefined): number | undefined {
    if (raw === undefined || raw === "") return undefined;
    const ttl = typeof raw === "number" ? raw : /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(ttl) || ttl <= 0) {
        throw new ApiError(400, "invalid_request", `ttl must be a positive whole number of seconds, not ${JSON.stringify(raw)}`);
    }
    return ttl;
}

/** Handlers for the OAuth routes and the protected service. */
export function oauthHandlers(store: Store): Record<OAuthRoute, Handler> {
    return {
        token: {
            accepts: bodyKinds,
            // Seed 001 (Delivery Hub OAuth) has Postman send the token request's parameters under its
            // Params tab, i.e. in the query string: docs/bringg-api.md#token-parameters-in-the-query-string.
            queryParameters: true,
            handle: (ctx) => {
                const fields = parse(wire.tokenRequest, ctx.body);
                if (!fields.grant_type) throw new ApiError(400, "invalid_request", "grant_type is required");
                if (fields.grant_type !== "client_credentials") {
                    throw new ApiError(400, "unsupported_grant_type", `grant_type ${fields.grant_type} is not supported; use client_credentials`);
                }
                const application = authenticateClient(store, ctx, fields);
                const catalog = store.catalog();
                const requested = fields.scope?.trim() ? [...new Set(fields.scope.trim().split(/\s+/))] : application.scopes;
                const outside = requested.filter((s) => !application.scopes.some((granted) => catalog.covers(granted, s)));
                if (outside.length > 0) {
                    throw new ApiError(400, "invalid_scope", `scope not covered by the application: ${outside.join(", ")}`);
                }
                const merchant = store.merchant(application.merchantId)!;
                const effective = Math.min(...requested.map((s) => store.scopeTtl(merchant, s)));
                const ttl = parseTtl(fields.ttl);
                if (ttl !== undefined && ttl >= effective) {
                    throw new ApiError(400, "invalid_request", `ttl must be shorter than ${effective} seconds, the smallest TTL of the granted scopes`);
                }
                const { jwt, record } = store.issueToken(application, requested, ttl ?? effective);
                return {
                    status: 200,
                    body: {
                        access_token: jwt,
                        token_type: "Bearer",
                        expires_in: record.expiresAt - record.issuedAt,
                        created_at: record.issuedAt,
                    },
                };
            },
        },
        tokenInfo: {
            accepts: [],
            handle: (ctx) => {
                const token = requireBearer(store, ctx);
                const application = store.applicationOf(token)!;
                return {
                    status: 200,
                    body: {
                        resource_owner_id: `Merchant:${application.merchantId}`,
                        scope: token.scopes,
                        expires_in: Math.max(0, token.expiresAt - store.nowSeconds()),
                        application: { uid: application.clientId },
                        created_at: token.issuedAt,
                    },
                };
            },
        },
        introspect: {
            accepts: bodyKinds,
            handle: (ctx) => {
                const { req } = ctx;
                const fields = parse(wire.introspectRequest, ctx.body);
                let merchantId: number;
                if (bearerToken(req)) {
                    const caller = requireBearer(store, ctx);
                    if (bearerToken(req) === fields.token) {
                        throw invalidToken("authenticate with another valid token than the one being introspected");
                    }
                    merchantId = store.applicationOf(caller)!.merchantId;
                } else {
                    merchantId = authenticateClient(store, ctx, fields).merchantId;
                }
                const { token } = lookUp(store, fields.token, ctx.region);
                const application = token && store.applicationOf(token);
                // Another merchant's token is reported inactive: its existence is not the caller's business.
                if (!token || !application || application.merchantId !== merchantId) {
                    return { status: 200, body: { active: false } };
                }
                return {
                    status: 200,
                    body: {
                        active: true,
                        scope: token.scopes.join(" "),
                        client_id: application.clientId,
                        token_type: "Bearer",
                        exp: token.expiresAt,
                        iat: token.issuedAt,
                        aud: [application.clientId],
                        iss: "urn:x-bringg:service:api",
                        jti: token.jti,
                        sub: `A:${application.id}`,
                    },
                };
            },
        },
        revoke: {
            accepts: bodyKinds,
            handle: (ctx) => {
                const fields = parse(wire.revokeRequest, ctx.body);
                const application = authenticateClient(store, ctx, fields);
                const jti = verifyJwt(fields.token, store.signingKey())?.jti;
                const token = typeof jti === "string" ? store.token(jti) : undefined;
                if (token && token.applicationId !== application.id) {
                    throw new ApiError(403, "unauthorized_client", "the token belongs to another application");
                }
                if (token) store.revokeToken(token);
                return { status: 200, body: {} };
            },
        },
        getOpenTasks: serviceHandler(store, "get_open_tasks"),
    };
}
