/**
 * What a vendor profile is, and the pieces the profiles share: form and Basic encodings and the
 * tolerant RFC 6749 §5.1 reply schema.
 *
 * A profile is declarative where vendors agree and code where they do not: it builds the token
 * request from checked settings, names the zod schema of a successful reply, turns that reply into
 * a {@link TokenGrant}, and says how to fix each kind of refusal. The transport, retries, error
 * classification and redaction live in ./client.ts, once for all.
 */
import { z } from "zod";
import type { VendorErrorCode } from "./errors";
import type { VendorName } from "./settings";

/** A token as this client reports it, whatever the vendor's wire shape. */
export interface TokenGrant {
    /** The access token. Secret: registered for redaction, never stored in state. */
    readonly accessToken: string;
    /** The token type the vendor named (`Bearer`, `bearer`); `Bearer` when it named none (Brite). */
    readonly tokenType: string;
    /** How long the token is valid, in whole seconds from when the reply arrived; undefined if not said. */
    readonly lifetimeSeconds?: number;
    /** When the token expires, Unix milliseconds; undefined if the vendor did not say. */
    readonly expiresAt?: number;
    /**
     * The scopes granted: those the vendor lists in the reply, else those requested (RFC 6749 §5.1:
     * a server may leave `scope` out when it granted what was asked), else what the token says.
     */
    readonly scopes: readonly string[];
    /** Brite's refresh token. Never used by this client: renewing kills other holders' access token. */
    readonly refreshToken?: string;
    /** Brainysoft's session id (`sessid`). */
    readonly sessionId?: string;
}

/** A token request as sent: always a POST with a body (credentials never go in the URL). */
export interface TokenRequest {
    readonly url: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
}

/** One vendor's token flow. `S` is the vendor's checked settings. */
export interface Profile<S> {
    readonly vendor: VendorName;
    /** The vendor's name in messages, e.g. `Bruin`. */
    readonly displayName: string;
    /** The request for a token. */
    tokenRequest(settings: S): TokenRequest;
    /** A successful reply: tolerant of extra fields, strict about the token itself. */
    readonly reply: z.ZodType;
    /** The grant from a parsed reply; `receivedAt` is when the reply arrived (Unix ms). */
    grant(reply: never, settings: S, receivedAt: number): TokenGrant;
    /** A vendor-specific reading of a refusal, before the generic classification. */
    classify?(status: number, body: unknown): VendorErrorCode | undefined;
    /** Which credential, without its secret, for messages: `client_id "acme"`. */
    credential(settings: S): string;
    /** The secret values in the settings (registered for redaction before anything is sent). */
    secrets(settings: S): string[];
    /** What the user should do about a refusal of this kind. */
    fix(code: VendorErrorCode, settings: S): string;
    /**
     * Whether a request whose reply was lost (timeout, reset) may be sent again. Minting a second
     * OAuth token is harmless; Brite warns against excessive token generation.
     */
    readonly retryLostReply: boolean;
}

/** A body in `application/x-www-form-urlencoded`, leaving out undefined values. */
export function formBody(fields: Record<string, string | number | undefined>): string {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) form.set(key, String(value));
    return form.toString();
}

/** Headers of a form POST that expects JSON back. */
export const formHeaders = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" } as const;

/** Headers of a JSON POST. */
export const jsonHeaders = { "content-type": "application/json", accept: "application/json" } as const;

/**
 * An HTTP Basic header for client credentials. RFC 6749 Appendix B wants id and secret
 * form-urlencoded first; IdentityServer3 (Bruin) does not decode them, so it is optional.
 */
