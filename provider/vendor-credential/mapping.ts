/**
 * The VendorCredential's state: the checked inputs (the credential itself included, since refresh
 * gets nothing else to verify with; its secret is a Pulumi secret in the state) plus what the last
 * verification found. Never a token.
 *
 * The state shape is a compatibility promise (refresh and destroy of old stacks run this code on
 * old state); `schemaVersion` says which shape a state has and {@link upgradeState} reads them all.
 */
import { fingerprint as hashPrefix } from "../core/fingerprint";
import { vendorShapes, isVendorName, type VendorName, type VendorSettings } from "../vendors/settings";
import type { TokenGrant } from "../vendors/profile";
import { commonInputs } from "./schema";

/** The state shape this version writes. */
export const schemaVersion = 1;

/**
 * What the last check found:
 * - `verified`: a token was issued, with the required scopes and lifetime;
 * - `rejected`: a refresh with `verifyOnRefresh` found the vendor refusing it (revoked, or no
 *   longer granting a required scope); the next `pulumi up` checks it again and fails until fixed.
 */
export type CredentialStatus = "verified" | "rejected";

/** The outputs a verification adds to the inputs. */
export interface Verification {
    status: CredentialStatus;
    /** When the credential last obtained a token during `pulumi up` (ISO 8601). */
    verifiedAt: string;
    /** The token's lifetime in seconds as the vendor reported it at verification (absent if it did not say). */
    tokenLifetime?: number;
    /** The token type the vendor named (`Bearer`). */
    tokenType: string;
    /** The scopes the token granted (empty for Brite). */
    grantedScopes: string[];
    /** First 12 hex digits of SHA-256 of the secret (see credentialFingerprint): not secret; compares copies. */
    fingerprint: string;
    /** Why a refresh found the credential refused (only when `status` is `rejected`). */
    problem?: string;
    schemaVersion: number;
}

/** The whole state: checked inputs plus the verification. */
export type CredentialState = Record<string, unknown> & Verification & { vendor: VendorName };

/** The names of the inputs of a vendor's credential. */
export function inputNames(vendor: VendorName): string[] {
    return [...Object.keys(vendorShapes[vendor]), ...commonInputs];
}

/** The token settings within a credential's inputs (what the token client takes). */
export function settingsOf(inputs: Record<string, unknown>): VendorSettings {
    const vendor = inputs.vendor as VendorName;
    const settings: Record<string, unknown> = {};
    for (const key of Object.keys(vendorShapes[vendor])) if (inputs[key] !== undefined) settings[key] = inputs[key];
    return settings as VendorSettings;
}

/** The credential's public identity: client id, or Brite's public key. */
export function identityOf(settings: VendorSettings): string {
    return "publicKey" in settings ? settings.publicKey : settings.clientId;
}

/** The credential's secret value. */
export function secretOf(settings: VendorSettings): string {
    return "secret" in settings ? settings.secret : settings.clientSecret;
}

/**
 * The non-secret fingerprint of a credential: of its secret alone, as every resource's and every
 * delivery receipt's is, so that a receipt, a store's contents and the resource compare directly.
 * (Before, it hashed vendor, identity and secret; a credential keeps the fingerprint it was last
 * verified with, since refresh never recomputes it, until its next update.)
 */
export function credentialFingerprint(settings: VendorSettings): string {
    return hashPrefix(secretOf(settings));
}

/** The verification outputs for a grant (the token itself is left behind). */
export function verificationOf(settings: VendorSettings, grant: TokenGrant, now: number): Verification {
    return {
        status: "verified",
        verifiedAt: new Date(now).toISOString(),
        ...(grant.lifetimeSeconds === undefined ? {} : { tokenLifetime: grant.lifetimeSeconds }),
        tokenType: grant.tokenType,
        grantedScopes: [...grant.scopes],
        fingerprint: credentialFingerprint(settings),
        schemaVersion,
    };
}

/** Reads state written by any version of this provider (version 1 is the first). */
export function upgradeState(props: Record<string, unknown>): CredentialState {
    const vendor = isVendorName(props.vendor) ? props.vendor : "oauth2";
    const state: Record<string, unknown> = {};
    for (const key of inputNames(vendor)) if (props[key] !== undefined) state[key] = props[key];
    return {
        ...state,
        vendor,
        status: props.status === "rejected" ? "rejected" : "verified",
        verifiedAt: String(props.verifiedAt ?? ""),
        ...(typeof props.tokenLifetime === "number" ? { tokenLifetime: props.tokenLifetime } : {}),
        tokenType: String(props.tokenType ?? "Bearer"),
        grantedScopes: Array.isArray(props.grantedScopes) ? props.grantedScopes.map(String) : [],
        fingerprint: String(props.fingerprint ?? ""),
        ...(typeof props.problem === "string" ? { problem: props.problem } : {}),
        schemaVersion,
    };
}
