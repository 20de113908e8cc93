/**
 * examples/secret-stores through the real CLI, against the Bringg emulator and moto's Secrets
 * Manager. The `direct` stack (one stack, steps in order): create delivers to Secrets Manager and
 * files and the delivered secrets get tokens; a bump moves AWSCURRENT/AWSPREVIOUS; moto stopped
 * during a bump fails the update with the secret kept (partial state) and the next up delivers it
 * with exactly one regeneration; refresh reports a deleted store secret and up re-delivers it;
 * bad inputs, and a store another resource delivers to, fail preview naming the field with nothing
 * written; `stack export --show-secrets`
 * holds no form of any secret. The platform and consumer stacks (one file backend): the consumer
 * reads the platform's secret through a StackReference and gets a token with it. Finally a leak
 * scan of every CLI output, state file and moto's log, for every secret Bringg ever generated.
 */
import test from "ava";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { demoCredentials, startEmulator, type RunningEmulator } from "../../emulator/server";
import { Store } from "../../emulator/store";
import { BringgClient } from "../../provider/core/client";
import { fingerprint } from "../../provider/core/fingerprint";
import { awsSecretsManagerStore } from "../../provider/delivery/aws-secrets-manager";
import { startBringgStack } from "../helpers/bringg";
import { awsTestEnv, startMoto, type RunningMoto } from "../helpers/moto";
import { createStack, repoRoot, type CommandResult, type TestStack } from "../helpers/pulumi";

Object.assign(process.env, awsTestEnv);

/** Every secret the emulator generated, whoever asked: what the leak scan looks for. */
const generated: string[] = [];
const originalCreate = Store.prototype.createApplication;
const originalRegenerate = Store.prototype.regenerateSecret;
Store.prototype.createApplication = function (this: Store, ...args: Parameters<Store["createApplication"]>) {
    const created = originalCreate.apply(this, args);
    generated.push(created.secret);
    return created;
};
Store.prototype.regenerateSecret = function (this: Store, ...args: Parameters<Store["regenerateSecret"]>) {
    const secret = originalRegenerate.apply(this, args);
    generated.push(secret);
    return secret;
};

let emulator: RunningEmulator;
let moto: RunningMoto;
let secretsDir: string;
const stacks: TestStack[] = [];
let direct: TestStack;
let directProgram: string;
/** Every CLI output, except those of commands run with --show-secrets. */
const transcript: string[] = [];

const example = (name: string) => readFile(path.join(repoRoot, "examples", "secret-stores", name, "index.ts"), "utf8");

async function cli(stack: TestStack, args: string[], expectOk = true): Promise<CommandResult> {
    const result = expectOk ? await stack.ok(args) : await stack.run(args);
    if (!args.includes("--show-secrets")) transcript.push(result.output);
    return result;
}

function bringg(): BringgClient {
    return new BringgClient({ settings: { baseUrl: emulator.url, ...demoCredentials }, retry: { limit: 0 } });
}

async function aws(
    secretId: string,
): Promise<{ current?: { clientId?: string; clientSecret: string }; previous?: { clientId?: string; clientSecret: string } | undefined }> {
    const found = await awsSecretsManagerStore.read({ secretId, endpoint: moto.url }, "json", { resource: "test" });
    return found.status === "present" ? { current: found.current, previous: found.previous } : {};
}

async function file(name: string): Promise<{ clientId: string; clientSecret: string }> {
    return JSON.parse(await readFile(path.join(secretsDir, name), "utf8")) as { clientId: string; clientSecret: string };
}

async function tokenFor(credential: { clientId?: string; clientSecret: string }): Promise<string> {
    return (await bringg().requestToken({ clientId: credential.clientId!, clientSecret: credential.clientSecret })).access_token;
}

function regenerations(): number {
    return emulator.control.counters().byRoute.regenerateSecret ?? 0;
}

/** The secrets Bringg generated that appear in `text`. */
function leaked(text: string): string[] {
    return generated.filter((secret) => text.includes(secret));
}

test.before(async () => {
    emulator = await startEmulator({ port: 0 });
    generated.push(demoCredentials.password);
    moto = await startMoto();
    secretsDir = await mkdtemp(path.join(tmpdir(), "bringg-secret-stores-"));
    directProgram = await example("direct");
    // The admin password comes from the environment, not the stack config: so the state, even
    // exported with --show-secrets, holds no secret at all.
    direct = await createStack({
        name: "secret-stores-direct",
        program: directProgram,
        config: {
            "bringg:endpoint": emulator.url,
            "bringg:username": demoCredentials.username,
            "bringg:lateWriteWindow": "1s",
            secretsDir,
            quarter: "2026-Q3",
            awsEndpoint: moto.url,
        },
        env: { ...awsTestEnv, BRINGG_PASSWORD: demoCredentials.password },
    });
    stacks.push(direct);
});

test.after.always(async () => {
    for (const stack of stacks.reverse()) await stack.dispose();
    await moto?.stop();
    await emulator?.stop();
    await rm(secretsDir, { recursive: true, force: true });
    Store.prototype.createApplication = originalCreate;
    Store.prototype.regenerateSecret = originalRegenerate;
});

