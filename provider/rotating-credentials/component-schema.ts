/**
 * The RotatingCredentials component's arguments as a zod schema, for documentation: the
 * component validates nothing itself (its Applications and CredentialPair check their own
 * inputs), but its doc comments (resource.ts) and the inputs table of docs/rotation.md are
 * generated from these descriptions by scripts/gen-docs.ts, and test/docs/agreement.ts checks
 * that `RotatingCredentialsArgs` has exactly these fields.
 */
import { z } from "zod";
import { applicationInputs } from "../application/schema";
import { accountInput } from "../core/account";
import { deliveryFields } from "../delivery/schema";
import { rotateAfter, triggers, verify } from "../secrets/schema";

/** The RotatingCredentials component's arguments. */
export const rotatingCredentialsInputs = z
    .strictObject({
        scopes: applicationInputs.shape.scopes.unwrap().meta({
            description: 'The scopes of both applications, e.g. `["tasks_read"]`. Changing them replaces both applications.',
        }),
        triggers: triggers.meta({
            description:
                "Arbitrary keys and values; any change bumps: the standby application gets a new secret and becomes `active`, the " +
                "formerly active one becomes `previous`.",
        }),
        rotateAfter: rotateAfter.meta({ description: 'Also bump once this long has passed since the active secret was generated (`"90d"`, `"12h"`).' }),
        verify: verify.meta({ description: "Verify each new secret (default `true`); a failed check keeps the roles and the next `pulumi up` bumps again." }),
        applicationNames: z
            .tuple([z.string(), z.string()])
            .optional()
            .meta({
                description:
                    "Display names of the two applications in Bringg. Default: generated from `<name>-a` and `<name>-b` with a random " +
                    "suffix (`pulumi:autonaming` is honoured), kept for their life.",
            }),
        ...deliveryFields,
        account: accountInput,
    })
    .meta({
        title: "bringg.RotatingCredentials",
        description: "Zero-downtime client credentials: two enabled Bringg applications with the same scopes, rotated alternately.",
    });
