/**
 * The `deliverTo` and `keepSecretInState` inputs that Application, SecretRotation and
 * RotatingCredentials share, as strict zod schemas.
 *
 * A resource adds {@link deliveryFields} to its own inputs object and {@link refineDelivery} to its
 * refinements; or it calls {@link checkDelivery} on its raw inputs. Either way every message names
 * the field path (`deliverTo[1].file.path`) and the fix, and a bad target fails `pulumi preview`
 * before anything is generated or written.
 */
import { createHash } from "node:crypto";
import * as path from "node:path";
import { z } from "zod";
import { containsUnknown, propertyPath, unknownValue, type Failure } from "../core/check";

import { storeKinds, type Format, type StoreKind } from "./kinds";

export { storeKinds, type Format, type StoreKind };

const kindList = "awsSecretsManager, file or command";

/** What a delivery writes: the credential as JSON, or the bare client secret. */
export const format = z
    .enum(["json", "secret"], { error: 'format must be "json" ({"clientId": ..., "clientSecret": ...}) or "secret" (the bare client secret)' })
    .optional()
    .meta({
        description:
            'What is written: `"json"` (default), `{"clientId":"...","clientSecret":"..."}` exactly (no whitespace, no trailing newline); ' +
            'or `"secret"`, the bare client secret.',
    });

/** Secrets Manager's rules for a secret name, and the shape of a secret's ARN. */
const secretName = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const secretArn = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}$/;
const awsRegion = /^[a-z]{2}(-[a-z]+)+-\d+$/;

const awsSecretsManager = z.strictObject(
    {
        secretId: z
            .string({ error: "secretId must be a string: the name or ARN of the secret" })
            .refine((id) => secretName.test(id) || secretArn.test(id), {
                error: (issue) =>
                    `${JSON.stringify(issue.input)} is not a Secrets Manager secret name or ARN: use 1-512 of the characters ` +
                    'A-Z a-z 0-9 / _ + = . @ -, e.g. "prod/bringg/dashboards", or a full arn:aws:secretsmanager:... ARN',
            })
            .meta({
                description: "The secret's name (created with the first value when missing) or its ARN (which must exist: a secret cannot be created by ARN).",
            }),
        region: z
            .string({ error: 'region must be a string such as "us-east-1"' })
            .regex(awsRegion, { error: (issue) => `${JSON.stringify(issue.input)} is not an AWS region: write one such as "us-east-1"` })
            .optional()
            .meta({ description: "The AWS region; defaults to the standard AWS chain's (`AWS_REGION`, the profile's region)." }),
        endpoint: z
            .url({ protocol: /^https?$/, error: 'endpoint must be an http(s) URL, e.g. "http://127.0.0.1:5000"' })
            .optional()
            .meta({ description: "Another Secrets Manager endpoint (a VPC endpoint, or a local emulator such as moto); defaults to AWS's." }),
    },
    { error: unknownFieldMessage("awsSecretsManager", "secretId, region and endpoint") },
);

const modeError = 'mode must be a file mode such as 0o600 (a number) or "0600" (an octal string)';

const file = z.strictObject(
    {
        path: z
            .string({ error: "path must be a string: an absolute file path" })
            .refine((p) => path.isAbsolute(p), {
                error: (issue) =>
                    `${JSON.stringify(issue.input)} is a relative path: give an absolute one (the provider's working directory ` +
                    'is not the program\'s), e.g. "/run/secrets/bringg.json"',
            })
            .refine((p) => !p.endsWith("/") && !p.includes("\0"), "path must name a file, not a directory")
            .meta({
                description:
                    "Absolute path of the file (the provider's working directory is not the program's); replaced atomically (temp file + " +
                    "rename). Missing folders are created with mode 0700.",
            }),
        mode: z
            .union([z.int({ error: modeError }).min(0, modeError).max(0o777, modeError), z.string({ error: modeError }).regex(/^0?[0-7]{3}$/, modeError)], {
                error: modeError,
            })
            .transform((mode) => (typeof mode === "number" ? mode : Number.parseInt(mode, 8)))
            .optional()
            .meta({ description: 'File mode: a number (`0o640`) or an octal string (`"0640"`); default `0o600` (owner read/write only).' }),
    },
    { error: unknownFieldMessage("file", "path and mode") },
);

const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;

