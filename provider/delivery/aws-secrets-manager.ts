/**
 * The `awsSecretsManager` store: the credential as a secret version in AWS Secrets Manager.
 *
 * | step                       | Secrets Manager calls                                          |
 * |----------------------------|----------------------------------------------------------------|
 * | see what is there          | DescribeSecret (version ids and their stages, never values)    |
 * | a missing secret           | CreateSecret with the first value                              |
 * | each missing version       | PutSecretValue, ClientRequestToken = hash of the value         |
 * | stages not where they go   | UpdateSecretVersionStage (AWSCURRENT first, then AWSPREVIOUS)  |
 * | refresh (read)             | GetSecretValue of AWSCURRENT and AWSPREVIOUS                   |
 *
 * The version id of a value is derived from the value itself ({@link versionToken}), so a write
 * that is repeated (an SDK retry after a timeout, the next `pulumi up` after a failed one) finds
 * its version already there and adds none; and the stages are converged from what DescribeSecret
 * reports, so the store ends with the delivery's current credential as AWSCURRENT and, for
 * RotatingCredentials, its previous one as AWSPREVIOUS, whatever state it was left in.
 *
 * The SDK is required inside each call: programs that never deliver to AWS never load it.
 * Credentials come from the SDK's standard chain (environment, shared config and SSO, web
 * identity, container and instance roles); none is ever an input or in the state.
 */
import type * as SecretsManager from "@aws-sdk/client-secrets-manager";
import type { AwsSecretsManagerTarget, Format } from "./schema";
import { parsePayload, payload, StoreError, versionToken, type Delivery, type DeliveryContext, type Store, type Stored } from "./store";

/** The stage Secrets Manager readers get by default. */
export const currentStage = "AWSCURRENT";
/** The stage of the value before AWSCURRENT (RotatingCredentials' `previous`). */
export const previousStage = "AWSPREVIOUS";

type Sdk = typeof SecretsManager;

function loadSdk(): Sdk {
    return require("@aws-sdk/client-secrets-manager") as Sdk;
}

/** A client for the target, closed by the caller. */
function clientFor(sdk: Sdk, target: AwsSecretsManagerTarget): SecretsManager.SecretsManagerClient {
    return new sdk.SecretsManagerClient({
        ...(target.region ? { region: target.region } : {}),
        ...(target.endpoint ? { endpoint: target.endpoint } : {}),
        // The SDK's standard retries (throttling, 5xx, dropped connections) are safe here: every
        // write carries a ClientRequestToken derived from its value, and the rest only read or
        // move a stage to where it is already wanted.
        maxAttempts: 3,
        requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    });
}

const permissions = "secretsmanager:DescribeSecret, CreateSecret, PutSecretValue, UpdateSecretVersionStage and GetSecretValue";

/** The SDK error's own fields this module reads. */
type SdkError = Error & { $metadata?: { httpStatusCode?: number }; $response?: { body?: unknown }; code?: string };

/**
 * What the store said, after `<where> returned <status>`. A reply the SDK could not parse (an XML
 * or HTML error page where JSON was expected, as proxies and some emulators send) is named as such
 * instead of quoting the SDK's parser complaint; its XML Code and Message are used when the SDK
 * kept the body.
 */
function saidBy(err: SdkError): string {
    if (!/Deserialization error/.test(err.message)) return `${err.name}: ${err.message}`;
    const body = typeof err.$response?.body === "string" ? err.$response.body : "";
    const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
    const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
    return code || message ? `${code ?? "Error"}: ${message ?? ""}` : "with a body that is not Secrets Manager JSON";
}

