/**
 * The ScopeTtls outputs as programs read them, described once: the class's doc comments
 * (resource.ts) and the outputs table of docs/scope-ttls.md are generated from this schema by
 * scripts/gen-docs.ts, and test/docs/agreement.ts checks that the class declares exactly these.
 * Documentation only: the state comes from Bringg through mapping.ts, never parsed with this.
 */
import { z } from "zod";
import { accountOutput, schemaVersionOutput } from "../core/outputs";

/** The ScopeTtls outputs. */
export const scopeTtlsOutputs = z.object({
    ttls: z.record(z.string(), z.number()).meta({ description: "The TTL in force for each managed scope, in seconds, as Bringg reports it." }),
    defaults: z
        .record(z.string(), z.number())
        .meta({ description: "Bringg's default TTL of each managed scope, in seconds: what removal from `ttls` or `pulumi destroy` reverts it to." }),
    account: accountOutput,
    schemaVersion: schemaVersionOutput,
});
