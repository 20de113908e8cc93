/**
 * SecretRotation through the real Pulumi CLI against the emulator: trigger bump, time-based
 * rotation, a verification failure (partial state) and a lost regenerate reply. One stack and one
 * adopted application (client id string), steps in order.
 */
import test from "ava";
import { demoCredentials, startEmulator, type RunningEmulator } from "../../emulator/server";
import { BringgClient } from "../../provider/core/client";
import { BringgApiError } from "../../provider/core/errors";
import { resourcesOfType, type CommandResult, type TestStack } from "../helpers/pulumi";
import { startBringgStack } from "../helpers/bringg";

let emulator: RunningEmulator;
let stack: TestStack;
let dispose: (() => Promise<void>) | undefined;
let clientId: string;
/** Every CLI output of the test, except commands run with --show-secrets. */
const transcript: string[] = [];

const day = 24 * 60 * 60;

const program = `
import * as pulumi from "@pulumi/pulumi";
import * as bringg from "pulumi-bringg";
const config = new pulumi.Config();
const rotation = new bringg.SecretRotation("dash-secret", {
    application: config.require("clientId"),
    triggers: JSON.parse(config.get("triggers") ?? "{}"),
    rotateAfter: config.get("rotateAfter"),
});
export const clientId = rotation.clientId;
export const clientSecret = rotation.clientSecret;
export const version = rotation.version;
export const fingerprint = rotation.fingerprint;
export const rotatedAt = rotation.rotatedAt;
export const verification = rotation.verification;
`;

interface Outputs {
    clientId: string;
    clientSecret: string;
    version: number;
    fingerprint: string;
    rotatedAt: string;
    verification: string;
}

function client(): BringgClient {
    return new BringgClient({ settings: { baseUrl: emulator.url, ...demoCredentials }, retry: { limit: 0 } });
}

/** Runs the CLI with the rotation clock at the emulator's clock, so that both agree on "now". */
async function cli(args: string[], expectFailure = false): Promise<CommandResult> {
    const env = { BRINGG_ROTATION_NOW: String(emulator.control.now()) };
    const result = expectFailure ? await stack.run(args, { env }) : await stack.ok(args, { env });
    transcript.push(result.output);
    return result;
}

async function outputs(): Promise<Outputs> {
    return (await stack.outputs({ showSecrets: true })) as unknown as Outputs;
}

/** The rotation's outputs as recorded in the state (decrypted), whatever the program exported. */
async function stateOutputs(): Promise<Record<string, unknown>> {
    const exported = await stack.ok(["stack", "export", "--show-secrets"]);
    const [rotation] = resourcesOfType(JSON.parse(exported.stdout), "SecretRotation");
    return Object.fromEntries(Object.entries(rotation!.outputs!).map(([key, value]) => [key, revealed(value)]));
}

/** A value of `stack export --show-secrets`: secrets appear as `{<signature>, plaintext: <JSON>}`. */
function revealed(value: unknown): unknown {
    if (value && typeof value === "object" && "plaintext" in value) return JSON.parse(String(value.plaintext));
    return value;
}

async function tokenWorks(secret: string): Promise<boolean> {
    try {
        await client().requestToken({ clientId, clientSecret: secret });
        return true;
    } catch (error) {
        if (BringgApiError.isInstance(error) && error.code === "unauthorized") return false;
        throw error;
    }
}

test.before(async () => {
    emulator = await startEmulator({ port: 0 });
    const app = emulator.control.createApplication(1, { name: "dashboards", scopes: ["tasks_read"] });
    emulator.control.setEnabled(1, app.client_id, true);
    clientId = app.client_id;
    ({ emulator, stack, dispose } = await startBringgStack({
        name: "rotation",
        program,
        config: {
            clientId,
            triggers: JSON.stringify({ quarter: "2026-Q3" }),
        },
        emulator,
    }));
});

test.after.always(async () => {
    // The emulator was started first, to seed it: stop it even when the stack was not created.
    await (dispose ? dispose() : emulator?.stop());
});

test.serial("bumping a trigger rotates: the new secret gets a token, the old secret and its tokens are refused", async (t) => {
    await cli(["up", "--yes", "--skip-preview"]);
    const first = await outputs();
    t.is(first.version, 1);
    t.is(first.verification, "passed");
    const oldToken = (await client().requestToken({ clientId, clientSecret: first.clientSecret })).access_token;

    await stack.setConfig("triggers", JSON.stringify({ quarter: "2026-Q4" }));
    const preview = await cli(["preview", "--diff"]);
    t.regex(preview.output, /generating a new secret: trigger "quarter" changed/);
    t.regex(preview.output, /quarter\s*:\s*"2026-Q3"\s*=>\s*"2026-Q4"/);
    const up = await cli(["up", "--yes", "--skip-preview"]);
    t.regex(up.output, /1 updated/);

    const second = await outputs();
    t.is(second.version, 2);
    t.is(second.verification, "passed");
    t.not(second.clientSecret, first.clientSecret);
    t.not(second.fingerprint, first.fingerprint);
    t.true(await tokenWorks(second.clientSecret), "the new secret gets a token");
    t.false(await tokenWorks(first.clientSecret), "the old secret is refused");
    const error = await t.throwsAsync(() => client().getOpenTasks(oldToken));
    t.is((error as BringgApiError).code, "unauthorized", "a token of the old secret is refused");
    const info = await client().introspect({ clientId, clientSecret: second.clientSecret, token: oldToken });
    t.false(info.active);

    const { raw } = await stack.exportState();
    t.false(raw.includes(second.clientSecret), "the secret is encrypted in the state");
    t.regex((await stack.ok(["stack", "output"])).output, /clientSecret\s+\[secret\]/);
});

