/**
 * The CredentialPair's state (its outputs), and old state → current shape.
 *
 * How the alternation is derived: `generation` counts bumps (trigger changes and due
 * `rotateAfter`s) since the pair was created. Slot a is active when the generation is even, slot b
 * when it is odd. A bump regenerates the slot that is about to become active (the standby one, the
 * one published as `previous`) and then swaps the roles. So the slot that is active before a bump
 * (and the credential consumers use) is never touched by that bump: it becomes `previous` and
 * keeps working until the next bump.
 */
import type { Target } from "../delivery/schema";
import type { Receipt } from "../delivery/store";
import { fingerprint } from "../core/fingerprint";
import type { Triggers } from "../secrets/triggers";

/** The state shape this version writes. */
export const schemaVersion = 1;

/** A slot name: the first or the second application of the pair. */
export type Slot = "a" | "b";

/** One working credential. */
export interface Credential {
    /** Which application of the pair. */
    slot: Slot;
    clientId: string;
    /** Empty in memory, and absent from the outputs, with `keepSecretInState: false`. */
    clientSecret: string;
    /** When Bringg generated this secret (ISO 8601). */
    rotatedAt: string;
    /** First 12 hex digits of SHA-256 of the secret (not secret). */
    fingerprint: string;
}

/** The CredentialPair's outputs. `active` and `previous` are Pulumi secrets (whole objects). */
export interface PairState {
    /** The credential consumers should use now: publish this one. */
    active: Credential;
    /** The credential that was active before the last bump; works until the next bump. */
    previous: Credential;
    /** Bumps since creation; slot a is active when even. */
    generation: number;
    /** The active slot, redundant with `generation`, for readers of the state. */
    activeSlot: Slot;
    /** Non-secret fingerprints, for audit logs. */
    activeFingerprint: string;
    previousFingerprint: string;
    /** The triggers of the last completed bump (canonical form). */
    triggers: Triggers;
    /** Why the last bump happened. */
    reason: string;
    /** How the newest secret was checked; `failed` makes the next up bump again. */
    verification?: "passed" | "skipped" | "failed";
    schemaVersion: number;
    /** The `deliverTo` targets (a command's `env` left out); absent when nothing is delivered. */
    deliverTo?: Target[];
    /** One receipt per target that holds the active (and, in Secrets Manager, the previous) secret. */
    receipts?: Receipt[];
    /**
     * True when the last delivery could not write `previous` (kept out of the state, and no store
     * held it any more): Secrets Manager targets then hold no AWSPREVIOUS of it, and that is not drift.
     */
    previousLost?: boolean;
}

/** A credential without its secret: what the outputs hold with `keepSecretInState: false`. */
export function withoutSecret(credential: Credential): Omit<Credential, "clientSecret"> {
    const { clientSecret: _secret, ...rest } = credential;
    return rest;
}

/** The slot that is active at a generation. */
export function activeSlotOf(generation: number): Slot {
    return generation % 2 === 0 ? "a" : "b";
}

/** A credential's record. */
export function credential(slot: Slot, clientId: string, clientSecret: string, rotatedAt: string): Credential {
    return { slot, clientId, clientSecret, rotatedAt, fingerprint: fingerprint(clientSecret) };
}

function readCredential(value: unknown, slot: Slot): Credential {
    const raw = (value && typeof value === "object" ? value : {}) as Record<string, unknown>;
    const secret = typeof raw.clientSecret === "string" ? raw.clientSecret : "";
    return {
        slot: raw.slot === "a" || raw.slot === "b" ? raw.slot : slot,
        clientId: String(raw.clientId ?? ""),
        clientSecret: secret,
        rotatedAt: String(raw.rotatedAt ?? ""),
        fingerprint: typeof raw.fingerprint === "string" ? raw.fingerprint : secret ? fingerprint(secret) : "",
    };
}

/** Reads state written by any version of this provider (version 1 is the first). */
export function upgradeState(props: Record<string, unknown>): PairState {
    const generation = Number(props.generation ?? 0);
    const activeSlot = activeSlotOf(generation);
    const active = readCredential(props.active, activeSlot);
    const previous = readCredential(props.previous, activeSlot === "a" ? "b" : "a");
    return {
        active,
        previous,
        generation,
        activeSlot,
        activeFingerprint: active.fingerprint,
        previousFingerprint: previous.fingerprint,
        triggers: (props.triggers && typeof props.triggers === "object" ? props.triggers : {}) as PairState["triggers"],
        reason: String(props.reason ?? ""),
        verification: props.verification === "failed" || props.verification === "skipped" ? props.verification : "passed",
        schemaVersion,
        ...(Array.isArray(props.deliverTo) ? { deliverTo: props.deliverTo as Target[] } : {}),
        ...(Array.isArray(props.receipts) ? { receipts: props.receipts as Receipt[] } : {}),
        ...(props.previousLost === true ? { previousLost: true } : {}),
    };
}

/** The state for a pair of credentials at a generation. */
export function pairState(generation: number, active: Credential, previous: Credential, triggers: PairState["triggers"], reason: string): PairState {
    return {
        active,
        previous,
        generation,
        activeSlot: active.slot,
        activeFingerprint: active.fingerprint,
        previousFingerprint: previous.fingerprint,
        triggers,
        reason,
        schemaVersion,
    };
}
