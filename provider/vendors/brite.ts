/**
 * Brite (docs/vendor-apis.md#brite-authorize): `POST {host}/api/merchant.authorize` with JSON
 * `{public_key, secret}`; the reply is `{access_token, refresh_token, expires}` where `expires` is
 * an absolute Unix time (an integer in the older docs, a float such as 1741903012.0 in the newer).
 *
 * This client never calls `merchant.token`: renewing "automatically invalidates the original
 * access_token" (docs/vendor-apis.md#brite-renewal), which would cut off every other service
 * holding it. A check mints a fresh token with `merchant.authorize`, which leaves other tokens alone.
 *
 * Error replies are undocumented. Third-party clients treat 401, 403 and 404 as bad credentials
 * and read `message` or `error` (inferred: docs/vendor-apis.md#brite-errors); so does this profile.
 */
import { z } from "zod";
import { commonFix, jsonHeaders, seconds, type Profile } from "./profile";
import type { BriteSettings } from "./settings";

/** Brite's hosts: sandbox (Brite's docs) and production (seen in client code): docs/vendor-apis.md#brite-hosts. */
export const briteHosts = {
    sandbox: "https://sandbox.britepaymentgroup.com",
    production: "https://production.britepaymentgroup.com",
} as const;

/** The authorize URL for the settings. */
export function briteAuthorizeUrl(settings: BriteSettings): string {
    return `${settings.endpoint ?? briteHosts[settings.environment ?? "sandbox"]}/api/merchant.authorize`;
}

const briteReply = z.looseObject({
    access_token: z.string().min(1),
    refresh_token: z.string().optional(),
    expires: seconds,
});

/** Brite. */
export const briteProfile: Profile<BriteSettings> = {
    vendor: "brite",
    displayName: "Brite",
    retryLostReply: false,
    tokenRequest(settings) {
        return { url: briteAuthorizeUrl(settings), headers: jsonHeaders, body: JSON.stringify({ public_key: settings.publicKey, secret: settings.secret }) };
    },
    reply: briteReply,
    grant(reply: z.output<typeof briteReply>, _settings, receivedAt) {
        const expiresAt = Math.round(reply.expires * 1000);
        return {
            accessToken: reply.access_token,
            tokenType: "Bearer",
            lifetimeSeconds: Math.max(0, Math.floor((expiresAt - receivedAt) / 1000)),
            expiresAt,
            scopes: [],
            ...(reply.refresh_token ? { refreshToken: reply.refresh_token } : {}),
        };
    },
    classify: (status) => (status === 401 || status === 403 || status === 404 ? "bad_credentials" : undefined),
    credential: (settings) => `public_key ${JSON.stringify(settings.publicKey)}`,
    secrets: (settings) => [settings.secret],
    fix(code, settings) {
        if (code === "bad_credentials") {
            return "check publicKey and secret in Brite Back Office, and that sandbox keys (sandbox-…) go to the sandbox environment and production keys to production";
        }
        return commonFix(code, briteAuthorizeUrl(settings));
    },
};
