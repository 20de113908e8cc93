/**
 * Where and as whom the provider talks to Bringg.
 *
 * The default settings come from stack config (`bringg:region` or `bringg:endpoint`,
 * `bringg:username`, `bringg:password`) with `BRINGG_*` environment variables as fallback. Named
 * accounts (`bringg:accounts`, a map of account name to the same settings) let one program manage
 * several merchants or regions: a resource's `account` input picks one, with
 * `BRINGG_ACCOUNT_<NAME>_*` environment variables as fallback. Settings are read at run time in
 * the provider process (the dynamic provider's `configure` hook builds the process's
 * ProviderContext from the stack config, see ./context.ts) and never captured into a resource's
 * serialized provider or its state.
 * The engine itself records the stack config on its default provider: see README, "Settings".
 */
import { z } from "zod";
import type { ApiProfile } from "../api/profile";
import { regionNames, regions, type Region } from "../api/regions";
import { formatDuration, tryParseDuration } from "./duration";
import { BrandedError, fixFor } from "./errors";
import { loadApiProfile, type ProfileLoader } from "./profile-file";
import { secretSignatureKey } from "./pulumi-wire";

/** Resolved settings: everything the client needs. */
export interface BringgSettings {
    /** Base URL of the Management and OAuth API, without a trailing slash. */
    readonly baseUrl: string;
    /** The region, when the base URL came from `bringg:region`. */
    readonly region?: Region;
    /** A Bringg admin user's username. */
    readonly username: string;
    /** That user's password. */
    readonly password: string;
    /** Deadline of one Bringg call, retries included, in milliseconds (`bringg:timeout`). */
    readonly timeoutMs?: number;
    /**
     * How long a write whose reply was lost may still be applied by Bringg, in milliseconds
     * (`bringg:lateWriteWindow`): a lost create or regenerate is declared lost only after it.
     */
    readonly lateWriteWindowMs?: number;
    /** The named account these settings belong to; undefined for the default settings. */
    readonly account?: string;
    /**
     * How the account's API differs from the built-in route table, read from the file that
     * `bringg:apiProfile` (or the account's `.apiProfile`, or `BRINGG_API_PROFILE`) names;
     * undefined for the built-in table.
     */
    readonly apiProfile?: ApiProfile;
}

/** Default of `bringg:timeout`. */
export const defaultTimeout = "45s";
/** Default of `bringg:lateWriteWindow`. */
export const defaultLateWriteWindow = "10s";

/** The raw values as found: stack config or environment, unvalidated. */
export interface RawSettings {
    region?: string | undefined;
    endpoint?: string | undefined;
    username?: string | undefined;
    password?: string | undefined;
    timeout?: string | undefined;
    lateWriteWindow?: string | undefined;
    /** The API profile file (provider/core/profile-file.ts), relative to the project folder or absolute. */
    apiProfile?: string | undefined;
}

type Field = keyof RawSettings;
const fields: readonly Field[] = ["region", "endpoint", "username", "password", "timeout", "lateWriteWindow", "apiProfile"];
const envSuffix: Record<Field, string> = {
    region: "REGION",
    endpoint: "ENDPOINT",
    username: "USERNAME",
    password: "PASSWORD",
    timeout: "TIMEOUT",
    lateWriteWindow: "LATE_WRITE_WINDOW",
    apiProfile: "API_PROFILE",
};

/** The setting names, with the stack config key and environment variable of each (default settings). */
export const settingKeys = Object.fromEntries(fields.map((field) => [field, { config: `bringg:${field}`, env: `BRINGG_${envSuffix[field]}` }])) as {
    readonly [F in Field]: { readonly config: string; readonly env: string };
};

/** The stack config key of the named accounts. */
export const accountsKey = "bringg:accounts";

/** What an account name may look like: it is a config path segment and part of variable names. */
export const accountNamePattern = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;

/**
 * Where one set of settings is read from and how messages name its keys: the default settings
 * (`bringg:region`, `BRINGG_REGION`) or a named account's (`bringg:accounts.eu.region`, set with
 * `pulumi config set --path`, and `BRINGG_ACCOUNT_EU_REGION`).
 */