const command = z.strictObject(
    {
        run: z
            .array(z.string({ error: "each argument must be a string" }), {
                error: 'run must be a list of arguments, e.g. ["vault", "kv", "put", "secret/bringg", "-"]',
            })
            .min(1, 'run must name a program: give the argument list, e.g. ["vault", "kv", "put", "secret/bringg", "-"]')
            .refine((argv) => argv.length === 0 || argv[0]!.trim() !== "", "run[0] must name the program to run; it is empty")
            .meta({
                description:
                    'The program and its arguments, e.g. `["vault", "kv", "put", "secret/bringg", "-"]`; no shell (use `["sh", "-c", "..."]` ' +
                    "for one). It gets the credential on stdin; a `run` or `env` that contains the secret is refused.",
            }),
        env: z
            .record(z.string().regex(envName), z.string({ error: "each env value must be a string" }), {
                error: (issue) =>
                    issue.code === "invalid_key"
                        ? `${JSON.stringify(issue.input)} is not an environment variable name: use letters, digits and _, not starting with a digit`
                        : "env must be a map of variable names to strings",
            })
            .optional()
            .meta({
                description:
                    "Extra environment variables for the program, on top of the provider's own (which it inherits, except `BRINGG_PASSWORD` " +
                    "and the stack's `PULUMI_CONFIG*` variables).",
            }),
    },
    { error: unknownFieldMessage("command", "run and env") },
);

/** One `deliverTo` entry: exactly one store kind, and the format. */
export const target = z
    .strictObject(
        {
            awsSecretsManager: awsSecretsManager
                .optional()
                .meta({ description: "AWS Secrets Manager; credentials come from the standard AWS chain, never from inputs." }),
            file: file.optional().meta({ description: "A local file, replaced atomically." }),
            command: command
                .optional()
                .meta({ description: "A program that reads the credential on stdin (no shell; the secret is never in its arguments or environment)." }),
            format,
        },
        {
            error: (issue) =>
                issue.code === "unrecognized_keys"
                    ? `${issue.keys.map((key) => JSON.stringify(key)).join(", ")} is not a store kind: use ${kindList}`
                    : `each deliverTo entry must be an object naming one store, e.g. { file: { path: "/run/secrets/bringg.json" } }`,
        },
    )
    // An entry that is not an object, or names an unknown kind, has had its say; "empty" would
    // only add noise. (`when` lets the check run despite problems inside the entry's stores.)
    .refine((entry) => kindsOf(entry).length > 0, { error: `the entry is empty: name exactly one store, ${kindList}`, when: entryIsAnObject })
    .refine((entry) => kindsOf(entry).length < 2, {
        error: (issue) => `the entry names ${kindsOf(issue.input).join(" and ")}: name exactly one store per entry (add another entry for the next)`,
    });

function kindsOf(entry: unknown): StoreKind[] {
    return storeKinds.filter((kind) => entry !== null && typeof entry === "object" && (entry as Record<string, unknown>)[kind] !== undefined);
}

function entryIsAnObject(payload: { issues: ReadonlyArray<{ path?: readonly PropertyKey[] | undefined }> }): boolean {
    return !payload.issues.some((issue) => (issue.path ?? []).length === 0);
}

/** The `deliverTo` input. */
export const deliverTo = z
    .array(target, { error: 'deliverTo must be a list of store targets, e.g. [{ file: { path: "/run/secrets/bringg.json" } }]' })
    .optional()
    .meta({
        description:
            "Secret stores the provider writes the credential to, after create and after every verified rotation: each entry names one " +
            "of `awsSecretsManager`, `file` or `command` (and a `format`), and leaves a non-secret receipt in `receipts`. See " +
            "docs/secret-stores.md.",
    });

/** The `keepSecretInState` input. */
export const keepSecretInState = z
    .boolean({ error: "keepSecretInState must be true or false" })
    .optional()
    .meta({
        description:
            "`false` keeps every form of the secret out of the state (only fingerprints and receipts stay); the secret is then not an " +
            "output. Needs at least one `deliverTo` target. Default `true`.",
    });

/** The fields a resource adds to its strict inputs object. */
export const deliveryFields = { deliverTo, keepSecretInState };

/** A checked AWS Secrets Manager target. */
export type AwsSecretsManagerTarget = z.output<typeof awsSecretsManager>;
/** A checked file target (mode as a number). */
export type FileTarget = z.output<typeof file>;
/** A checked command target. */
export type CommandTarget = z.output<typeof command>;
/** One checked `deliverTo` entry. */
export type Target = z.output<typeof target>;

/** The delivery inputs after check. */
export interface CheckedDelivery {
    deliverTo?: Target[];
    keepSecretInState?: boolean;
}

/**
 * The cross-field rules, for a resource's `superRefine`: `keepSecretInState: false` needs a target
 * (the secret would otherwise be kept nowhere), and no store may be named twice.
 */
