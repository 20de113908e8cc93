/**
 * The non-secret fingerprint of a secret, shared by the rotation resources (state, audit logs) and
 * secret delivery (receipts, drift checks against a store).
 */
import { createHash } from "node:crypto";

/** The non-secret fingerprint of a secret: a 48-bit hash prefix, useless for guessing it. */
export function fingerprint(secret: string): string {
    return createHash("sha256").update(secret).digest("hex").slice(0, 12);
}
