/**
 * Compile-time proof that the hand-written `Args` interfaces and resource classes have exactly the
 * fields of the zod schemas that check validates with and that scripts/gen-docs.ts documents them
 * from: `tsc` (and so `npm run build` and `npm test`) fails naming the field that one side has and
 * the other lacks, or an `Args` type the schema would refuse.
 *
 * Why the interfaces stay hand-written instead of being derived (`z.input<typeof schema>` mapped to
 * `pulumi.Input<>`): a derived type loses the doc comments an editor shows on hover, and some fields
 * are not the schema's (`application` is an `Application` or a client id; outputs are
 * `pulumi.Output`s; `applications` and `pair` are resources). Their doc comments are generated
 * from the same descriptions, so hover, docs/*.md and schema/resources.json say the same.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { Application, ApplicationArgs } from "../../provider/application/resource";
import type { applicationOutputs } from "../../provider/application/outputs";
import type { applicationInputs } from "../../provider/application/schema";
import type { DeliveryArgs, DeliveryTarget, Receipt } from "../../provider/delivery/args";
import type { receipt } from "../../provider/delivery/outputs";
import type { deliveryInputs, target } from "../../provider/delivery/schema";
import type { applicationInfo, scopeInfo } from "../../provider/lookups/outputs";
import type { ApplicationInfo, ScopeInfo } from "../../provider/lookups/types";
import type { rotatingCredentialsInputs } from "../../provider/rotating-credentials/component-schema";
import type { credential, credentialPairOutputs, rotatingCredentialsOutputs } from "../../provider/rotating-credentials/outputs";
import type {
    Credential,
    CredentialPair,
    CredentialPairArgs,
    RotatingCredentials,
    RotatingCredentialsArgs,
} from "../../provider/rotating-credentials/resource";
import type { credentialPairInputs } from "../../provider/rotating-credentials/schema";
import type { secretRotationOutputs } from "../../provider/rotation/outputs";
import type { SecretRotation, SecretRotationArgs } from "../../provider/rotation/resource";
import type { secretRotationInputs } from "../../provider/rotation/schema";
import type { scopeTtlsOutputs } from "../../provider/scope-ttls/outputs";
import type { ScopeTtls, ScopeTtlsArgs } from "../../provider/scope-ttls/resource";
import type { scopeTtlsInputs } from "../../provider/scope-ttls/schema";
import type { vendorCredentialOutputs } from "../../provider/vendor-credential/outputs";
import type { GetAccessTokenArgs } from "../../provider/vendor-credential/access-token";
import type { VendorCredential, VendorCredentialArgs } from "../../provider/vendor-credential/resource";
import type { credentialInputs } from "../../provider/vendor-credential/schema";
import type { AccessToken } from "../../provider/vendors/access-token";
import type { accessTokenOutput } from "../../provider/vendors/outputs";
import type { VendorName, vendorSettings } from "../../provider/vendors/settings";

/**
 * A type without `undefined` in its fields, at every depth (optional fields stay optional), and
 * literals widened: a field typed `string` where check accepts a few names (a region) is fine, one
 * typed `number` where check wants a string is not.
 */
type Plain<T> = T extends string
    ? string
    : T extends number
      ? number
      : T extends boolean
        ? boolean
        : T extends null | undefined
          ? T
          : T extends readonly unknown[]
            ? { [K in keyof T]: Plain<Exclude<T[K], undefined>> }
            : T extends object
              ? { [K in keyof T]: Plain<Exclude<T[K], undefined>> }
              : T;

/** Every field path of a type: `adopt`, `adopt.clientId`, `deliverTo.file.path`. */
type Paths<T> = T extends readonly (infer Item)[]
    ? Paths<Item>
    : T extends object
      ? { [K in keyof T & string]-?: K | `${K}.${Paths<NonNullable<T[K]>>}` }[keyof T & string]
      : never;

/**
 * What a check reports: the fields only the hand-written type has, those only the schema has, and
 * whether every value the type allows has the schema's shape.
 */
interface Agreement<Written, Schema> {
    onlyWritten: Exclude<Paths<Written>, Paths<Schema>>;
    onlySchema: Exclude<Paths<Schema>, Paths<Written>>;
    fits: [Plain<Written>] extends [Plain<Schema>] ? true : false;
}

/** Compiles only when the two agree; the error shows the Agreement that does not. */
type Agree<A extends { onlyWritten: never; onlySchema: never; fits: true }> = A;

/** What a program passes, as the engine resolves it. */
type Written<Args> = pulumi.Unwrap<Args>;

/** The outputs a resource class declares (its own fields, without the Resource base's). */
type Declared<R, Base> = pulumi.Unwrap<Omit<R, keyof Base>>;

