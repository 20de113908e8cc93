/**
 * Delivery to AWS Secrets Manager, against moto's server: what is written is what a consumer reads
 * with the official SDK, a repeated delivery adds no version, stages follow AWS's rotation
 * convention, refresh sees overwrites and deletions, and every failure names the target and
 * carries no secret.
 */
import {
    DeleteSecretCommand,
    GetSecretValueCommand,
    ListSecretVersionIdsCommand,
    PutSecretValueCommand,
    SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import test from "ava";
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fingerprint } from "../../provider/core/fingerprint";
import { deliver, DeliveryError, inspect, recoverSecret, refreshReceipts } from "../../provider/delivery/deliver";
import type { Target } from "../../provider/delivery/schema";
import { awsTestEnv, startMoto, type RunningMoto } from "../helpers/moto";
import { credential } from "./helpers";

Object.assign(process.env, awsTestEnv);

let moto: RunningMoto;
test.before(async () => {
    moto = await startMoto();
});
test.after.always(async () => {
    await moto?.stop();
});

function secretName(): string {
    return `test/bringg/${randomBytes(6).toString("hex")}`;
}

function aws(url = moto.url): SecretsManagerClient {
    return new SecretsManagerClient({ endpoint: url, region: "us-east-1" });
}

function target(secretId: string, extra: Partial<Target> = {}, endpoint = moto.url): Target {
    return { awsSecretsManager: { secretId, endpoint }, ...extra };
}

const ctx = { resource: 'SecretRotation "api"' };

async function read(secretId: string, stage = "AWSCURRENT"): Promise<string | undefined> {
    const client = aws();
    try {
        return (await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }))).SecretString;
    } finally {
        client.destroy();
    }
}

async function versionCount(secretId: string): Promise<number> {
    const client = aws();
    try {
        const listed = await client.send(new ListSecretVersionIdsCommand({ SecretId: secretId, IncludeDeprecated: true }));
        return listed.Versions?.length ?? 0;
    } finally {
        client.destroy();
    }
}

