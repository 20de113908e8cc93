/**
 * The SecretRotation's state (its outputs), and old state → current shape.
 *
 * The state shape is a compatibility promise: later versions of this provider read state written by
 * earlier ones (refresh and destroy even run the old `__provider`). `schemaVersion` says which shape
 * a state has; {@link upgradeState} reads all of them, so that upgrading the provider never shows up
 * as a diff, let alone as a rotation (the "upgrade = outage" class of bugs other providers have).
 */
import { fingerprint } from "../core/fingerprint";
import type { Target } from "../delivery/schema";
import type { Receipt } from "../delivery/store";
import type { Verification } from "../secrets/rotate";
import { canonicalTriggers, type Triggers } from "../secrets/triggers";

/** The state shape this version writes. */
export const schemaVersion = 1;

/** The SecretRotation's outputs. */
export interface RotationState {
    /** The OAuth client id of the rotated application (fixed for the application's life). */
    clientId: string;
    /** Bringg's numeric id of the application. */
    applicationId: number;
    /**
     * The current client secret: THE value to publish to a secret store. A Pulumi secret
     * (encrypted in state, `[secret]` in the CLI). Empty in memory, and not an output, with
     * `keepSecretInState: false`.
     */
    clientSecret: string;
    /** When Bringg generated {@link clientSecret} (ISO 8601, Bringg's clock). */
    rotatedAt: string;
    /** How many secrets this resource generated: 1 after create, +1 per rotation. */
    version: number;
    /** First 12 hex digits of SHA-256 of the secret: non-secret, for audit logs and comparisons. */
    fingerprint: string;
    /** The triggers the current secret was generated for (canonical form). */
    triggers: Triggers;
    /** Result of the check after generation; see `Verification` in provider/secrets/rotate.ts. */
    verification: Verification;
    /** Why the current secret was generated, e.g. `trigger "quarter" changed`. */
    reason: string;
    /** Shape version of this state. */
    schemaVersion: number;
    /** The `deliverTo` targets (a command's `env` left out); absent when the secret is delivered nowhere. */
    deliverTo?: Target[];
    /** One receipt per target that holds the current secret. */
    receipts?: Receipt[];
}

/**
 * Reads state written by any version of this provider. Version 1 is the first; later versions add
 * their conversions here, oldest first.
 */
export function upgradeState(props: Record<string, unknown>): RotationState {
    const secret = typeof props.clientSecret === "string" ? props.clientSecret : "";
    const verification = props.verification;
    return {
        clientId: String(props.clientId ?? ""),
        applicationId: Number(props.applicationId),
        clientSecret: secret,
        rotatedAt: String(props.rotatedAt ?? ""),
        version: Number(props.version ?? 0),
        fingerprint: typeof props.fingerprint === "string" ? props.fingerprint : secret ? fingerprint(secret) : "",
        triggers: canonicalTriggers(props.triggers && typeof props.triggers === "object" ? (props.triggers as Record<string, unknown>) : {}),
        verification: verification === "passed" || verification === "skipped" || verification === "failed" ? verification : "skipped",
        reason: String(props.reason ?? ""),
        schemaVersion,
        ...(Array.isArray(props.deliverTo) ? { deliverTo: props.deliverTo as Target[] } : {}),
        ...(Array.isArray(props.receipts) ? { receipts: props.receipts as Receipt[] } : {}),
    };
}
