/**
 * What every store kind implements, and what they share: the credential a delivery writes, the
 * payload it is written as, the receipt it leaves, and the error a failed write raises.
 *
 * A store module (aws-secrets-manager.ts, file.ts, command.ts) knows one kind of store and nothing
 * about Pulumi or the resources; deliver.ts runs them over a `deliverTo` list.
 */
import { createHash } from "node:crypto";
import { BrandedError, redact, type SecretRegistry } from "../core/errors";
import { fingerprint } from "../core/fingerprint";
import type { Format, StoreKind } from "./kinds";

/** One working client credential. */
export interface Credential {
    readonly clientId: string;
    readonly clientSecret: string;
}

/**
 * What one delivery writes: the credential consumers should use now and, for RotatingCredentials,
 * the one still valid from before the last bump (Secrets Manager keeps it as `AWSPREVIOUS`; a file
 * or command gets only `current`).
 */
export interface Delivery {
    readonly current: Credential;
    readonly previous?: Credential;
}

/** Where a delivery happens: names for messages, a way to stop, and the secret registry. */
export interface DeliveryContext {
    /** The resource, for messages, e.g. `SecretRotation "api"`. */
    readonly resource: string;
    /** Cancels writes in flight (the engine is shutting down). */
    readonly signal?: AbortSignal;
    /**
     * The provider context's secret registry: a delivery's secrets are registered in it, and every
     * failure and warning is redacted with it (default: a registry of that delivery alone).
     */
    readonly secrets?: SecretRegistry;
}

/**
 * The non-secret record a successful write leaves in the resource's outputs. Nothing in it lets
 * anyone recover the secret: fingerprints are 48-bit hash prefixes and the version id is a hash of
 * the payload (see {@link versionToken}).
 */
export interface Receipt {
    /** Index of the target in `deliverTo` at delivery time. */
    readonly target: number;
    /**
     * Hash of the store's identity and format, to match a receipt to its target when the list is
     * reordered (a hash, so `run` arguments never show).
     */
    readonly key: string;
    /** The store kind. */
    readonly store: StoreKind;
    /** The secret's name or ARN, the file's path, or the command's program name. */
    readonly reference: string;
    /** Secrets Manager's version id of the written value; for a file or a command the same hash of what was written. */
    readonly versionId: string;
    /** The `format` it was written in. */
    readonly format: Format;
    /**
     * First 12 hex digits of SHA-256 of the delivered (current) secret, the same as the resource's
     * `fingerprint` output.
     */
    readonly fingerprint: string;
    /**
     * Fingerprint of the previous secret, when one was delivered (`RotatingCredentials` in Secrets
     * Manager: `AWSPREVIOUS`).
     */
    readonly previousFingerprint?: string;
    /** The delivered client id (not a secret). */
    readonly clientId: string;
    /** When the write completed (ISO 8601). */
    readonly deliveredAt: string;
}

/** What a store holds now, by fingerprint; never the secret itself. */
export type Inspection =
    | { readonly status: "present"; readonly fingerprint: string; readonly previousFingerprint?: string; readonly versionId?: string }
    | { readonly status: "absent" }
    /** The store cannot be read back (a command), or reading failed; `reason` says which. */
    | { readonly status: "unknown"; readonly reason: string };

/** What a store holds now, secrets included: only for recovering a secret to re-deliver it. */
export type Stored =
    | { readonly status: "present"; readonly current: StoredCredential; readonly previous?: StoredCredential; readonly versionId?: string }
    | { readonly status: "absent" }
    | { readonly status: "unknown"; readonly reason: string };

/** A credential read back from a store; a `secret`-format store holds no client id. */
export interface StoredCredential {
    readonly clientId?: string;
    readonly clientSecret: string;
}

/** One store kind. `T` is its checked target (e.g. `{ path, mode }`). */
export interface Store<T> {
    readonly kind: StoreKind;
    /** How messages and receipts name the target: a secret id, a path, a program name. */
    reference(target: T): string;
    /** Writes the delivery; resolves to the written version id. Throws a {@link StoreError}. */
    write(delivery: Delivery, target: T, format: Format, ctx: DeliveryContext): Promise<string>;
    /** Reads what the store holds now. Throws a {@link StoreError} when the store cannot be reached. */
    read(target: T, format: Format, ctx: DeliveryContext): Promise<Stored>;
}