export interface SettingNames {
    /** The account; undefined for the default settings. */
    readonly account?: string;
    /** The stack config key of a setting, e.g. `bringg:region` or `bringg:accounts.eu.region`. */
    configKey(field: Field): string;
    /** The environment variable of a setting, e.g. `BRINGG_REGION` or `BRINGG_ACCOUNT_EU_REGION`. */
    envVar(field: Field): string;
    /** The command that sets a setting, e.g. `pulumi config set --secret bringg:password <password>`. */
    setCommand(field: Field, value: string): string;
}

/** The names of the default settings, or of a named account's. */
export function settingNames(account?: string): SettingNames {
    if (account === undefined) {
        return {
            configKey: (field) => settingKeys[field].config,
            envVar: (field) => settingKeys[field].env,
            setCommand: (field, value) => `pulumi config set ${field === "password" ? "--secret " : ""}${settingKeys[field].config} ${value}`,
        };
    }
    const envName = account.toUpperCase().replace(/[^A-Z0-9]/g, "_");
    const configKey = (field: Field) => `${accountsKey}.${account}.${field}`;
    return {
        account,
        configKey,
        envVar: (field) => `BRINGG_ACCOUNT_${envName}_${envSuffix[field]}`,
        setCommand: (field, value) => `pulumi config set ${field === "password" ? "--secret " : ""}--path ${configKey(field)} ${value}`,
    };
}

/** One thing wrong with the settings, and which key fixes it. */
export interface ConfigurationProblem {
    /** The stack config key to set, e.g. `bringg:password` or `bringg:accounts.eu.password`. */
    readonly key: string;
    readonly message: string;
}

/** The settings are missing or contradictory; the message lists every problem and its fix. */
export class ConfigurationError extends BrandedError {
    override readonly name = "ConfigurationError";
    constructor(readonly problems: readonly ConfigurationProblem[]) {
        super(`Bringg provider configuration is invalid: ${problems.map((p) => p.message).join("; ")}`);
    }
}

const regionList = regionNames.join(", ");

function setRegion(names: SettingNames): string {
    return `\`${names.setCommand("region", "us2")}\` (one of ${regionList}) or ${names.envVar("region")}`;
}

function setEndpoint(names: SettingNames): string {
    return `\`${names.setCommand("endpoint", "https://...")}\` or ${names.envVar("endpoint")}`;
}

function buildSettingsSchema(names: SettingNames) {
    const key = (field: Field) => names.configKey(field);
    return z.object({
        region: z
            .enum(regionNames as [Region, ...Region[]], {
                error: (issue) => `${key("region")} ${JSON.stringify(issue.input)} is not a Bringg region: set ${setRegion(names)}`,
            })
            .optional(),
        endpoint: z
            .url({
                protocol: /^https?$/,
                error: (issue) => `${key("endpoint")} ${JSON.stringify(issue.input)} is not an http(s) URL: set ${setEndpoint(names)}`,
            })
            .optional(),
        username: z
            .string()
            .trim()
            .min(1, `${key("username")} is empty: set it with \`${names.setCommand("username", "<admin user>")}\` or ${names.envVar("username")}`),
        password: z
            .string()
            .min(1, `${key("password")} is empty: set it with \`${names.setCommand("password", "<password>")}\` or ${names.envVar("password")}`),
    });
}

function missing(names: SettingNames, field: "username" | "password"): string {
    const placeholder = field === "username" ? "<admin user>" : "<password>";
    return `${names.configKey(field)} is not set: set it with \`${names.setCommand(field, placeholder)}\` or the ${names.envVar(field)} environment variable`;
}

/**
 * Combines stack config and environment. Stack config wins per key; for the location (region or
 * endpoint) the layer that names one wins whole, so an environment left over from another project
 * cannot contradict the stack.
 */
