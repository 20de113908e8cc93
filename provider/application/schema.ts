/**
 * The inputs of the `Application` resource, as a strict zod schema.
 *
 * `check` validates with it (every message says which field is wrong and how to fix it),
 * scripts/gen-schema.ts turns it into schema/resources.json, and the checked output (scopes
 * deduplicated and sorted) is what `diff`, `create` and `update` receive.
 */
import { z } from "zod";
import { unsafeNameReason } from "../core/check";
import { normalizeScopes } from "../core/client";
import { accountInput } from "../core/account";
import { deliveryFields } from "../delivery/schema";
import { scopeNameProblem, scopeNamePattern } from "../core/scope-names";

/** Longest application name Bringg accepts. */
export const maxNameLength = 255;

const scopeExample = '["tasks_read", "users_read"]';

// Only the shape is checked here; whether the scope exists is checked against the account's catalog.
const scope = z.string().regex(scopeNamePattern, {
    error: (issue) =>
        `${JSON.stringify(issue.input)} is not a Bringg scope name: ${scopeNameProblem(String(issue.input))}; use the ` +
        "names Bringg lists under Settings → Webhooks & API, such as tasks_read or Customer_write",
});

/** The Application's inputs. */
export const applicationInputs = z
    .strictObject(
        {
            name: z
                .string({ error: "name must be a string: set it to the application's display name, or leave it out to use the resource name" })
                .trim()
                .min(1, "name must not be empty: set a display name, or leave name out to use the resource name")
                .max(maxNameLength, `name is longer than ${maxNameLength} characters: shorten it`)
                .superRefine((name, ctx) => {
                    const reason = unsafeNameReason(name, "name");
                    if (reason) ctx.addIssue({ code: "custom", message: reason });
                })
                .optional()
                .meta({ description: "Display name in Bringg. Defaults to the Pulumi resource name plus a random suffix (`dashboards-3f9a2c1`; `pulumi:autonaming` is honoured), kept for the application's life; an adopted application keeps its current name. Changing it replaces the application." }),
            scopes: z
                .array(scope, { error: `scopes must be a list of scope names, e.g. ${scopeExample}` })
                .min(1, "scopes must name at least one scope: an application without scopes cannot call any API")
                .transform(normalizeScopes)
                .optional()
                .meta({ description: "The scopes the application may request. A set: order and duplicates never matter. Bringg cannot change an application's scopes, so a change replaces the application." }),
            enabled: z
                .boolean({ error: "enabled must be true or false" })
                .optional()
                .meta({ description: "Whether the application can obtain tokens. Defaults to false, Bringg's own default (for an adopted application: left as found). Enabling an application stops unauthenticated access to every endpoint its scopes cover." }),
            adopt: z
                .strictObject(
                    {
                        clientId: z
                            .string({ error: "adopt.clientId must be a string: the client id of an application that already exists in Bringg" })
                            .trim()
                            .min(1, "adopt.clientId must not be empty: copy the client id from Bringg → Settings → Webhooks & API"),
                    },
                    { error: 'adopt must be an object { clientId: "<client id>" }' },
                )
                .optional()
                .meta({ description: "Bring an application created in Bringg's web UI under management instead of creating one. Its client secret is unknown to Pulumi (clientSecretKnown is false) until it is rotated." }),
            // Judged by checkDelivery (provider/delivery/schema.ts); listed here for strictness and schema/.
            ...deliveryFields,
            account: accountInput,
        },
        {
            error: (issue) =>
                issue.code === "unrecognized_keys"
                    ? undefined
                    : "the Application's inputs must be an object with name, scopes, enabled, adopt, deliverTo, keepSecretInState and account",
        },
    )
    .superRefine((inputs, ctx) => {
        if (inputs.scopes === undefined && inputs.adopt === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["scopes"],
                message: `scopes is required: list the scopes the application may use, e.g. ${scopeExample}, or set adopt to manage an existing application`,
            });
        }
    })
    .meta({ title: "bringg.Application", description: "A Bringg OAuth application (client credentials)." });

/** The inputs as a program writes them. */
export type ApplicationInputs = z.input<typeof applicationInputs>;

/** The inputs after check: trimmed name, scopes as a sorted set, `enabled` defaulted. */
export type CheckedApplicationInputs = z.output<typeof applicationInputs>;
