/**
 * The `VendorCredential` implementation module: the dynamic-provider hooks that the shim in every
 * resource's `__provider` loads by package name (`pulumi-bringg/provider/vendor-credential/provider`).
 *
 * This name is a compatibility promise: state written by any release runs these hooks on refresh
 * and destroy, so the module must keep this path and keep accepting every earlier state shape.
 * The logic is ./crud.ts; the one adapter (provider/core/hooks.ts) turns it into the engine's
 * hooks, with the real clock, the CLI's warnings, the real token client and the real stores.
 */
import type * as pulumi from "@pulumi/pulumi";
import { adaptWith, warn } from "../core/hooks";
import { requestToken } from "../vendors/client";
import * as crud from "./crud";

/** The real dependencies: the system clock, the CLI's warnings and the vendors' token endpoints. */
const deps: crud.Deps = { now: Date.now, warn, requestToken: (settings) => requestToken(settings), deliver: crud.deliverToStores };

export = adaptWith(crud, deps) satisfies pulumi.dynamic.ResourceProvider;
