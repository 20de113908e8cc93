/**
 * The `Application` resource class that programs use.
 *
 * It holds no logic: its provider is the shim, which loads
 * `pulumi-bringg/provider/application/provider` by name inside each hook, so `__provider` stays a
 * few hundred bytes and never captures settings, schemas or HTTP clients.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AccountArgs } from "../core/account-args";
import { withoutPrototypeKeys } from "../core/check";
import { judgeAgainstEarlier, programDeclarations } from "../core/declarations";
import type { AutonamingRequest } from "../core/hidden-types";
import { dynamicProvider } from "../core/shim";
import { secretOutputs, type DeliveryArgs, type Receipt } from "../delivery/args";
import { deliveryTargetsTakenBy } from "../delivery/claims";
import { BringgResource } from "../core/registration";

/** One provider object for every Application: Pulumi serializes it once and caches the text. */
const provider = dynamicProvider("pulumi-bringg/provider/application/provider");

/**
 * Declares an explicit display name in this program and returns the resource name of an
 * Application declared earlier with the same name in the same account, or undefined. Two
 * applications of one name would make a lost create reply ambiguous, so check refuses the later
 * one (the earlier keeps the name, whatever the check order).
 */
function declareName(resourceName: string, name: pulumi.Input<string>, account: string | undefined): pulumi.Output<string | undefined> | undefined {
    return judgeAgainstEarlier(
        programDeclarations.applicationNames,
        { resourceName, account, value: name },
        (mine, earlier) => earlier.find((other) => other.value === mine)?.resourceName,
    );
}

/**
 * Pulumi's autonaming settings for this program (`pulumi:autonaming`, with `providers.bringg`
 * taking precedence): the engine does not pass them to dynamic providers, so the class does.
 */
function autonaming(resourceName: string): AutonamingRequest {
    const config = new pulumi.Config("pulumi").getObject<Record<string, unknown>>("autonaming") ?? {};
    const providers = config.providers as Record<string, Record<string, unknown>> | undefined;
    const ours = { ...config, ...(providers?.bringg ?? {}) };
    const settings: AutonamingRequest = { resourceName, project: pulumi.getProject(), stack: pulumi.getStack() };
    if (typeof ours.mode === "string") settings.mode = ours.mode;
    if (typeof ours.pattern === "string") settings.pattern = ours.pattern;
    return settings;
}

/** Inputs of {@link Application}. */
export interface ApplicationArgs extends DeliveryArgs, AccountArgs {
    /**
     * Display name in Bringg: 1–255 characters, no control or text-direction characters. Default:
     * the resource name plus 7 random hex digits (`dashboards-3f9a2c1`), generated once and kept
     * for the application's life; `pulumi:autonaming` (mode, pattern) is honoured. An adopted
     * application keeps its current name. Bringg cannot rename an application, so a change replaces
     * it.
     */
    name?: pulumi.Input<string>;
    /**
     * The scopes the application may request, e.g. `["tasks_read", "users_read"]`. Required unless
     * `adopt` is set. A set: order and duplicates never cause a change. Bringg cannot change an
     * application's scopes, so a change replaces the application (the new one is created before the
     * old one is deleted).
     */
    scopes?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Whether the application can obtain tokens. Default `false`, Bringg's own default (an adopted
     * application is left as found); a change updates in place. Enabling an application at once
     * stops unauthenticated access to every API endpoint its scopes cover: move callers to tokens
     * first.
     */
    enabled?: pulumi.Input<boolean>;
    /**
     * Manage an application that already exists (made in Bringg's web UI) instead of creating one;
     * Pulumi's `import` cannot work for dynamic resources, so this is the way in. Its secret was
     * shown once, in the UI, so `clientSecret` stays unknown (`clientSecretKnown` is false) until
     * it is rotated. Naming another application replaces the resource.
     */
    adopt?: pulumi.Input<{
        /** The application's client id, from Bringg → Settings → Webhooks & API. */
        clientId: pulumi.Input<string>;
    }>;
    /**
     * Internal: set by RotatingCredentials with `keepSecretInState: false`, whose pair replaces this
     * application's first secret at once; the state then never holds it.
     * @internal
     */
    __discardSecret?: pulumi.Input<boolean>;
}

