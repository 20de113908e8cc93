/**
 * Bringg and its Delivery Hub (docs/bringg-api.md#token-endpoint): `POST {region host}/oauth/token`
 * with `grant_type=client_credentials`, `client_id`, `client_secret`, optional `scope`
 * (space-separated, blank = every scope of the app) and `ttl` (#token-request). The body is JSON
 * (Bringg's Get Token page) or a form. The reply is `{access_token, token_type, expires_in,
 * created_at}` (#token-reply); it names no scopes, so the granted ones are read from the JWT's `scp`
 * claim (inferred from the decoded example token: #granted-scopes).
 */
import { regions } from "../api/regions";
import { routeUrl } from "../api/routes";
import { clientCredentialParts, commonFix, formBody, formHeaders, jsonHeaders, oauthGrant, oauthReply, type OAuthReply, type Profile } from "./profile";
import type { BringgSettings } from "./settings";

/** The token URL for the settings' region or endpoint: the route table's `token` route on that host. */
export function bringgTokenUrl(settings: BringgSettings): string {
    return routeUrl(settings.endpoint ?? regions[settings.region as keyof typeof regions], "token");
}

/** The `scp` claim of a JWT, read without verifying it (the vendor signed it; we only look). */
export function jwtScopes(token: string): string[] | undefined {
    const payload = token.split(".")[1];
    if (!payload) return undefined;
    try {
        const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { scp?: unknown };
        return Array.isArray(claims.scp) && claims.scp.every((s) => typeof s === "string") ? (claims.scp as string[]) : undefined;
    } catch {
        return undefined;
    }
}

function profile(vendor: "bringg" | "deliveryHub", displayName: string, where: string): Profile<BringgSettings> {
    return {
        vendor,
        displayName,
        retryLostReply: true,
        tokenRequest(settings) {
            const fields = {
                grant_type: "client_credentials",
                client_id: settings.clientId,
                client_secret: settings.clientSecret,
                scope: settings.scope || undefined,
                ttl: settings.ttl,
            };
            const url = bringgTokenUrl(settings);
            return settings.bodyEncoding === "form"
                ? { url, headers: formHeaders, body: formBody(fields) }
                : { url, headers: jsonHeaders, body: JSON.stringify(fields) };
        },
        reply: oauthReply,
        grant: (reply: OAuthReply, settings, receivedAt) => oauthGrant(reply, settings.scope, receivedAt, jwtScopes(reply.access_token)),
        ...clientCredentialParts,
        fix(code, settings) {
            if (code === "bad_credentials") {
                return `check clientId and clientSecret against the app in ${where}; the app must be enabled, and generating a new secret there disables the old one`;
            }
            if (code === "bad_request" && settings.ttl !== undefined) {
                return "ttl must be shorter than the TTL of every scope the token grants; lower it or leave it out";
            }
            return commonFix(code, bringgTokenUrl(settings));
        },
    };
}

/** Bringg (docs/bringg-api.md#tokens). */
export const bringgProfile = profile("bringg", "Bringg", "Bringg → Settings → Webhooks & API");

/** Delivery Hub (Bringg's): the same endpoint, eu2 or us2 (docs/bringg-api.md#delivery-hub-regions). */
export const deliveryHubProfile = profile("deliveryHub", "Delivery Hub", "Delivery Hub → Settings → Integrations → API");
