/**
 * `getAccessToken` for programs and scripts: a token from any vendor profile, cached in the process
 * until 60 s before it expires, so that a program asking for the same token many times (or many
 * resources asking at once) costs one request. No Pulumi imports: scripts use it directly; the
 * Output form lives in ./output.ts.
 */
import { createHash } from "node:crypto";
import { processContext } from "../core/process";
import type { SecretRegistry } from "../core/errors";
import { requestToken } from "./client";
import type { TokenRequestOptions } from "./request-options";
import { parseVendorSettings, type VendorSettings } from "./settings";

/** A token as `getAccessToken` returns it. */
export interface AccessToken {
    /** The vendor profile it came from. */
    readonly vendor: string;
    /** The access token: send it as `Authorization: Bearer <accessToken>`. A secret. */
    readonly accessToken: string;
    /** `Bearer` (compare case-insensitively: Brainysoft may say `bearer`). */
    readonly tokenType: string;
    /** When it expires (ISO 8601), if the vendor said. */
    readonly expiresAt?: string;
    /** The scopes granted (empty for vendors without scopes, such as Brite). */
    readonly scopes: readonly string[];
}

/** How long before expiry a cached token stops being handed out. */
export const cacheMarginMs = 60_000;

/** A cached token, or the request for it in flight. */
export interface CachedToken {
    readonly promise: Promise<{ token: AccessToken; expiresAtMs?: number }>;
}

/**
 * Cached tokens by a hash of the settings (secret included, so that credentials never collide): a
 * provider context's (provider/core/context.ts), by default this process's.
 */
export type TokenCache = Map<string, CachedToken>;

function cacheKey(settings: VendorSettings): string {
    const sorted = Object.fromEntries(Object.entries(settings).sort(([a], [b]) => a.localeCompare(b)));
    return createHash("sha256").update(JSON.stringify(sorted)).digest("hex");
}

/** Forgets every token cached in this process (tests; a script that knows a credential changed). */
export function clearTokenCache(): void {
    processContext().accessTokens.clear();
}

/**
 * A token for the given vendor settings (the same fields as a `VendorCredential`'s, e.g.
 * `{ vendor: "bruin", clientId, clientSecret, scope: "public_api" }`). Served from the process's
 * cache while it has more than 60 s left; concurrent callers share one request.
 *
 * @throws Error naming every invalid field, or a VendorTokenError naming the vendor and the fix.
 */
export function getAccessToken(args: Record<string, unknown>, options: TokenRequestOptions = {}): Promise<AccessToken> {
    return accessTokenIn(processContext(), args, options);
}

/** Where tokens are cached and secrets registered: a provider context's (the process's, or the native plugin's). */
export interface TokenHolder {
    readonly accessTokens: TokenCache;
    readonly secrets: SecretRegistry;
}

/**
 * {@link getAccessToken} with the cache and secret registry of a given provider context. Typed
 * without the context's type, whose declarations reach zod's: a user's `tsc` reads these (see
 * test/package/install.test.ts).
 */
export async function accessTokenIn(context: TokenHolder, args: Record<string, unknown>, options: TokenRequestOptions = {}): Promise<AccessToken> {
    const parsed = parseVendorSettings(args);
    if (!parsed.ok) {
        throw new Error(`getAccessToken: invalid arguments: ${parsed.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ")}`);
    }
    const settings = parsed.settings;
    const now = options.now ?? Date.now;
    const key = cacheKey(settings);
    const cache = context.accessTokens;
    const cached = cache.get(key);
    if (cached) {
        // Callers that joined a request in flight share its failure too.
        const { token, expiresAtMs } = await cached.promise;
        if (expiresAtMs !== undefined && now() < expiresAtMs - cacheMarginMs) return token;
        if (cache.get(key) === cached) cache.delete(key);
    }
    const entry: CachedToken = {
        promise: requestToken(settings, options, context.secrets).then((grant) => ({
            token: {
                vendor: settings.vendor,
                accessToken: grant.accessToken,
                tokenType: grant.tokenType,
                ...(grant.expiresAt === undefined ? {} : { expiresAt: new Date(grant.expiresAt).toISOString() }),
                scopes: grant.scopes,
            },
            ...(grant.expiresAt === undefined ? {} : { expiresAtMs: grant.expiresAt }),
        })),
    };
    cache.set(key, entry);
    try {
        const { token, expiresAtMs } = await entry.promise;
        // A token without an expiry, or with less than the margin left, is not kept for others.
        if (expiresAtMs === undefined || now() >= expiresAtMs - cacheMarginMs) cache.delete(key);
        return token;
    } catch (error) {
        if (cache.get(key) === entry) cache.delete(key);
        throw error;
    }
}
