/**
 * HS512 JSON Web Tokens with node:crypto, shaped like Bringg's (docs/bringg-api.md#jwt).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** The claims the emulator puts in an access token. */
export interface AccessClaims {
    /** Authentication type; Bringg's example says `oauth2`. */
    readonly aut: "oauth2";
    readonly jti: string;
    /** Subject: the application, `A:<id>` (Bringg's example token used `U:<user id>`). */
    readonly sub: string;
    /** Tenant: the merchant id. */
    readonly tid: number;
    readonly iat: number;
    readonly exp: number;
    /** Always 0, as in Bringg's example token; what it means is unknown (docs/bringg-api.md#jwt). */
    readonly sli: 0;
    /** The application's client_id. */
    readonly aud: readonly string[];
    readonly iss: "urn:x-bringg:service:api";
    readonly reg: string;
    readonly scp: readonly string[];
    readonly ver: "2.0";
}

const header = encode({ typ: "JWT", alg: "HS512" });

function encode(value: unknown): string {
    return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function sign(input: string, key: Buffer): Buffer {
    return createHmac("sha512", key).update(input).digest();
}

/** Signs the claims with the server's key. */
export function signJwt(claims: AccessClaims, key: Buffer): string {
    const input = `${header}.${encode(claims)}`;
    return `${input}.${sign(input, key).toString("base64url")}`;
}

/** The token's claims when its signature is the server's; undefined for anything else. */
export function verifyJwt(token: string, key: Buffer): Partial<AccessClaims> | undefined {
    const parts = token.split(".");
    if (parts.length !== 3 || parts[0] !== header) return undefined;
    const expected = sign(`${parts[0]}.${parts[1]}`, key);
    const actual = Buffer.from(parts[2]!, "base64url");
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
    try {
        const claims: unknown = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8"));
        return typeof claims === "object" && claims !== null ? (claims as Partial<AccessClaims>) : undefined;
    } catch {
        return undefined;
    }
}
