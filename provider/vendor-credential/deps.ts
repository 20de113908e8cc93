/**
 * The real dependencies of `VendorCredential` in a provider context: the system clock, the caller's
 * log for warnings, the vendors' token endpoints and the real stores, which register the secrets they
 * handle in the context's registry. Both ways in (the dynamic adapter and the native plugin) use
 * these. No Pulumi imports.
 */
import type { ProviderContext } from "../core/context";
import type { OperationLog } from "../core/operations";
import { requestToken } from "../vendors/client";
import type * as crud from "./crud";
import { deliverToStores } from "./crud";

export function vendorCredentialDeps(context: ProviderContext, log: OperationLog): crud.Deps {
    return {
        now: Date.now,
        warn: (message) => log.warn(context.secrets.redact(message)),
        requestToken: (settings) => requestToken(settings, {}, context.secrets),
        deliver: (credential, targets) => deliverToStores(credential, targets, context.secrets),
    };
}
