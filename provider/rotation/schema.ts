/**
 * The inputs of the `SecretRotation` resource, as a strict zod schema.
 *
 * `check` validates with it, and the checked output (verify defaulted, triggers as given) is what
 * `diff`, `create` and `update` receive. Every message says which field is wrong and how to fix it.
 */
import { z } from "zod";
import { accountInput } from "../core/account";
import { deliveryFields } from "../delivery/schema";

/** A trigger value: anything that prints stably; objects are compared as canonical JSON. */
const triggerValue = z.union([z.string(), z.number(), z.boolean(), z.null()], {
    error: 'each trigger value must be a string, number or boolean, e.g. { quarter: "2026-Q4" }',
});

/**
 * The triggers map. A change of any key or value generates a new secret; the values carry no other
 * meaning. Shared with the RotatingCredentials component.
 */
export const triggers = z
    .record(z.string(), triggerValue, {
        error: 'triggers must be a map of strings, e.g. { quarter: "2026-Q4" }',
    })
    .optional()
    .meta({
        description:
            'Arbitrary keys and values ("keepers"), e.g. `{ quarter: "2026-Q4" }`: any change (a key added, removed or changed) generates ' +
            "a new secret on the next `pulumi up`.",
    });

/** The `rotateAfter` duration as written, e.g. "90d"; parsed by `parseDuration` in check. */
export const rotateAfter = z
    .string({ error: 'rotateAfter must be a duration string such as "90d" or "12h"' })
    .trim()
    .min(1, 'rotateAfter must not be empty: write a duration such as "90d" or "12h", or leave it out')
    .optional()
    .meta({
        description:
            'Also rotate once this long has passed since the last rotation: `"90d"`, `"12h"`, `"1h30m"`. Judged by every `pulumi up`/`preview` ' +
            "against `rotatedAt` (no refresh needed); nothing happens between runs, so schedule the runs (e.g. a nightly `pulumi up`). " +
            "Changing it never rotates by itself.",
    });

/** The `verify` flag. */
export const verify = z
    .boolean({ error: "verify must be true or false" })
    .optional()
    .meta({
        description:
            "After generating, obtain a token with the new secret and confirm that the old secret and its tokens are refused (default " +
            "`true`). A failed check fails the command but keeps the new secret. Changing it never rotates by itself.",
    });

/**
 * The strict inputs object of a rotation resource: its application field(s), then `triggers`,
 * `rotateAfter`, `verify`, `deliverTo` and `keepSecretInState` (the last two judged by
 * checkDelivery, provider/delivery/schema.ts). Shared with the RotatingCredentials component's
 * CredentialPair.
 *
 * @param resource The resource's name in messages, e.g. `SecretRotation`.
 * @param applicationInput How the program names the application field(s), e.g. `application`.
 */
export function rotationInputsObject<Application extends z.ZodRawShape>(resource: string, applicationInput: string, application: Application) {
    return z.strictObject(
        { ...application, triggers, rotateAfter, verify, ...deliveryFields, account: accountInput },
        {
            error: (issue) =>
                issue.code === "unrecognized_keys"
                    ? undefined
                    : `the ${resource}'s inputs must be an object with ${applicationInput}, triggers, rotateAfter, verify, deliverTo, keepSecretInState and account`,
        },
    );
}

/** The SecretRotation's inputs. */
export const secretRotationInputs = rotationInputsObject("SecretRotation", "application", {
    clientId: z
        .string({ error: "application must be an Application resource or the client id of an existing application" })
        .trim()
        .min(1, "application must not be empty: pass an Application resource or a client id from Bringg → Settings → Webhooks & API")
        .meta({
            description:
                "The application whose secret this resource owns: an `Application` resource, or the client id of an application made " +
                "outside this stack (an adopted one). Changing it replaces the rotation.",
        }),
})
    .extend({
        account: accountInput.meta({
            description:
                "The named account (an entry of `bringg:accounts`) the application lives in. Defaults to the account of `application` " +
                "when it is an `Application` resource, else the default settings. Kept in the state so refresh and destroy reach the " +
                "same account; changing it replaces the rotation.",
        }),
    })
    .meta({
        title: "bringg.SecretRotation",
        description: "Generates a new client secret for a Bringg application whenever a trigger changes or rotateAfter has passed.",
    });

/** The inputs as the dynamic provider receives them. */
export type SecretRotationInputs = z.input<typeof secretRotationInputs>;

/** The inputs after check. */
export type CheckedSecretRotationInputs = z.output<typeof secretRotationInputs>;
