/**
 * examples/multi-account through the real CLI: one program converges two accounts (the emulator's
 * US and EU merchants, each on its regional host), tenancy holds, a lookup finds an application
 * made by hand and `adopt` takes it over, no admin password reaches any resource's state, and
 * after the US admin's password is rotated, refresh says why it still uses the recorded one and
 * `--run-program` gets through. Bad account settings fail at preview naming the config key.
 */
import test from "ava";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { seedUsers, startEmulator, type RunningEmulator } from "../../emulator/server";
import { BringgClient } from "../../provider/core/client";
import { createStack, repoRoot, type TestStack } from "../helpers/pulumi";

let emulator: RunningEmulator;
let stack: TestStack;

const us = seedUsers.demoAdmin;
const eu = seedUsers.secondAdmin;
const rotatedPassword = "us-admin-rotated-secret";

function clientAs(user: { username: string; password: string }, baseUrl: string): BringgClient {
    return new BringgClient({ settings: { baseUrl, username: user.username, password: user.password }, listMaxAgeMs: 0 });
}

async function setPath(key: string, value: string, secret = false): Promise<void> {
    await stack.ok(["config", "set", "--path", secret ? "--secret" : "--plaintext", "--", key, value]);
}

test.before(async () => {
    emulator = await startEmulator({ port: 0, regions: ["us2", "eu2"] });
    stack = await createStack({
        name: "multi-account",
        program: await readFile(path.join(repoRoot, "examples", "multi-account", "index.ts"), "utf8"),
        config: { "bringg:lateWriteWindow": "1s" },
    });
    await setPath("bringg:accounts.us.endpoint", emulator.regionUrls.us2!);
    await setPath("bringg:accounts.us.username", us.username);
    await setPath("bringg:accounts.us.password", us.password, true);
    await setPath("bringg:accounts.eu.endpoint", emulator.regionUrls.eu2!);
    await setPath("bringg:accounts.eu.username", eu.username);
    await setPath("bringg:accounts.eu.password", eu.password, true);
});

test.after.always(async () => {
    await stack?.dispose();
    await emulator?.stop();
});

test.serial(
    "one up converges two accounts, each account's resources only in its own merchant, and a hand-made application is adopted through a lookup",
    async (t) => {
        const handMade = emulator.control.createApplication(eu.merchantId, { name: "legacy dispatch", scopes: ["tasks_read"] });
        await stack.setConfig("legacyApplication", "legacy dispatch");
        await stack.ok(["up", "--yes", "--skip-preview"]);
        await stack.ok(["preview", "--expect-no-changes"]);

        const usApps = await clientAs(us, emulator.regionUrls.us2!).listApplications();
        const euApps = await clientAs(eu, emulator.regionUrls.eu2!).listApplications();
        t.deepEqual(
            usApps.map((app) => app.name.replace(/-[0-9a-f]{7}$/, "")),
            ["us-dashboards"],
        );
        t.deepEqual(euApps.map((app) => app.name.replace(/-[0-9a-f]{7}$/, "")).sort(), ["eu-dashboards", "legacy dispatch"]);
        const ttl = (scopes: Array<{ name: string; ttl: number }>) =>
            Object.fromEntries(scopes.filter((s) => ["tasks_write", "users_read"].includes(s.name)).map((s) => [s.name, s.ttl]));
        t.deepEqual(ttl(await clientAs(us, emulator.regionUrls.us2!).listScopes()), { tasks_write: 900, users_read: 7200 });
        t.deepEqual(ttl(await clientAs(eu, emulator.regionUrls.eu2!).listScopes()), { tasks_write: 600, users_read: 3600 });

        const outputs = await stack.outputs();
        t.is(outputs.legacyClientId, handMade.client_id);
        t.is(outputs.usClientId, usApps[0]!.client_id);
        t.is(outputs.euTasksWriteDefault, 1800);

        const { deployment } = JSON.parse((await stack.ok(["stack", "export", "--show-secrets"])).stdout) as {
            deployment: { resources: Array<{ type: string; urn: string; inputs?: unknown; outputs?: unknown }> };
        };
        const ours = deployment.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/bringg:"));
        t.is(ours.length, 7);
        for (const resource of ours) {
            const text = JSON.stringify([resource.inputs, resource.outputs]);
            t.false(text.includes(us.password) || text.includes(eu.password), `${resource.urn} holds an admin password`);
        }
        t.deepEqual(
            ours.map((r) => (r.outputs as { account?: string }).account).sort(),
            ["eu", "eu", "eu", "eu", "us", "us", "us"],
            "every resource records its account",
        );
        // The engine records the stack config on its default provider, encrypted: never in plain text.
        const plain = (await stack.exportState()).raw;
        t.false(plain.includes(us.password) || plain.includes(eu.password));
    },
);

