/**
 * The VendorCredential's outputs as programs read them, described once: the class's doc comments
 * (resource.ts) and the outputs table of docs/vendors.md are generated from this schema by
 * scripts/gen-docs.ts, and test/docs/agreement.ts checks that the class declares exactly these.
 * Documentation only: the state comes from the verification through mapping.ts, never parsed with this.
 */
import { z } from "zod";
import { schemaVersionOutput } from "../core/outputs";
import { receiptsOutput } from "../delivery/outputs";
import { vendorNames } from "../vendors/settings";

/** The VendorCredential's outputs. */
export const vendorCredentialOutputs = z.object({
    vendor: z.enum(vendorNames).meta({ description: "The vendor profile." }),
    clientId: z.string().optional().meta({ description: "The client id (Brite: absent; see `publicKey`)." }),
    clientSecret: z.string().optional().meta({ description: "The client secret, a Pulumi secret (for delivery to the services that use it)." }),
    publicKey: z.string().optional().meta({ description: "Brite's public key." }),
    secret: z.string().optional().meta({ description: "Brite's secret, a Pulumi secret." }),
    status: z.enum(["verified", "rejected"]).meta({
        description: '`"verified"`, or `"rejected"` when a refresh (with `verifyOnRefresh`) found the vendor refusing it; see `problem`.',
    }),
    verifiedAt: z.string().meta({ description: "When the credential last obtained a token during `pulumi up` (ISO 8601)." }),
    tokenLifetime: z
        .number()
        .optional()
        .meta({ description: "The token lifetime in seconds the vendor reported at verification (Bruin 3600, Brainysoft 299); absent if it did not say." }),
    tokenType: z.string().meta({ description: "The token type the vendor named (`Bearer`)." }),
    grantedScopes: z.array(z.string()).meta({ description: "The scopes the token granted (empty for Brite)." }),
    fingerprint: z.string().meta({
        description:
            "First 12 hex digits of SHA-256 of the secret, as every resource's and every receipt's `fingerprint`: not secret; safe to log, and to compare copies.",
    }),
    problem: z.string().optional().meta({ description: "Why a refresh found the credential refused; absent while it works." }),
    receipts: receiptsOutput("the credential"),
    schemaVersion: schemaVersionOutput,
});
