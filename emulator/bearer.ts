/**
 * Bearer tokens on the routes that take them (token info, introspection, the protected services,
 * the Delivery Hub API): finding the token a request carries and refusing it the way Doorkeeper
 * does (RFC 6750 §3.1; the realm and the `state` body field are inferred,
 * docs/bringg-api.md#token-info).
 */
import { ApiError, bearerToken, type RequestContext } from "./http";
import { verifyJwt } from "./jwt";
import type { ApplicationRecord, Store, TokenRecord } from "./store";

/** 401 invalid_token with a Bearer challenge. */
export function invalidToken(message: string): ApiError {
    return new ApiError(401, "invalid_token", message, {
        "www-authenticate": `Bearer realm="Bringg", error="invalid_token", error_description="${message}"`,
    });
}

/** 403 insufficient_scope naming the scopes the call needs (RFC 6750 §3.1). */
export function insufficientScope(message: string, scopes: readonly string[]): ApiError {
    return new ApiError(403, "insufficient_scope", message, {
        "www-authenticate": `Bearer realm="Bringg", error="insufficient_scope", scope="${scopes.join(" ")}"`,
    });
}

/**
 * The application if the host called knows it: the main URL knows every merchant's, a regional
 * host only its own region's. Another region's client_id, token or user is simply unknown there
 * (inferred: each region is a separate deployment with its own data; docs/bringg-api.md#another-regions-host).
 */
export function visible(store: Store, region: string | undefined, application: ApplicationRecord | undefined): ApplicationRecord | undefined {
    if (!application || region === undefined) return application;
    return store.merchant(application.merchantId)?.region === region ? application : undefined;
}

/** The active token a JWT names; undefined if it is not one of ours or no longer works. */
export function lookUp(store: Store, jwt: string, region: string | undefined): { token?: TokenRecord; inactive?: string } {
    const jti = verifyJwt(jwt, store.signingKey())?.jti;
    const found = typeof jti === "string" ? store.token(jti) : undefined;
    const token = found && visible(store, region, store.applicationOf(found)) ? found : undefined;
    if (!token) return { inactive: "The access token is invalid" };
    const inactive = store.inactiveReason(token);
    return inactive ? { inactive } : { token };
}

/** The request's bearer token if active, else 401 invalid_token. */
export function requireBearer(store: Store, { req, region, trace }: RequestContext): TokenRecord {
    const jwt = bearerToken(req);
    if (!jwt) throw invalidToken("send the access token as Authorization: Bearer <token>");
    const { token, inactive } = lookUp(store, jwt, region);
    if (!token) throw invalidToken(inactive ?? "The access token is invalid");
    const application = store.applicationOf(token);
    if (application) {
        trace.merchantId = application.merchantId;
        trace.actor = application.name;
    }
    return token;
}
