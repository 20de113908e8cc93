/**
 * The one HTTP stack: the got instance that the Bringg client (./client.ts) and the vendor token
 * client (../vendors/client.ts) extend, and the rules they share.
 *
 * - Retries are got's own: {@link retryFor} turns a caller's {@link RetryRules} into got's `retry`
 *   options. got reads Retry-After (seconds or an HTTP date), waits for it, and gives up at once on
 *   one longer than `maxRetryAfterMs`; without one it backs off exponentially.
 * - A network error after which the request certainly never left this machine
 *   ({@link neverSentErrorCodes}) allows a repeat of any request, a create or a token request
 *   included; one after which it may have arrived ({@link lostReplyErrorCodes}) only where the
 *   caller says a repeat is harmless. Any other error (a TLS or protocol failure) is not retried:
 *   it would fail the same way.
 * - Replies are read as JSON where they are JSON, else as text ({@link replyBody}).
 * - Redirects are never followed (one could carry credentials to another host), and an HTTP error
 *   status is a reply, not an exception: each caller classifies it.
 * - Every Authorization credential sent is registered for redaction before the request leaves,
 *   and got's own error messages are redacted, so no credential reaches a message through got.
 *   The instance keeps no state: the registry is the caller's, handed to each request in got's
 *   `context` option ({@link secretsContext}).
 *
 * No Pulumi imports: the same stack serves the dynamic providers, scripts and the tests.
 */
import got, { type Response, type RetryOptions } from "got";
import { redact, type SecretRegistry } from "./errors";

/**
 * Network errors that mean the request never left this machine (the connection was refused, the
 * host or network is unreachable, the name does not resolve): safe to repeat for any request.
 */
export const neverSentErrorCodes: readonly string[] = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"];

/** Network errors after which the request may have reached the server: its reply was lost. */
export const lostReplyErrorCodes: readonly string[] = ["ETIMEDOUT", "ECONNRESET", "EPIPE", "EADDRINUSE"];

/** True when a network error's code says the request certainly never left this machine. */
export function neverSent(code: string | undefined): boolean {
    return code !== undefined && neverSentErrorCodes.includes(code);
}

/** When a request is retried, and how long is waited in between. */
export interface RetryRules {
    /** Retries after the first attempt. */
    readonly limit: number;
    /** Reply statuses that are retried. */
    readonly statusCodes: readonly number[];
    /**
     * Whether a request whose reply may have been lost (reset, timeout) may be sent again. A request
     * that was never sent is always retried.
     */
    readonly lostReply: boolean;
    /** A Retry-After longer than this is not waited for: the reply is returned as it is. */
    readonly maxRetryAfterMs: number;
    /** Cap on got's backoff (1 s, doubling with each retry, plus up to 100 ms of noise). */
    readonly backoffLimitMs?: number;
    /** The wait before retry `n` (1 for the first) instead of got's backoff, when no Retry-After was given. */
    readonly backoffMs?: (retry: number) => number;
    /** Unix ms past which no wait may reach: the retry is given up instead. */
    readonly deadline?: number;
    /** Waits through this instead of got's timer (tests). */
    readonly sleep?: (ms: number) => Promise<void>;
}

/** got's `retry` options for one request of `method` under `rules`. */
export function retryFor(method: string, rules: RetryRules): Partial<RetryOptions> {
    return {
        limit: rules.limit,
        methods: [method],
        statusCodes: [...rules.statusCodes],
        errorCodes: rules.lostReply ? [...lostReplyErrorCodes, ...neverSentErrorCodes] : [...neverSentErrorCodes],
        maxRetryAfter: rules.maxRetryAfterMs,
        ...(rules.backoffLimitMs === undefined ? {} : { backoffLimit: rules.backoffLimitMs }),
        // got calls this only for a retry its rules allow; `computedValue` is its own wait (the
        // Retry-After, else the backoff). Returning 0 gives the retry up.
        calculateDelay: async ({ attemptCount, retryAfter, computedValue }) => {
            const wait = retryAfter === undefined && rules.backoffMs ? Math.max(1, rules.backoffMs(attemptCount)) : computedValue;
            if (rules.deadline !== undefined && Date.now() + wait >= rules.deadline) return 0;
            if (!rules.sleep) return wait;
            await rules.sleep(wait);
            return 1;
        },
    };
}

/**
 * Retry-After in milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). got reads the
 * header itself to wait; this reading is for messages ("Bringg asked to wait 3600 s").
 */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
    const value = Array.isArray(header) ? header[0] : header;
    if (value === undefined || value.trim() === "") return undefined;
    if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A body read as JSON, or its text when it is not JSON; undefined when blank. */
export function jsonOrText(text: string): unknown {
    if (text.trim() === "") return undefined;
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

/** A reply's body: its JSON, else its text; undefined when empty. */
export function replyBody(response: Response<unknown>): unknown {
    return response.body === "" ? undefined : response.body;
}

/** The Authorization header's credential (after `Basic ` or `Bearer `), or the whole value. */
function credentialOf(authorization: string): string {
    return authorization.replace(/^(?:Basic|Bearer)\s+/i, "");
}

/** The key of the secret registry in got's `context` option. */
const secretsKey = "pulumi-bringg:secrets";

/**
 * got's `context` option that hands a request the caller's secret registry: the hooks of
 * {@link http} register its Authorization credential there and redact got's messages with it.
 */
export function secretsContext(secrets: SecretRegistry): Record<string, unknown> {
    return { [secretsKey]: secrets };
}

/** The secret registry a request was given through {@link secretsContext}, if any. */
function secretsOf(context: Record<string, unknown> | undefined): SecretRegistry | undefined {
    const secrets = context?.[secretsKey] as SecretRegistry | undefined;
    return typeof secrets?.register === "function" ? secrets : undefined;
}

/** The base instance; extend it with the caller's headers and {@link secretsContext}. */
export const http = got.extend({
    responseType: "json",
    parseJson: jsonOrText,
    throwHttpErrors: false,
    followRedirect: false,
    hooks: {
        beforeRequest: [
            (options) => {
                const authorization = options.headers.authorization;
                if (typeof authorization === "string") secretsOf(options.context)?.register(credentialOf(authorization));
            },
        ],
        beforeError: [
            (error) => {
                const secrets = secretsOf(error.options?.context);
                error.message = secrets ? secrets.redact(error.message) : redact(error.message);
                return error;
            },
        ],
    },
});