/** A StoreError for an SDK failure, with the code and fix its kind calls for. */
function failure(target: AwsSecretsManagerTarget, operation: string, error: unknown): StoreError {
    const err = error as SdkError;
    const status = err.$metadata?.httpStatusCode;
    const where = target.endpoint ?? (target.region ? `AWS (${target.region})` : "AWS");
    const base = { kind: "awsSecretsManager" as const, reference: target.secretId, operation, cause: error };
    if (err.name === "CredentialsProviderError") {
        return new StoreError({
            ...base,
            code: "config",
            detail: `no AWS credentials were found: ${err.message}`,
            fix: "give the provider AWS credentials through the standard chain: AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO or a role",
        });
    }
    if (/region is missing/i.test(err.message)) {
        return new StoreError({
            ...base,
            code: "config",
            detail: "no AWS region is set",
            fix: "set region on the target, or AWS_REGION (or a profile's region) for the provider",
        });
    }
    if (status === undefined) {
        return new StoreError({
            ...base,
            code: "unreachable",
            detail: `no reply from ${where} (${err.code ?? err.name}: ${err.message})`,
            fix: "check that the store is reachable from this machine (endpoint, region, network), then run `pulumi up` again",
        });
    }
    const said = `${where} returned ${status} ${saidBy(err)}`;
    if (status === 401 || status === 403 || /AccessDenied|UnrecognizedClient|InvalidSignature|ExpiredToken|InvalidClientTokenId/.test(err.name)) {
        return new StoreError({
            ...base,
            code: "denied",
            detail: said,
            fix: `give the AWS identity the provider runs as ${permissions} on this secret (and kms:Encrypt/Decrypt on its key)`,
        });
    }
    if (status >= 500) {
        return new StoreError({ ...base, code: "server", detail: said, fix: "Secrets Manager failed to handle the request; run `pulumi up` again later" });
    }
    return new StoreError({ ...base, code: "rejected", detail: said, fix: "correct what Secrets Manager names in its message" });
}

/** The secret (or the asked-for stage) does not exist, or the secret is scheduled for deletion. */
function isNotFound(error: unknown): boolean {
    const err = error as Error;
    return err.name === "ResourceNotFoundException" || (err.name === "InvalidRequestException" && /marked for deletion/i.test(err.message));
}

/** One value the store should hold, and the stage it should hold it at. */
interface Wanted {
    readonly stage: string;
    readonly content: string;
    readonly token: string;
}

function wantedVersions(delivery: Delivery, format: Format): Wanted[] {
    const wanted = (stage: string, credential: Delivery["current"]): Wanted => {
        const content = payload(credential, format);
        return { stage, content, token: versionToken(content) };
    };
    // Previous first: writing a version without stages makes it AWSCURRENT and moves AWSPREVIOUS
    // to the value it replaced, so this order ends in the wanted stages with no extra call.
    return delivery.previous ? [wanted(previousStage, delivery.previous), wanted(currentStage, delivery.current)] : [wanted(currentStage, delivery.current)];
}

/** The calls of one store operation, each turned into a StoreError when it fails. */
class Session {
    private readonly sdk = loadSdk();
    private readonly client: SecretsManager.SecretsManagerClient;

    constructor(
        private readonly target: AwsSecretsManagerTarget,
        private readonly ctx: DeliveryContext,
    ) {
        this.client = clientFor(this.sdk, target);
    }

    async send<Output>(operation: string, command: object, notFound?: () => Output): Promise<Output> {
        try {
            const options = this.ctx.signal === undefined ? {} : { abortSignal: this.ctx.signal };
            // biome-ignore lint/suspicious/noExplicitAny: the SDK's commands share no common callable type here; `send` checks them at runtime.
            return (await this.client.send(command as any, options)) as Output;
        } catch (error) {
            if (notFound && isNotFound(error)) return notFound();
            throw failure(this.target, operation, error);
        }
    }

    /** Version id → stages; undefined when the secret does not exist. */
    async stages(): Promise<Map<string, string[]> | undefined> {
        const described = await this.send<SecretsManager.DescribeSecretResponse | undefined>(
            "DescribeSecret",
            new this.sdk.DescribeSecretCommand({ SecretId: this.target.secretId }),
            () => undefined,
        );
        if (!described || described.DeletedDate) return undefined;
        return new Map(Object.entries(described.VersionIdsToStages ?? {}));
    }