test.serial("create delivers to Secrets Manager and files; what a consumer reads there gets a token; the state holds no form of any secret", async (t) => {
    await cli(direct, ["up", "--yes", "--skip-preview"]);
    const reports = await aws("bringg/reports");
    t.deepEqual(reports.current, await file("reports.json"), "Secrets Manager and the file hold the same credential");
    t.truthy(await tokenFor(reports.current!));
    const integration = await aws("bringg/integration");
    t.deepEqual(integration.current, await file("integration.json"));
    t.truthy(await tokenFor(integration.current!), "active works");
    t.truthy(await tokenFor(integration.previous!), "AWSPREVIOUS (previous) works too");

    const outputs = await direct.outputs();
    t.is(outputs.reportsFingerprint, fingerprint(reports.current!.clientSecret));
    t.is(outputs.integrationFingerprint, fingerprint(integration.current!.clientSecret));
    const receipts = outputs.reportsReceipts as Array<{ store: string; reference: string; fingerprint: string }>;
    t.deepEqual(
        receipts.map((r) => `${r.store} ${path.basename(r.reference)}`),
        ["awsSecretsManager reports", "file reports.json"],
    );
    await cli(direct, ["preview", "--expect-no-changes"]);

    const revealed = await direct.ok(["stack", "export", "--show-secrets"]);
    t.true(generated.length >= 5, "the emulator generated the secrets the scan looks for");
    t.deepEqual(leaked(revealed.stdout), [], "stack export --show-secrets contains no secret");
    t.notRegex(revealed.stdout, /"ciphertext"|plaintext/, "not even an encrypted one");
});

test.serial("a bump delivers the new active credential as AWSCURRENT, the formerly active one as AWSPREVIOUS, and to the file", async (t) => {
    const before = await aws("bringg/integration");
    const regenerated = regenerations();
    await direct.setConfig("quarter", "2026-Q4");
    const up = await cli(direct, ["up", "--yes", "--skip-preview"]);
    t.regex(up.output, /1 updated/);
    t.is(regenerations(), regenerated + 1);
    const after = await aws("bringg/integration");
    t.not(after.current!.clientSecret, before.current!.clientSecret);
    t.deepEqual(after.previous, before.current, "AWSPREVIOUS holds the formerly active credential");
    t.deepEqual(await file("integration.json"), after.current);
    t.truthy(await tokenFor(after.current!));
    t.truthy(await tokenFor(after.previous!), "the previous credential keeps working until the next bump");
    t.deepEqual(leaked((await direct.ok(["stack", "export", "--show-secrets"])).stdout), []);
});

test.serial("moto stopped during a bump: up fails and keeps the new secret; moto back: the next up delivers it, with exactly one regeneration", async (t) => {
    const before = await aws("bringg/integration");
    const regenerated = regenerations();
    await moto.stop();
    await direct.setConfig("quarter", "2027-Q1");
    const failed = await cli(direct, ["up", "--yes", "--skip-preview"], false);
    t.not(failed.code, 0);
    t.regex(failed.output, /delivered to 1 of 2 targets; 1 failed/);
    t.regex(failed.output, /deliverTo\[0\] \(awsSecretsManager "bringg\/integration"\)/);
    t.regex(failed.output, /Nothing is lost: the secret stays \(encrypted\) in the state until every target has it/);
    t.is(regenerations(), regenerated + 1, "the bump generated one secret");
    const fresh = await file("integration.json");
    t.not(fresh.clientSecret, before.current!.clientSecret, "the file got the new secret");
    const { raw } = await direct.exportState();
    t.regex(raw, /"ciphertext"/, "the partial state holds the secret, encrypted");
    t.deepEqual(leaked(raw), []);

    await moto.restart();
    const preview = await cli(direct, ["preview"]);
    t.regex(
        preview.output,
        /delivering the current secret \(fingerprint [0-9a-f]{12}\) to deliverTo\[0\] \(awsSecretsManager "bringg\/integration"\), without generating a new one/,
    );
    await cli(direct, ["up", "--yes", "--skip-preview"]);
    t.is(regenerations(), regenerated + 1, "Bringg saw exactly one regeneration");
    const after = await aws("bringg/integration");
    t.deepEqual(after.current, fresh, "Secrets Manager holds the kept secret");
    t.deepEqual(after.previous, before.current);
    t.truthy(await tokenFor(after.current!), "the delivered secret works");
    const revealed = (await direct.ok(["stack", "export", "--show-secrets"])).stdout;
    t.deepEqual(leaked(revealed), [], "delivered: the secret left the state");
    t.notRegex(revealed, /"ciphertext"|plaintext/);
});

test.serial("refresh reports a store secret deleted behind Pulumi's back; up delivers it again from the file, without a new secret", async (t) => {
    // The restarted moto lost bringg/reports.
    const regenerated = regenerations();
    const refresh = await cli(direct, ["refresh", "--yes"]);
    t.regex(
        refresh.output,
        /deliverTo\[0\] \(awsSecretsManager "bringg\/reports"\) no longer holds the delivered secret \(fingerprint [0-9a-f]{12}\): it was deleted; `pulumi up` delivers it again/,
    );
    await cli(direct, ["up", "--yes", "--skip-preview"]);
    t.deepEqual((await aws("bringg/reports")).current, await file("reports.json"));
    t.is(regenerations(), regenerated);
    await cli(direct, ["preview", "--expect-no-changes"]);
});