test("a delivery creates the secret, and a consumer reading it with the AWS SDK gets the credential JSON", async (t) => {
    const id = secretName();
    const current = credential();
    const [receipt] = await deliver({ current }, [target(id)], ctx);
    t.deepEqual(JSON.parse((await read(id))!), current);
    t.is(await read(id), JSON.stringify({ clientId: current.clientId, clientSecret: current.clientSecret }));
    t.like(receipt, {
        target: 0,
        store: "awsSecretsManager",
        reference: id,
        format: "json",
        fingerprint: fingerprint(current.clientSecret),
        clientId: current.clientId,
    });
    t.regex(receipt!.versionId, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    t.false(JSON.stringify(receipt).includes(current.clientSecret), "a receipt holds no secret");
    t.false(moto.output().includes(current.clientSecret), "the store's log holds no secret");
});

test('format "secret" stores the bare client secret', async (t) => {
    const id = secretName();
    const current = credential();
    await deliver({ current }, [target(id, { format: "secret" })], ctx);
    t.is(await read(id), current.clientSecret);
});

test("delivering the same secret again (a retry, the next up) adds no second version", async (t) => {
    const id = secretName();
    const current = credential();
    const [first] = await deliver({ current }, [target(id)], ctx);
    const [again] = await deliver({ current }, [target(id)], ctx);
    t.is(await versionCount(id), 1);
    t.is(again!.versionId, first!.versionId);
    // The same value sent straight to PutSecretValue with the receipt's token is absorbed too:
    // what an SDK retry after a lost reply does.
    const client = aws();
    await client.send(new PutSecretValueCommand({ SecretId: id, ClientRequestToken: first!.versionId, SecretString: JSON.stringify(current) }));
    client.destroy();
    t.is(await versionCount(id), 1);
});

test("a rotated secret becomes AWSCURRENT and the one it replaced AWSPREVIOUS", async (t) => {
    const id = secretName();
    const before = credential();
    const after = { clientId: before.clientId, clientSecret: credential().clientSecret };
    await deliver({ current: before }, [target(id)], ctx);
    await deliver({ current: after }, [target(id)], ctx);
    t.deepEqual(JSON.parse((await read(id))!), after);
    t.deepEqual(JSON.parse((await read(id, "AWSPREVIOUS"))!), before);
    t.is(await versionCount(id), 2);
});

test("RotatingCredentials: active is AWSCURRENT and previous AWSPREVIOUS, from an empty store and after each bump", async (t) => {
    const id = secretName();
    const a1 = credential();
    const b1 = credential();
    const [receipt] = await deliver({ current: a1, previous: b1 }, [target(id)], ctx);
    t.deepEqual(JSON.parse((await read(id))!), a1);
    t.deepEqual(JSON.parse((await read(id, "AWSPREVIOUS"))!), b1);
    t.is(receipt!.previousFingerprint, fingerprint(b1.clientSecret));

    // A bump: slot b is regenerated and becomes active; a1 becomes previous.
    const b2 = { clientId: b1.clientId, clientSecret: credential().clientSecret };
    await deliver({ current: b2, previous: a1 }, [target(id)], ctx);
    t.deepEqual(JSON.parse((await read(id))!), b2);
    t.deepEqual(JSON.parse((await read(id, "AWSPREVIOUS"))!), a1);
    t.is(await versionCount(id), 3);

    // Delivered again (nothing changed): no version, no stage moves.
    await deliver({ current: b2, previous: a1 }, [target(id)], ctx);
    t.is(await versionCount(id), 3);
});

test("stages are put back where they belong when the store's were moved by hand", async (t) => {
    const id = secretName();
    const active = credential();
    const previous = credential();
    await deliver({ current: active, previous }, [target(id)], ctx);
    // Someone re-puts the previous value with a new token: it becomes AWSCURRENT.
    const client = aws();
    await client.send(new PutSecretValueCommand({ SecretId: id, SecretString: JSON.stringify(previous) }));
    client.destroy();
    t.deepEqual(JSON.parse((await read(id))!), previous);
    await deliver({ current: active, previous }, [target(id)], ctx);
    t.deepEqual(JSON.parse((await read(id))!), active);
    t.deepEqual(JSON.parse((await read(id, "AWSPREVIOUS"))!), previous);
});

test("refresh reports a secret that someone overwrote or deleted, and keeps the receipt of one that is intact", async (t) => {
    const intact = secretName();
    const overwritten = secretName();
    const deleted = secretName();
    const current = credential();
    const targets = [target(intact), target(overwritten), target(deleted)];
    const receipts = await deliver({ current }, targets, ctx);

    const client = aws();
    await client.send(new PutSecretValueCommand({ SecretId: overwritten, SecretString: JSON.stringify(credential()) }));
    await client.send(new DeleteSecretCommand({ SecretId: deleted, ForceDeleteWithoutRecovery: true }));
    client.destroy();

    const seen = await inspect(targets, ctx);
    t.like(seen[0]!.inspection, { status: "present", fingerprint: fingerprint(current.clientSecret) });
    t.is(seen[1]!.inspection.status, "present");
    t.not((seen[1]!.inspection as { fingerprint: string }).fingerprint, fingerprint(current.clientSecret));
    t.deepEqual(seen[2]!.inspection, { status: "absent" });

    const refreshed = await refreshReceipts(targets, receipts, ctx);
    t.deepEqual(
        refreshed.receipts.map((receipt) => receipt.reference),
        [intact],
    );
    t.is(refreshed.warnings.length, 2);
    t.regex(refreshed.warnings[0]!, /deliverTo\[1\] \(awsSecretsManager ".*"\) holds another secret .* it was overwritten; `pulumi up` delivers it again/);
    t.regex(refreshed.warnings[1]!, /deliverTo\[2\] \(awsSecretsManager ".*"\) no longer holds the delivered secret .* it was deleted/);
    t.false(refreshed.warnings.join("\n").includes(current.clientSecret));

    // The secret can be read back from the intact store to re-deliver it without rotating.
    t.is(await recoverSecret(targets, fingerprint(current.clientSecret), ctx), current.clientSecret);
});

test("a store that is down fails the delivery naming the target, with no secret in the message; once it is back the same secret is delivered", async (t) => {
    const own = await startMoto();
    try {
        const id = secretName();
        const current = credential();
        await own.stop();
        const error = await t.throwsAsync(deliver({ current }, [target(id, {}, own.url)], ctx));
        t.true(DeliveryError.isInstance(error));
        const failure = (error as DeliveryError).failures[0]!;
        t.like(failure, { target: 0, store: "awsSecretsManager", reference: id, code: "unreachable" });
        t.regex(error!.message, /^SecretRotation "api": the client secret \(fingerprint [0-9a-f]{12}\) was delivered to 0 of 1 target; 1 failed:/);
        t.regex(error!.message, new RegExp(`deliverTo\\[0\\] \\(awsSecretsManager "${id}"\\): DescribeSecret failed: no reply from ${own.url}`));
        t.false(error!.message.includes(current.clientSecret));

        await own.restart();
        const [receipt] = await deliver({ current }, [target(id, {}, own.url)], ctx);
        t.is(receipt!.fingerprint, fingerprint(current.clientSecret));
    } finally {
        await own.stop();
    }
});

test("credentials the store refuses fail as denied, naming the permissions to grant", async (t) => {
    // With auth enforced, moto refuses the dummy access key like AWS refuses an unknown one.
    const strict = await startMoto({ env: { INITIAL_NO_AUTH_ACTION_COUNT: "0" } });
    try {
        const current = credential();
        const error = await t.throwsAsync(deliver({ current }, [target(secretName(), {}, strict.url)], ctx));
        t.like((error as DeliveryError).failures[0], { code: "denied" });
        t.regex(error!.message, /returned 403 .*Fix: give the AWS identity the provider runs as secretsmanager:DescribeSecret, CreateSecret, PutSecretValue/);
        t.false(error!.message.includes(current.clientSecret));
    } finally {
        await strict.stop();
    }
});

test("a store answering 5xx fails as a server error after the SDK's retries", async (t) => {
    let requests = 0;
    const broken = createServer((_request, response) => {
        requests += 1;
        response.writeHead(500, { "content-type": "application/x-amz-json-1.1" });
        response.end(JSON.stringify({ __type: "InternalServiceError", message: "store unavailable" }));
    });
    await new Promise<void>((resolve) => broken.listen(0, "127.0.0.1", resolve));
    try {
        const url = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
        const current = credential();
        const error = await t.throwsAsync(deliver({ current }, [target(secretName(), {}, url)], ctx));
        t.like((error as DeliveryError).failures[0], { code: "server" });
        t.regex(error!.message, /returned 500 InternalServiceError: store unavailable/);
        t.is(requests, 3, "the SDK retried the (read-only, idempotent) call twice");
        t.false(error!.message.includes(current.clientSecret));
    } finally {
        broken.close();
    }
});

test("a secret named by ARN that does not exist is not created, and the message says how to fix it", async (t) => {
    const arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:missing-AbCdEf";
    const error = await t.throwsAsync(deliver({ current: credential() }, [target(arn)], ctx));
    t.like((error as DeliveryError).failures[0], { code: "rejected" });
    t.regex(error!.message, /cannot be created by ARN.*give its name instead/);
});