/** One vendor's arguments (of VendorCredential, or of getAccessTokenOutput), `vendor` narrowed to that vendor. */
type VendorArgs<V extends VendorName, All = VendorCredentialArgs> = All extends infer Args
    ? Args extends { vendor: infer Names }
        ? V extends Names
            ? Omit<Args, "vendor"> & { vendor: V }
            : never
        : never
    : never;

/**
 * One vendor's schema inputs, plus `deliverTo` (which check judges apart from them); Brite's
 * arguments leave out `requiredScopes` on purpose (its tokens carry no scopes; check refuses it).
 */
type VendorInputs<V extends VendorName> = Omit<z.input<(typeof credentialInputs)[V]>, V extends "brite" ? "requiredScopes" : never> &
    Pick<z.input<typeof deliveryInputs>, "deliverTo">;

/** The checks; a disagreement is a compile error on its line. */
export type Checks = [
    Agree<Agreement<Written<Omit<ApplicationArgs, "__discardSecret">>, z.input<typeof applicationInputs>>>,
    Agree<Agreement<Written<DeliveryArgs>, z.input<typeof deliveryInputs>>>,
    Agree<Agreement<Written<DeliveryTarget>, z.input<typeof target>>>,
    Agree<Agreement<Written<Omit<SecretRotationArgs, "application">> & { clientId: string }, z.input<typeof secretRotationInputs>>>,
    Agree<Agreement<Written<CredentialPairArgs>, z.input<typeof credentialPairInputs>>>,
    Agree<Agreement<Written<RotatingCredentialsArgs>, z.input<typeof rotatingCredentialsInputs>>>,
    Agree<Agreement<Written<ScopeTtlsArgs>, z.input<typeof scopeTtlsInputs>>>,
    Agree<Agreement<Written<VendorArgs<"bringg">>, VendorInputs<"bringg">>>,
    Agree<Agreement<Written<VendorArgs<"deliveryHub">>, VendorInputs<"deliveryHub">>>,
    Agree<Agreement<Written<VendorArgs<"bruin">>, VendorInputs<"bruin">>>,
    Agree<Agreement<Written<VendorArgs<"brainysoft">>, VendorInputs<"brainysoft">>>,
    Agree<Agreement<Written<VendorArgs<"brite">>, VendorInputs<"brite">>>,
    Agree<Agreement<Written<VendorArgs<"oauth2">>, VendorInputs<"oauth2">>>,
    Agree<Agreement<Written<VendorArgs<"bringg", GetAccessTokenArgs>>, z.input<(typeof vendorSettings)["bringg"]>>>,
    Agree<Agreement<Written<VendorArgs<"deliveryHub", GetAccessTokenArgs>>, z.input<(typeof vendorSettings)["deliveryHub"]>>>,
    Agree<Agreement<Written<VendorArgs<"bruin", GetAccessTokenArgs>>, z.input<(typeof vendorSettings)["bruin"]>>>,
    Agree<Agreement<Written<VendorArgs<"brainysoft", GetAccessTokenArgs>>, z.input<(typeof vendorSettings)["brainysoft"]>>>,
    Agree<Agreement<Written<VendorArgs<"brite", GetAccessTokenArgs>>, z.input<(typeof vendorSettings)["brite"]>>>,
    Agree<Agreement<Written<VendorArgs<"oauth2", GetAccessTokenArgs>>, z.input<(typeof vendorSettings)["oauth2"]>>>,
    Agree<Agreement<Declared<Application, pulumi.dynamic.Resource>, z.output<typeof applicationOutputs>>>,
    Agree<Agreement<Declared<SecretRotation, pulumi.dynamic.Resource>, z.output<typeof secretRotationOutputs>>>,
    Agree<Agreement<Declared<CredentialPair, pulumi.dynamic.Resource>, z.output<typeof credentialPairOutputs>>>,
    Agree<Agreement<Declared<Omit<RotatingCredentials, "applications" | "pair">, pulumi.ComponentResource>, z.output<typeof rotatingCredentialsOutputs>>>,
    Agree<Agreement<Declared<ScopeTtls, pulumi.dynamic.Resource>, z.output<typeof scopeTtlsOutputs>>>,
    Agree<Agreement<Declared<VendorCredential, pulumi.dynamic.Resource>, z.output<typeof vendorCredentialOutputs>>>,
    Agree<Agreement<Credential, z.output<typeof credential>>>,
    Agree<Agreement<Receipt, z.output<typeof receipt>>>,
    Agree<Agreement<ScopeInfo, z.output<typeof scopeInfo>>>,
    Agree<Agreement<ApplicationInfo, z.output<typeof applicationInfo>>>,
    Agree<Agreement<AccessToken, z.output<typeof accessTokenOutput>>>,
];