/** The bytes a delivery writes for a credential. */
export function payload(credential: Credential, format: Format): string {
    return format === "secret" ? credential.clientSecret : JSON.stringify({ clientId: credential.clientId, clientSecret: credential.clientSecret });
}

/** Reads a payload back; content that is not this provider's JSON counts as a bare secret. */
export function parsePayload(text: string, format: Format): StoredCredential {
    if (format === "json") {
        try {
            const value = JSON.parse(text) as unknown;
            if (value && typeof value === "object" && typeof (value as Record<string, unknown>).clientSecret === "string") {
                const { clientId, clientSecret } = value as { clientId?: unknown; clientSecret: string };
                return typeof clientId === "string" ? { clientId, clientSecret } : { clientSecret };
            }
        } catch {
            // Overwritten with something else: its fingerprint will not match, which is the point.
        }
    }
    return { clientSecret: text };
}

/**
 * A UUID-shaped (36 characters, as Secrets Manager's ClientRequestToken wants) id derived from
 * the payload: writing the same payload again, after a timeout or a failed `pulumi up`, reuses the
 * version instead of adding one. Namespaced and one-way, so it says nothing about the secret.
 */
export function versionToken(content: string): string {
    const hex = createHash("sha256").update("pulumi-bringg delivery v1\0").update(content).digest("hex");
    // Version 5-style layout: version nibble 5, variant bits 10.
    const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Remembers every secret of a delivery in `secrets`, so that no message can carry it (see core/errors.ts). */
export function registerDelivery(delivery: Delivery, secrets: SecretRegistry): void {
    secrets.register(delivery.current.clientSecret);
    secrets.register(delivery.previous?.clientSecret);
}

/** The fingerprints of what a store holds, without the secrets. */
export function inspection(stored: Stored): Inspection {
    if (stored.status !== "present") return stored;
    return {
        status: "present",
        fingerprint: fingerprint(stored.current.clientSecret),
        ...(stored.previous ? { previousFingerprint: fingerprint(stored.previous.clientSecret) } : {}),
        ...(stored.versionId ? { versionId: stored.versionId } : {}),
    };
}

/**
 * Why a store operation failed, as a stable code:
 * - `unreachable`: no reply (refused, reset, timeout, DNS);
 * - `denied`: the store refused the credentials or permissions;
 * - `rejected`: the store refused the request (bad input, wrong state);
 * - `server`: the store failed (5xx);
 * - `io`: a local file could not be written or read;
 * - `command_failed`: the command exited non-zero, was killed or could not start;
 * - `config`: something about the set-up (no region, a secret in argv).
 */
export type StoreErrorCode = "unreachable" | "denied" | "rejected" | "server" | "io" | "command_failed" | "config";

/** Options of {@link StoreError}. */
export interface StoreErrorOptions {
    readonly code: StoreErrorCode;
    readonly kind: StoreKind;
    /** The target's {@link Store.reference}. */
    readonly reference: string;
    /** What was attempted, e.g. `PutSecretValue`, `rename`, `run`. */
    readonly operation: string;
    /** What went wrong (redacted before it is kept). */
    readonly detail: string;
    /** What the user should do. */
    readonly fix: string;
    readonly cause?: unknown;
}

/**
 * A failed read or write of one store. The message reads, e.g.:
 * `awsSecretsManager "prod/bringg" PutSecretValue failed: no reply from http://127.0.0.1:4566
 * (ECONNREFUSED). Fix: ...`. Credential shapes are redacted here; a store that quotes what may
 * hold the delivery's secret (a command's stderr) redacts it with the delivery's registry first,
 * and {@link DeliveryContext.secrets} redacts every failure of a delivery again.
 */
export class StoreError extends BrandedError {
    override readonly name = "StoreError";
    readonly code: StoreErrorCode;
    readonly kind: StoreKind;
    readonly reference: string;
    readonly operation: string;
    readonly detail: string;
    readonly fix: string;

    constructor(options: StoreErrorOptions) {
        const detail = redact(options.detail);
        super(redact(`${options.kind} ${JSON.stringify(options.reference)} ${options.operation} failed: ${detail}. Fix: ${options.fix}`), options);
        this.code = options.code;
        this.kind = options.kind;
        this.reference = options.reference;
        this.operation = options.operation;
        this.detail = detail;
        this.fix = redact(options.fix);
    }
}