export function mergeSources(stack: RawSettings, env: NodeJS.ProcessEnv = process.env, names: SettingNames = settingNames()): RawSettings {
    const fromEnv = Object.fromEntries(fields.map((field) => [field, nonEmpty(env[names.envVar(field)])])) as RawSettings;
    const stackNamesLocation = stack.region !== undefined || stack.endpoint !== undefined;
    return {
        region: stackNamesLocation ? stack.region : fromEnv.region,
        endpoint: stackNamesLocation ? stack.endpoint : fromEnv.endpoint,
        username: stack.username ?? fromEnv.username,
        password: stack.password ?? fromEnv.password,
        timeout: stack.timeout ?? fromEnv.timeout,
        lateWriteWindow: stack.lateWriteWindow ?? fromEnv.lateWriteWindow,
        // Only when named, so that settings without a profile read as before.
        ...optional("apiProfile", stack.apiProfile ?? fromEnv.apiProfile),
    };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
    return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

function nonEmpty(value: string | undefined): string | undefined {
    return value === undefined || value === "" ? undefined : value;
}

/**
 * Validates raw settings: the settings, or every problem with the key that fixes it. The API
 * profile file a setting names is read with `loadProfile` (default: from the working directory,
 * each time); each of its problems is one, `file:line:col: path: message`.
 */
export function validateSettings(
    raw: RawSettings,
    names: SettingNames = settingNames(),
    loadProfile: ProfileLoader = loadApiProfile,
): { ok: true; settings: BringgSettings } | { ok: false; problems: ConfigurationProblem[] } {
    const problems: ConfigurationProblem[] = [];
    const key = (field: Field) => names.configKey(field);
    if (raw.region === undefined && raw.endpoint === undefined) {
        problems.push({
            key: key("region"),
            message: `neither ${key("region")} nor ${key("endpoint")} is set: set ${setRegion(names)}, or ${setEndpoint(names)}`,
        });
    } else if (raw.region !== undefined && raw.endpoint !== undefined) {
        problems.push({
            key: key("endpoint"),
            message:
                `${key("region")} and ${key("endpoint")} are both set and contradict each other: keep one ` +
                `(\`pulumi config rm${names.account === undefined ? "" : " --path"} ${key("endpoint")}\` or ` +
                `\`pulumi config rm${names.account === undefined ? "" : " --path"} ${key("region")}\`)`,
        });
    }
    for (const field of ["username", "password"] as const) {
        if (raw[field] === undefined) problems.push({ key: key(field), message: missing(names, field) });
    }
    const parsed = buildSettingsSchema(names).safeParse({
        region: raw.region,
        endpoint: raw.endpoint,
        username: raw.username ?? "-",
        password: raw.password ?? "-",
    });
    if (!parsed.success) {
        for (const issue of parsed.error.issues) problems.push({ key: key(String(issue.path[0]) as Field), message: issue.message });
    }
    const timeoutMs = durationSetting(names, "timeout", raw.timeout ?? defaultTimeout, 1, 600, problems);
    const lateWriteWindowMs = durationSetting(names, "lateWriteWindow", raw.lateWriteWindow ?? defaultLateWriteWindow, 0, 300, problems);
    const profile = raw.apiProfile === undefined ? undefined : loadProfile(raw.apiProfile);
    if (profile && !profile.ok) {
        for (const message of profile.problems)
            problems.push({ key: key("apiProfile"), message: `${message} (API profile, ${names.configKey("apiProfile")})` });
    }
    if (problems.length > 0 || !parsed.success) return { ok: false, problems };

    const { region, endpoint, username, password } = parsed.data;
    const baseUrl = (endpoint ?? regions[region!]).replace(/\/+$/, "");
    return {
        ok: true,
        settings: {
            baseUrl,
            ...(region ? { region } : {}),
            username,
            password,
            timeoutMs,
            lateWriteWindowMs,
            ...(names.account === undefined ? {} : { account: names.account }),
            ...(profile?.ok ? { apiProfile: profile.profile } : {}),
        },
    };
}

/**
 * A duration setting in milliseconds, within [min, max] seconds ("0s" allowed where min is 0);
 * a problem naming the key otherwise.
 */
function durationSetting(
    names: SettingNames,
    field: "timeout" | "lateWriteWindow",
    value: string,
    min: number,
    max: number,
    problems: ConfigurationProblem[],
): number {
    const config = names.configKey(field);
    const zero = min === 0 && /^0+[dhms]?$/.test(value.trim());
    const parsed = zero ? ({ ok: true, seconds: 0 } as const) : tryParseDuration(value);
    if (!parsed.ok || parsed.seconds < min || parsed.seconds > max) {
        problems.push({
            key: config,
            message:
                `${config} ${JSON.stringify(value)} is not a duration from ${formatDuration(Math.max(min, 1))} to ${formatDuration(max)}` +
                `${parsed.ok ? "" : ` (${parsed.reason})`}: set it with \`${names.setCommand(field, "45s")}\` or ${names.envVar(field)}, or remove it`,
        });
        return 0;
    }
    return parsed.seconds * 1000;
}

// ---- named accounts -----------------------------------------------------------------------------

/** `bringg:accounts` as read: each account's raw settings, and what is wrong with the map itself. */
export interface Accounts {
    readonly accounts: ReadonlyMap<string, RawSettings>;
    readonly problems: readonly ConfigurationProblem[];
}

/** A config value with secret wrappers removed at any depth, and JSON text parsed. */
function plainConfigValue(value: unknown): unknown {
    if (typeof value === "string") {
        const text = value.trim();
        if (!text.startsWith("{")) return value;
        try {
            return plainConfigValue(JSON.parse(text));
        } catch {
            return value;
        }
    }
    if (value === null || typeof value !== "object") return value;
    if (secretSignatureKey in value) return plainConfigValue((value as { value?: unknown }).value);
    if (Array.isArray(value)) return value.map(plainConfigValue);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainConfigValue(v)]));
}

