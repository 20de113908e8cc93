/**
 * Brainysoft's authorization service, one per customer key: `POST
 * /brainysoft/<customerKey>/oauth/token` stands for `https://<customerKey>-auth.brainysoft.ru/oauth/token`
 * (docs/vendor-apis.md#brainysoft). Behaviour of the legacy Spring Security OAuth2 token endpoint
 * (inferred: docs/vendor-apis.md#brainysoft-errors):
 *
 * - parameters from the query string and a form body alike (both documented by Brainysoft);
 * - client credentials as parameters, else HTTP Basic (inferred);
 * - none at all: 401 `unauthorized`; wrong or inactive: 401 `invalid_client` "Bad client
 *   credentials" with `WWW-Authenticate: Form realm="oauth", …`;
 * - `grant_type` missing: 400 `invalid_request`; other grants: 400 `unsupported_grant_type`;
 * - a scope the ClientApp lacks: 400 `invalid_scope` with the valid ones in `scope`;
 * - GET: 405 `method_not_allowed`;
 * - success: tokens live 300 s and the reply says the whole seconds left, 299 (documented), plus
 *   `scope` space-joined and `sessid`.
 *
 * An unknown customer key answers 404 here; the real service has no such host at all.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { lifetimes } from "./store";
import { basicPair, formFields, mediaType, type VendorEmulator, type VendorReply } from "./wire";

const springHeaders = { "cache-control": "no-store", pragma: "no-cache", "content-type": "application/json;charset=UTF-8" };

function springError(status: number, error: string, description: string, extra: Record<string, unknown> = {}): VendorReply {
    const headers: Record<string, string> = { ...springHeaders };
    if (status === 401) headers["www-authenticate"] = `Form realm="oauth", error="${error}", error_description="${description}"`;
    return { status, headers, body: { error, error_description: description, ...extra } };
}

/** Brainysoft. */
export const brainysoftEmulator: VendorEmulator = {
    vendor: "brainysoft",
    handle(store, request) {
        const match = /^\/([^/]+)\/oauth\/token$/.exec(request.path);
        if (!match) return springError(404, "not_found", `no route ${request.path}`);
        const customerKey = decodeURIComponent(match[1]!);
        store.count("brainysoft.token");
        if (!store.knowsCustomer(customerKey)) {
            return springError(404, "not_found", `no Brainysoft customer ${customerKey} (the real service has no host ${customerKey}-auth.brainysoft.ru)`);
        }
        if (request.method !== "POST") return springError(405, "method_not_allowed", `Request method '${request.method}' not supported`);
        const down = store.downStatus("brainysoft");
        if (down) return springError(down, "server_error", "Service Unavailable");
        const fields: Record<string, string> = Object.fromEntries(request.query);
        if (mediaType(request.headers) === "application/x-www-form-urlencoded") Object.assign(fields, formFields(request.body));
        const pair = fields.client_id ? { id: fields.client_id, secret: fields.client_secret ?? "" } : basicPair(request.headers);
        if (!pair) return springError(401, "unauthorized", "Full authentication is required to access this resource");
        const client = store.authenticate("brainysoft", pair.id, pair.secret);
        if (!client || client.customerKey !== customerKey) return springError(401, "invalid_client", "Bad client credentials");
        if (!fields.grant_type) return springError(400, "invalid_request", "Missing grant type");
        if (fields.grant_type !== "client_credentials") return springError(400, "unsupported_grant_type", `Unsupported grant type: ${fields.grant_type}`);
        const requested = (fields.scope ?? "").split(/\s+/).filter(Boolean);
        const outside = requested.filter((s) => !client.scopes.includes(s));
        if (outside.length > 0) return springError(400, "invalid_scope", `Invalid scope: ${outside.join(" ")}`, { scope: client.scopes.join(" ") });
        const granted = requested.length > 0 ? requested : [...client.scopes];
        const token = store.mint("brainysoft", client.id, randomBytes(24).toString("base64url"), lifetimes.brainysoft);
        return {
            status: 200,
            headers: springHeaders,
            body: {
                access_token: token.token,
                token_type: store.switches.brainysoftTokenType,
                // Spring reports the whole seconds left, a moment after issue: 299 for a 300 s token.
                expires_in: Math.floor((token.expiresAt - store.now() - 1) / 1000),
                scope: granted.join(" "),
                sessid: randomUUID(),
            },
        };
    },
};
