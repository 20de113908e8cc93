/**
 * The native plugin from TypeScript as a user gets it: the committed SDK is what the package schema
 * generates; its package (`npm run sdk:nodejs`) is installed into a project outside the repository
 * with the plugin tarball installed by `pulumi plugin install`; examples/native-typescript,
 * type-checked with its own tsconfig, goes through the real CLI against the emulator: up (an
 * explicit provider for a second merchant, lookups as invokes), a no-change preview, an out-of-band
 * disable seen by refresh, a rotation by bumping a trigger, `pulumi import` of the account's TTL
 * overrides, destroy; no secret in any command's output or in `pulumi stack export`. One stack.
 */
import test from "ava";
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { demoCredentials, seedUsers } from "../../emulator/server";
import { BringgClient } from "../../provider/core/client";
import { startBringgStack, type BringgStack } from "../helpers/bringg";
import { scanForLeaks, type Secret } from "../helpers/leaks";
import { installNativePlugin, type InstalledPlugin } from "../helpers/native";
import { repoRoot, resourcesOfType, type CommandResult } from "../helpers/pulumi";
import { packageJson } from "../package/package";

const run = promisify(execFile);

let plugin: InstalledPlugin;
let workspace: string;
let bringg: BringgStack;
const transcript: string[] = [];
const secrets: Secret[] = [
    { label: "admin password", value: demoCredentials.password },
    { label: "second admin password", value: seedUsers.secondAdmin.password },
];

async function cli(args: string[]): Promise<CommandResult> {
    const result = await bringg.stack.ok(args);
    transcript.push(result.output);
    return result;
}

function client(as: { username: string; password: string } = demoCredentials): BringgClient {
    return new BringgClient({ settings: { baseUrl: bringg.emulator.url, username: as.username, password: as.password } });
}

