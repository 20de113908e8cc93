/**
 * Errors the provider raises, and the redaction every message goes through.
 *
 * A Bringg failure reaches the user as CLI output of `pulumi up`, and CLI output ends up in CI logs.
 * So every message names what was attempted and how to fix it, and no message ever carries a
 * credential: the admin password, a client secret, an access token or an Authorization header.
 */
import { STATUS_CODES } from "node:http";

/** The brand of an error class: the same symbol in every copy of this module. */
function brandOf(className: string): symbol {
    return Symbol.for(`pulumi-bringg:${className}`);
}

/**
 * The base of every error class of this provider. It gives each class a static `isInstance` that,
 * unlike `instanceof`, also recognises an error made by another copy of this package (the dynamic
 * provider may load it twice through different paths): the constructor marks the error with
 * `Symbol.for("pulumi-bringg:<class name>")` for its class and every error class above it, and
 * `isInstance` looks for the mark of the class it is called on. A `cause` is kept out of
 * enumeration (it may be a got or SDK error holding the request), so logging the error cannot
 * print it.
 */
export abstract class BrandedError extends Error {
    constructor(message: string, options: { cause?: unknown } = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        for (let type = new.target; type !== BrandedError; type = Object.getPrototypeOf(type)) {
            Object.defineProperty(this, brandOf(type.name), { value: true });
        }
    }

    /** True for an error of this class (or a subclass), also one made by another copy of this module. */
    static isInstance<T extends BrandedError>(this: abstract new (...args: never[]) => T, value: unknown): value is T {
        // biome-ignore lint/complexity/noThisInStatic: the class it is called on (a subclass) names the brand
        return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brandOf(this.name)] === true;
    }
}

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
    /** 400/422 (and any other 4xx not listed): Bringg rejected the request body. */
    | "validation"
    /** 405/415/501: the route or its body format is not what this endpoint serves. */
    | "unsupported"
    /** 413: the request is larger than Bringg accepts. */
    | "too_large"
    /** 429 after every retry. */
    | "rate_limited"
    /** 5xx after every retry (or for a call that may not be retried). */
    | "server"
    /** No HTTP reply: DNS, refused connection, reset, timeout. */
    | "network"
    /** A reply that does not match the route's response schema. */
    | "invalid_response"
    /**
     * A list whose replies show more pages than the API profile's pagination reads (or pages that
     * never end): it is not read as the whole list, since what is on the other pages would look deleted.
     */
    | "pagination";

/** What a failed call was doing: the parts every message names. */
export interface ErrorContext {
    /** The route name from the route table, e.g. `createApplication`. */
    readonly operation: string;
    /** The resource the call was made for, e.g. `application "dashboards"`. */
    readonly resource?: string | undefined;
    readonly method: string;
    /** The request path without host or query, e.g. `/oauth/applications/7/enable`. */
    readonly path: string;
}

/** Options of {@link BringgApiError}. */
export interface BringgApiErrorOptions extends ErrorContext {
    readonly code: BringgErrorCode;
    /** The HTTP status, when Bringg answered. */
    readonly status?: number;
    /** Bringg's id of the request (a request-id header), for support tickets. */
    readonly requestId?: string | undefined;
    /** Bringg's own explanation from the error body (`title`, `message`, `error_description`). */
    readonly bringgMessage?: string | undefined;
    /** How many attempts were made, retries included. */
    readonly attempts?: number;
    /** For `network`: the request certainly never reached Bringg (connection refused, DNS). */
    readonly neverSent?: boolean;
    /** What the reply means, in this provider's words (e.g. that the account does not offer the route). */
    readonly meaning?: string;
    /** What the user should do; defaults to a hint for the code. */
    readonly fix?: string;
    readonly cause?: unknown;
    /** The secrets of the client that made the call: removed from the message too (credential shapes always are). */
    readonly secrets?: SecretRegistry;
}

/**
 * A failed call to Bringg. The message reads, for example:
 *
 * `enableApplication for application "dashboards" failed: POST /oauth/applications/7/enable
 * returned 403 Forbidden: "admin rights required". Fix: bringg:username must be a Bringg admin ...`
 */
