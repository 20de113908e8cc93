/**
 * The inputs of the `VendorCredential` resource, as strict zod schemas: one per vendor, each the
 * vendor's token settings (provider/vendors/settings.ts) plus what this resource adds:
 * `requiredScopes`, `minLifetime`, `triggers` and `verifyOnRefresh`.
 *
 * `check` picks the vendor's schema by `vendor` (so an unknown vendor is one clear failure), and
 * scripts/gen-schema.ts documents the union of all of them.
 */
import { z } from "zod";
import { tryParseDuration } from "../core/duration";
import { deliverTo } from "../delivery/schema";
import { triggers } from "../secrets/schema";
import { crossFieldIssues, splitScopes, vendorNames, vendorShapes, type VendorName } from "../vendors/settings";

/** The inputs every vendor's credential takes besides its token settings. */
export const commonShape = {
    requiredScopes: z
        .array(z.string({ error: "each required scope must be a string" }).trim().min(1, "a required scope must not be empty"), {
            error: 'requiredScopes must be a list of scope names, e.g. ["public_api"]',
        })
        .optional()
        .meta({ description: "Scopes the token must grant; `pulumi up` fails naming the missing ones. Not for Brite (its tokens carry no scopes)." }),
    minLifetime: z
        .union([z.string(), z.number()], { error: 'minLifetime must be a duration such as "10m" or a number of seconds' })
        .optional()
        .meta({ description: 'Shortest acceptable token lifetime (`"10m"`, `"1h"`, or seconds); verification fails below it.' }),
    triggers: triggers.meta({ description: "Arbitrary keys and values; any change verifies the credential again on the next `pulumi up`." }),
    verifyOnRefresh: z
        .boolean({ error: "verifyOnRefresh must be true or false" })
        .optional()
        .meta({
            description:
                'Also request a token on `pulumi refresh` (default `false`): a credential revoked at the vendor then shows as drift (`status: "rejected"`). ' +
                "Each check mints a token at the vendor.",
        }),
} as const;

/**
 * The `deliverTo` input as VendorCredential describes it. check judges it with checkDelivery
 * (provider/delivery/schema.ts), apart from the vendor's inputs; this is its documentation.
 */
export const credentialDeliverTo = deliverTo.meta({
    description:
        "Secret stores the verified credential is written to, after create and after every change that verified it again: " +
        '`{"clientId": <client id or Brite\'s public key>, "clientSecret": <secret>}` as JSON, or the bare secret with `format: "secret"`. ' +
        "Each leaves a non-secret receipt in `receipts`. See docs/secret-stores.md.",
});

/** The names of the inputs every vendor takes. */
export const commonInputs = Object.keys(commonShape) as (keyof typeof commonShape)[];

/**
 * The rules that span inputs: the vendor's (where tokens come from, Bruin's scope, Brainysoft's
 * customer key) and this resource's. Tolerates unparsed values, so that check can report them
 * next to the per-field problems.
 */
export function crossInputIssues(inputs: Record<string, unknown>): { path: string; message: string }[] {
    const issues = crossFieldIssues(inputs);
    const required = Array.isArray(inputs.requiredScopes) ? inputs.requiredScopes.filter((s): s is string => typeof s === "string") : [];
    if (inputs.vendor === "brite" && required.length > 0) {
        issues.push({ path: "requiredScopes", message: "requiredScopes does not apply to brite: Brite tokens carry no scopes; remove it" });
    }
    const requested = splitScopes(Array.isArray(inputs.scope) ? inputs.scope.join(" ") : typeof inputs.scope === "string" ? inputs.scope : undefined);
    const unrequested = required.filter((scope) => !requested.includes(scope));
    if (requested.length > 0 && unrequested.length > 0) {
        issues.push({
            path: "requiredScopes",
            message: `requiredScopes names ${unrequested.join(", ")}, which scope does not request: a vendor grants at most what is asked; add them to scope or remove them`,
        });
    }
    if (inputs.minLifetime !== undefined) {
        const duration = tryParseDuration(inputs.minLifetime);
        if (!duration.ok) issues.push({ path: "minLifetime", message: `minLifetime: ${duration.reason}` });
    }
    return issues;
}

function credentialSchema<V extends VendorName>(vendor: V) {
    return z
        .strictObject({ ...vendorShapes[vendor], ...commonShape })
        .superRefine((value, ctx) => {
            for (const issue of crossInputIssues(value)) ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
        })
        .meta({ title: `bringg.VendorCredential (${vendor})` });
}

/** Each vendor's VendorCredential inputs, by vendor. */
export const credentialInputs = {
    bringg: credentialSchema("bringg"),
    deliveryHub: credentialSchema("deliveryHub"),
    bruin: credentialSchema("bruin"),
    brainysoft: credentialSchema("brainysoft"),
    brite: credentialSchema("brite"),
    oauth2: credentialSchema("oauth2"),
};

/** Every vendor's inputs in one schema, for schema/resources.json. */
export const vendorCredentialInputs = z
    .discriminatedUnion(
        "vendor",
        vendorNames.map((vendor) => credentialInputs[vendor]) as unknown as [(typeof credentialInputs)["bringg"], ...(typeof credentialInputs)[VendorName][]],
    )
    .meta({
        title: "bringg.VendorCredential",
        description:
            "A credential issued by a vendor (Bringg, Delivery Hub, Bruin, Brainysoft, Brite or any OAuth 2.0 server), verified with one token request on create and on every change.",
    });

/** The inputs after check, for any vendor. */
export type CheckedCredentialInputs = z.output<(typeof credentialInputs)[VendorName]>;
