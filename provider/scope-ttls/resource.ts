/**
 * The `ScopeTtls` resource class that programs use.
 *
 * It holds no logic: its provider is the shim, which loads
 * `pulumi-bringg/provider/scope-ttls/provider` by name inside each hook, so `__provider` stays a
 * few hundred bytes and never captures settings, schemas or HTTP clients.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AccountArgs } from "../core/account-args";
import { withoutPrototypeKeys } from "../core/check";
import { judgeAgainstEarlier, programDeclarations } from "../core/declarations";
import { dynamicProvider } from "../core/shim";
import { BringgResource } from "../core/registration";
import { holders, overlaps } from "./overlaps";

/** One provider object for every ScopeTtls: Pulumi serializes it once and caches the text. */
const provider = dynamicProvider("pulumi-bringg/provider/scope-ttls/provider");

/**
 * Declares a ScopeTtls in this program and returns the scopes it lists that a ScopeTtls of the same
 * account declared earlier lists too, each with that resource's name; undefined when there are
 * none. Computed here, in the program, from the declaration order, so that which of two
 * overlapping resources check refuses never depends on the order in which the engine happens to
 * check them: the first declared keeps the scope (./overlaps.ts).
 */
function declare(name: string, ttls: ScopeTtlsArgs["ttls"], account: string | undefined): pulumi.Output<Record<string, string> | undefined> | undefined {
    return judgeAgainstEarlier(programDeclarations.scopeTtls, { resourceName: name, account, value: ttls }, (mine, earlier) => {
        const held = holders(earlier.map((other) => ({ owner: other.resourceName, account, scopes: Object.keys(other.value ?? {}) })));
        const found = overlaps({ owner: name, account, scopes: Object.keys(mine ?? {}) }, held);
        return found.length > 0 ? Object.fromEntries(found.map(({ scope, owner }) => [scope, owner])) : undefined;
    });
}

/** A TTL: whole seconds (`7200`) or a duration string (`"90s"`, `"15m"`, `"12h"`, `"1h30m"`, `"30d"`). */
export type Ttl = number | string;

/** Inputs of {@link ScopeTtls}. */
export interface ScopeTtlsArgs extends AccountArgs {
    /**
     * Token TTL per scope, e.g. `{ tasks_write: "15m", users_read: 7200 }`: whole seconds (`7200`)
     * or a duration (`"90s"`, `"15m"`, `"12h"`, `"1h30m"`, `"30d"`), 1 s to 30 days. Only the
     * scopes listed are managed: removing one reverts it to Bringg's default (30 min for write
     * scopes, 4 h for read scopes), and so does deleting the resource. List each scope in one
     * ScopeTtls only. A change updates in place, in one Scopes API call.
     */
    ttls: pulumi.Input<Record<string, pulumi.Input<Ttl>>>;
}

/**
 * Token TTL overrides of Bringg API scopes, converged in one Scopes API call per update.
 *
 * @example
 * ```ts
 * import * as bringg from "pulumi-bringg";
 * const policy = new bringg.ScopeTtls("policy", {
 *     ttls: { tasks_write: "15m", users_read: 7200 },
 * });
 * export const ttls = policy.ttls; // { tasks_write: 900, users_read: 7200 }
 * ```
 */
export class ScopeTtls extends BringgResource {
    /** The TTL in force for each managed scope, in seconds, as Bringg reports it. */
    declare readonly ttls: pulumi.Output<Record<string, number>>;
    /**
     * Bringg's default TTL of each managed scope, in seconds: what removal from `ttls` or
     * `pulumi destroy` reverts it to.
     */
    declare readonly defaults: pulumi.Output<Record<string, number>>;
    /** The version of the state's shape, so that later provider versions read old state without a diff. */
    declare readonly schemaVersion: pulumi.Output<number>;
    /** The named account the resource lives in; undefined for the default settings. */
    declare readonly account: pulumi.Output<string | undefined>;

    /**
     * @param name The resource name; named in messages, e.g. when two ScopeTtls list one scope.
     * @param given The TTLs to converge.
     * @param opts Resource options.
     */
    constructor(name: string, given: ScopeTtlsArgs, opts?: pulumi.CustomResourceOptions) {
        const { clean: args, problems } = withoutPrototypeKeys(given);
        const overlapping = declare(name, args.ttls, args.account);
        super(
            provider,
            name,
            {
                // Spread first so that a misspelt input (`ttl:`) reaches check and is reported.
                ...args,
                ttls: args.ttls,
                defaults: undefined,
                schemaVersion: undefined,
                account: args.account,
            },
            opts,
            "ScopeTtls",
            // The engine gives dynamic providers no URN; ownership messages need the name.
            { resourceName: name, overlaps: overlapping, inputProblems: problems },
        );
    }
}
