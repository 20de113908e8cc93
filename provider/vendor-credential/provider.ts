/**
 * The `VendorCredential` implementation module: the dynamic-provider hooks that the shim in every
 * resource's `__provider` loads by package name (`pulumi-bringg/provider/vendor-credential/provider`).
 *
 * This name is a compatibility promise: state written by any release runs these hooks on refresh
 * and destroy, so the module must keep this path and keep accepting every earlier state shape.
 * The logic is ./crud.ts; the one adapter (provider/core/hooks.ts) turns it into the engine's
 * hooks, with the real dependencies of ./deps.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import { adaptWith } from "../core/hooks";
import * as crud from "./crud";
import { vendorCredentialDeps } from "./deps";

export = adaptWith(crud, vendorCredentialDeps) satisfies pulumi.dynamic.ResourceProvider;
