/**
 * What the lookups return, described once as zod schemas: the doc comments of ./types.ts are
 * generated from them by scripts/gen-docs.ts, the package schema's function outputs by
 * scripts/gen-package-schema.ts, and test/docs/agreement.ts checks that the types have exactly
 * these fields. Documentation only: results are built by ./query.ts, never parsed with this.
 */
import { z } from "zod";

/** One scope of the account's catalog, as `getScopes` returns it. */
export const scopeInfo = z
    .object({
        name: z.string().meta({ description: "The scope's name, as applications and `ScopeTtls` spell it (case-sensitive)." }),
        description: z.string().optional().meta({ description: "Bringg's description of the scope, when it gives one." }),
        parent: z.string().optional().meta({ description: "The enclosing scope (`tasks_write` for `create_task`); undefined for a logical group." }),
        group: z.string().meta({ description: "The logical group at the top of the scope's branch (`Customer` for `Create_customer`)." }),
        access: z.enum(["read", "write", "both"]).meta({
            description:
                "`read` or `write` for the scopes under a group's `_read` or `_write` branch, `both` for a group. Inferred from the tree's " +
                "names (docs/bringg-api.md#scope-hierarchy: group → `<group>_read` / `<group>_write` → endpoints); where a name says " +
                "neither, from the default TTL (Bringg's defaults: 30 min write, 4 h read).",
        }),
        ttlSeconds: z.number().meta({ description: "The token TTL in force, in seconds: the override if one is set, else the default." }),
        defaultTtlSeconds: z.number().meta({ description: "Bringg's default TTL, in seconds." }),
        overridden: z.boolean().meta({ description: "True when an override is in force (`ttlSeconds` differs from the default)." }),
    })
    .meta({ title: "ScopeInfo", description: "One scope of the account's catalog." });

/** An application, as the lookups return it: everything but the secret. */
export const applicationInfo = z
    .object({
        applicationId: z.number().meta({ description: "Bringg's numeric id." }),
        clientId: z.string().meta({ description: "The OAuth client id: give it to `Application`'s `adopt` to manage the application." }),
        name: z.string().meta({ description: "The display name." }),
        scopes: z.array(z.string()).meta({ description: "The scopes, sorted." }),
        enabled: z.boolean().meta({ description: "Whether the application can obtain tokens." }),
        createdAt: z.string().meta({ description: "When Bringg created it (ISO 8601)." }),
    })
    .meta({ title: "ApplicationInfo", description: "An application of the account: everything but the secret." });