test.serial("after the US admin's password is rotated, refresh explains the recorded settings, and --run-program reaches both accounts", async (t) => {
    emulator.control.setPassword(us.username, rotatedPassword);
    await setPath("bringg:accounts.us.password", rotatedPassword, true);

    const stale = await stack.run(["refresh", "--yes", "--skip-preview"]);
    t.not(stale.code, 0);
    t.regex(stale.output, /check bringg:accounts\.us\.username and bringg:accounts\.us\.password \(account "us"\)/);
    t.regex(stale.output, /use the provider settings recorded in the stack at the last `pulumi up`/);
    t.regex(stale.output, /pulumi refresh --run-program/);
    t.notRegex(stale.output, /bringg:accounts\.eu\.password/, "the EU account was not refused");

    const fresh = await stack.ok(["refresh", "--yes", "--skip-preview", "--run-program"]);
    t.notRegex(fresh.output, /deleted/);
    await stack.ok(["preview", "--expect-no-changes"]);
});

test.serial("destroy removes each account's resources from its own merchant, the adopted application included", async (t) => {
    await stack.ok(["destroy", "--yes", "--skip-preview"]);
    t.deepEqual(await clientAs({ ...us, password: rotatedPassword }, emulator.regionUrls.us2!).listApplications(), []);
    t.deepEqual(await clientAs(eu, emulator.regionUrls.eu2!).listApplications(), []);
    const overridden = (await clientAs(eu, emulator.regionUrls.eu2!).listScopes()).filter((s) => s.ttl !== s.default_ttl);
    t.deepEqual(overridden, []);
});

const badPrograms: Array<[string, string, RegExp]> = [
    [
        "an unknown account",
        'new bringg.Application("ghost-app", { account: "ghost", scopes: ["tasks_read"] });',
        /ghost-app.*account "ghost" is not in bringg:accounts \(configured: both, nopw\): add it with `pulumi config set --path bringg:accounts\.ghost\.region us2`/,
    ],
    [
        "an account with both region and endpoint",
        'new bringg.ScopeTtls("both-ttls", { account: "both", ttls: { tasks_write: "15m" } });',
        /both-ttls.*bringg:accounts\.both\.region and bringg:accounts\.both\.endpoint are both set .*pulumi config rm --path bringg:accounts\.both\.endpoint/,
    ],
    [
        "an account without a password",
        'new bringg.SecretRotation("nopw-secret", { account: "nopw", application: "some-client-id" });',
        /nopw-secret.*bringg:accounts\.nopw\.password is not set: set it with `pulumi config set --secret --path bringg:accounts\.nopw\.password <password>`/,
    ],
    ["a lookup in an unknown account", 'export const scopes = bringg.getScopes({ account: "ghost" });', /account "ghost" is not in bringg:accounts/],
];

test("bad account settings fail at preview, each naming the config key to set", async (t) => {
    const bad = await createStack({ name: "bad-accounts", program: "export {};\n" });
    try {
        await bad.ok(["config", "set", "--path", "bringg:accounts.both.region", "eu2"]);
        await bad.ok(["config", "set", "--path", "bringg:accounts.both.endpoint", "http://127.0.0.1:9"]);
        await bad.ok(["config", "set", "--path", "bringg:accounts.both.username", "admin"]);
        await bad.ok(["config", "set", "--path", "--secret", "bringg:accounts.both.password", "pw"]);
        await bad.ok(["config", "set", "--path", "bringg:accounts.nopw.endpoint", "http://127.0.0.1:9"]);
        await bad.ok(["config", "set", "--path", "bringg:accounts.nopw.username", "admin"]);
        for (const [what, line, message] of badPrograms) {
            await bad.setProgram(`import * as bringg from "pulumi-bringg";\n${line}\n`);
            const preview = await bad.run(["preview"]);
            t.not(preview.code, 0, what);
            t.regex(preview.output, message, what);
        }
    } finally {
        await bad.dispose();
    }
});