export class BringgApiError extends BrandedError {
    override readonly name = "BringgApiError";
    readonly code: BringgErrorCode;
    readonly status: number | undefined;
    readonly requestId: string | undefined;
    readonly operation: string;
    readonly resource: string | undefined;
    readonly method: string;
    readonly path: string;
    readonly bringgMessage: string | undefined;
    readonly attempts: number;
    readonly neverSent: boolean;
    readonly fix: string;
    readonly #options: BringgApiErrorOptions;

    constructor(options: BringgApiErrorOptions) {
        const fix = options.fix ?? fixFor(options.code);
        const clean = (text: string) => redactWith(options.secrets, text);
        super(clean(describe(options, fix)), options);
        this.code = options.code;
        this.status = options.status;
        this.requestId = options.requestId;
        this.operation = options.operation;
        this.resource = options.resource;
        this.method = options.method;
        this.path = clean(options.path);
        this.bringgMessage = options.bringgMessage === undefined ? undefined : clean(options.bringgMessage);
        this.attempts = options.attempts ?? 1;
        this.neverSent = options.neverSent === true;
        this.fix = fix;
        this.#options = options;
    }

    /**
     * The same failure as a new error made for another resource: what each reader of a shared call
     * (one list request serving many resources) gets, so that its message names that reader and
     * what the reader adds to it stays its own.
     */
    forResource(resource: string | undefined): BringgApiError {
        return new BringgApiError({ ...this.#options, resource });
    }
}

/**
 * The error kind of each HTTP status this provider tells apart. Pinned by a test: callers branch on
 * these codes (`not_found` during delete means "already gone"), so a change here is a change of
 * behaviour.
 */
export const statusCodes: Readonly<Record<number, BringgErrorCode>> = {
    400: "validation",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "unsupported",
    409: "conflict",
    410: "not_found",
    413: "too_large",
    415: "unsupported",
    422: "validation",
    429: "rate_limited",
    501: "unsupported",
};

/**
 * A failure of the provider's own logic (not of one HTTP call): a precondition Bringg's state does
 * not meet, or a step that cannot be confirmed. The message reads `<subject>: <what>. Fix: <fix>`
 * and is redacted like every other.
 */
export class ProviderError extends BrandedError {
    override readonly name: string = "ProviderError";
    constructor(
        /** What failed, e.g. `adopt of application abc`. */
        readonly subject: string,
        what: string,
        /** What the user should do. */
        readonly fix: string,
        options: { cause?: unknown } = {},
    ) {
        super(redact(`${subject}: ${what}. Fix: ${fix}`), options);
    }
}

/**
 * A create that Bringg may or may not have applied, and that could not be settled: its reply was
 * lost and the check that follows (listing the applications) failed, or found several candidates.
 * The resource records it as pending; the next `pulumi up` settles it by finding the application,
 * never by creating a second one.
 */
export class UnconfirmedCreateError extends ProviderError {
    override readonly name = "UnconfirmedCreateError";
    constructor(
        subject: string,
        what: string,
        fix: string,
        /** Ids of applications of the same name and scopes that existed before the create was sent. */
        readonly existing: readonly number[],
        options: { cause?: unknown } = {},
    ) {
        super(subject, what, fix, options);
    }
}

/** The stable code for an HTTP status: {@link statusCodes}, else `server` for 5xx and `validation` for 4xx. */
export function codeForStatus(status: number): BringgErrorCode {
    return statusCodes[status] ?? (status >= 500 ? "server" : "validation");
}

/**
 * True when a failed call may nevertheless have taken effect in Bringg: no reply (reset, timeout) or
 * a 5xx. A non-idempotent call that failed so must be reconciled, never blindly repeated. (A 429 was
 * not processed, and a refused connection never reached Bringg.)
 */
export function mayHaveApplied(error: unknown): boolean {
    if (!BringgApiError.isInstance(error)) return false;
    if (error.code === "server") return true;
    return error.code === "network" && !error.neverSent;
}

function describe(options: BringgApiErrorOptions, fix: string): string {
    const subject = options.resource ? `${options.operation} for ${options.resource}` : options.operation;
    const request = `${options.method} ${options.path}`;
    let what: string;
    if (options.code === "pagination") {
        what = `${request} returned one page of a longer list`;
    } else if (options.status !== undefined) {
        const text = STATUS_CODES[options.status];
        what = `${request} returned ${options.status}${text ? ` ${text}` : ""}`;
    } else if (options.code === "invalid_response") {
        what = `${request} returned a reply this provider does not understand`;
    } else {
        what = `${request} got no reply`;
    }
    // A pagination error's message is this provider's own reading of the reply, not Bringg's words.
    const said = options.bringgMessage ? (options.code === "pagination" ? `: ${options.bringgMessage}` : `: ${JSON.stringify(options.bringgMessage)}`) : "";
    const tries = (options.attempts ?? 1) > 1 ? ` (after ${options.attempts} attempts)` : "";
    const id = options.requestId ? ` [request id ${options.requestId}]` : "";
    const meaning = options.meaning ? `: ${options.meaning}` : "";
    return `${subject} failed: ${what}${said}${tries}${id}${meaning}. Fix: ${fix}`;
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
        case "unsupported":
            return "bringg:endpoint may point at something other than Bringg's Management API, or Bringg changed this route; check the endpoint, else report it with the request id.";
        case "too_large":
            return "the request is larger than Bringg accepts: split it (for example, fewer scopes per ScopeTtls resource).";
        case "rate_limited":
            return "Bringg is rate limiting this merchant; wait a minute and run the command again (or lower --parallel).";
        case "server":
            return "Bringg failed to handle the request; run the command again later. If it persists, contact Bringg support.";
        case "network":
            return "check bringg:region or bringg:endpoint and that this machine can reach it.";
        case "pagination":
            return "declare pagination for this list in the API profile (bringg:apiProfile or BRINGG_API_PROFILE; docs/real-bringg.md).";
        case "invalid_response":
            return "bringg:endpoint may point at something other than Bringg's Management API; otherwise Bringg changed its API and this provider needs an update.";
    }
}

// ---- redaction ----------------------------------------------------------------------------------

/** Shortest value worth redacting by value: shorter ones would blank out ordinary words. */
const minimumSecretLength = 6;

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
 * Removes every credential-shaped substring from `text`: Basic and Bearer credentials,
 * `password=`/`client_secret:` values, JWTs and `user:password@` in URLs. Needs no registry; a
 * {@link SecretRegistry} also removes the secrets registered with it.
 */
export function redact(text: string): string {
    let result = text;
    for (const [pattern, replacement] of secretPatterns) {
        result = result.replace(pattern, replacement);
    }
    return result;
}

/**
 * The secret values one provider context has seen (the admin password, every client secret and
 * token), and the redaction that removes them and every credential shape from a message. Each
 * ProviderContext (./context.ts) has one and hands it to its clients; a client made without one
 * gets a fresh one of its own.
 */
export class SecretRegistry {
    private readonly values = new Set<string>();