export function refineDelivery(inputs: { deliverTo?: Target[] | undefined; keepSecretInState?: boolean | undefined }, ctx: z.RefinementCtx): void {
    const targets = inputs.deliverTo ?? [];
    if (inputs.keepSecretInState === false && targets.length === 0) {
        ctx.addIssue({
            code: "custom",
            path: ["keepSecretInState"],
            message: "keepSecretInState: false needs at least one deliverTo target: the secret would otherwise be kept nowhere and lost",
        });
    }
    const seen = new Map<string, number>();
    targets.forEach((entry, index) => {
        if (kindsOf(entry).length !== 1) return;
        const identity = targetIdentity(entry);
        const first = seen.get(identity);
        if (first === undefined) seen.set(identity, index);
        else ctx.addIssue({ code: "custom", path: ["deliverTo", index], message: `this entry names the same store as deliverTo[${first}]: remove one` });
    });
}

/** The delivery inputs alone (other keys are ignored), with their rules. */
export const deliveryInputs = z.object(deliveryFields).superRefine(refineDelivery);

/** The kind a checked target names. */
export function kindOf(entry: Target): StoreKind {
    return storeKinds.find((kind) => entry[kind] !== undefined)!;
}

/**
 * What makes two targets the same store, readable and without `env` values (which may hold the
 * user's own tokens): e.g. `file /run/secrets/bringg.json`.
 */
export function targetIdentity(entry: Target): string {
    if (entry.awsSecretsManager) {
        const { secretId, region, endpoint } = entry.awsSecretsManager;
        return ["awsSecretsManager", region ?? "", endpoint ?? "", secretId].join(" ");
    }
    if (entry.file) return `file ${path.normalize(entry.file.path)}`;
    return `command ${JSON.stringify(entry.command!.run)}`;
}

/** What makes a target the same store as another (see `targetIdentity`); undefined for an entry check refuses anyway. */
export function storeOf(target: unknown): string | undefined {
    if (target === null || typeof target !== "object") return undefined;
    const entry = target as Record<string, unknown>;
    const kinds = storeKinds.filter((kind) => entry[kind] !== undefined);
    if (kinds.length !== 1) return undefined;
    const store = entry[kinds[0]!] as Record<string, unknown> | null;
    if (store === null || typeof store !== "object") return undefined;
    if (kinds[0] === "awsSecretsManager" && typeof store.secretId !== "string") return undefined;
    if (kinds[0] === "file" && typeof store.path !== "string") return undefined;
    if (kinds[0] === "command" && !(Array.isArray(store.run) && store.run.every((arg) => typeof arg === "string"))) return undefined;
    return targetIdentity(entry as Target);
}

/**
 * A short stable key of a target (its store and format), for matching a receipt to its target
 * when the list is reordered. A hash, so that arguments never show up in receipts.
 */
export function targetKey(entry: Target): string {
    return createHash("sha256")
        .update(`${targetIdentity(entry)}\0${entry.format ?? "json"}`)
        .digest("hex")
        .slice(0, 16);
}

/** The value at a zod path in raw input, and whether that value or any parent is unknown. */
function underUnknown(raw: unknown, segments: readonly PropertyKey[]): boolean {
    let value = raw;
    for (const key of segments) {
        if (value === unknownValue) return true;
        if (value === null || typeof value !== "object") return false;
        value = (value as Record<PropertyKey, unknown>)[key];
    }
    return value === unknownValue || containsUnknown(value);
}

/**
 * Validates `deliverTo` and `keepSecretInState` in a resource's raw inputs (other keys are
 * ignored). Returns every failure at once, each naming its field path; values not known until the
 * deployment (preview of a new dependency) are not judged. `inputs` is the checked form when
 * everything is known and valid, else the raw values.
 */
export function checkDelivery(raw: Record<string, unknown>): { inputs: CheckedDelivery; failures: Failure[] } {
    const given = { deliverTo: raw.deliverTo, keepSecretInState: raw.keepSecretInState };
    const parsed = deliveryInputs.safeParse(given);
    if (parsed.success) {
        const inputs: CheckedDelivery = {};
        if (parsed.data.deliverTo !== undefined) inputs.deliverTo = parsed.data.deliverTo;
        if (parsed.data.keepSecretInState !== undefined) inputs.keepSecretInState = parsed.data.keepSecretInState;
        return { inputs, failures: [] };
    }
    const failures: Failure[] = [];
    for (const issue of parsed.error.issues) {
        if (underUnknown(given, issue.path)) continue;
        const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
        for (const key of keys) {
            failures.push({ property: propertyPath(key === undefined ? issue.path : [...issue.path, key]), reason: issue.message });
        }
    }
    return { inputs: given as CheckedDelivery, failures };
}

function unknownFieldMessage(kind: string, fields: string) {
    return (issue: { code?: string; keys?: string[] }) =>
        issue.code === "unrecognized_keys"
            ? `${(issue.keys ?? []).map((key) => JSON.stringify(key)).join(", ")} is not a field of ${kind}: use ${fields}`
            : `${kind} must be an object with ${fields}`;
}
