/**
 * The options of a token request, as a plain type: `getAccessToken`'s public declaration takes
 * them, and must not import zod (./client.ts works with the vendors' schemas).
 */

/** Options of a token request (`requestToken` in ./client.ts, `getAccessToken`). */
export interface TokenRequestOptions {
    /** Retries after the first attempt (default 2). */
    readonly retries?: number;
    /** Delay before the first retry, doubling after (default 500 ms). */
    readonly baseDelayMs?: number;
    /** Timeout of one attempt (default 30 s). */
    readonly timeoutMs?: number;
    /** The clock (Unix ms); replaceable in tests. */
    readonly now?: () => number;
    /** Waits between retries; replaceable in tests. */
    readonly sleep?: (ms: number) => Promise<void>;
}
