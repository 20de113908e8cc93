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
import { scopeNamePattern } from "../api/wire";
import { scopeNameProblem } from "../core/scope-names";

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
                .meta({
                    description:
                        "Display name in Bringg: 1–255 characters, no control or text-direction characters. Default: the resource name plus 7 random " +
                        "hex digits (`dashboards-3f9a2c1`), generated once and kept for the application's life; `pulumi:autonaming` (mode, pattern) " +
                        "is honoured. An adopted application keeps its current name. Bringg cannot rename an application, so a change replaces it.",
                }),
            scopes: z
                .array(scope, { error: `scopes must be a list of scope names, e.g. ${scopeExample}` })
                .min(1, "scopes must name at least one scope: an application without scopes cannot call any API")
                .transform(normalizeScopes)
                .optional()
                .meta({
                    description:
                        'The scopes the application may request, e.g. `["tasks_read", "users_read"]`. Required unless `adopt` is set. A set: order ' +
                        "and duplicates never cause a change. Bringg cannot change an application's scopes, so a change replaces the application " +
                        "(the new one is created before the old one is deleted).",
                }),
            enabled: z
                .boolean({ error: "enabled must be true or false" })
                .optional()
                .meta({
                    description:
                        "Whether the application can obtain tokens. Default `false`, Bringg's own default (an adopted application is left as " +
                        "found); a change updates in place. Enabling an application at once stops unauthenticated access to every API endpoint " +
                        "its scopes cover: move callers to tokens first.",
                }),
            adopt: z
                .strictObject(
                    {
                        clientId: z
                            .string({ error: "adopt.clientId must be a string: the client id of an application that already exists in Bringg" })
                            .trim()
                            .min(1, "adopt.clientId must not be empty: copy the client id from Bringg → Settings → Webhooks & API")
                            .meta({ description: "The application's client id, from Bringg → Settings → Webhooks & API." }),
                    },
                    { error: 'adopt must be an object { clientId: "<client id>" }' },
                )
                .optional()
                .meta({
                    description:
                        "Manage an application that already exists (made in Bringg's web UI) instead of creating one; Pulumi's `import` cannot " +
                        "work for dynamic resources, so this is the way in. Its secret was shown once, in the UI, so `clientSecret` stays unknown " +
                        "(`clientSecretKnown` is false) until it is rotated. Naming another application replaces the resource.",
                }),
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