export function basicAuthorization(clientId: string, clientSecret: string, urlEncode: boolean): string {
    const encode = (value: string) => (urlEncode ? encodeURIComponent(value).replace(/%20/g, "+") : value);
    return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString("base64")}`;
}

/**
 * An RFC 6749 §4.4 token request, form-urlencoded: `grant_type=client_credentials`, then `fields`
 * (scope, audience), then the client authenticated in the body (`client_secret_post`) or with HTTP
 * Basic (`urlEncodeBasic` as {@link basicAuthorization} says).
 */
export function clientCredentialsForm(
    url: string,
    client: { readonly clientId: string; readonly clientSecret: string },
    auth: { readonly inBody: boolean; readonly urlEncodeBasic: boolean },
    fields: Record<string, string | undefined>,
): { url: string; headers: Record<string, string>; body: string } {
    const body = formBody({
        grant_type: "client_credentials",
        ...fields,
        client_id: auth.inBody ? client.clientId : undefined,
        client_secret: auth.inBody ? client.clientSecret : undefined,
    });
    const headers = auth.inBody
        ? { ...formHeaders }
        : { ...formHeaders, authorization: basicAuthorization(client.clientId, client.clientSecret, auth.urlEncodeBasic) };
    return { url, headers, body };
}

/** Seconds as a JSON number or a numeric string (some servers quote them). */
export const seconds = z.union([
    z.number().nonnegative(),
    z
        .string()
        .regex(/^\d+(?:\.\d+)?$/)
        .transform(Number),
]);

/** RFC 6749 §5.1, tolerant: only the token is required (some vendors leave out `token_type`). */
export const oauthReply = z.looseObject({
    access_token: z.string().min(1),
    token_type: z.string().optional(),
    expires_in: seconds.optional(),
    scope: z.string().optional(),
});

/** A parsed RFC 6749 reply. */
export type OAuthReply = z.output<typeof oauthReply>;

/** The lifetime and expiry of a relative `expires_in`. */
export function relativeExpiry(expiresIn: number | undefined, receivedAt: number): Pick<TokenGrant, "lifetimeSeconds" | "expiresAt"> {
    if (expiresIn === undefined) return {};
    const lifetimeSeconds = Math.floor(expiresIn);
    return { lifetimeSeconds, expiresAt: receivedAt + lifetimeSeconds * 1000 };
}

/** The client-id form of {@link Profile.credential}. */
export function clientIdLabel(clientId: string): string {
    return `client_id ${JSON.stringify(clientId)}`;
}

/** The grant of an RFC 6749 reply: the scopes it names, else the requested ones (§5.1), else `fallback`. */
export function oauthGrant(reply: OAuthReply, requestedScope: string | undefined, receivedAt: number, fallback: readonly string[] = []): TokenGrant {
    const requested = requestedScope ? requestedScope.split(" ").filter(Boolean) : [];
    return {
        accessToken: reply.access_token,
        tokenType: reply.token_type ?? "Bearer",
        ...relativeExpiry(reply.expires_in, receivedAt),
        scopes: reply.scope !== undefined ? reply.scope.split(/\s+/).filter(Boolean) : requested.length > 0 ? requested : fallback,
    };
}

/** `credential` and `secrets` of a profile whose credential is a client id and secret. */
export const clientCredentialParts = {
    credential: (settings: { clientId: string }) => clientIdLabel(settings.clientId),
    secrets: (settings: { clientSecret: string }) => [settings.clientSecret],
};

/** The fixes every vendor shares, for the kinds no vendor words differently. */
export function commonFix(code: VendorErrorCode, where: string): string {
    switch (code) {
        case "vendor_down":
            return `the token endpoint (${where}) did not answer usefully; check that it is reachable from here and run the command again later`;
        case "unexpected_reply":
            return `check that ${where} is the vendor's token endpoint (a proxy or captive portal may be answering instead)`;
        case "bad_request":
            return `check that ${where} is the vendor's token endpoint; if it is, the vendor changed its token API and this provider needs an update`;
        case "bad_scope":
            return "request only scopes this client is allowed, and list in requiredScopes only scopes you request";
        case "bad_credentials":
            return "check the client id and secret";
    }
}
