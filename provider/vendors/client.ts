/**
 * The one token client for every vendor profile: sends the profile's request with got, retries
 * what is safe to retry, validates the reply with the profile's zod schema and classifies every
 * failure into a {@link VendorTokenError} whose message names the vendor and never a secret.
 *
 * Retries: 429 (honouring a short Retry-After), 502/503/504 and connections that failed before
 * anything was sent are retried, twice by default. A lost reply (timeout, reset after sending) is
 * retried only where minting a second token is harmless (see `Profile.retryLostReply`).
 * Redirects are never followed: a redirect could carry the credentials to another host.
 */
import got from "got";
import { setTimeout as delay } from "node:timers/promises";
import { registerSecret } from "../core/errors";
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

/** Errors where nothing reached the server, so a retry cannot mint a second token. */
const notSent = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** A reply, or the reason there was none. */
type Attempt = { kind: "reply"; status: number; text: string; retryAfter?: string } | { kind: "lost"; code: string; sent: boolean };

async function send(request: { url: string; headers: Readonly<Record<string, string>>; body: string }, timeoutMs: number): Promise<Attempt> {
    try {
        const response = await got(request.url, {
            method: "POST",
            headers: { ...request.headers, "user-agent": "pulumi-bringg vendor-credential" },
            body: request.body,
            throwHttpErrors: false,
            followRedirect: false,
            retry: { limit: 0 },
            timeout: { request: timeoutMs },
            responseType: "text",
        });
        const retryAfter = response.headers["retry-after"];
        return { kind: "reply", status: response.statusCode, text: response.body, ...(retryAfter ? { retryAfter: String(retryAfter) } : {}) };
    } catch (error) {
        const code = String((error as { code?: unknown }).code ?? "ERROR");
        return { kind: "lost", code, sent: !notSent.has(code) };
    }
}

function parseJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

function retryDelay(attempt: Attempt, retry: number, baseDelayMs: number): number | undefined {
    if (attempt.kind === "reply" && attempt.retryAfter !== undefined) {
        const seconds = Number(attempt.retryAfter);
        const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(attempt.retryAfter) - Date.now();
        if (!(ms <= maxRetryAfterMs)) return undefined;
        return Math.max(0, ms);
    }
    return baseDelayMs * 2 ** retry;
}

function retryable(attempt: Attempt, profile: Profile<VendorSettings>): boolean {
    if (attempt.kind === "lost") return !attempt.sent || profile.retryLostReply;
    return [429, 502, 503, 504].includes(attempt.status);
}

/**
 * Obtains a token with checked settings. One request (plus safe retries); never a renewal.
 *
 * @throws VendorTokenError classified, naming the vendor and the fix, with every secret redacted.
 */
export async function requestToken(settings: VendorSettings, options: TokenRequestOptions = {}): Promise<TokenGrant> {
    const profile = profileOf(settings);
    for (const secret of profile.secrets(settings)) registerSecret(secret);
    const request = profile.tokenRequest(settings);
    if (request.headers.authorization) registerSecret(request.headers.authorization.replace(/^Basic\s+/i, ""));
    const retries = options.retries ?? 2;
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms: number) => delay(ms));

    let attempt: Attempt;
    let attempts = 0;
    for (;;) {
        attempts += 1;
        attempt = await send(request, options.timeoutMs ?? 30_000);
        if (attempts > retries || !retryable(attempt, profile)) break;
        const wait = retryDelay(attempt, attempts - 1, options.baseDelayMs ?? 500);
        if (wait === undefined) break;
        await sleep(wait);
    }

    const fail = (code: VendorErrorCode, outcome: string, extra: { status?: number; vendorMessage?: string } = {}) =>
        new VendorTokenError({
            code,
            vendor: profile.displayName,
            credential: profile.credential(settings),
            request: `POST ${request.url}`,
            outcome,
            fix: profile.fix(code, settings),
            attempts,
            ...extra,
        });

    if (attempt.kind === "lost") throw fail("vendor_down", `got no reply (${attempt.code})`);
    const body = parseJson(attempt.text);
    const vendorMessage = vendorWords(body);
    if (attempt.status >= 200 && attempt.status < 300) {
        const parsed = profile.reply.safeParse(body);
        if (parsed.success) {
            const grant = profile.grant(parsed.data as never, settings, now());
            registerSecret(grant.accessToken);
            if (grant.refreshToken) registerSecret(grant.refreshToken);
            return grant;
        }
        // Bringg and Brite may answer 200 with an error body: a 200 without a token is a refusal.
        throw fail(classifyReply(attempt.status, body), `returned ${attempt.status} without an access token`, {
            status: attempt.status,
            ...(vendorMessage ? { vendorMessage } : {}),
        });
    }
    const code = profile.classify?.(attempt.status, body) ?? classifyReply(attempt.status, body);
    throw fail(code, `returned ${attempt.status}`, { status: attempt.status, ...(vendorMessage ? { vendorMessage } : {}) });
}
