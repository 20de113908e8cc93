/**
 * Zero-downtime rotation: the `RotatingCredentials` component and the `CredentialPair` resource
 * that holds its state.
 *
 * Bringg keeps one secret per application and kills it (with its tokens) the moment a new one is
 * generated, so a single application can never rotate without an outage for whoever still holds
 * the old secret. Two applications with the same scopes can: each bump regenerates the standby
 * one and makes it active, while the previously active one keeps working until the next bump:
 * the "alternating users" strategy of managed secret rotation, and ESC's current/previous pair.
 */
import * as pulumi from "@pulumi/pulumi";
import { Application } from "../application/resource";
import type { AccountArgs } from "../core/account-args";
import { withoutPrototypeKeys } from "../core/check";
import { dynamicProvider } from "../core/shim";
import { secretOutputs, type DeliveryArgs, type Receipt } from "../delivery/args";
import { deliveryTargetsTakenBy } from "../delivery/claims";
import { BringgResource } from "../core/registration";

/** One provider object for every CredentialPair: Pulumi serializes it once and caches the text. */
const provider = dynamicProvider("pulumi-bringg/provider/rotating-credentials/provider");

/** A working client credential, as published by {@link RotatingCredentials}. */
export interface Credential {
    /** Which application of the pair: `a` or `b`. */
    readonly slot: "a" | "b";
    /** The application's OAuth client id. */
    readonly clientId: string;
    /** The client secret; absent with `keepSecretInState: false` (read it from a `deliverTo` store). */
    readonly clientSecret: string;
    /** When Bringg generated this secret (ISO 8601). */
    readonly rotatedAt: string;
    /** First 12 hex digits of SHA-256 of the secret (not secret). */
    readonly fingerprint: string;
}

/** Inputs of {@link CredentialPair}. */
export interface CredentialPairArgs extends DeliveryArgs, AccountArgs {
    /** Client ids of the two applications: [slot a, slot b]. Changing them replaces the pair. */
    clientIds: pulumi.Input<[pulumi.Input<string>, pulumi.Input<string>]>;
    /**
     * Arbitrary keys and values ("keepers"), e.g. `{ quarter: "2026-Q4" }`: any change (a key
     * added, removed or changed) generates a new secret on the next `pulumi up`.
     */
    triggers?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>> | undefined;
    /**
     * Also rotate once this long has passed since the last rotation: `"90d"`, `"12h"`, `"1h30m"`.
     * Judged by every `pulumi up`/`preview` against `rotatedAt` (no refresh needed); nothing
     * happens between runs, so schedule the runs (e.g. a nightly `pulumi up`). Changing it never
     * rotates by itself.
     */
    rotateAfter?: pulumi.Input<string> | undefined;
    /**
     * After generating, obtain a token with the new secret and confirm that the old secret and its
     * tokens are refused (default `true`). A failed check fails the command but keeps the new
     * secret. Changing it never rotates by itself.
     */
    verify?: pulumi.Input<boolean> | undefined;
}

/**
 * The state of a {@link RotatingCredentials}: which of two applications is active, and both
 * credentials. Use the component; this resource is exported for programs that manage the two
 * applications themselves (e.g. adopted ones).
 */
export class CredentialPair extends BringgResource {
    /**
     * The credential to use now, a Pulumi secret: THE value to publish
     * (`{ slot, clientId, clientSecret, rotatedAt, fingerprint }`).
     */
    declare readonly active: pulumi.Output<Credential>;
    /**
     * The credential that was active before the last bump, a Pulumi secret; it works until the next
     * bump (a fallback for consumers that keep one).
     */
    declare readonly previous: pulumi.Output<Credential>;
    /** Bumps since creation; slot a is active when it is even. */
    declare readonly generation: pulumi.Output<number>;
    /** The active slot, `a` or `b`. */
    declare readonly activeSlot: pulumi.Output<"a" | "b">;
    /** Fingerprint of the active secret (not secret), for audit logs. */
    declare readonly activeFingerprint: pulumi.Output<string>;
    /** Fingerprint of the previous secret (not secret). */
    declare readonly previousFingerprint: pulumi.Output<string>;
    /**
     * `"passed"`, `"skipped"` (`verify: false`) or `"failed"` (the next `pulumi up` bumps again)
     * for the newest secret.
     */
    declare readonly verification: pulumi.Output<string>;
    /** Why the last bump happened. */
    declare readonly reason: pulumi.Output<string>;
    /** The version of the state's shape, so that later provider versions read old state without a diff. */
    declare readonly schemaVersion: pulumi.Output<number>;
    /** One non-secret receipt per `deliverTo` target that holds the credentials (docs/secret-stores.md#receipts). */
    declare readonly receipts: pulumi.Output<Receipt[] | undefined>;
    /** The named account the resource lives in; undefined for the default settings. */
    declare readonly account: pulumi.Output<string | undefined>;

