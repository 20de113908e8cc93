/**
 * The Application's outputs as programs read them, described once: the class's doc comments
 * (resource.ts) and the outputs table of docs/application.md are generated from this schema by
 * scripts/gen-docs.ts, and test/docs/agreement.ts checks that the class declares exactly these.
 * Documentation only: the state comes from Bringg through mapping.ts, never parsed with this.
 */
import { z } from "zod";
import { accountOutput, schemaVersionOutput } from "../core/outputs";
import { receiptsOutput } from "../delivery/outputs";

/** The Application's outputs. */
export const applicationOutputs = z.object({
    clientId: z.string().meta({ description: "The OAuth client id; never changes for the application's life." }),
    clientSecret: z
        .string()
        .optional()
        .meta({
            description:
                "The client secret, always a Pulumi secret. Undefined for an adopted application (until its secret is rotated) and with " +
                "`keepSecretInState: false`.",
        }),
    clientSecretKnown: z.boolean().meta({ description: "`false` when `clientSecret` is unknown: an adopted application whose secret was never rotated." }),
    fingerprint: z
        .string()
        .optional()
        .meta({ description: "First 12 hex digits of SHA-256 of the secret (not secret); undefined when the secret is unknown." }),
    receipts: receiptsOutput("the secret"),
    applicationId: z.number().meta({ description: "Bringg's numeric id of the application (also the resource id)." }),
    name: z.string().meta({ description: "The display name, as Bringg reports it." }),
    scopes: z.array(z.string()).meta({ description: "The scopes, as Bringg reports them: sorted, without duplicates." }),
    enabled: z.boolean().meta({ description: "Whether the application can obtain tokens, as Bringg reports it." }),
    createdAt: z.string().meta({ description: "When Bringg created the application (ISO 8601)." }),
    account: accountOutput,
    schemaVersion: schemaVersionOutput,
});
