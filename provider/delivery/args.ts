/**
 * The `deliverTo` and `keepSecretInState` arguments as programs write them, shared by the
 * Application, SecretRotation and RotatingCredentials classes (the checked form is ./schema.ts).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Receipt } from "./store";

export type { Receipt };

/** One secret store: exactly one of `awsSecretsManager`, `file` or `command`, and the format. */
export interface DeliveryTarget {
    /** AWS Secrets Manager; credentials come from the standard AWS chain, never from inputs. */
    awsSecretsManager?: pulumi.Input<{
        /**
         * The secret's name (created with the first value when missing) or its ARN (which must
         * exist: a secret cannot be created by ARN).
         */
        secretId: pulumi.Input<string>;
        /** The AWS region; defaults to the standard AWS chain's (`AWS_REGION`, the profile's region). */
        region?: pulumi.Input<string>;
        /** Another Secrets Manager endpoint (a VPC endpoint, or a local emulator such as moto); defaults to AWS's. */
        endpoint?: pulumi.Input<string>;
    }>;
    /** A local file, replaced atomically. */
    file?: pulumi.Input<{
        /**
         * Absolute path of the file (the provider's working directory is not the program's);
         * replaced atomically (temp file + rename). Missing folders are created with mode 0700.
         */
        path: pulumi.Input<string>;
        /** File mode: a number (`0o640`) or an octal string (`"0640"`); default `0o600` (owner read/write only). */
        mode?: pulumi.Input<number | string>;
    }>;
    /** A program that reads the credential on stdin (no shell; the secret is never in its arguments or environment). */
    command?: pulumi.Input<{
        /**
         * The program and its arguments, e.g. `["vault", "kv", "put", "secret/bringg", "-"]`; no
         * shell (use `["sh", "-c", "..."]` for one). It gets the credential on stdin; a `run` or
         * `env` that contains the secret is refused.
         */
        run: pulumi.Input<pulumi.Input<string>[]>;
        /**
         * Extra environment variables for the program, on top of the provider's own (which it
         * inherits, except `BRINGG_PASSWORD` and the stack's `PULUMI_CONFIG*` variables).
         */
        env?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    }>;
    /**
     * What is written: `"json"` (default), `{"clientId":"...","clientSecret":"..."}` exactly (no
     * whitespace, no trailing newline); or `"secret"`, the bare client secret.
     */
    format?: pulumi.Input<"json" | "secret">;
}

/** The delivery arguments of a resource that generates client secrets. */
export interface DeliveryArgs {
    /**
     * Secret stores the provider writes the credential to, after create and after every verified
     * rotation: each entry names one of `awsSecretsManager`, `file` or `command` (and a `format`),
     * and leaves a non-secret receipt in `receipts`. See docs/secret-stores.md.
     */
    deliverTo?: pulumi.Input<pulumi.Input<DeliveryTarget>[]> | undefined;
    /**
     * `false` keeps every form of the secret out of the state (only fingerprints and receipts
     * stay); the secret is then not an output. Needs at least one `deliverTo` target. Default
     * `true`.
     */
    keepSecretInState?: pulumi.Input<boolean> | undefined;
}

/**
 * The outputs to mark secret: `names`, unless the program says plainly that the state keeps no
 * secret (then those outputs hold none; a partial failure wraps the secret itself).
 */
export function secretOutputs(keepSecretInState: DeliveryArgs["keepSecretInState"], names: string[]): string[] {
    return keepSecretInState === false ? [] : names;
}