const setAccount = "`pulumi config set --path bringg:accounts.<name>.region us2` (or .endpoint), then its .username and, with --secret, its .password";

/**
 * Reads `bringg:accounts` (a JSON text as the engine hands structured config to providers, or the
 * parsed object): a map of account name to `region` or `endpoint`, `username`, `password`,
 * `timeout`, `lateWriteWindow`. Every malformed entry is a problem naming its key.
 */
export function parseAccounts(raw: unknown): Accounts {
    if (raw === undefined || raw === null || raw === "") return { accounts: new Map(), problems: [] };
    const value = plainConfigValue(raw);
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return {
            accounts: new Map(),
            problems: [{ key: accountsKey, message: `${accountsKey} must be a map of account name to settings, set with ${setAccount}` }],
        };
    }
    const accounts = new Map<string, RawSettings>();
    const problems: ConfigurationProblem[] = [];
    for (const [name, entry] of Object.entries(value)) {
        const key = `${accountsKey}.${name}`;
        if (!accountNamePattern.test(name)) {
            problems.push({ key, message: `${JSON.stringify(name)} is not an account name: use a letter, then letters, digits, "-" or "_" (at most 63)` });
            continue;
        }
        if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
            problems.push({ key, message: `${key} must be a map of settings (region or endpoint, username, password), set with ${setAccount}` });
            continue;
        }
        const settings: RawSettings = {};
        for (const [field, setting] of Object.entries(entry)) {
            if (!(fields as readonly string[]).includes(field)) {
                problems.push({
                    key: `${key}.${field}`,
                    message: `${key}.${field} is not a setting: an account has ${fields.join(", ")}; remove it with \`pulumi config rm --path ${key}.${field}\``,
                });
            } else if (typeof setting === "string" || typeof setting === "number") {
                const text = nonEmpty(String(setting));
                if (text !== undefined) settings[field as Field] = text;
            } else if (setting !== null && setting !== undefined) {
                problems.push({ key: `${key}.${field}`, message: `${key}.${field} must be text, not ${Array.isArray(setting) ? "a list" : typeof setting}` });
            }
        }
        accounts.set(name, settings);
    }
    return { accounts, problems };
}

// ---- stack config -------------------------------------------------------------------------------

