/**
 * Where and as whom the provider talks to Bringg.
 *
 * Settings come from stack config (`bringg:region` or `bringg:endpoint`, `bringg:username`,
 * `bringg:password`) with `BRINGG_*` environment variables as fallback. They are read at run time
 * in the provider process (the dynamic provider's `configure` hook hands the stack config to
 * {@link useStackConfig}) and never captured into a resource's serialized provider or its state.
 */
import { z } from "zod";
import { regionNames, regions, type Region } from "../api/regions";
import { formatDuration, tryParseDuration } from "./duration";
import { registerSecret } from "./errors";

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
}

/** Default of `bringg:timeout`. */
export const defaultTimeout = "45s";
/** Default of `bringg:lateWriteWindow`. */
export const defaultLateWriteWindow = "10s";

/** The raw values as found: stack config or environment, unvalidated. */
export interface RawSettings {
    region?: string;
    endpoint?: string;
    username?: string;
    password?: string;
    timeout?: string;
    lateWriteWindow?: string;
}

/** The setting names, with the stack config key and environment variable of each. */
export const settingKeys = {
    region: { config: "bringg:region", env: "BRINGG_REGION" },
    endpoint: { config: "bringg:endpoint", env: "BRINGG_ENDPOINT" },
    username: { config: "bringg:username", env: "BRINGG_USERNAME" },
    password: { config: "bringg:password", env: "BRINGG_PASSWORD" },
    timeout: { config: "bringg:timeout", env: "BRINGG_TIMEOUT" },
    lateWriteWindow: { config: "bringg:lateWriteWindow", env: "BRINGG_LATE_WRITE_WINDOW" },
} as const satisfies Record<keyof RawSettings, { config: string; env: string }>;

/** One thing wrong with the settings, and which key fixes it. */
export interface ConfigurationProblem {
    /** The stack config key to set, e.g. `bringg:password`. */
    readonly key: string;
    readonly message: string;
}

/** The settings are missing or contradictory; the message lists every problem and its fix. */
export class ConfigurationError extends Error {
    override readonly name = "ConfigurationError";
    constructor(readonly problems: readonly ConfigurationProblem[]) {
        super(`Bringg provider configuration is invalid: ${problems.map((p) => p.message).join("; ")}`);
    }
}

const regionList = regionNames.join(", ");

const setRegion = "`pulumi config set bringg:region us2` (one of " + regionList + ") or BRINGG_REGION";
const setEndpoint = "`pulumi config set bringg:endpoint https://...` or BRINGG_ENDPOINT";

const settingsSchema = z.object({
    region: z
        .enum(regionNames as [Region, ...Region[]], {
            error: (issue) =>
                `bringg:region ${JSON.stringify(issue.input)} is not a Bringg region: set ${setRegion}`,
        })
        .optional(),
    endpoint: z
        .url({
            protocol: /^https?$/,
            error: (issue) =>
                `bringg:endpoint ${JSON.stringify(issue.input)} is not an http(s) URL: set ${setEndpoint}`,
        })
        .optional(),
    username: z
        .string()
        .trim()
        .min(1, "bringg:username is empty: set it with `pulumi config set bringg:username <admin user>` or BRINGG_USERNAME"),
    password: z
        .string()
        .min(
            1,
            "bringg:password is empty: set it with `pulumi config set --secret bringg:password <password>` or BRINGG_PASSWORD",
        ),
});

const missing: Record<"username" | "password", string> = {
    username:
        "bringg:username is not set: set it with `pulumi config set bringg:username <admin user>` or the BRINGG_USERNAME environment variable",
    password:
        "bringg:password is not set: set it with `pulumi config set --secret bringg:password <password>` or the BRINGG_PASSWORD environment variable",
};

/**
 * Combines stack config and environment. Stack config wins per key; for the location (region or
 * endpoint) the layer that names one wins whole, so an environment left over from another project
 * cannot contradict the stack.
 */
export function mergeSources(stack: RawSettings, env: NodeJS.ProcessEnv = process.env): RawSettings {
    const fromEnv: RawSettings = {
        region: nonEmpty(env[settingKeys.region.env]),
        endpoint: nonEmpty(env[settingKeys.endpoint.env]),
        username: nonEmpty(env[settingKeys.username.env]),
        password: nonEmpty(env[settingKeys.password.env]),
        timeout: nonEmpty(env[settingKeys.timeout.env]),
        lateWriteWindow: nonEmpty(env[settingKeys.lateWriteWindow.env]),
    };
    const stackNamesLocation = stack.region !== undefined || stack.endpoint !== undefined;
    return {
        region: stackNamesLocation ? stack.region : fromEnv.region,
        endpoint: stackNamesLocation ? stack.endpoint : fromEnv.endpoint,
        username: stack.username ?? fromEnv.username,
        password: stack.password ?? fromEnv.password,
        timeout: stack.timeout ?? fromEnv.timeout,
        lateWriteWindow: stack.lateWriteWindow ?? fromEnv.lateWriteWindow,
    };
}

