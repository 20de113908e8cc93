/**
 * What the native plugin serves: each type token's operations (the same {@link ResourceOperations}
 * the dynamic adapter runs) and each function token's lookup. The plugin is an adapter, so it is
 * the one place besides the dynamic resources that names every resource's logic.
 */
import * as application from "../application/crud";
import type { ProviderContext } from "../core/context";
import type { Props } from "../core/contract";
import { bringgOperations, operationsWith, type ResourceOperations } from "../core/operations";
import {
    application as lookupApplication,
    applications,
    getApplicationArgs,
    getApplicationsArgs,
    getScopesArgs,
    parseLookupArgs,
    scopes,
} from "../lookups/query";
import * as pair from "../rotating-credentials/crud";
import * as rotation from "../rotation/crud";
import * as scopeTtls from "../scope-ttls/crud";
import * as vendorCredential from "../vendor-credential/crud";
import { vendorCredentialDeps } from "../vendor-credential/deps";
import { accessTokenIn } from "../vendors/access-token";

/** The package name: type tokens are `bringg:index:<Type>`. */
export const packageName = "bringg";

/** A type or function token of the package: `bringg:index:<name>`. */
const token = (name: string) => `${packageName}:index:${name}`;

/** A function: its plain result from plain arguments, in a provider context. */
export type Invoke = (context: ProviderContext, args: Props) => Promise<unknown>;

/** What the plugin serves, by token. */
export interface Catalog {
    /** Each resource type token's operations. */
    readonly resourceTypes: ReadonlyMap<string, ResourceOperations>;
    /**
     * The types `pulumi import` takes: their read, given an id and no state, reads the resource as
     * it is in Bringg and returns the inputs that describe it. The others hold what Bringg cannot
     * show (a rotation's history, a pair's alternation, a vendor's secret).
     */
    readonly importableTypes: ReadonlySet<string>;
    /** Each function token's lookup; lists come back as an object with one list (see scripts/gen-package-schema.ts). */
    readonly functions: ReadonlyMap<string, Invoke>;
}

/** The catalog, built by each plugin service (./server.ts) for itself: no module holds it. */
export function nativeCatalog(): Catalog {
    return {
        resourceTypes: new Map([
            [token("Application"), bringgOperations(application)],
            [token("ScopeTtls"), bringgOperations(scopeTtls)],
            [token("SecretRotation"), bringgOperations(rotation)],
            [token("CredentialPair"), bringgOperations(pair)],
            [token("VendorCredential"), operationsWith(vendorCredential, vendorCredentialDeps)],
        ]),
        importableTypes: new Set([token("Application"), token("ScopeTtls")]),
        functions: new Map<string, Invoke>([
            [
                token("getScopes"),
                async (context, args) => {
                    const { account } = parseLookupArgs("getScopes", getScopesArgs, args);
                    return { scopes: await scopes(context.client(account)) };
                },
            ],
            [
                token("getApplications"),
                async (context, args) => {
                    const checked = parseLookupArgs("getApplications", getApplicationsArgs, args);
                    return { applications: await applications(context.client(checked.account), checked) };
                },
            ],
            [
                token("getApplication"),
                async (context, args) => {
                    const checked = parseLookupArgs("getApplication", getApplicationArgs, args);
                    return lookupApplication(context.client(checked.account), checked);
                },
            ],
            [token("getAccessToken"), (context, args) => accessTokenIn(context, args)],
        ]),
    };
}
