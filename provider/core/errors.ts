/**
 * Errors the provider raises, and the redaction every message goes through.
 *
 * A Bringg failure reaches the user as CLI output of `pulumi up`, and CLI output ends up in CI logs.
 * So every message names what was attempted and how to fix it, and no message ever carries a
 * credential: the admin password, a client secret, an access token or an Authorization header.
 */

/**
 * A stable, machine-readable reason for a failure. Callers branch on it (`not_found` during delete
 * means "already gone"); the set only grows.
 */
export type BringgErrorCode =
    /** 404: the application (or route) does not exist. */
    | "not_found"
    /** 401: Bringg rejected the admin username/password (or client credentials). */
    | "unauthorized"
    /** 403: the user is not a Bringg admin, or the token lacks the scope. */
    | "forbidden"
    /** 409: the request conflicts with the current state. */
    | "conflict"
    /** 400/422: Bringg rejected the request body. */
    | "validation"
    /** 429 after every retry. */
    | "rate_limited"
    /** 5xx after every retry (or for a call that may not be retried). */
    | "server"
    /** No HTTP reply: DNS, refused connection, reset, timeout. */
    | "network"
    /** A reply that does not match the route's response schema. */
    | "invalid_response";

/** What a failed call was doing: the parts every message names. */
export interface ErrorContext {
    /** The route name from the route table, e.g. `createApplication`. */
    readonly operation: string;
    /** The resource the call was made for, e.g. `application "dashboards"`. */
    readonly resource?: string;
    readonly method: string;
    /** The request path without host or query, e.g. `/oauth/applications/7/enable`. */
    readonly path: string;
}

/** Options of {@link BringgApiError}. */
export interface BringgApiErrorOptions extends ErrorContext {
    readonly code: BringgErrorCode;
    /** The HTTP status, when Bringg answered. */
    readonly status?: number;
    /** Bringg's own explanation from the error body (`title`, `message`, `error_description`). */
    readonly bringgMessage?: string;
    /** How many attempts were made, retries included. */
    readonly attempts?: number;
    /** What the user should do; defaults to a hint for the code. */
    readonly fix?: string;
    readonly cause?: unknown;
}

const brand = Symbol.for("pulumi-bringg:BringgApiError");

/**
 * A failed call to Bringg. The message reads, for example:
 *
 * `enableApplication for application "dashboards" failed: POST /oauth/applications/7/enable
 * returned 403 Forbidden: "admin rights required". Fix: bringg:username must be a Bringg admin ...`
 */
export class BringgApiError extends Error {
    override readonly name = "BringgApiError";
    readonly code: BringgErrorCode;
    readonly status: number | undefined;
    readonly operation: string;
    readonly resource: string | undefined;
    readonly method: string;
    readonly path: string;
    readonly bringgMessage: string | undefined;
    readonly attempts: number;
    readonly fix: string;

    constructor(options: BringgApiErrorOptions) {
        const fix = options.fix ?? fixFor(options.code);
        super(redact(describe(options, fix)), options.cause === undefined ? undefined : { cause: options.cause });
        this.code = options.code;
        this.status = options.status;
        this.operation = options.operation;
        this.resource = options.resource;
        this.method = options.method;
        this.path = redact(options.path);
        this.bringgMessage = options.bringgMessage === undefined ? undefined : redact(options.bringgMessage);
        this.attempts = options.attempts ?? 1;
        this.fix = fix;
        // The cause may be a got error that holds the request options (and so the Authorization
        // header): keep it, but out of enumeration so that logging the error cannot print it.
        if (options.cause !== undefined) {
            Object.defineProperty(this, "cause", { value: options.cause, enumerable: false });
        }
        Object.defineProperty(this, brand, { value: true });
    }

    /**
     * True for a BringgApiError, including one made by another copy of this module (the dynamic
     * provider may load the package twice through different paths, so `instanceof` is not enough).
     */
    static isInstance(value: unknown): value is BringgApiError {
        return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
    }
}

/** The stable code for an HTTP status. */
export function codeForStatus(status: number): BringgErrorCode {
    if (status === 401) return "unauthorized";
    if (status === 403) return "forbidden";
    if (status === 404 || status === 410) return "not_found";
    if (status === 409) return "conflict";
    if (status === 429) return "rate_limited";
    if (status >= 500) return "server";
    return "validation";
}

