/**
 * The process's contexts: the one module-level holder of provider/ (the composition root), and the
 * only mutable state at module level that test/core/no-module-state.test.ts allows.
 *
 * Why it must exist: the engine's dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`)
 * runs every dynamic resource of a stack in one process and calls `configure` once on each
 * provider object, with the same stack config, before that object's hooks; each resource type is a
 * provider object of its own, whose implementation module the shim loads (./shim.ts). Rotation locks
 * must still be shared by Application, SecretRotation and the RotatingCredentials pair (they
 * serialize rotations of one application across resource types), and scope claims by every
 * ScopeTtls; the client's shared lists save calls across types. Nothing the host passes is shared
 * between provider objects but the configuration itself, so the context is kept here, keyed by
 * the configuration (and environment) it was built from: every provider object configured with
 * one configuration gets the same context. Lookups and `getAccessToken` run in the program's (or a
 * script's) process and get its context from here too.
 *
 * No Pulumi imports.
 */
import { createHash } from "node:crypto";
import { accountsKey, settingKeys } from "./config";
import { createProviderContext, type ConfigReader, type ProviderContext } from "./context";

/** The contexts of this process, by a hash of the configuration and environment each was built from. */
const contexts = new Map<string, ProviderContext>();

/** No stack config: scripts, which have only the environment. */
const noConfig: ConfigReader = () => undefined;

/** The `bringg:*` keys a context reads. */
const configKeys = [...Object.values(settingKeys).map((key) => key.config), accountsKey];

/** A hash of what a context is built from: the `bringg:*` configuration and the `BRINGG_*` environment. */
function fingerprintOf(config: ConfigReader, env: NodeJS.ProcessEnv): string {
    const read = configKeys.map((key) => [key, config(key) ?? null]);
    const fallbacks = Object.entries(env)
        .filter(([name]) => name.startsWith("BRINGG_"))
        .sort(([a], [b]) => a.localeCompare(b));
    return createHash("sha256")
        .update(JSON.stringify([read, fallbacks]))
        .digest("hex");
}

/**
 * The context of this process for a configuration (default: none, the environment only), built on
 * first use with {@link createProviderContext} and shared by every later caller with the same
 * configuration and environment.
 */
export function processContext(config: ConfigReader = noConfig, env: NodeJS.ProcessEnv = process.env): ProviderContext {
    const key = fingerprintOf(config, env);
    let context = contexts.get(key);
    if (!context) {
        context = createProviderContext(config, env);
        contexts.set(key, context);
    }
    return context;
}