test.before(async () => {
    workspace = await mkdtemp(path.join(tmpdir(), "pulumi-bringg-native-sdk-"));
    const [installed, sdk] = await Promise.all([
        installNativePlugin(),
        run("bash", [path.join(repoRoot, "scripts", "pack-sdk.sh"), "nodejs"], { cwd: repoRoot, maxBuffer: 16 << 20 }),
    ]);
    plugin = installed;
    const tarball = /built (\S+\.tgz)/.exec(sdk.stderr)?.[1];
    if (!tarball) throw new Error(`pack-sdk.sh printed no tarball:\n${sdk.stderr}`);
    const project = path.join(workspace, "native-typescript");
    await cp(path.join(repoRoot, "examples", "native-typescript"), project, { recursive: true });
    const manifest = JSON.parse(await readFile(path.join(project, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    manifest.dependencies["@pulumi-bringg/sdk"] = `file:${tarball}`;
    manifest.dependencies["@pulumi/pulumi"] = packageJson().devDependencies["@pulumi/pulumi"]!;
    Object.assign(manifest, { devDependencies: { "@types/node": "^24", typescript: "^5" } });
    await writeFile(path.join(project, "package.json"), JSON.stringify(manifest, null, 2));
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: project, maxBuffer: 16 << 20 });
    bringg = await startBringgStack({
        name: "native-sdk",
        dir: project,
        env: plugin.env,
    });
    for (const [key, value] of Object.entries({ euEndpoint: bringg.emulator.url, euUsername: seedUsers.secondAdmin.username }))
        await bringg.stack.setConfig(key, value);
    await bringg.stack.setConfig("euPassword", seedUsers.secondAdmin.password, { secret: true });
});

test.after.always(async () => {
    await bringg?.dispose();
    if (workspace) await rm(workspace, { recursive: true, force: true });
});

test.serial("the committed SDKs are exactly what the package schema generates (npm run sdk:check)", async (t) => {
    const check = await run("bash", [path.join(repoRoot, "scripts", "gen-sdk.sh"), "--check"], { cwd: repoRoot, maxBuffer: 16 << 20 }).then(
        () => ({ code: 0, stderr: "" }),
        (error: { code?: number; stderr?: string }) => ({ code: error.code ?? 1, stderr: error.stderr ?? "" }),
    );
    t.is(check.code, 0, check.stderr);
});

test.serial("the example type-checks against the installed SDK with its own tsconfig", async (t) => {
    const tsc = path.join(bringg.stack.dir, "node_modules", "typescript", "bin", "tsc");
    const checked = await run(process.execPath, [tsc, "--noEmit", "-p", bringg.stack.dir]).then(
        () => "",
        (error: { stdout?: string }) => error.stdout ?? "failed",
    );
    t.is(checked, "");
});

test.serial("up creates the resources on both providers, and the lookups answer through the plugin", async (t) => {
    await cli(["up", "--yes", "--skip-preview"]);
    const outputs = await bringg.stack.outputs();
    t.is(outputs.dashboardsClientSecret, "[secret]");
    t.deepEqual(outputs.ttls, { tasks_write: 900, users_read: 7200 });
    t.true((outputs.scopeCount as number) > 10, "getScopes lists the account's catalog");
    t.regex(String(outputs.foundName), /^dashboards-[0-9a-f]{7}$/, "getApplication finds the application by its client id");
    const euApps = await client(seedUsers.secondAdmin).listApplications();
    t.deepEqual(
        euApps.map((app) => app.client_id),
        [outputs.euClientId],
        "the explicit provider's application lives in the second merchant",
    );
    const shown = await bringg.stack.outputs({ showSecrets: true });
    secrets.push({ label: "dashboards secret 1", value: String(shown.dashboardsClientSecret) });
});

test.serial("a preview right after up shows no change", async (t) => {
    const preview = await cli(["preview", "--expect-no-changes"]);
    t.regex(preview.output, /unchanged/);
});

test.serial("an application disabled outside Pulumi is reported by refresh under its resource", async (t) => {
    const { euClientId } = await bringg.stack.outputs();
    bringg.emulator.control.setEnabled(seedUsers.secondAdmin.merchantId, String(euClientId), false);
    const refresh = await cli(["refresh", "--yes", "--skip-preview"]);
    t.regex(refresh.output, /bringg:index:Application \(eu-reports\):\s+warning: .*was disabled outside Pulumi/);
    await cli(["up", "--yes", "--skip-preview"]);
    t.true((await client(seedUsers.secondAdmin).listApplications())[0]!.enabled);
});

test.serial("bumping the trigger rotates the secret: a new version, and the old secret is refused", async (t) => {
    await bringg.stack.setConfig("quarter", "2026-Q2");
    const up = await cli(["up", "--yes", "--skip-preview"]);
    t.regex(up.output, /~ 1 updated/);
    const outputs = await bringg.stack.outputs({ showSecrets: true });
    t.is(outputs.secretVersion, 2);
    const old = secrets.at(-1)!.value;
    t.not(outputs.dashboardsClientSecret, old);
    const clientId = String(outputs.dashboardsClientId);
    await t.notThrowsAsync(client().requestToken({ clientId, clientSecret: String(outputs.dashboardsClientSecret) }), "the new secret gets a token");
    await t.throwsAsync(client().requestToken({ clientId, clientSecret: old }), undefined, "the old secret is refused");
    secrets.push({ label: "dashboards secret 2", value: String(outputs.dashboardsClientSecret) });
});

test.serial("pulumi import of ScopeTtls takes over the account's current TTL overrides", async (t) => {
    // The example's policy is removed first, so that the import is the only ScopeTtls of the account.
    const program = await readFile(path.join(bringg.stack.dir, "index.ts"), "utf8");
    const withoutPolicy = program.replace(/const policy = [^;]+;\n/, "").replace("export const ttls = policy.ttls;\n", "");
    await writeFile(path.join(bringg.stack.dir, "index.ts"), withoutPolicy);
    await cli(["up", "--yes", "--skip-preview"]);
    bringg.emulator.control.setScopeTtl(demoCredentials.merchantId, "tasks_read", 600);
    await cli(["import", "bringg:index:ScopeTtls", "imported-policy", "overrides", "--yes", "--protect=false", "--generate-code=false"]);
    const { deployment } = await bringg.stack.exportState();
    const [imported] = resourcesOfType(deployment, "bringg:index:ScopeTtls");
    t.deepEqual(imported!.outputs!.ttls, { tasks_read: 600 });
    await writeFile(
        path.join(bringg.stack.dir, "index.ts"),
        `${withoutPolicy}\nexport const imported = new bringg.ScopeTtls("imported-policy", { ttls: { tasks_read: "10m" } }).ttls;\n`,
    );
    const preview = await cli(["preview", "--expect-no-changes"]);
    t.regex(preview.output, /unchanged/);
});

test.serial("destroy deletes every application in both merchants; no secret appeared in any output or in the state", async (t) => {
    const { raw } = await bringg.stack.exportState();
    transcript.push(raw);
    await cli(["destroy", "--yes", "--skip-preview"]);
    t.deepEqual(await client().listApplications(), []);
    t.deepEqual(await client(seedUsers.secondAdmin).listApplications(), []);
    const scopes = await client().listScopes();
    t.is(
        scopes.find((scope) => scope.name === "tasks_read")!.ttl,
        scopes.find((scope) => scope.name === "tasks_read")!.default_ttl,
        "the imported override is removed",
    );
    t.deepEqual(await scanForLeaks(secrets, [{ label: "CLI output and stack export", text: transcript.join("\n") }]), []);
});