const statusTexts: Record<number, string> = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    410: "Gone",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
};

function describe(options: BringgApiErrorOptions, fix: string): string {
    const subject = options.resource ? `${options.operation} for ${options.resource}` : options.operation;
    const request = `${options.method} ${options.path}`;
    let what: string;
    if (options.status !== undefined) {
        const text = statusTexts[options.status];
        what = `${request} returned ${options.status}${text ? ` ${text}` : ""}`;
    } else if (options.code === "invalid_response") {
        what = `${request} returned a reply this provider does not understand`;
    } else {
        what = `${request} got no reply`;
    }
    const said = options.bringgMessage ? `: ${JSON.stringify(options.bringgMessage)}` : "";
    const tries = (options.attempts ?? 1) > 1 ? ` (after ${options.attempts} attempts)` : "";
    return `${subject} failed: ${what}${said}${tries}. Fix: ${fix}`;
}

/** The default advice for each code. */
export function fixFor(code: BringgErrorCode): string {
    switch (code) {
        case "unauthorized":
            return "check bringg:username and bringg:password (or BRINGG_USERNAME and BRINGG_PASSWORD); Bringg did not accept them.";
        case "forbidden":
            return "bringg:username must be a Bringg admin user of the merchant that owns the applications.";
        case "not_found":
            return "the application no longer exists in Bringg; run `pulumi refresh` to drop it from the stack, then `pulumi up` to create it again.";
        case "conflict":
            return "the application changed in Bringg meanwhile; run `pulumi refresh`, then retry.";
        case "validation":
            return "correct the input Bringg names in its message.";
        case "rate_limited":
            return "Bringg is rate limiting this merchant; wait a minute and run the command again (or lower --parallel).";
        case "server":
            return "Bringg failed to handle the request; run the command again later. If it persists, contact Bringg support.";
        case "network":
            return "check bringg:region or bringg:endpoint and that this machine can reach it.";
        case "invalid_response":
            return "bringg:endpoint may point at something other than Bringg's Management API; otherwise Bringg changed its API and this provider needs an update.";
    }
}

// ---- redaction ----------------------------------------------------------------------------------

/** Secret values seen by this process: the admin password and every client secret and token. */
const knownSecrets = new Set<string>();

/** Shortest value worth redacting by value: shorter ones would blank out ordinary words. */
const minimumSecretLength = 6;

/**
 * Remembers a secret so that {@link redact} removes it from every later message. The client calls
 * this for the admin password and for each client secret and access token it handles.
 */
export function registerSecret(value: string | undefined): void {
    if (value && value.length >= minimumSecretLength) knownSecrets.add(value);
}

const placeholder = "[redacted]";

/** Credential shapes that are removed even when their value was never registered. */
const secretPatterns: ReadonlyArray<[RegExp, string]> = [
    [/\b(Basic|Bearer)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${placeholder}`],
    [/("?(?:client_secret|clientSecret|password|access_token|accessToken|token|authorization)"?\s*[:=]\s*"?)[^"&\s,}]+/gi, `$1${placeholder}`],
    // A JWT: three base64url parts, the first starting with the encoding of `{"`.
    [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, placeholder],
    // user:password@ in a URL.
    [/(\/\/)[^/\s:@]+:[^/\s@]+@/g, `$1${placeholder}@`],
];

/**
 * Removes every registered secret and every credential-shaped substring from `text`. Applied to
 * every error message this provider produces, as the last step, so that no code path can leak.
 */
export function redact(text: string): string {
    let result = text;
    // Longest first, so that a secret containing another is removed whole.
    for (const secret of [...knownSecrets].sort((a, b) => b.length - a.length)) {
        result = result.split(secret).join(placeholder);
    }
    for (const [pattern, replacement] of secretPatterns) {
        result = result.replace(pattern, replacement);
    }
    return result;
}

/**
 * The same error with its message and stack redacted; for anything thrown out of a provider hook,
 * whose text the engine prints.
 */
export function redactError(error: unknown): Error {
    if (error instanceof Error) {
        // In place, so that fields the engine reads (a partial failure's `id`, `properties`) survive.
        error.message = redact(error.message);
        error.stack = redact(error.stack ?? error.message);
        return error;
    }
    return new Error(redact(String(error)));
}
