/**
 * Compile-time proof that the documented ways of passing one resource's outputs into a credential
 * type-check as a user writes them, without unwrapping: an Application's `clientSecret` (undefined
 * for an adopted application or with `keepSecretInState: false`, so typed `string | undefined`)
 * into a Bringg `VendorCredential` (examples/vendor-credentials), and a `VendorCredential`'s own
 * outputs into `getAccessTokenOutput` (docs/vendors.md). `tsc` fails on the line that no longer fits.
 * When such an output is undefined at run time, check refuses it naming the field (check.test.ts).
 */
import type { Application } from "../../provider/application/resource";
import type { GetAccessTokenArgs } from "../../provider/vendor-credential/access-token";
import type { VendorCredential, VendorCredentialArgs } from "../../provider/vendor-credential/resource";

/** Compiles only when `Given` is assignable to `Wanted`. */
type Fits<Given extends Wanted, Wanted> = Given;

/** The checks; a pattern that no longer fits is a compile error on its line. */
export type Patterns = [
    Fits<{ vendor: "bringg"; clientId: Application["clientId"]; clientSecret: Application["clientSecret"]; endpoint: string }, VendorCredentialArgs>,
    Fits<{ vendor: "bruin"; clientId: VendorCredential["clientId"]; clientSecret: VendorCredential["clientSecret"]; scope: string }, GetAccessTokenArgs>,
    Fits<{ vendor: "brite"; publicKey: VendorCredential["publicKey"]; secret: VendorCredential["secret"]; environment: "sandbox" }, GetAccessTokenArgs>,
];
