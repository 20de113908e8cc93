/**
 * `npm run state-fixture [-- --force] [--name NAME]`: writes test/fixtures/state/<version>/, the
 * state this release writes, for test/state/compat.test.ts to import with every later release.
 * `--name` records the code of a commit between releases instead (e.g. before a refactor that must
 * not change state: `0.1.0+0d86c17`), in test/fixtures/state/NAME/.
 *
 * Starts the emulator with a data file in a temporary folder, deploys `everyKindProgram` (every
 * resource kind, test/helpers/state-fixture.ts) through the real CLI in two steps (create, then a rotation of each rotating
 * resource), and keeps: `pulumi stack export` (secrets encrypted with the stack's passphrase), the
 * stack config file (its encryption salt decrypts them), the program, the emulator's data file and
 * fixture.json. Then it checks that no secret the state holds appears in plain text in any of
 * them, and destroys the stack. See test/fixtures/state/README.md.
 */
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { demoCredentials, startEmulator } from "../emulator/server";
import { startBringgStack } from "../test/helpers/bringg";
import { scanForLeaks } from "../test/helpers/leaks";
import { repoRoot } from "../test/helpers/pulumi";
import {
    everyKindProgram as program,
    fixtureFiles,
    fixturesRoot,
    plaintextSecrets,
    resourceCounts,
    stackConfigFileName,
    type FixtureMeta,
} from "../test/helpers/state-fixture";

const project = "bringg-state-fixture";

async function main(): Promise<void> {
    const { values } = parseArgs({ options: { force: { type: "boolean", default: false }, name: { type: "string" } } });
    const pkg = JSON.parse(await readFile(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
    const out = path.join(fixturesRoot, values.name ?? pkg.version);
    if ((await stat(out).catch(() => undefined)) && !values.force) {
        throw new Error(`${path.relative(repoRoot, out)} exists: a fixture records a release once (--force replaces it)`);
    }

    const work = await mkdtemp(path.join(tmpdir(), "pulumi-bringg-state-fixture-"));
    const dataFile = path.join(work, "emulator.json");
    const emulator = await startEmulator({ port: 0, dataFile });
    const bringg = await startBringgStack({ name: "state-fixture", project, program, emulator, config: { quarter: "2026-Q3", bump: "0" } });
    const { stack } = bringg;
    try {
        console.log(`pulumi up (create) against ${emulator.url}`);
        await stack.ok(["up", "--yes", "--skip-preview"]);
        await stack.setConfig("quarter", "2026-Q4");
        await stack.setConfig("bump", "1");
        console.log("pulumi up (rotate the secret, bump the pair)");
        await stack.ok(["up", "--yes", "--skip-preview"]);
        await stack.ok(["preview", "--expect-no-changes"]);

        const { raw } = await stack.exportState();
        const shown = JSON.parse((await stack.ok(["stack", "export", "--show-secrets"])).stdout) as unknown;
        const exported = JSON.parse(raw) as { deployment: { resources?: Array<{ type: string }> } };

        await rm(out, { recursive: true, force: true });
        await mkdir(out, { recursive: true });
        await writeFile(path.join(out, fixtureFiles.state), raw);
        await copyFile(path.join(stack.dir, stackConfigFileName(stack.stackName)), path.join(out, stackConfigFileName(stack.stackName)));
        await writeFile(path.join(out, fixtureFiles.program), program);
        await copyFile(dataFile, path.join(out, fixtureFiles.emulator));
        const meta: FixtureMeta = {
            version: pkg.version,
            project,
            stack: stack.stackName,
            passphrase: String(stack.env.PULUMI_CONFIG_PASSPHRASE),
            endpoint: emulator.url,
            writtenBy: {
                pulumiSdk: (require("@pulumi/pulumi/package.json") as { version: string }).version,
                pulumiCli: (await stack.ok(["version"])).stdout.trim(),
                node: process.version,
                commit: (await promisify(execFile)("git", ["rev-parse", "HEAD"], { cwd: repoRoot })).stdout.trim(),
            },
            resources: resourceCounts(exported),
        };
        await writeFile(path.join(out, fixtureFiles.meta), `${JSON.stringify(meta, null, 2)}\n`);

        // The emulator's data file holds the demo admin's password by design (emulator data); the
        // state and the stack config must not.
        const secrets = plaintextSecrets(shown)
            .filter((value) => value !== demoCredentials.password)
            .map((value, index) => ({ label: `state secret ${index + 1}`, value }));
        const password = { label: "admin password", value: demoCredentials.password };
        const leaks = [
            ...(await scanForLeaks(secrets, [out])),
            ...(await scanForLeaks([password], [path.join(out, fixtureFiles.state), path.join(out, stackConfigFileName(stack.stackName))])),
        ];
        if (leaks.length > 0) {
            await rm(out, { recursive: true, force: true });
            throw new Error(`plain-text secrets in the fixture (removed):\n${leaks.map((hit) => `${hit.where}:${hit.line} ${hit.excerpt}`).join("\n")}`);
        }
        console.log(
            `wrote ${path.relative(repoRoot, out)}: ${Object.entries(meta.resources)
                .map(([type, n]) => `${n} ${type}`)
                .join(", ")}`,
        );
    } finally {
        await bringg.dispose();
        await rm(work, { recursive: true, force: true });
    }
}

main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
});