/**
 * A Bringg OAuth application: client credentials for Bringg's APIs, limited to a set of scopes.
 *
 * @example
 * ```ts
 * import * as bringg from "pulumi-bringg";
 * const dashboards = new bringg.Application("dashboards", {
 *     scopes: ["tasks_read", "users_read"],
 *     enabled: true,
 * });
 * export const clientId = dashboards.clientId;
 * export const clientSecret = dashboards.clientSecret; // a Pulumi secret
 * ```
 */
export class Application extends BringgResource {
    /** Bringg's numeric id of the application (also the resource id). */
    declare readonly applicationId: pulumi.Output<number>;
    /** The OAuth client id; never changes for the application's life. */
    declare readonly clientId: pulumi.Output<string>;
    /**
     * The client secret, always a Pulumi secret. Undefined for an adopted application (until its
     * secret is rotated) and with `keepSecretInState: false`.
     */
    declare readonly clientSecret: pulumi.Output<string | undefined>;
    /** First 12 hex digits of SHA-256 of the secret (not secret); undefined when the secret is unknown. */
    declare readonly fingerprint: pulumi.Output<string | undefined>;
    /** One non-secret receipt per `deliverTo` target that holds the secret (docs/secret-stores.md#receipts). */
    declare readonly receipts: pulumi.Output<Receipt[] | undefined>;
    /** `false` when `clientSecret` is unknown: an adopted application whose secret was never rotated. */
    declare readonly clientSecretKnown: pulumi.Output<boolean>;
    /** The display name, as Bringg reports it. */
    declare readonly name: pulumi.Output<string>;
    /** The scopes, as Bringg reports them: sorted, without duplicates. */
    declare readonly scopes: pulumi.Output<string[]>;
    /** Whether the application can obtain tokens, as Bringg reports it. */
    declare readonly enabled: pulumi.Output<boolean>;
    /** When Bringg created the application (ISO 8601). */
    declare readonly createdAt: pulumi.Output<string>;
    /** The version of the state's shape, so that later provider versions read old state without a diff. */
    declare readonly schemaVersion: pulumi.Output<number>;
    /** The named account the resource lives in; undefined for the default settings. */
    declare readonly account: pulumi.Output<string | undefined>;

    /**
     * @param name The resource name; the application's display name is derived from it unless `args.name` is set.
     * @param given The application's inputs.
     * @param opts Resource options; `clientSecret` is added to `additionalSecretOutputs` unless `keepSecretInState` is `false`.
     */
    constructor(name: string, given: ApplicationArgs, opts?: pulumi.CustomResourceOptions) {
        const { clean, problems } = withoutPrototypeKeys(given);
        const { __discardSecret: discardSecret, ...args } = clean;
        const explicit = args.name;
        super(
            provider,
            name,
            {
                // Spread first so that a misspelt input (`scope:`) reaches check and is reported.
                ...args,
                name: explicit,
                scopes: args.scopes,
                enabled: args.enabled,
                applicationId: undefined,
                clientId: undefined,
                clientSecret: undefined,
                clientSecretKnown: undefined,
                createdAt: undefined,
                schemaVersion: undefined,
                fingerprint: undefined,
                receipts: undefined,
                account: args.account,
            },
            {
                ...opts,
                additionalSecretOutputs: [
                    ...(opts?.additionalSecretOutputs ?? []),
                    ...secretOutputs(discardSecret === true ? false : args.keepSecretInState, ["clientSecret"]),
                ],
            },
            "Application",
            {
                autonaming: explicit === undefined && args.adopt === undefined ? autonaming(name) : undefined,
                nameTakenBy: explicit === undefined ? undefined : declareName(name, explicit, args.account),
                discardSecret,
                inputProblems: problems,
                deliveryTargetsTakenBy: deliveryTargetsTakenBy(`Application ${JSON.stringify(name)}`, args.deliverTo),
            },
        );
        programDeclarations.recordAccount(this, args.account);
    }
}
