/**
 * The `SecretRotation` implementation module, loaded by package name
 * (`pulumi-bringg/provider/rotation/provider`) by the shim in every resource's `__provider`.
 *
 * This path is a compatibility promise: state written by any release runs these hooks on refresh
 * and destroy, so the module must keep this path and keep accepting every earlier state shape. The
 * logic is ./crud.ts (a module that meets `ResourceCrud`); the one adapter (provider/core/hooks.ts)
 * turns it into the engine's hooks.
 */
import type * as pulumi from "@pulumi/pulumi";
import { adapt } from "../core/hooks";
import * as crud from "./crud";

export = adapt(crud) satisfies pulumi.dynamic.ResourceProvider;
