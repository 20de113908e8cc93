/**
 * `getAccessTokenOutput`: the Output form of `getAccessToken` (provider/vendors/access-token.ts)
 * for Pulumi programs, taking Inputs (a secret from config, a credential's outputs) and returning
 * the token as a Pulumi secret, so that it is encrypted wherever the program puts it.
 */
import * as pulumi from "@pulumi/pulumi";
import { lookupOutput } from "../lookups/output";
import { getAccessToken, type AccessToken } from "../vendors/access-token";
import type { VendorCredentialArgs } from "./resource";

/**
 * Arguments of {@link getAccessTokenOutput}: a credential's vendor settings, as Inputs. (Omitted per
 * vendor: `Omit` of the union itself would keep only the keys every vendor shares.)
 */
export type GetAccessTokenArgs = VendorCredentialArgs extends infer Args
    ? Args extends unknown
        ? Omit<Args, "requiredScopes" | "minLifetime" | "triggers" | "verifyOnRefresh" | "deliverTo">
        : never
    : never;

/**
 * A token for the vendor settings (the same fields as a `VendorCredential`), as a secret Output.
 * Served from the process's cache until 60 s before expiry. Runs during `pulumi preview` too once
 * its arguments are known, like any function a program calls.
 *
 * @example
 * ```ts
 * const token = bringg.getAccessTokenOutput({ vendor: "bruin", clientId, clientSecret, scope: "public_api" });
 * export const bruinToken = token.accessToken; // [secret]
 * ```
 */
export function getAccessTokenOutput(args: GetAccessTokenArgs): pulumi.Output<AccessToken> {
    return pulumi.secret(lookupOutput(args as pulumi.Input<Record<string, unknown>>, (resolved) => getAccessToken(resolved)));
}