    /**
     * Remembers a secret so that {@link redact} removes it from every later message. Clients call
     * this for the admin password and for each client secret and access token they handle.
     */
    register(value: string | undefined): void {
        if (value && value.length >= minimumSecretLength) this.values.add(value);
    }

    /**
     * Removes every registered secret and every credential-shaped substring from `text`. Applied to
     * every error message this provider produces, as the last step, so that no code path can leak.
     */
    redact(text: string): string {
        let result = text;
        // Longest first, so that a secret containing another is removed whole.
        for (const secret of [...this.values].sort((a, b) => b.length - a.length)) {
            result = result.split(secret).join(placeholder);
        }
        return redact(result);
    }

    /**
     * The same error with its message, stack and (a partial failure's) reasons redacted; for
     * anything thrown out of a provider hook, whose text the engine prints.
     */
    redactError(error: unknown): Error {
        if (error instanceof Error) {
            // In place, so that fields the engine reads (a partial failure's `id`, `properties`) survive.
            error.message = this.redact(error.message);
            error.stack = this.redact(error.stack ?? error.message);
            const failure = error as Error & { reasons?: unknown };
            if (Array.isArray(failure.reasons)) failure.reasons = failure.reasons.map((reason) => (typeof reason === "string" ? this.redact(reason) : reason));
            return error;
        }
        return new Error(this.redact(String(error)));
    }
}

/** Redacts with `secrets` when given, else removes credential shapes only. */
function redactWith(secrets: SecretRegistry | undefined, text: string): string {
    return secrets ? secrets.redact(text) : redact(text);
}
