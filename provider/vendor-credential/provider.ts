/**
 * The `VendorCredential` implementation module: the dynamic-provider hooks that the shim in every
 * resource's `__provider` loads by package name (`pulumi-bringg/provider/vendor-credential/provider`).
 *
 * This name is a compatibility promise: state written by any release runs these hooks on refresh
 * and destroy, so the module must keep this path and keep accepting every earlier state shape.
 * The logic is ./crud.ts; the one adapter (provider/core/hooks.ts) turns it into the engine's
 * hooks, with the real clock, the CLI's warnings, the real token client and the real stores, which
 * register the secrets they handle in the provider context's registry.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ProviderContext } from "../core/context";
import { adaptWith, warn } from "../core/hooks";
import { requestToken } from "../vendors/client";
import * as crud from "./crud";

/** The real dependencies in a provider context: the system clock, the CLI's warnings and the vendors' token endpoints. */
function depsOf(context: ProviderContext): crud.Deps {
    return {
        now: Date.now,
        warn,
        requestToken: (settings) => requestToken(settings, {}, context.secrets),
        deliver: (credential, targets) => crud.deliverToStores(credential, targets, context.secrets),
    };
}

export = adaptWith(crud, depsOf) satisfies pulumi.dynamic.ResourceProvider;
