/**
 * The `VendorCredential` resource class that programs use, and its arguments per vendor.
 *
 * It holds no logic: its provider is the shim, which loads
 * `pulumi-bringg/provider/vendor-credential/provider` by name inside each hook, so `__provider`
 * never captures settings, schemas, HTTP clients or the credential.
 */
import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "../core/shim";
import type { DeliveryArgs, Receipt } from "../delivery/args";
import { deliveryTargetsTakenBy } from "../delivery/claims";
import { BringgResource } from "../core/registration";

/** One provider object for every VendorCredential: Pulumi serializes it once and caches the text. */
const provider = dynamicProvider("pulumi-bringg/provider/vendor-credential/provider");

type In<T> = pulumi.Input<T>;

/**
 * A credential field (`clientId`, `clientSecret`, `publicKey`, `secret`). Required, yet its type
 * admits `undefined`, so that another resource's output passes as it is: an Application's
 * `clientSecret`, or a VendorCredential's own outputs handed to `getAccessTokenOutput`, are typed
 * `string | undefined` because they are absent in cases a program chooses (an adopted application,
 * `keepSecretInState: false`, Brite's `clientId`). When one is undefined, check fails naming the
 * field and saying why.
 */
type CredentialField = In<string | undefined>;

/** What every vendor's credential takes besides its token settings. */
export interface CredentialChecks {
    /**
     * Scopes the token must grant; `pulumi up` fails naming the missing ones. Not for Brite (its
     * tokens carry no scopes).
     */
    requiredScopes?: In<In<string>[]>;
    /** Shortest acceptable token lifetime (`"10m"`, `"1h"`, or seconds); verification fails below it. */
    minLifetime?: In<string | number>;
    /** Arbitrary keys and values; any change verifies the credential again on the next `pulumi up`. */
    triggers?: In<Record<string, In<string | number | boolean>>>;
    /**
     * Also request a token on `pulumi refresh` (default `false`): a credential revoked at the
     * vendor then shows as drift (`status: "rejected"`). Each check mints a token at the vendor.
     */
    verifyOnRefresh?: In<boolean>;
    /**
     * Secret stores the verified credential is written to, after create and after every change that
     * verified it again:
     * `{"clientId": <client id or Brite's public key>, "clientSecret": <secret>}` as JSON, or the
     * bare secret with `format: "secret"`. Each leaves a non-secret receipt in `receipts`. See
     * docs/secret-stores.md.
     */
    deliverTo?: DeliveryArgs["deliverTo"];
}

/** Bringg or Delivery Hub (docs/bringg-api.md#tokens). Set `region` or `endpoint`. */
export interface BringgCredentialArgs extends CredentialChecks {
    vendor: "bringg" | "deliveryHub";
    /**
     * `bringg`: The OAuth client id (shown when the app is created in Bringg → Settings → Webhooks
     * & API). Not secret.
     *
     * `deliveryHub`: The OAuth client id (shown when the app is added in Delivery Hub → Settings →
     * Integrations → API). Not secret.
     */
    clientId: CredentialField;
    /**
     * `bringg`: The client secret (shown once when the app is created). A Pulumi secret: encrypted
     * in the state, never shown or logged.
     *
     * `deliveryHub`: The client secret (the Client Secret Key, shown once when the app is saved). A
     * Pulumi secret: encrypted in the state, never shown or logged.
     */
    clientSecret: CredentialField;
    /**
     * `bringg`: Bringg region whose admin-api host issues the tokens: us1, us2, us3, eu1, eu2, eu3.
     * Set region or endpoint.
     *
     * `deliveryHub`: eu2 or us2, the Delivery Hub token hosts. Set region or endpoint.
     */
    region?: In<string>;
    /** Base URL instead of a region (a proxy, the emulator); `/oauth/token` is appended. */
    endpoint?: In<string>;
    /**
     * `bringg`: Scopes to request, space-separated or a list; blank or left out requests every
     * scope of the app.
     *
     * `deliveryHub`: Scopes to request, space-separated or a list; left out requests every scope of
     * the app.
     */
    scope?: In<string | In<string>[]>;
    /** Token lifetime to ask for, in seconds; must be shorter than the scopes' TTL. */
    ttl?: In<number>;
    /** How the token request is encoded: `"json"` (default, Bringg's Get Token page) or `"form"`. */
    bodyEncoding?: In<"json" | "form">;
}

