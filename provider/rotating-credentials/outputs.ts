/**
 * The outputs of CredentialPair and of the RotatingCredentials component as programs read them,
 * described once: the classes' doc comments (resource.ts), the `Credential` doc comments and the
 * outputs tables of docs/rotation.md are generated from these schemas by scripts/gen-docs.ts, and
 * test/docs/agreement.ts checks that the classes declare exactly these. Documentation only: the
 * state comes from Bringg through mapping.ts, never parsed with this.
 */
import { z } from "zod";
import { accountOutput, schemaVersionOutput } from "../core/outputs";
import { receiptsOutput } from "../delivery/outputs";
import { verificationOutput } from "../secrets/outputs";

/** One working credential of the pair. */
export const credential = z
    .object({
        slot: z.enum(["a", "b"]).meta({ description: "Which application of the pair: `a` or `b`." }),
        clientId: z.string().meta({ description: "The application's OAuth client id." }),
        clientSecret: z.string().meta({ description: "The client secret; absent with `keepSecretInState: false` (read it from a `deliverTo` store)." }),
        rotatedAt: z.string().meta({ description: "When Bringg generated this secret (ISO 8601)." }),
        fingerprint: z.string().meta({ description: "First 12 hex digits of SHA-256 of the secret (not secret)." }),
    })
    .meta({ title: "Credential" });

/** The CredentialPair's outputs. */
export const credentialPairOutputs = z.object({
    active: credential.meta({
        title: "Credential",
        description: "The credential to use now, a Pulumi secret: THE value to publish (`{ slot, clientId, clientSecret, rotatedAt, fingerprint }`).",
    }),
    previous: credential.meta({
        title: "Credential",
        description:
            "The credential that was active before the last bump, a Pulumi secret; it works until the next bump (a fallback for " + "consumers that keep one).",
    }),
    generation: z.number().meta({ description: "Bumps since creation; slot a is active when it is even." }),
    activeSlot: z.enum(["a", "b"]).meta({ description: "The active slot, `a` or `b`." }),
    activeFingerprint: z.string().meta({ description: "Fingerprint of the active secret (not secret), for audit logs." }),
    previousFingerprint: z.string().meta({ description: "Fingerprint of the previous secret (not secret)." }),
    verification: verificationOutput.meta({
        description: '`"passed"`, `"skipped"` (`verify: false`) or `"failed"` (the next `pulumi up` bumps again) for the newest secret.',
    }),
    reason: z.string().meta({ description: "Why the last bump happened." }),
    schemaVersion: schemaVersionOutput,
    receipts: receiptsOutput("the credentials"),
    account: accountOutput,
});

/** The RotatingCredentials component's outputs (besides `applications` and `pair`, its resources). */
export const rotatingCredentialsOutputs = credentialPairOutputs.pick({ active: true, previous: true, generation: true, activeFingerprint: true });
