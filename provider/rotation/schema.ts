/**
 * The inputs of the `SecretRotation` resource, as a strict zod schema.
 *
 * `check` validates with it, and the checked output (verify defaulted, triggers as given) is what
 * `diff`, `create` and `update` receive. Every message says which field is wrong and how to fix it.
 */
import { z } from "zod";
import { accountInput } from "../core/account";
import { rotationInputsObject } from "../secrets/schema";

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
