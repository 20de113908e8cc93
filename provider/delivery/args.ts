/**
 * The `deliverTo` and `keepSecretInState` arguments as programs write them, shared by the
 * Application, SecretRotation and RotatingCredentials classes (the checked form is ./schema.ts).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Receipt } from "./store";

export type { Receipt };

/** One secret store: exactly one of `awsSecretsManager`, `file` or `command`, and the format. */
export interface DeliveryTarget {
    /** AWS Secrets Manager (credentials from the standard AWS chain, never inputs). */
    awsSecretsManager?: pulumi.Input<{
        /** The secret's name (created when missing) or ARN. */
        secretId: pulumi.Input<string>;
        /** Defaults to the AWS chain's region (AWS_REGION, the profile). */
        region?: pulumi.Input<string>;
        /** Another endpoint (a VPC endpoint, a local emulator). */
        endpoint?: pulumi.Input<string>;
    }>;
    /** A local file, replaced atomically. */
    file?: pulumi.Input<{
        /** Absolute path. */
        path: pulumi.Input<string>;
        /** Default 0o600; a number or an octal string ("0640"). */
        mode?: pulumi.Input<number | string>;
    }>;
    /** A program that reads the credential on stdin (no shell; the secret is never in argv or env). */
    command?: pulumi.Input<{
        /** The program and its arguments, e.g. `["vault", "kv", "put", "secret/bringg", "-"]`. */
        run: pulumi.Input<pulumi.Input<string>[]>;
        /** Extra environment variables for the program. */
        env?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    }>;
    /** `"json"` (default): `{"clientId": ..., "clientSecret": ...}`; `"secret"`: the bare client secret. */
    format?: pulumi.Input<"json" | "secret">;
}

/** The delivery arguments of a resource that generates client secrets. */
export interface DeliveryArgs {
    /**
     * Secret stores the provider writes the credential to after create and after every verified
     * rotation; each leaves a non-secret receipt in `receipts`. See docs/secret-stores.md.
     */
    deliverTo?: pulumi.Input<pulumi.Input<DeliveryTarget>[]> | undefined;
    /**
     * `false` keeps every form of the secret out of the state (only fingerprints and receipts);
     * the secret is then not an output. Needs at least one `deliverTo` target. Default `true`.
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
