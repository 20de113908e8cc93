/**
 * Bruin's identity server token endpoint, `POST /bruin/identity/connect/token`
 * (docs/vendor-apis.md#bruin), with IdentityServer3's check order and error bodies (inferred:
 * docs/vendor-apis.md#bruin-errors):
 *
 * 1. a Content-Type other than form-urlencoded: 415 `{"ErrorMessage":"Unsupported Media Type"}`;
 * 2. client authentication, body first (`client_id` and `client_secret` both non-empty), then HTTP
 *    Basic, not URL-decoded; failure: **400** `{"error":"invalid_client"}` (not 401);
 * 3. `grant_type` missing or not `client_credentials`: 400 `unsupported_grant_type`;
 * 4. `scope` missing or outside the client's scopes: 400 `invalid_scope`;
 * 5. success: `{access_token, expires_in: 3600, token_type: "Bearer"}`, no `scope`, no-cache headers.
 */
import { randomBytes } from "node:crypto";
import { lifetimes } from "./store";
import { basicPair, formFields, mediaType, type VendorEmulator, type VendorReply } from "./wire";

/** The token path under the `/bruin` prefix (id.bruin.com/identity/connect/token: docs/vendor-apis.md#bruin-token-endpoint). */
export const bruinTokenPath = "/identity/connect/token";

const noCache = { "cache-control": "no-store, no-cache, max-age=0, private", pragma: "no-cache" };

const oauthError = (error: string): VendorReply => ({ status: 400, headers: noCache, body: { error } });

/** A JWT-shaped access token (IdentityServer3 issues RS256 JWTs; this one is not verifiable). */
function accessToken(clientId: string, scope: string): string {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    return `${part({ typ: "JWT", alg: "RS256" })}.${part({ client_id: clientId, scope: scope.split(" "), iss: "https://id.bruin.com/identity" })}.${randomBytes(32).toString("base64url")}`;
}

/** Bruin. */
export const bruinEmulator: VendorEmulator = {
    vendor: "bruin",
    handle(store, request) {
        if (request.path !== bruinTokenPath)
            return { status: 404, body: { Message: `No HTTP resource was found that matches the request URI '${request.path}'.` } };
        store.count("bruin.token");
        if (request.method !== "POST") {
            return { status: 405, headers: { allow: "POST" }, body: { Message: `The requested resource does not support http method '${request.method}'.` } };
        }
        const down = store.downStatus("bruin");
        if (down) return { status: down, body: { ErrorMessage: "Service Unavailable" } };
        if (mediaType(request.headers) !== "application/x-www-form-urlencoded") {
            return { status: 415, body: { ErrorMessage: "Unsupported Media Type" } };
        }
        const fields = formFields(request.body);
        const pair = fields.client_id && fields.client_secret ? { id: fields.client_id, secret: fields.client_secret } : basicPair(request.headers);
        const client = pair && store.authenticate("bruin", pair.id, pair.secret);
        if (!client) return oauthError("invalid_client");
        if (fields.grant_type !== "client_credentials") return oauthError("unsupported_grant_type");
        const scopes = (fields.scope ?? "").split(/\s+/).filter(Boolean);
        if (scopes.length === 0 || scopes.some((s) => !client.scopes.includes(s))) return oauthError("invalid_scope");
        const token = store.mint("bruin", client.id, accessToken(client.id, scopes.join(" ")), lifetimes.bruin);
        return { status: 200, headers: noCache, body: { access_token: token.token, expires_in: lifetimes.bruin, token_type: "Bearer" } };
    },
};
