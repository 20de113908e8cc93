/**
 * Brainysoft (docs/vendor-apis.md#brainysoft): `POST
 * https://{customer-key}-auth.brainysoft.ru/oauth/token` with `grant_type=client_credentials`,
 * `client_id`, `client_secret`. Brainysoft also documents passing them in the query string; this
 * client never does (URLs land in access logs): they go in a form body. The reply adds `scope`
 * (space-separated) and `sessid`; `expires_in` is 299.
 *
 * Inferred from the legacy Spring Security OAuth2 source (docs/vendor-apis.md#brainysoft-errors):
 * 401 `invalid_client` ("Bad client credentials") or `unauthorized`, 400 `invalid_scope`, and
 * `token_type` possibly in lower case, so it is compared case-insensitively wherever it matters.
 */
import { z } from "zod";
import { clientIdLabel, commonFix, formBody, formHeaders, oauthGrant, oauthReply, type Profile } from "./profile";
import type { BrainysoftSettings } from "./settings";

/** The token URL for the settings: the customer's auth host, or the endpoint with `{customerKey}` filled in. */
export function brainysoftTokenUrl(settings: BrainysoftSettings): string {
    const key = settings.customerKey ?? "";
    const base = settings.endpoint ? settings.endpoint.replace(/\{customerKey\}/g, encodeURIComponent(key)) : `https://${key}-auth.brainysoft.ru`;
    return `${base}/oauth/token`;
}

/** Brainysoft's reply: the RFC fields plus `sessid`. */
const brainysoftReply = oauthReply.extend({ sessid: z.string().optional() });

/** Brainysoft. */
export const brainysoftProfile: Profile<BrainysoftSettings> = {
    vendor: "brainysoft",
    displayName: "Brainysoft",
    retryLostReply: true,
    tokenRequest(settings) {
        return {
            url: brainysoftTokenUrl(settings),
            headers: formHeaders,
            body: formBody({
                grant_type: "client_credentials",
                client_id: settings.clientId,
                client_secret: settings.clientSecret,
                scope: settings.scope || undefined,
            }),
        };
    },
    reply: brainysoftReply,
    grant: (reply: z.output<typeof brainysoftReply>, settings, receivedAt) => ({
        ...oauthGrant(reply, settings.scope, receivedAt),
        ...(reply.sessid ? { sessionId: reply.sessid } : {}),
    }),
    credential: (settings) => `${clientIdLabel(settings.clientId)} of customer ${JSON.stringify(settings.customerKey)}`,
    secrets: (settings) => [settings.clientSecret],
    fix(code, settings) {
        if (code === "bad_credentials") {
            return `check clientId and clientSecret of the ClientApp in the authorization service of customer ${JSON.stringify(settings.customerKey)}: the ClientApp must be active and have the client_credentials grant type`;
        }
        if (code === "bad_scope") return "request only scopes the ClientApp has (or leave scope out to get all of them)";
        return commonFix(code, brainysoftTokenUrl(settings));
    },
};