/** The `bringg:*` stack config as read: the default settings' raw values and the named accounts. */
export interface StackConfig {
    readonly settings: RawSettings;
    readonly accounts: Accounts;
}

/** What resolving an account's settings gives: the settings, or every problem with the key that fixes it. */
export type SettingsResolution = ReturnType<typeof validateSettings>;

/**
 * Reads the `bringg:*` stack config from a reader of it (the configure request's config in the
 * provider, the program's config in lookups). Never throws: bad settings are problems, reported by
 * `check` (per resource, at preview) instead of crashing the provider process.
 */
export function readStackConfig(get: (key: string) => unknown): StackConfig {
    const text = (key: string) => {
        const value = get(key);
        return typeof value === "string" ? nonEmpty(value) : undefined;
    };
    return {
        settings: Object.fromEntries(fields.map((field) => [field, text(settingKeys[field].config)])) as RawSettings,
        accounts: parseAccounts(get(accountsKey)),
    };
}

/** The names of the configured accounts (`bringg:accounts`), sorted. */
export function accountNamesOf(stack: StackConfig): string[] {
    return [...stack.accounts.accounts.keys()].sort();
}

/**
 * The settings of an account (undefined: the default settings) from the stack config, then the
 * environment; or every problem with them, each naming the key that fixes it.
 */
export function resolveSettings(
    stack: StackConfig,
    account: string | undefined,
    env: NodeJS.ProcessEnv,
    loadProfile: ProfileLoader = loadApiProfile,
): SettingsResolution {
    if (account === undefined) return validateSettings(mergeSources(stack.settings, env), settingNames(), loadProfile);
    const names = settingNames(account);
    const own = stack.accounts.accounts.get(account);
    const listed = stack.accounts.problems.filter(
        (p) => p.key === accountsKey || p.key === `${accountsKey}.${account}` || p.key.startsWith(`${accountsKey}.${account}.`),
    );
    if (own === undefined) {
        const known = accountNamesOf(stack);
        const unknown: ConfigurationProblem = {
            key: `${accountsKey}.${account}`,
            message:
                `account ${JSON.stringify(account)} is not in ${accountsKey} (${known.length === 0 ? "no account is configured" : `configured: ${known.join(", ")}`}): ` +
                `add it with \`pulumi config set --path ${accountsKey}.${account}.region us2\` (or .endpoint), ` +
                `\`pulumi config set --path ${accountsKey}.${account}.username <admin user>\` and ` +
                `\`pulumi config set --secret --path ${accountsKey}.${account}.password <password>\`, or fix the account input`,
        };
        return { ok: false, problems: [...listed, unknown] };
    }
    const merged = mergeSources(own, env, names);
    // The call limits are the stack's unless the account sets its own: they are about this machine.
    // So is the API profile: Bringg's API has one shape, whichever merchant or region is called.
    const defaults = mergeSources(stack.settings, env);
    const result = validateSettings(
        {
            ...merged,
            timeout: merged.timeout ?? defaults.timeout,
            lateWriteWindow: merged.lateWriteWindow ?? defaults.lateWriteWindow,
            apiProfile: merged.apiProfile ?? defaults.apiProfile,
        },
        names,
        loadProfile,
    );
    if (listed.length === 0) return result;
    return { ok: false, problems: [...listed, ...(result.ok ? [] : result.problems)] };
}

/**
 * The advice for a refusal of the admin credentials (401) or rights (403), naming the keys of the
 * settings the call used: a named account's, or (no account) the default ones of {@link fixFor}.
 */
export function credentialsFix(code: "unauthorized" | "forbidden", account?: string): string {
    if (account === undefined) return fixFor(code);
    const names = settingNames(account);
    const which = ` (account ${JSON.stringify(account)})`;
    if (code === "forbidden") {
        return `${names.configKey("username")}${which} must be a Bringg admin user of the merchant that owns the applications.`;
    }
    return (
        `check ${names.configKey("username")} and ${names.configKey("password")}${which} ` +
        `(or ${names.envVar("username")} and ${names.envVar("password")}); Bringg did not accept them.`
    );
}
