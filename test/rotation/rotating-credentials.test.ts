/**
 * RotatingCredentials through the real Pulumi CLI against the emulator: over several bumps, a
 * consumer that keeps requesting tokens with the published active credential never sees a
 * failure, and the previous credential keeps working until the next bump.
 *
 * `npm test` makes 2 bumps (the slots go a → b → a); `npm run soak` sets ROTATION_SOAK_BUMPS=10.
 */
import test from "ava";
import { demoCredentials, type RunningEmulator } from "../../emulator/server";
import { BringgClient } from "../../provider/core/client";
import type { TestStack } from "../helpers/pulumi";
import { startBringgStack } from "../helpers/bringg";

/** How many bumps: 2 in the suite, more in the soak. */
const bumps = Number(process.env.ROTATION_SOAK_BUMPS ?? 2);

let emulator: RunningEmulator;
let stack: TestStack;
let dispose: (() => Promise<void>) | undefined;

const program = `
import * as pulumi from "@pulumi/pulumi";
import * as bringg from "pulumi-bringg";
const config = new pulumi.Config();
const creds = new bringg.RotatingCredentials("dash", {
    scopes: ["tasks_read"],
    triggers: { bump: config.require("bump") },
});
export const active = creds.active;
export const previous = creds.previous;
export const generation = creds.generation;
export const activeFingerprint = creds.activeFingerprint;
`;

interface Credential {
    slot: string;
    clientId: string;
    clientSecret: string;
    fingerprint: string;
}

function client(): BringgClient {
    return new BringgClient({ settings: { baseUrl: emulator.url, ...demoCredentials }, retry: { limit: 0 } });
}

async function works(credential: Credential): Promise<boolean> {
    try {
        await client().requestToken({ clientId: credential.clientId, clientSecret: credential.clientSecret });
        return true;
    } catch {
        return false;
    }
}

test.before(async () => {
    ({ emulator, stack, dispose } = await startBringgStack({
        name: "rotating-creds",
        program,
        config: {
            bump: "0",
        },
    }));
});

test.after.always(async () => {
    await dispose?.();
});

test.serial(`over ${bumps} bumps a consumer of the published active credential never sees a failure, and previous works until the next bump`, async (t) => {
    const up = await stack.ok(["up", "--yes", "--skip-preview"]);
    t.regex(up.output, /5 created/); // stack, component, two applications, the pair
    let outputs = (await stack.outputs({ showSecrets: true })) as { active: Credential; previous: Credential; generation: number };
    t.is(outputs.generation, 0);
    t.is(outputs.active.slot, "a");
    t.true(await works(outputs.active));
    t.true(await works(outputs.previous));

    // The consumer: keeps requesting tokens with whatever is published as active right now.
    let published = outputs.active;
    let running = true;
    let successes = 0;
    const failures: string[] = [];
    const consumer = (async () => {
        const consumerClient = client();
        while (running) {
            const credential = published;
            try {
                await consumerClient.requestToken({ clientId: credential.clientId, clientSecret: credential.clientSecret });
                successes++;
            } catch (error) {
                failures.push(`${credential.slot}/${credential.fingerprint}: ${(error as Error).message}`);
            }
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
    })();

    const started = Date.now();
    const upSeconds: number[] = [];
    try {
        for (let bump = 1; bump <= bumps; bump++) {
            const before = outputs;
            await stack.setConfig("bump", String(bump));
            const upStarted = Date.now();
            const result = await stack.ok(["up", "--yes", "--skip-preview"]);
            upSeconds.push((Date.now() - upStarted) / 1000);
            t.regex(result.output, /1 updated/, `bump ${bump} updates only the pair`);
            outputs = (await stack.outputs({ showSecrets: true })) as typeof outputs;
            published = outputs.active;

            t.is(outputs.generation, bump);
            t.is(outputs.active.slot, bump % 2 === 0 ? "a" : "b", "slots alternate");
            t.not(outputs.active.fingerprint, before.active.fingerprint);
            t.deepEqual(outputs.previous, before.active, "the formerly active credential becomes previous, unchanged");
            t.true(await works(outputs.active), `bump ${bump}: active works`);
            t.true(await works(outputs.previous), `bump ${bump}: previous still works`);
            t.false(await works(before.previous), `bump ${bump}: the credential two bumps old is refused`);
        }
    } finally {
        running = false;
        await consumer;
    }
    const seconds = (Date.now() - started) / 1000;
    t.log(
        `${bumps} bumps in ${seconds.toFixed(1)} s (up: ${upSeconds.map((s) => s.toFixed(1)).join(", ")} s); consumer: ${successes} tokens, ${failures.length} failures`,
    );
    t.deepEqual(failures, []);
    t.true(successes > 10 * bumps, `${successes} token requests`);

    const { raw } = await stack.exportState();
    t.false(raw.includes(outputs.active.clientSecret), "active is encrypted in the state");
    t.false(raw.includes(outputs.previous.clientSecret), "previous is encrypted in the state");
    await stack.ok(["preview", "--expect-no-changes"]);
});
