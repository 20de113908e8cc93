/**
 * The `bringg:*` settings described once, as a zod schema: scripts/gen-package-schema.ts makes the
 * package schema's `config.variables` and the provider's `inputProperties` from it. Documentation
 * only: ./config.ts reads and validates the settings (its messages name the fix); this schema says
 * what each one means. Its keys are the settings ./config.ts reads (`satisfies` fails the build otherwise).
 */
import { z } from "zod";
import { regionNames, type Region } from "../api/regions";
import { accountNamePattern, accountsKey, defaultLateWriteWindow, defaultTimeout, settingKeys } from "./config";

/** The fallback sentence of a setting: its environment variable. */
function fallback(field: keyof typeof settingKeys): string {
    return ` Falls back to the \`${settingKeys[field].env}\` environment variable.`;
}

/** One set of settings: the default ones (`bringg:region`, ...) or a named account's. */
export const settingsShape = {
    region: z
        .enum(regionNames as [Region, ...Region[]])
        .optional()
        .meta({
            description: `Bringg region of the merchant, which picks its regional admin host: ${regionNames.join(", ")}. Set region or endpoint.${fallback("region")}`,
        }),
    endpoint: z
        .url({ protocol: /^https?$/ })
        .optional()
        .meta({
            description: `Any base URL instead of a region: the emulator (\`http://127.0.0.1:8089\`), a proxy. Set region or endpoint.${fallback("endpoint")}`,
        }),
    username: z
        .string()
        .optional()
        .meta({ description: `A Bringg admin user of the merchant.${fallback("username")}` }),
    password: z
        .string()
        .optional()
        .meta({ description: `That user's password, a secret (\`pulumi config set --secret\`).${fallback("password")}` }),
    timeout: z
        .string()
        .optional()
        .meta({
            description:
                "Deadline of one Bringg call, retries and `Retry-After` waits included: a duration from `1s` to `10m`, default " +
                `\`${defaultTimeout}\`; one attempt gets half of it.${fallback("timeout")}`,
        }),
    lateWriteWindow: z
        .string()
        .optional()
        .meta({
            description:
                "How long a create or a new secret whose reply was lost may still be applied by Bringg: `0s` to `5m`, default " +
                `\`${defaultLateWriteWindow}\`.${fallback("lateWriteWindow")}`,
        }),
    apiProfile: z
        .string()
        .optional()
        .meta({
            description:
                "An API profile file (YAML or JSON, relative to the project folder): where the account's API differs from the built-in " +
                `routes (docs/real-bringg.md).${fallback("apiProfile")}`,
        }),
} satisfies Record<keyof typeof settingKeys, z.ZodType>;

/** The settings of one named account, an entry of `bringg:accounts`. */
export const accountSettings = z.strictObject(settingsShape).meta({
    title: "AccountSettings",
    description:
        "The settings of one named account. Each falls back to `BRINGG_ACCOUNT_<NAME>_<SETTING>`; `timeout`, `lateWriteWindow` and " +
        "`apiProfile` fall back to the default settings'.",
});

/** Every `bringg:*` setting: the default settings and the named accounts. */
export const providerSettings = z.strictObject({
    ...settingsShape,
    accounts: z
        .record(z.string().regex(accountNamePattern), accountSettings)
        .optional()
        .meta({
            description:
                `Named accounts (\`${accountsKey}\`): a map of account name to its settings, so that one program manages several ` +
                "merchants or regions; a resource's `account` input picks one (docs/accounts.md).",
        }),
});
