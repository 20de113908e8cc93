/**
 * Lookup functions in the Pulumi style: each with a Promise form (`getScopes`) and an Output form
 * (`getScopesOutput`) that takes Inputs.
 *
 * They run in the program's process, read the same settings the resources do (the stack config's
 * `bringg:*` keys and `bringg:accounts`, then the `BRINGG_*` environment variables), and share one
 * list call per kind per process through the client's list memo. They never return a secret.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AccountArgs } from "../core/account-args";
import { processContext } from "../core/process";
import { lookupOutput } from "./output";
import { application, applications, getApplicationArgs, getApplicationsArgs, getScopesArgs, parseLookupArgs, scopes } from "./query";
import type { ApplicationInfo, ScopeInfo } from "./types";

export type { ApplicationInfo, ScopeAccess, ScopeInfo } from "./types";

/** Arguments of {@link getScopes}. */
export type GetScopesArgs = AccountArgs;

/** Arguments of {@link getApplication}: exactly one of `clientId` and `name`. */
export type GetApplicationArgs = AccountArgs & ({ clientId: string; name?: undefined } | { name: string; clientId?: undefined });

/** Arguments of {@link getApplications}. */
export interface GetApplicationsArgs extends AccountArgs {
    /** Only enabled (true) or only disabled (false) applications. */
    enabled?: boolean;
    /** Only applications that may request this scope (exact name). */
    scope?: string;
}

/**
 * The program process's context for the program's stack config (built on the first lookup, shared
 * by the later ones: one client per account, one list call per kind).
 */
function lookupContext() {
    return processContext((key) => pulumi.runtime.getConfig(key));
}

/** The client for an account, from {@link lookupContext}. */
function clientFor(account: string | undefined) {
    return lookupContext().client(account);
}

/** Runs a lookup; what it throws is redacted with the secret registry of {@link lookupContext}. */
async function run<T>(work: () => Promise<T>): Promise<T> {
    try {
        return await work();
    } catch (error) {
        throw lookupContext().secrets.redactError(error);
    }
}

/**
 * The scope catalog of an account: each scope's group, whether it reads or writes, and the TTL in
 * force next to Bringg's default.
 *
 * @example
 * ```ts
 * const catalog = await bringg.getScopes({ account: "eu" });
 * const overridden = catalog.filter((scope) => scope.overridden);
 * ```
 */
export function getScopes(args: GetScopesArgs = {}): Promise<ScopeInfo[]> {
    return run(async () => {
        const { account } = parseLookupArgs("getScopes", getScopesArgs, args);
        return scopes(clientFor(account));
    });
}

/** {@link getScopes} with Inputs, as an Output. */
export function getScopesOutput(args: pulumi.Input<GetScopesArgs> = {}): pulumi.Output<ScopeInfo[]> {
    return lookupOutput(args, getScopes);
}

/**
 * One application, by client id or by name (the name must be unique in the account), without its
 * secret: Bringg shows a secret only when it issues one. Give the result's `clientId` to an
 * `Application`'s `adopt` to take the application over.
 *
 * @example
 * ```ts
 * const found = bringg.getApplicationOutput({ name: "made by hand", account: "eu" });
 * new bringg.Application("legacy", { adopt: { clientId: found.clientId }, account: "eu" });
 * ```
 */
export function getApplication(args: GetApplicationArgs): Promise<ApplicationInfo> {
    return run(async () => {
        const checked = parseLookupArgs("getApplication", getApplicationArgs, args);
        return application(clientFor(checked.account), checked);
    });
}

/** {@link getApplication} with Inputs, as an Output. */
export function getApplicationOutput(args: pulumi.Input<GetApplicationArgs>): pulumi.Output<ApplicationInfo> {
    return lookupOutput(args, getApplication);
}

/** The applications of an account, optionally only the enabled (or disabled) ones, or those with a scope; sorted by id. */
export function getApplications(args: GetApplicationsArgs = {}): Promise<ApplicationInfo[]> {
    return run(async () => {
        const checked = parseLookupArgs("getApplications", getApplicationsArgs, args);
        return applications(clientFor(checked.account), checked);
    });
}

/** {@link getApplications} with Inputs, as an Output. */
export function getApplicationsOutput(args: pulumi.Input<GetApplicationsArgs> = {}): pulumi.Output<ApplicationInfo[]> {
    return lookupOutput(args, getApplications);
}
