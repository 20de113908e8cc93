/**
 * State compatibility: the state each release wrote (test/fixtures/state/<version>/, written by
 * scripts/state-fixture.ts) is imported into a fresh stack, with the emulator's data of the same
 * moment, and this checkout's code must preview no change, refresh without drift and destroy it.
 *
 * The fixture's secrets are encrypted with its stack's passphrase and salt: the stack config file
 * of the fixture (the salt, the encrypted admin password) replaces the new stack's, so that the
 * imported secrets decrypt. The emulator's URL recorded at writing time (a free port then) is
 * replaced in the state and the config by this test's emulator URL.
 */
import test from "ava";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { demoCredentials, startEmulator, type RunningEmulator } from "../../emulator/server";
import { BringgClient } from "../../provider/core/client";
import { scanForLeaks } from "../helpers/leaks";
import { createStack, type TestStack } from "../helpers/pulumi";
import { fixtureFiles, fixtureVersions, plaintextSecrets, readFixture, withEndpoint } from "../helpers/state-fixture";

function client(emulator: RunningEmulator): BringgClient {
    return new BringgClient({ settings: { baseUrl: emulator.url, ...demoCredentials } });
}

for (const version of fixtureVersions()) {
    test.serial(`state written by ${version} imports, previews no change, refreshes without drift and destroys with this code`, async (t) => {
        const fixture = readFixture(version);
        const { meta } = fixture;
        const work = await mkdtemp(path.join(tmpdir(), `pulumi-bringg-state-${version}-`));
        const dataFile = path.join(work, fixtureFiles.emulator);
        await copyFile(path.join(fixture.dir, fixtureFiles.emulator), dataFile);
        let emulator: RunningEmulator | undefined;
        let stack: TestStack | undefined;
        try {
            emulator = await startEmulator({ port: 0, dataFile });
            const url = emulator.url;
            const rewrite = async (name: string, to: string) =>
                writeFile(to, withEndpoint(await readFile(path.join(fixture.dir, name), "utf8"), meta.endpoint, url));
            stack = await createStack({
                name: `state-${version}`,
                project: meta.project,
                program: await readFile(path.join(fixture.dir, fixtureFiles.program), "utf8"),
                env: { PULUMI_CONFIG_PASSPHRASE: meta.passphrase },
            });
            t.is(stack.stackName, meta.stack, "the fixture's stack name is the helper's");
            await rewrite(fixture.stackConfigFile, path.join(stack.dir, fixture.stackConfigFile));
            await rewrite(fixtureFiles.state, path.join(work, fixtureFiles.state));
            await stack.ok(["stack", "import", "--file", path.join(work, fixtureFiles.state)]);

            const { raw } = await stack.exportState();
            t.false(raw.includes(meta.endpoint), "every recorded endpoint was replaced");
            const secrets = plaintextSecrets(JSON.parse((await stack.ok(["stack", "export", "--show-secrets"])).stdout));
            t.true(secrets.includes(demoCredentials.password), "the imported secrets decrypt (the admin password among them)");
            t.true(secrets.length > 1, "client secrets too");
            const leaks = await scanForLeaks(
                secrets.filter((value) => value !== demoCredentials.password).map((value, index) => ({ label: `state secret ${index + 1}`, value })),
                [fixture.dir],
            );
            const passwordLeaks = await scanForLeaks(
                [{ label: "admin password", value: demoCredentials.password }],
                [path.join(fixture.dir, fixtureFiles.state), path.join(fixture.dir, fixture.stackConfigFile)],
            );
            t.deepEqual([...leaks, ...passwordLeaks], [], "no secret in plain text in the fixture (the emulator's data holds its demo users' passwords)");

            await stack.ok(["preview", "--expect-no-changes"]);
            await stack.ok(["refresh", "--yes", "--expect-no-changes"]);
            await stack.ok(["preview", "--expect-no-changes"]);

            const before = await client(emulator).listApplications({ fresh: true });
            t.is(before.length, meta.resources["pulumi-nodejs:dynamic/bringg:Application"] ?? 0, "the emulator's data holds the state's applications");
            const destroy = await stack.ok(["destroy", "--yes", "--skip-preview"]);
            const total = Object.values(meta.resources).reduce((sum, n) => sum + n, 0);
            t.regex(destroy.output, new RegExp(`${total - 1} deleted`), "every resource but the default provider"); // providers are not counted
            t.deepEqual(await client(emulator).listApplications({ fresh: true }), [], "no application left");
            const overridden = (await client(emulator).listScopes({ fresh: true })).filter((scope) => scope.ttl !== scope.default_ttl);
            t.deepEqual(overridden, [], "no TTL override left");
        } finally {
            await stack?.dispose();
            await emulator?.stop();
            await rm(work, { recursive: true, force: true });
        }
    });
}