function nonEmpty(value: string | undefined): string | undefined {
    return value === undefined || value === "" ? undefined : value;
}

/** Validates raw settings: the settings, or every problem with the key that fixes it. */
export function validateSettings(raw: RawSettings):
    | { ok: true; settings: BringgSettings }
    | { ok: false; problems: ConfigurationProblem[] } {
    const problems: ConfigurationProblem[] = [];
    if (raw.region === undefined && raw.endpoint === undefined) {
        problems.push({
            key: settingKeys.region.config,
            message: `neither bringg:region nor bringg:endpoint is set: set ${setRegion}, or ${setEndpoint}`,
        });
    } else if (raw.region !== undefined && raw.endpoint !== undefined) {
        problems.push({
            key: settingKeys.endpoint.config,
            message:
                "bringg:region and bringg:endpoint are both set and contradict each other: keep one " +
                "(`pulumi config rm bringg:endpoint` or `pulumi config rm bringg:region`)",
        });
    }
    for (const key of ["username", "password"] as const) {
        if (raw[key] === undefined) problems.push({ key: settingKeys[key].config, message: missing[key] });
    }
    const parsed = settingsSchema.safeParse({
        region: raw.region,
        endpoint: raw.endpoint,
        username: raw.username ?? "-",
        password: raw.password ?? "-",
    });
    if (!parsed.success) {
        for (const issue of parsed.error.issues) {
            const field = String(issue.path[0]) as keyof RawSettings;
            problems.push({ key: settingKeys[field].config, message: issue.message });
        }
    }
    const timeoutMs = durationSetting("timeout", raw.timeout ?? defaultTimeout, 1, 600, problems);
    const lateWriteWindowMs = durationSetting("lateWriteWindow", raw.lateWriteWindow ?? defaultLateWriteWindow, 0, 300, problems);
    if (problems.length > 0 || !parsed.success) return { ok: false, problems };

    const { region, endpoint, username, password } = parsed.data;
    const baseUrl = (endpoint ?? regions[region!]).replace(/\/+$/, "");
    return { ok: true, settings: { baseUrl, ...(region ? { region } : {}), username, password, timeoutMs, lateWriteWindowMs } };
}

/**
 * A duration setting in milliseconds, within [min, max] seconds ("0s" allowed where min is 0);
 * a problem naming the key otherwise.
 */
function durationSetting(key: "timeout" | "lateWriteWindow", value: string, min: number, max: number, problems: ConfigurationProblem[]): number {
    const { config, env } = settingKeys[key];
    const zero = min === 0 && /^0+[dhms]?$/.test(value.trim());
    const parsed = zero ? ({ ok: true, seconds: 0 } as const) : tryParseDuration(value);
    if (!parsed.ok || parsed.seconds < min || parsed.seconds > max) {
        problems.push({
            key: config,
            message:
                `${config} ${JSON.stringify(value)} is not a duration from ${formatDuration(Math.max(min, 1))} to ${formatDuration(max)}` +
                `${parsed.ok ? "" : ` (${parsed.reason})`}: set it with \`pulumi config set ${config} 45s\` or ${env}, or remove it`,
        });
        return 0;
    }
    return parsed.seconds * 1000;
}

// ---- the process-level holder -------------------------------------------------------------------

/** The stack config the provider process was configured with; undefined until `configure` ran. */
let stackSettings: RawSettings = {};

/**
 * Records the stack config of this provider process. Called by each resource's `configure` hook
 * with a reader of the stack config; never throws, so that bad settings are reported by `check`
 * (per resource, at preview) instead of crashing the provider process.
 */
export function useStackConfig(get: (key: string) => string | undefined): void {
    stackSettings = {
        region: nonEmpty(get(settingKeys.region.config)),
        endpoint: nonEmpty(get(settingKeys.endpoint.config)),
        username: nonEmpty(get(settingKeys.username.config)),
        password: nonEmpty(get(settingKeys.password.config)),
        timeout: nonEmpty(get(settingKeys.timeout.config)),
        lateWriteWindow: nonEmpty(get(settingKeys.lateWriteWindow.config)),
    };
}

/** The problems with the current settings (stack config, then environment); empty when valid. */
export function settingsProblems(env: NodeJS.ProcessEnv = process.env): ConfigurationProblem[] {
    const result = validateSettings(mergeSources(stackSettings, env));
    return result.ok ? [] : result.problems;
}

/**
 * The current settings (stack config, then environment).
 *
 * @throws ConfigurationError naming every key to set.
 */
export function currentSettings(env: NodeJS.ProcessEnv = process.env): BringgSettings {
    const result = validateSettings(mergeSources(stackSettings, env));
    if (!result.ok) throw new ConfigurationError(result.problems);
    registerSecret(result.settings.password);
    return result.settings;
}
