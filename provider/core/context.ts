/**
 * The provider's wiring, built once from the configuration the engine hands over: the settings of
 * every account, a client per account, the secret registry, the per-application rotation locks,
 * the scope claims and the access-token cache. Whatever a hook needs beyond its arguments comes from here, through
 * {@link Deps} (the adapter, ./hooks.ts, picks the pieces); no module of provider/ keeps state of
 * its own (test/core/no-module-state.test.ts checks it).
 *
 * {@link createProviderContext} is the one constructor: the dynamic adapter calls it (through the
 * process's holder, ./process.ts) from `configure`, lookups from the program's config, and a native
 * provider's `Configure` can call it with its config map. No Pulumi imports.
 */
import type { TokenCache } from "../vendors/access-token";
import { BringgClient } from "./client";
import {
    accountNamesOf,
    ConfigurationError,
    readStackConfig,
    resolveSettings,
    type BringgSettings,
    type ConfigurationProblem,
    type SettingsResolution,
} from "./config";
import { SecretRegistry } from "./errors";
import { profileFromEnvironment } from "./profile-env";

/** A reader of the `bringg:*` configuration, e.g. `(key) => req.config.get(key)`; undefined when a key is not set. */
export type ConfigReader = (key: string) => unknown;

/**
 * The rotation locks of a context: application lock key → the settling of the last rotation
 * queued for it (see `withApplicationLock`). Shared by every resource that rotates a secret, so
 * that two resources naming one application never interleave their rotations.
 */
export type ApplicationLocks = Map<string, Promise<unknown>>;

/**
 * The scope claims of a context: account and scope → the name of the ScopeTtls resource that
 * manages it (see provider/scope-ttls/ownership.ts). Shared by every ScopeTtls of the stack.
 */
export type ScopeClaims = Map<string, string>;

/** Everything the provider's hooks and lookups share, built from one configuration. */
export interface ProviderContext {
    /** The names of the configured named accounts (`bringg:accounts`), sorted. */
    readonly accountNames: readonly string[];
    /** The settings of an account (undefined: the default settings), resolved once; or every problem with them. */
    settings(account?: string): SettingsResolution;
    /** The problems with an account's settings (undefined: the default settings); empty when they are valid. */
    settingsProblems(account?: string): readonly ConfigurationProblem[];
    /**
     * The client of an account (undefined: the default settings), made on first use and shared by
     * every later call (so every resource of a `pulumi refresh` shares one list call).
     *
     * @throws ConfigurationError naming every key to set, when the account's settings are invalid.
     */
    client(account?: string): BringgClient;
    /**
     * The secrets this context has seen (the admin passwords, every client secret and token its
     * clients handled): every error that leaves a hook or lookup of the context is redacted with it.
     */
    readonly secrets: SecretRegistry;
    /** The per-application rotation locks. */
    readonly applicationLocks: ApplicationLocks;
    /** The scope claims of ScopeTtls resources. */
    readonly scopeClaims: ScopeClaims;
    /** Access tokens `getAccessToken` handed out, until shortly before they expire. */
    readonly accessTokens: TokenCache;
}

/**
 * Builds a context from a reader of the `bringg:*` configuration and the environment (the
 * `BRINGG_*` fallbacks). Reads the configuration once, here; never throws: bad settings are
 * problems that `check` reports per resource, and that {@link ProviderContext.client} throws.
 */
export function createProviderContext(config: ConfigReader, env: NodeJS.ProcessEnv = process.env): ProviderContext {
    const stack = readStackConfig(config);
    const resolved = new Map<string | undefined, SettingsResolution>();
    const clients = new Map<string | undefined, BringgClient>();
    const secrets = new SecretRegistry();
    const settings = (account?: string): SettingsResolution => {
        let result = resolved.get(account);
        if (!result) {
            result = resolveSettings(stack, account, env);
            if (result.ok) secrets.register(result.settings.password);
            resolved.set(account, result);
        }
        return result;
    };
    const valid = (account?: string): BringgSettings => {
        const result = settings(account);
        if (!result.ok) throw new ConfigurationError(result.problems);
        return result.settings;
    };
    return {
        accountNames: accountNamesOf(stack),
        settings,
        settingsProblems: (account) => {
            const result = settings(account);
            return result.ok ? [] : result.problems;
        },
        client(account) {
            let client = clients.get(account);
            if (!client) {
                client = new BringgClient({ settings: valid(account), secrets, apiProfile: profileFromEnvironment() });
                clients.set(account, client);
            }
            return client;
        },
        secrets,
        applicationLocks: new Map(),
        scopeClaims: new Map(),
        accessTokens: new Map(),
    };
}
