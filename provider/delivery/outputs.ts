/**
 * The `receipts` output of the resources that deliver credentials, described once: the `Receipt`
 * doc comments (store.ts), the receipts table of docs/secret-stores.md and each resource's
 * outputs table are generated from it by scripts/gen-docs.ts. Documentation only: receipts are made
 * by deliver.ts, never parsed with this.
 */
import { z } from "zod";
import { storeKinds } from "./schema";

/** One receipt, as a program reads it. */
export const receipt = z
    .object({
        target: z.number().meta({ description: "Index of the target in `deliverTo` at delivery time.", examples: [0] }),
        key: z.string().meta({
            description:
                "Hash of the store's identity and format, to match a receipt to its target when the list is reordered (a hash, so `run` " +
                "arguments never show).",
            examples: ["3f9c0a1b2c3d4e5f"],
        }),
        store: z.enum(storeKinds).meta({ description: "The store kind.", examples: ["awsSecretsManager"] }),
        reference: z.string().meta({
            description: "The secret's name or ARN, the file's path, or the command's program name.",
            examples: ["prod/bringg/dashboards", "/run/secrets/bringg.json", "vault"],
        }),
        versionId: z.string().meta({
            description: "Secrets Manager's version id of the written value; for a file or a command the same hash of what was written.",
            examples: ["1b4e28ba-2fa1-5d2b-..."],
        }),
        format: z.enum(["json", "secret"]).meta({ description: "The `format` it was written in.", examples: ["json"] }),
        fingerprint: z.string().meta({
            description: "First 12 hex digits of SHA-256 of the delivered (current) secret, the same as the resource's `fingerprint` output.",
            examples: ["a1b2c3d4e5f6"],
        }),
        previousFingerprint: z
            .string()
            .optional()
            .meta({ description: "Fingerprint of the previous secret, when one was delivered (`RotatingCredentials` in Secrets Manager: `AWSPREVIOUS`)." }),
        clientId: z.string().meta({ description: "The delivered client id (not a secret)." }),
        deliveredAt: z.string().meta({ description: "When the write completed (ISO 8601)." }),
    })
    .meta({ title: "Receipt" });

/**
 * The `receipts` output.
 *
 * @param holds What a target holds, e.g. `the secret`.
 */
export function receiptsOutput(holds: string) {
    return z
        .array(receipt)
        .optional()
        .meta({ description: `One non-secret receipt per \`deliverTo\` target that holds ${holds} (docs/secret-stores.md#receipts).` });
}