/** Bruin (docs/vendor-apis.md#bruin): credentials emailed by Bruin's API support. */
export interface BruinCredentialArgs extends CredentialChecks {
    vendor: "bruin";
    /** The OAuth client id (emailed by Bruin's API support, APIsupport@bruin.com). Not secret. */
    clientId: CredentialField;
    /**
     * The client secret (emailed by Bruin's API support). A Pulumi secret: encrypted in the state,
     * never shown or logged.
     */
    clientSecret: CredentialField;
    /** Required by Bruin's identity server: `"public_api"`. */
    scope: In<string | In<string>[]>;
    /**
     * Where the credentials go: `"body"` (default, as Bruin's integration guide shows) or `"basic"`
     * (HTTP Basic, not URL-encoded).
     */
    clientAuth?: In<"body" | "basic">;
    /** Base URL instead of https://id.bruin.com; `/identity/connect/token` is appended. */
    endpoint?: In<string>;
}

/** Brainysoft (docs/vendor-apis.md#brainysoft): a ClientApp of the customer's authorization service. */
export interface BrainysoftCredentialArgs extends CredentialChecks {
    vendor: "brainysoft";
    /** The OAuth client id (the ClientApp's login, shown once when it is created). Not secret. */
    clientId: CredentialField;
    /**
     * The client secret (the ClientApp's password, shown once when it is created). A Pulumi secret:
     * encrypted in the state, never shown or logged.
     */
    clientSecret: CredentialField;
    /** Your customer key; the token host is https://{customerKey}-auth.brainysoft.ru. Required. */
    customerKey: In<string>;
    /** Scopes to request, space-separated or a list; left out grants the ClientApp's scopes. */
    scope?: In<string | In<string>[]>;
    /**
     * Base URL instead of https://{customerKey}-auth.brainysoft.ru; `{customerKey}` in it is
     * replaced; `/oauth/token` is appended.
     */
    endpoint?: In<string>;
}

/** Brite (docs/vendor-apis.md#brite): a public key and secret from Brite Back Office. Set `environment` or `endpoint`. */
export interface BriteCredentialArgs extends Omit<CredentialChecks, "requiredScopes"> {
    vendor: "brite";
    /** The merchant's public key from Brite Back Office. Not secret. */
    publicKey: CredentialField;
    /** The merchant's secret from Brite Back Office. A Pulumi secret: encrypted in the state, never shown or logged. */
    secret: CredentialField;
    /**
     * `"sandbox"` (https://sandbox.britepaymentgroup.com) or `"production"`
     * (https://production.britepaymentgroup.com, inferred). Set environment or endpoint.
     */
    environment?: In<"sandbox" | "production">;
    /** Base URL instead of an environment; `/api/merchant.authorize` is appended. */
    endpoint?: In<string>;
}

/** Any other OAuth 2.0 server's client credentials (RFC 6749 §4.4). */
export interface OAuth2CredentialArgs extends CredentialChecks {
    vendor: "oauth2";
    /** The OAuth client id (issued by the authorization server). Not secret. */
    clientId: CredentialField;
    /**
     * The client secret (issued by the authorization server). A Pulumi secret: encrypted in the
     * state, never shown or logged.
     */
    clientSecret: CredentialField;
    /** The token endpoint (RFC 6749 §3.2): https, http only to a loopback host. Required. */
    tokenUrl: In<string>;
    /** `"client_secret_basic"` (default; every server must support it, RFC 6749 §2.3.1) or `"client_secret_post"`. */
    clientAuth?: In<"client_secret_basic" | "client_secret_post">;
    /** Scopes to request, space-separated or a list (optional). */
    scope?: In<string | In<string>[]>;
    /** An `audience` parameter, for servers that want one (Auth0 and others). */
    audience?: In<string>;
}

/** Inputs of {@link VendorCredential}: one shape per vendor, chosen by `vendor`. */
export type VendorCredentialArgs = BringgCredentialArgs | BruinCredentialArgs | BrainysoftCredentialArgs | BriteCredentialArgs | OAuth2CredentialArgs;