test.serial("with rotateAfter, up reports no changes before it is due and rotates once the clock passes it", async (t) => {
    await stack.setConfig("rotateAfter", "90d");
    const quiet = await cli(["up", "--yes", "--expect-no-changes"]);
    t.notRegex(quiet.output, /generating a new secret/);
    t.is((await outputs()).version, 2);

    emulator.control.advanceClock(89 * day);
    await cli(["preview", "--expect-no-changes"]);

    emulator.control.advanceClock(2 * day);
    const preview = await cli(["preview"]);
    t.regex(preview.output, /rotateAfter 90d has passed since the last rotation/);
    const up = await cli(["up", "--yes", "--skip-preview"]);
    t.regex(up.output, /1 updated/);
    const rotated = await outputs();
    t.is(rotated.version, 3);
    t.true(await tokenWorks(rotated.clientSecret));
    // rotatedAt is Bringg's timestamp of the regeneration: the emulator's (advanced) clock.
    t.true(Math.abs(Date.parse(rotated.rotatedAt) - emulator.control.now()) < 60_000, rotated.rotatedAt);

    await cli(["preview", "--expect-no-changes"]);
});

test.serial("a failed verification fails up with a clear message and the state keeps the new, working secret", async (t) => {
    const before = await outputs();
    emulator.control.injectFault("token", { status: 503, times: 50 });
    await stack.setConfig("triggers", JSON.stringify({ quarter: "2027-Q1" }));
    const failed = await cli(["up", "--yes", "--skip-preview"], true);
    emulator.control.clearFaults();
    t.not(failed.code, 0);
    t.regex(failed.output, new RegExp(`a new secret was generated \\(version ${before.version + 1}, fingerprint [0-9a-f]{12}\\) but its verification failed`));
    t.regex(failed.output, /The new secret is kept in the state/);

    const state = await stateOutputs();
    t.is(state.version, before.version + 1);
    t.is(state.verification, "failed");
    t.false(await tokenWorks(before.clientSecret), "the previous secret is dead");
    t.true(await tokenWorks(String(state.clientSecret)), "the secret kept in the state works");
    const { raw } = await stack.exportState();
    t.false(raw.includes(String(state.clientSecret)), "the kept secret is encrypted in the state");
    t.truthy(state.__provider, "the partial state can still run the provider (refresh, destroy)");

    emulator.control.resetCounters();
    const healed = await cli(["up", "--yes", "--skip-preview"]);
    t.regex(healed.output, /checking again the secret whose verification failed/);
    const after = await outputs();
    t.is(after.version, before.version + 1, "the kept secret is checked again, not replaced");
    t.is(after.verification, "passed");
    t.is(after.clientSecret, String(state.clientSecret));
    t.is(emulator.control.counters().byRoute.regenerateSecret ?? 0, 0);
    await cli(["preview", "--expect-no-changes"]);
});

test.serial("when the regenerate reply is lost, up detects it and ends with a working secret in the state", async (t) => {
    const before = await outputs();
    emulator.control.resetCounters();
    emulator.control.injectFault("regenerateSecret", { dropResponse: true });
    await stack.setConfig("triggers", JSON.stringify({ quarter: "2027-Q2" }));
    const up = await cli(["up", "--yes", "--skip-preview"]);
    t.regex(up.output, /Bringg generated a new secret but the reply was lost/);
    t.is(emulator.control.counters().byRoute.regenerateSecret, 2, "generated once more after the lost reply");

    const after = await outputs();
    t.is(after.version, before.version + 1);
    t.is(after.verification, "passed");
    t.true(await tokenWorks(after.clientSecret), "the secret in the state works");
    t.false(await tokenWorks(before.clientSecret));
    await cli(["preview", "--expect-no-changes"]);
});

test.serial("no CLI output ever shows a client secret", async (t) => {
    const state = await stateOutputs();
    const text = transcript.join("\n");
    t.false(text.includes(String(state.clientSecret)));
    t.notRegex(text, /"clientSecret"\s*:\s*"[^[]/);
});