test.serial("bad delivery inputs fail preview naming each field, before anything is generated or written", async (t) => {
    const created = emulator.control.counters().byRoute.createApplication ?? 0;
    const motoLog = moto.output().length;
    await direct.setProgram(`${directProgram}
new bringg.Application("bad-targets", { scopes: ["tasks_read"], deliverTo: [
    { s3: { bucket: "b" } }, {}, { file: { path: "relative/app.json" } },
    { awsSecretsManager: { secretId: "has spaces" } }, { command: { run: [] } },
] } as any);
`);
    const preview = await cli(direct, ["preview"], false);
    t.not(preview.code, 0);
    t.regex(preview.output, /deliverTo\[0\]\.s3.*"s3" is not a store kind: use awsSecretsManager, file or command/);
    t.regex(preview.output, /deliverTo\[1\].*the entry is empty: name exactly one store/);
    t.regex(preview.output, /deliverTo\[2\]\.file\.path.*"relative\/app.json" is a relative path/);
    t.regex(preview.output, /deliverTo\[3\]\.awsSecretsManager\.secretId.*"has spaces" is not a Secrets Manager secret name or ARN/);
    t.regex(preview.output, /deliverTo\[4\]\.command\.run.*run must name a program/);
    await direct.setProgram(`${directProgram}
new bringg.SecretRotation("no-target", { application: "some-client-id", keepSecretInState: false });
`);
    const noTarget = await cli(direct, ["preview"], false);
    t.regex(noTarget.output, /keepSecretInState.*keepSecretInState: false needs at least one deliverTo target/);
    // A second resource that delivers to the file "reports" already writes: refused, naming both and the store.
    await direct.setProgram(`${directProgram}
new bringg.SecretRotation("clash", { application: "some-client-id", deliverTo: [{ file: { path: \`\${secretsDir}/reports.json\` } }] });
`);
    const clash = await cli(direct, ["preview"], false);
    t.not(clash.code, 0);
    t.regex(
        clash.output,
        /clash[\s\S]*deliverTo\[0\].*Application "reports", which comes earlier in the deployment, delivers to the same store \(file ".*reports\.json"\)/,
    );
    t.is(emulator.control.counters().byRoute.createApplication ?? 0, created, "nothing was created");
    t.is(moto.output().length, motoLog, "Secrets Manager saw no request");
    await direct.setProgram(directProgram);
});

test.serial("a consumer stack reads the platform stack's clientSecret through a StackReference and gets a token with it", async (t) => {
    const platform = (await startBringgStack({ name: "secret-stores-platform", emulator, program: await example("platform") })).stack;
    stacks.push(platform);
    await cli(platform, ["up", "--yes", "--skip-preview"]);
    const consumer = await createStack({
        name: "secret-stores-consumer",
        program: await example("consumer"),
        // One backend for both stacks: a StackReference reads the other stack's state there.
        env: { PULUMI_BACKEND_URL: platform.env.PULUMI_BACKEND_URL },
        config: { platformStack: `organization/${path.basename(platform.dir)}/${platform.stackName}`, bringgEndpoint: emulator.url },
    });
    stacks.push(consumer);
    await cli(consumer, ["up", "--yes", "--skip-preview"]);
    t.is((await consumer.outputs()).accessToken, "[secret]");
    const revealed = await consumer.outputs({ showSecrets: true });
    t.deepEqual(revealed.tokenScopes, ["tasks_read"]);
    const token = revealed.accessToken as string;
    const published = await platform.outputs({ showSecrets: true });
    const info = await bringg().introspect({ clientId: published.clientId as string, clientSecret: published.clientSecret as string, token });
    t.true(info.active, "the consumer's token is live");
    generated.push(token);
});

test.serial("no secret Bringg generated appears in any CLI output, state file or moto's log", async (t) => {
    const files: string[] = [];
    for (const stack of stacks) {
        const backend = stack.env.PULUMI_BACKEND_URL!.replace(/^file:\/\//, "");
        for (const entry of await readdir(backend, { recursive: true, withFileTypes: true })) {
            if (entry.isFile()) files.push(path.join(entry.parentPath, entry.name));
        }
    }
    const states = await Promise.all([...new Set(files)].map((name) => readFile(name, "utf8")));
    const haystacks = { "CLI output": transcript.join("\n"), "state files": states.join("\n"), "moto's log": moto.output() };
    t.true(states.length >= 3, "the backends hold state files");
    t.true(generated.length >= 9, `the scan looks for ${generated.length} secrets and tokens`);
    for (const [where, text] of Object.entries(haystacks)) t.deepEqual(leaked(text), [], `${where} holds no plaintext secret`);
    t.log(`leak scan: ${generated.length} secrets and tokens, ${states.length} state files, ${transcript.length} CLI outputs: 0 found`);
});
