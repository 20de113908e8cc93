/**
 * Why a vendor refused (or failed) a token request, classified, and the message that says so.
 *
 * Every vendor words its refusals differently (docs/vendor-apis.md#how-vendors-refuse): Bruin answers 400
 * `invalid_client`, Brainysoft 401 `invalid_client` or `unauthorized`, Brite an undocumented
 * status with a `message`. The classification turns them into the few reasons a user acts on.
 * Messages go through the provider's redaction, so no secret or token can reach the CLI.
 */
import { BrandedError, redact, type SecretRegistry } from "../core/errors";

/**
 * The reason a token request failed:
 * - `bad_credentials`: the vendor does not accept the id/secret (wrong, revoked, disabled client);
 * - `bad_scope`: the credential works but not for the scope asked (or required);
 * - `bad_request`: the request's shape was refused (wrong URL, content type, grant or parameter);
 * - `vendor_down`: no usable answer: network failure, timeout, 429 or 5xx;
 * - `unexpected_reply`: an answer this client does not understand (e.g. a 200 without a token).
 */
export type VendorErrorCode = "bad_credentials" | "bad_scope" | "bad_request" | "vendor_down" | "unexpected_reply";

/** Words for each code, as they appear in messages. */
export const codeWords: Record<VendorErrorCode, string> = {
    bad_credentials: "bad credentials",
    bad_scope: "bad scope",
    bad_request: "bad request shape",
    vendor_down: "vendor unavailable",
    unexpected_reply: "unexpected reply",
};

/** Options of {@link VendorTokenError}. */
export interface VendorTokenErrorOptions {
    readonly code: VendorErrorCode;
    /** The vendor's display name, e.g. `Bruin`. */
    readonly vendor: string;
    /** Which credential, without its secret, e.g. `client_id "acme"`. */
    readonly credential: string;
    /** The request, e.g. `POST https://id.bruin.com/identity/connect/token`. */
    readonly request: string;
    /** What came back: `returned 400` or `got no reply (ECONNREFUSED)`. */
    readonly outcome: string;
    /** The vendor's own words (error code and description), when it gave any. */
    readonly vendorMessage?: string;
    readonly status?: number;
    readonly fix: string;
    readonly attempts?: number;
    /** The secrets the request handled: removed from the message too (credential shapes always are). */
    readonly secrets?: SecretRegistry;
    /** What each earlier attempt got (`503`, `no reply (ECONNRESET)`), when the request was repeated. */
    readonly earlier?: readonly string[];
}

/**
 * A failed token request. The message reads, for example:
 *
 * `Bruin refused the credential client_id "acme" (bad credentials): POST
 * https://id.bruin.com/identity/connect/token returned 400: "invalid_client". Fix: …`
 *
 * After repeats it says what the repeated attempts got: `returned 400: "invalid_client" (after 2
 * attempts; earlier: no reply (ECONNRESET))`.
 */
export class VendorTokenError extends BrandedError {
    override readonly name = "VendorTokenError";
    readonly code: VendorErrorCode;
    readonly vendor: string;
    readonly status: number | undefined;
    readonly fix: string;

    constructor(options: VendorTokenErrorOptions) {
        const verb = options.code === "vendor_down" || options.code === "unexpected_reply" ? "could not check" : "refused";
        const said = options.vendorMessage ? `: ${JSON.stringify(options.vendorMessage)}` : "";
        // Only a network error, 429 or 5xx is repeated, never a refusal: say what the repeated ones got.
        const before = options.earlier?.length ? `; earlier: ${options.earlier.join(", ")}` : "";
        const tries = (options.attempts ?? 1) > 1 ? ` (after ${options.attempts} attempts${before})` : "";
        const message =
            `${options.vendor} ${verb} the credential ${options.credential} (${codeWords[options.code]}): ` +
            `${options.request} ${options.outcome}${said}${tries}. Fix: ${options.fix}`;
        super(options.secrets ? options.secrets.redact(message) : redact(message));
        this.code = options.code;
        this.vendor = options.vendor;
        this.status = options.status;
        this.fix = options.fix;
    }
}

/** The RFC 6749 §5.2 codes (and Spring's extras) by the reason they stand for. */
const byErrorField: Record<string, VendorErrorCode> = {
    invalid_client: "bad_credentials",
    unauthorized_client: "bad_credentials",
    unauthorized: "bad_credentials",
    access_denied: "bad_credentials",
    invalid_scope: "bad_scope",
    insufficient_scope: "bad_scope",
    invalid_request: "bad_request",
    invalid_grant: "bad_request",
    unsupported_grant_type: "bad_request",
    method_not_allowed: "bad_request",
    temporarily_unavailable: "vendor_down",
    server_error: "vendor_down",
};

/**
 * The reason for a reply that carries no token, from its status and body: the OAuth `error` field
 * when there is a known one (also in a 200, which Bringg and Brite may send), else the status.
 */
export function classifyReply(status: number, body: unknown): VendorErrorCode {
    if (status === 429 || status >= 500) return "vendor_down";
    const field = errorField(body);
    if (field !== undefined && byErrorField[field]) return byErrorField[field];
    if (status === 401 || status === 403) return "bad_credentials";
    if (status >= 400) return "bad_request";
    return "unexpected_reply";
}

function errorField(body: unknown): string | undefined {
    const error = typeof body === "object" && body !== null ? (body as { error?: unknown }).error : undefined;
    return typeof error === "string" ? error.toLowerCase() : undefined;
}

/** Longest vendor text quoted in a message. */
const maxQuote = 200;

/**
 * The vendor's own words from an error body: `error` and `error_description` (RFC 6749), `message`
 * (Brite, Bringg), `ErrorMessage` (IdentityServer3), `title` (Bringg). Redacted (with `secrets`
 * too, when given) and shortened.
 */
export function vendorWords(body: unknown, secrets?: SecretRegistry): string | undefined {
    if (typeof body === "string") return body.trim() ? shorten(body.trim(), secrets) : undefined;
    if (typeof body !== "object" || body === null) return undefined;
    const b = body as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : undefined);
    const code = text(b.error);
    const description = text(b.error_description) ?? text(b.message) ?? text(b.ErrorMessage) ?? text(b.title);
    const words = code && description ? `${code}: ${description}` : (code ?? description);
    return words === undefined ? undefined : shorten(words, secrets);
}

function shorten(text: string, secrets: SecretRegistry | undefined): string {
    const spaced = text.replace(/\s+/g, " ");
    const clean = secrets ? secrets.redact(spaced) : redact(spaced);
    return clean.length > maxQuote ? `${clean.slice(0, maxQuote)}…` : clean;
}