    /**
     * @param name The resource name.
     * @param given The two applications and when to bump.
     * @param opts Resource options; `active` and `previous` are secret outputs unless `keepSecretInState` is `false`.
     */
    constructor(name: string, given: CredentialPairArgs, opts?: pulumi.CustomResourceOptions) {
        const { clean: args, problems } = withoutPrototypeKeys(given);
        const targetsTakenBy = deliveryTargetsTakenBy(`RotatingCredentials ${JSON.stringify(name)}`, args.deliverTo);
        super(
            provider,
            name,
            {
                ...args,
                active: undefined,
                previous: undefined,
                generation: undefined,
                activeSlot: undefined,
                activeFingerprint: undefined,
                previousFingerprint: undefined,
                verification: undefined,
                reason: undefined,
                schemaVersion: undefined,
                receipts: undefined,
                triggers: args.triggers,
                account: args.account,
            },
            {
                ...opts,
                additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secretOutputs(args.keepSecretInState, ["active", "previous"])],
            },
            "CredentialPair",
            { inputProblems: problems, deliveryTargetsTakenBy: targetsTakenBy },
        );
    }
}

/**
 * Inputs of {@link RotatingCredentials}. `deliverTo` writes `active` (in Secrets Manager as
 * AWSCURRENT, with `previous` as AWSPREVIOUS); with `keepSecretInState: false` neither secret (nor
 * the applications' first secrets, which the first bump replaces at once) is kept in the state.
 */
export interface RotatingCredentialsArgs extends DeliveryArgs, AccountArgs {
    /** The scopes of both applications, e.g. `["tasks_read"]`. Changing them replaces both applications. */
    scopes: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Arbitrary keys and values; any change bumps: the standby application gets a new secret and
     * becomes `active`, the formerly active one becomes `previous`.
     */
    triggers?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
    /** Also bump once this long has passed since the active secret was generated (`"90d"`, `"12h"`). */
    rotateAfter?: pulumi.Input<string>;
    /** Verify each new secret (default `true`); a failed check keeps the roles and the next `pulumi up` bumps again. */
    verify?: pulumi.Input<boolean>;
    /**
     * Display names of the two applications in Bringg. Default: generated from `<name>-a` and
     * `<name>-b` with a random suffix (`pulumi:autonaming` is honoured), kept for their life.
     */
    applicationNames?: [pulumi.Input<string>, pulumi.Input<string>];
}

/**
 * Zero-downtime client credentials: two enabled Bringg applications with the same scopes, rotated
 * alternately. After every bump `active` works, and `previous` (the credential that was active
 * until this bump) keeps working until the next bump. Consumers switch to `active` at their own
 * pace within one rotation period.
 *
 * Publish {@link RotatingCredentials.active} to the secret store (and, for consumers that retry
 * with a fallback, {@link RotatingCredentials.previous}).
 *
 * @example
 * ```ts
 * const creds = new bringg.RotatingCredentials("dash", {
 *     scopes: ["tasks_read"],
 *     triggers: { quarter: "2026-Q4" },
 * });
 * export const active = creds.active; // { clientId, clientSecret, ... }, a Pulumi secret
 * ```
 */
export class RotatingCredentials extends pulumi.ComponentResource {
    /**
     * The credential to use now, a Pulumi secret: THE value to publish
     * (`{ slot, clientId, clientSecret, rotatedAt, fingerprint }`).
     */
    readonly active: pulumi.Output<Credential>;
    /**
     * The credential that was active before the last bump, a Pulumi secret; it works until the next
     * bump (a fallback for consumers that keep one).
     */
    readonly previous: pulumi.Output<Credential>;
    /** Bumps since creation; slot a is active when it is even. */
    readonly generation: pulumi.Output<number>;
    /** Fingerprint of the active secret (not secret), for audit logs. */
    readonly activeFingerprint: pulumi.Output<string>;
    /** The two applications: [slot a, slot b]. */
    readonly applications: [Application, Application];
    /** The resource holding the alternation state. */
    readonly pair: CredentialPair;

    /**
     * @param name The component name; the applications are `<name>-a` and `<name>-b`.
     * @param args Scopes and when to bump.
     * @param opts Component options.
     */
    constructor(name: string, args: RotatingCredentialsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bringg:index:RotatingCredentials", name, {}, opts);
        // Without applicationNames, each application's name is generated (and kept) like any Application's.
        const names = args.applicationNames;
        // The pair replaces both first secrets at once: with keepSecretInState: false they are never kept.
        const keep = args.keepSecretInState;
        const discard = keep === undefined || typeof keep === "boolean" ? keep === false : pulumi.output(keep).apply((kept) => kept === false);
        const application = (slot: 0 | 1) =>
            new Application(
                `${name}-${slot === 0 ? "a" : "b"}`,
                {
                    ...(names ? { name: names[slot] } : {}),
                    scopes: args.scopes,
                    enabled: true,
                    ...(args.account === undefined ? {} : { account: args.account }),
                    ...(discard === false ? {} : { __discardSecret: discard }),
                },
                { parent: this },
            );
        const a = application(0);
        const b = application(1);
        this.applications = [a, b];
        this.pair = new CredentialPair(
            name,
            {
                clientIds: [a.clientId, b.clientId],
                triggers: args.triggers,
                rotateAfter: args.rotateAfter,
                verify: args.verify,
                deliverTo: args.deliverTo,
                keepSecretInState: args.keepSecretInState,
                ...(args.account === undefined ? {} : { account: args.account }),
            },
            { parent: this },
        );
        this.active = this.pair.active;
        this.previous = this.pair.previous;
        this.generation = this.pair.generation;
        this.activeFingerprint = this.pair.activeFingerprint;
        this.registerOutputs({
            active: this.active,
            previous: this.previous,
            generation: this.generation,
            activeFingerprint: this.activeFingerprint,
        });
    }
}
