/**
 * Bruin (docs/vendor-apis.md#bruin): `POST https://id.bruin.com/identity/connect/token`,
 * form-urlencoded only ("Request content type must be application/x-www-form-urlencoded"),
 * `grant_type=client_credentials` and `scope=public_api` required, client credentials in the body
 * (Bruin's integration guide) or HTTP Basic (Bruin's own public clients do that). The reply is
 * `{access_token, expires_in: 3600, token_type}` with no `scope`: the requested scope is what was
 * granted (RFC 6749 §5.1).
 *
 * Inferred from the IdentityServer3 source (docs/vendor-apis.md#bruin-errors): a bad client gets
 * 400 `invalid_client` (not 401), a wrong content type 415 `{"ErrorMessage":…}`, and Basic is not
 * URL-decoded, so the header carries the id and secret as they are.
 */
import { clientCredentialParts, clientCredentialsForm, commonFix, oauthGrant, oauthReply, type OAuthReply, type Profile } from "./profile";
import type { BruinSettings } from "./settings";

/** Bruin's identity server (docs/vendor-apis.md#bruin-token-endpoint). */
export const bruinHost = "https://id.bruin.com";

/** The token URL for the settings. */
export function bruinTokenUrl(settings: BruinSettings): string {
    return `${settings.endpoint ?? bruinHost}/identity/connect/token`;
}

/** Bruin. */
export const bruinProfile: Profile<BruinSettings> = {
    vendor: "bruin",
    displayName: "Bruin",
    retryLostReply: true,
    tokenRequest(settings) {
        // Basic is not URL-decoded by IdentityServer3, so the header carries id and secret as they are.
        return clientCredentialsForm(
            bruinTokenUrl(settings),
            settings,
            { inBody: settings.clientAuth !== "basic", urlEncodeBasic: false },
            { scope: settings.scope },
        );
    },
    reply: oauthReply,
    grant: (reply: OAuthReply, settings, receivedAt) => oauthGrant(reply, settings.scope, receivedAt),
    ...clientCredentialParts,
    fix(code, settings) {
        if (code === "bad_credentials") {
            return "check clientId and clientSecret against what Bruin's API support emailed (APIsupport@bruin.com); a revoked or mistyped secret is refused the same way";
        }
        if (code === "bad_scope") return 'request scope "public_api", the scope Bruin grants API clients';
        return commonFix(code, bruinTokenUrl(settings));
    },
};
