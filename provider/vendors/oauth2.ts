/**
 * A generic RFC 6749 §4.4 client-credentials profile for any other authorization server:
 * `POST {tokenUrl}` form-urlencoded with `grant_type=client_credentials`, optional `scope` and
 * `audience`, the client authenticated with HTTP Basic (`client_secret_basic`, the default: every
 * server must support it, §2.3.1) or in the body (`client_secret_post`).
 */
import { clientCredentialParts, clientCredentialsForm, commonFix, oauthGrant, oauthReply, type OAuthReply, type Profile } from "./profile";
import type { OAuth2Settings } from "./settings";

/** The generic profile. */
export const oauth2Profile: Profile<OAuth2Settings> = {
    vendor: "oauth2",
    displayName: "OAuth 2.0 server",
    retryLostReply: true,
    tokenRequest(settings) {
        return clientCredentialsForm(
            settings.tokenUrl!,
            settings,
            { inBody: settings.clientAuth === "client_secret_post", urlEncodeBasic: true },
            { scope: settings.scope || undefined, audience: settings.audience },
        );
    },
    reply: oauthReply,
    grant: (reply: OAuthReply, settings, receivedAt) => oauthGrant(reply, settings.scope, receivedAt),
    ...clientCredentialParts,
    fix(code, settings) {
        if (code === "bad_credentials") {
            return "check clientId and clientSecret, and clientAuth: some servers accept only client_secret_post (credentials in the body) or only client_secret_basic";
        }
        return commonFix(code, settings.tokenUrl!);
    },
};
