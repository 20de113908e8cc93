/**
 * The inputs every rotating resource shares (`triggers`, `rotateAfter`, `verify`), and the strict
 * inputs object of a rotation resource, as zod schemas. Shared by SecretRotation, the
 * RotatingCredentials component and its CredentialPair, and VendorCredential (`triggers`).
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
 * `withDelivery`, provider/delivery/hooks.ts). Shared with the RotatingCredentials component's
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
