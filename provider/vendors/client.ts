/**
 * The one token client for every vendor profile: sends the profile's request with got, retries
 * what is safe to retry, validates the reply with the profile's zod schema and classifies every
 * failure into a {@link VendorTokenError} whose message names the vendor and never a secret.
 *
 * Retries (got's, through the one HTTP stack, ../core/http.ts): 429 (honouring a Retry-After of up
 * to 10 s), 502/503/504 and connections that were never made are retried, twice by default. A lost
 * reply (timeout, reset after sending) is retried only where minting a second token is harmless
 * (see `Profile.retryLostReply`). Redirects are never followed: a redirect could carry the
 * credentials to another host.
 */
import type { RequestError, Response } from "got";
import { SecretRegistry } from "../core/errors";
import { http, replyBody, retryFor, secretsContext } from "../core/http";
import { bringgProfile, deliveryHubProfile } from "./bringg";
import { brainysoftProfile } from "./brainysoft";
import { briteProfile } from "./brite";
import { bruinProfile } from "./bruin";
import { classifyReply, vendorWords, VendorTokenError, type VendorErrorCode } from "./errors";
import { oauth2Profile } from "./oauth2";
import type { Profile, TokenGrant } from "./profile";
import type { VendorName, VendorSettings } from "./settings";
import type { TokenRequestOptions } from "./request-options";

export type { TokenRequestOptions };

/** Each vendor's profile. */
export const profiles: Readonly<Record<VendorName, Profile<never>>> = {
    bringg: bringgProfile,
    deliveryHub: deliveryHubProfile,
    bruin: bruinProfile,
    brainysoft: brainysoftProfile,
    brite: briteProfile,
    oauth2: oauth2Profile,
} as Record<VendorName, Profile<never>>;

/** The profile of a vendor, typed for its settings. */
export function profileOf(settings: VendorSettings): Profile<VendorSettings> {
    return profiles[settings.vendor] as unknown as Profile<VendorSettings>;
}

/** Longest Retry-After this client waits for; longer counts as the vendor being down. */
const maxRetryAfterMs = 10_000;

/** Statuses after which the vendor may answer a repeat: rate limited, or briefly down. */
const transientStatuses = [429, 502, 503, 504];

/** The vendor token client's got: the one HTTP stack, with its user agent. */
const vendorHttp = http.extend({ headers: { "user-agent": "pulumi-bringg vendor-credential" } });

/**
 * Obtains a token with checked settings. One request (plus safe retries); never a renewal.
 *
 * The credential's secrets and the token are registered in `secrets`, the registry of the provider
 * context the request is made for (default: one of this request alone).
 *
 * @throws VendorTokenError classified, naming the vendor and the fix, with every secret redacted.
 */
export async function requestToken(
    settings: VendorSettings,
    options: TokenRequestOptions = {},
    secrets: SecretRegistry = new SecretRegistry(),
): Promise<TokenGrant> {
    const profile = profileOf(settings);
    for (const secret of profile.secrets(settings)) secrets.register(secret);
    const request = profile.tokenRequest(settings);
    const now = options.now ?? Date.now;
    const baseDelayMs = options.baseDelayMs ?? 500;

    let response: Response<unknown> | undefined;
    let lost: RequestError | undefined;
    // What each attempt that was repeated got, for the message: only what the docs say is retried.
    const earlier: string[] = [];
    try {
        response = await vendorHttp.post(request.url, {
            headers: request.headers,
            body: request.body,
            context: secretsContext(secrets),
            timeout: { request: options.timeoutMs ?? 30_000 },
            retry: retryFor("POST", {
                limit: options.retries ?? 2,
                statusCodes: transientStatuses,
                lostReply: profile.retryLostReply,
                maxRetryAfterMs,
                backoffMs: (retry) => baseDelayMs * 2 ** (retry - 1),
                ...(options.sleep ? { sleep: options.sleep } : {}),
            }),
            hooks: { beforeRetry: [(error) => void earlier.push(error.response ? String(error.response.statusCode) : `no reply (${error.code})`)] },
        });
    } catch (error) {
        lost = error as RequestError;
    }
    const attempts = (response?.retryCount ?? lost?.request?.retryCount ?? 0) + 1;

    const fail = (code: VendorErrorCode, outcome: string, extra: { status?: number; vendorMessage?: string } = {}) =>
        new VendorTokenError({
            code,
            vendor: profile.displayName,
            credential: profile.credential(settings),
            request: `POST ${request.url}`,
            outcome,
            fix: profile.fix(code, settings),
            attempts,
            secrets,
            earlier,
            ...extra,
        });

    if (!response) throw fail("vendor_down", `got no reply (${String(lost?.code ?? "ERROR")})`);
    const status = response.statusCode;
    const body = replyBody(response);
    const vendorMessage = vendorWords(body, secrets);
    if (status >= 200 && status < 300) {
        const parsed = profile.reply.safeParse(body);
        if (parsed.success) {
            const grant = profile.grant(parsed.data as never, settings, now());
            secrets.register(grant.accessToken);
            secrets.register(grant.refreshToken);
            return grant;
        }
        // Bringg and Brite may answer 200 with an error body: a 200 without a token is a refusal.
        throw fail(classifyReply(status, body), `returned ${status} without an access token`, {
            status,
            ...(vendorMessage ? { vendorMessage } : {}),
        });
    }
    const code = profile.classify?.(status, body) ?? classifyReply(status, body);
    throw fail(code, `returned ${status}`, { status, ...(vendorMessage ? { vendorMessage } : {}) });
}
