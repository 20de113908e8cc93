/**
 * The inputs of the `ScopeTtls` resource, as zod schemas.
 *
 * `check` validates each TTL on its own with {@link ttlValue} and each name with {@link scopeKey},
 * so that one preview reports every bad entry by its path (`ttls.tasks_write`), not just the first.
 * {@link scopeTtlsInputs} describes the whole input for documentation and JSON Schema; its checked
 * output (every TTL in seconds) is what `diff`, `create` and `update` receive.
 */
import { z } from "zod";
import { maxTtlSeconds, scopeNamePattern } from "../api/wire";
import { accountInput } from "../core/account";
import { durationHint, formatDuration, tryParseDuration } from "../core/duration";
import { scopeNameProblem } from "../core/scope-names";

import type { unknownValue } from "../core/check";

/**
 * A scope name: any non-empty name without spaces or control characters. Whether the scope exists
 * (and how Bringg spells it) is checked against the account's catalog, not by a spelling rule.
 */
export const scopeKey = z.string().regex(scopeNamePattern, {
    error: (issue) =>
        `${JSON.stringify(issue.input)} is not a Bringg scope name: ${scopeNameProblem(String(issue.input))}; use the ` +
        "names Bringg lists under Settings → Webhooks & API, such as tasks_write or Customer_write",
});

/** One TTL: whole seconds or a duration string, 1 s to 30 days; checked output is seconds. */
export const ttlValue = z
    .union([z.number(), z.string()], {
        error: (issue) => `a TTL must be a number of seconds or a duration string, not ${issue.input === null ? "null" : typeof issue.input}: ${durationHint}`,
    })
    .transform((value, ctx) => {
        const parsed = tryParseDuration(value);
        if (!parsed.ok) {
            ctx.addIssue({ code: "custom", message: parsed.reason, input: value });
            return z.NEVER;
        }
        if (parsed.seconds > maxTtlSeconds) {
            ctx.addIssue({
                code: "custom",
                input: value,
                message:
                    `${JSON.stringify(value)} is ${parsed.seconds} s (${formatDuration(parsed.seconds)}), longer than ` +
                    `30 days (${maxTtlSeconds} s), the longest TTL Bringg accepts`,
            });
            return z.NEVER;
        }
        return parsed.seconds;
    });

/** The ScopeTtls inputs. */
export const scopeTtlsInputs = z
    .strictObject({
        ttls: z.record(scopeKey, ttlValue).meta({
            description:
                'Token TTL per scope, e.g. `{ tasks_write: "15m", users_read: 7200 }`: whole seconds (`7200`) or a duration (`"90s"`, ' +
                '`"15m"`, `"12h"`, `"1h30m"`, `"30d"`), 1 s to 30 days. Only the scopes listed are managed: removing one reverts it to ' +
                "Bringg's default (30 min for write scopes, 4 h for read scopes), and so does deleting the resource. List each scope in " +
                "one ScopeTtls only. A change updates in place, in one Scopes API call.",
        }),
        account: accountInput,
    })
    .meta({
        title: "bringg.ScopeTtls",
        description: "Token TTL overrides of Bringg API scopes, set in one Scopes API call.",
    });

/** The inputs as a program writes them. */
export type ScopeTtlsInputs = z.input<typeof scopeTtlsInputs>;

/**
 * The inputs after check: every TTL in seconds (or the unknown placeholder during preview), plus
 * the resource name the class passes as the hidden input `resourceName`, kept as `__resourceName`
 * (ownership messages need it; the engine gives dynamic providers no URN).
 */
export interface CheckedScopeTtlsInputs {
    ttls: Record<string, number | typeof unknownValue> | typeof unknownValue;
    __resourceName?: string;
}

/** Input keys the engine adds; never reported as unknown. */
export const internalInputKeys: readonly string[] = ["__provider"];

/** The user-facing input keys, for "did you mean" messages. */
export const inputKeys: readonly string[] = Object.keys(scopeTtlsInputs.shape);