/** The inputs that hold a secret: always made Pulumi secrets, in the state and in outputs. */
const secretInputs = ["clientSecret", "secret"] as const;

/**
 * A credential a vendor issued (by email, or in its own UI), kept declaratively: `pulumi up`
 * verifies it with one token request on create and on every change, and fails naming the vendor
 * and the reason when it does not work, so a broken credential never reaches the services that use
 * it. With `verifyOnRefresh`, `pulumi refresh` re-checks it and reports a revoked credential as
 * drift. Outputs say what the check found; never a token.
 *
 * @example
 * ```ts
 * const cfg = new pulumi.Config();
 * const bruin = new bringg.VendorCredential("bruin", {
 *     vendor: "bruin",
 *     clientId: cfg.require("bruinClientId"),
 *     clientSecret: cfg.requireSecret("bruinClientSecret"),
 *     scope: "public_api",
 *     verifyOnRefresh: true,
 * });
 * export const bruinFingerprint = bruin.fingerprint;
 * ```
 */
export class VendorCredential extends BringgResource {
    /** The vendor profile. */
    declare readonly vendor: pulumi.Output<string>;
    /** The client id (Brite: absent; see `publicKey`). */
    declare readonly clientId: pulumi.Output<string | undefined>;
    /** The client secret, a Pulumi secret (for delivery to the services that use it). */
    declare readonly clientSecret: pulumi.Output<string | undefined>;
    /** Brite's public key. */
    declare readonly publicKey: pulumi.Output<string | undefined>;
    /** Brite's secret, a Pulumi secret. */
    declare readonly secret: pulumi.Output<string | undefined>;
    /**
     * `"verified"`, or `"rejected"` when a refresh (with `verifyOnRefresh`) found the vendor
     * refusing it; see `problem`.
     */
    declare readonly status: pulumi.Output<"verified" | "rejected">;
    /** When the credential last obtained a token during `pulumi up` (ISO 8601). */
    declare readonly verifiedAt: pulumi.Output<string>;
    /**
     * The token lifetime in seconds the vendor reported at verification (Bruin 3600, Brainysoft
     * 299); absent if it did not say.
     */
    declare readonly tokenLifetime: pulumi.Output<number | undefined>;
    /** The token type the vendor named (`Bearer`). */
    declare readonly tokenType: pulumi.Output<string>;
    /** The scopes the token granted (empty for Brite). */
    declare readonly grantedScopes: pulumi.Output<string[]>;
    /**
     * First 12 hex digits of SHA-256 of the secret, as every resource's and every receipt's
     * `fingerprint`: not secret; safe to log, and to compare copies.
     */
    declare readonly fingerprint: pulumi.Output<string>;
    /** Why a refresh found the credential refused; absent while it works. */
    declare readonly problem: pulumi.Output<string | undefined>;
    /** One non-secret receipt per `deliverTo` target that holds the credential (docs/secret-stores.md#receipts). */
    declare readonly receipts: pulumi.Output<Receipt[] | undefined>;
    /** The version of the state's shape, so that later provider versions read old state without a diff. */
    declare readonly schemaVersion: pulumi.Output<number>;

    /**
     * @param name The resource name.
     * @param args The vendor, its credential and settings, and the checks.
     * @param opts Resource options; the secret inputs are always added to `additionalSecretOutputs`.
     */
    constructor(name: string, args: VendorCredentialArgs, opts?: pulumi.CustomResourceOptions) {
        const props: Record<string, unknown> = { ...args };
        for (const key of secretInputs) if (props[key] !== undefined) props[key] = pulumi.secret(props[key] as In<string>);
        const targetsTakenBy = deliveryTargetsTakenBy(`VendorCredential ${JSON.stringify(name)}`, args.deliverTo);
        super(
            provider,
            name,
            {
                // Inputs first, so that a misspelt input reaches check and is reported.
                ...props,
                status: undefined,
                verifiedAt: undefined,
                tokenLifetime: undefined,
                tokenType: undefined,
                grantedScopes: undefined,
                fingerprint: undefined,
                problem: undefined,
                receipts: undefined,
                schemaVersion: undefined,
            },
            { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secretInputs] },
            "VendorCredential",
            { deliveryTargetsTakenBy: targetsTakenBy },
        );
    }
}