    create(first: Wanted): Promise<unknown> {
        return this.send(
            "CreateSecret",
            new this.sdk.CreateSecretCommand({ Name: this.target.secretId, ClientRequestToken: first.token, SecretString: first.content }),
        );
    }

    put(version: Wanted): Promise<unknown> {
        return this.send(
            "PutSecretValue",
            new this.sdk.PutSecretValueCommand({ SecretId: this.target.secretId, ClientRequestToken: version.token, SecretString: version.content }),
        );
    }

    moveStage(stage: string, to: string, from: string | undefined): Promise<unknown> {
        return this.send(
            "UpdateSecretVersionStage",
            new this.sdk.UpdateSecretVersionStageCommand({
                SecretId: this.target.secretId,
                VersionStage: stage,
                MoveToVersionId: to,
                ...(from ? { RemoveFromVersionId: from } : {}),
            }),
        );
    }

    /** The value at a stage; undefined when the secret or the stage does not exist. */
    async value(stage: string): Promise<SecretsManager.GetSecretValueResponse | undefined> {
        return this.send("GetSecretValue", new this.sdk.GetSecretValueCommand({ SecretId: this.target.secretId, VersionStage: stage }), () => undefined);
    }

    close(): void {
        this.client.destroy();
    }
}

function holderOf(stages: Map<string, string[]>, stage: string): string | undefined {
    for (const [versionId, labels] of stages) if (labels.includes(stage)) return versionId;
    return undefined;
}

/** The Secrets Manager store. */
export const awsSecretsManagerStore: Store<AwsSecretsManagerTarget> = {
    kind: "awsSecretsManager",

    reference(target) {
        return target.secretId;
    },

    async write(delivery: Delivery, target: AwsSecretsManagerTarget, format: Format, ctx: DeliveryContext): Promise<string> {
        const wanted = wantedVersions(delivery, format);
        const current = wanted[wanted.length - 1]!;
        const session = new Session(target, ctx);
        try {
            let stages = await session.stages();
            if (!stages) {
                if (target.secretId.startsWith("arn:")) {
                    throw new StoreError({
                        code: "rejected",
                        kind: "awsSecretsManager",
                        reference: target.secretId,
                        operation: "DescribeSecret",
                        detail: "the secret does not exist (or is scheduled for deletion), and a secret cannot be created by ARN",
                        fix: "create the secret (or restore it), or give its name instead of its ARN so that the provider creates it",
                    });
                }
                await session.create(wanted[0]!);
                stages = (await session.stages()) ?? new Map();
            }
            let wrote = false;
            for (const version of wanted) {
                if (stages.has(version.token)) continue;
                await session.put(version);
                wrote = true;
            }
            if (wrote) stages = (await session.stages()) ?? new Map();
            // A value that was already there keeps the stages it had: move them where they belong.
            // AWSCURRENT first, since moving it also moves AWSPREVIOUS to the value it left.
            for (const version of [...wanted].reverse()) {
                const holder = holderOf(stages, version.stage);
                if (holder === version.token) continue;
                await session.moveStage(version.stage, version.token, holder);
                stages = (await session.stages()) ?? new Map();
            }
            return current.token;
        } finally {
            session.close();
        }
    },

    async read(target: AwsSecretsManagerTarget, format: Format, ctx: DeliveryContext): Promise<Stored> {
        const session = new Session(target, ctx);
        try {
            const current = await session.value(currentStage);
            if (!current || current.SecretString === undefined) return { status: "absent" };
            const previous = await session.value(previousStage);
            return {
                status: "present",
                current: parsePayload(current.SecretString, format),
                ...(previous?.SecretString !== undefined ? { previous: parsePayload(previous.SecretString, format) } : {}),
                ...(current.VersionId ? { versionId: current.VersionId } : {}),
            };
        } finally {
            session.close();
        }
    },
};
