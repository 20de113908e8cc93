/**
 * Output fields every resource shares, described once for the output schemas (each resource's
 * outputs.ts), from which scripts/gen-docs.ts generates the docs tables and the resource classes'
 * doc comments. Nothing validates state with them: state comes from the server through mapping.ts.
 */
import { z } from "zod";

/** The `account` output of the resources that live in a Bringg account. */
export const accountOutput = z.string().optional().meta({ description: "The named account the resource lives in; undefined for the default settings." });

/** The `schemaVersion` output. */
export const schemaVersionOutput = z.number().meta({
    description: "The version of the state's shape, so that later provider versions read old state without a diff.",
});
