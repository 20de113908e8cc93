/**
 * examples/python, the quick start in Python, through the real CLI, a Python language host and the
 * installed native plugin, against the emulator: the SDK's wheel built and pip-installed from the
 * example's requirements.txt, mypy --strict on the example against it, then up, a no-change preview,
 * a rotation by bumping a trigger, destroy; no secret in any command's output or in `pulumi stack
 * export`. One stack, steps in order.
 *
 * The Python toolchain (scripts/python-toolchain.sh, run by scripts/toolchain.sh) provides the
 * virtual environment .tools/python (`pulumi` at the CLI's version, mypy) and, beside a CLI built
 * here, a test-only stand-in for the Python language host. The example's venv/ is a link to that
 * environment: a venv of its own per run would download and install `pulumi` again (~25 s).
 */
import test from "ava";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { demoCredentials } from "../../emulator/server";
import { BringgClient } from "../../provider/core/client";
import { startBringgStack, type BringgStack } from "../helpers/bringg";
import { scanForLeaks, type Secret } from "../helpers/leaks";
import { installNativePlugin, type InstalledPlugin } from "../helpers/native";
import { repoRoot, resourcesOfType, type CommandResult } from "../helpers/pulumi";

const run = promisify(execFile);
const venv = path.join(repoRoot, ".tools", "python");
const example = path.join(repoRoot, "examples", "python");

let plugin: InstalledPlugin;
let bringg: BringgStack;
/** Every CLI output of the test, except commands run with --show-secrets. */
const transcript: string[] = [];
/** Every secret the stack saw. */
const secrets: Secret[] = [{ label: "admin password", value: demoCredentials.password }];

async function cli(args: string[]): Promise<CommandResult> {
    const result = await bringg.stack.ok(args);
    transcript.push(result.output);
    return result;
}

function client(): BringgClient {
    return new BringgClient({ settings: { baseUrl: bringg.emulator.url, ...demoCredentials } });
}

async function deliveredSecret(): Promise<string> {
    const file = JSON.parse(await readFile(path.join(bringg.stack.dir, "secrets", "dispatch.json"), "utf8")) as { clientSecret: string };
    return file.clientSecret;
}

/** Runs a tool of the virtual environment; throws with its output when it fails. */
function venvTool(tool: string, args: string[], cwd = repoRoot) {
    return run(path.join(venv, "bin", tool), args, { cwd, maxBuffer: 16 << 20 });
}

/** Builds the SDK's wheel and installs it as a user does: pip, the example's requirements.txt. */
async function installSdk(): Promise<void> {
    const { stderr } = await run("bash", [path.join(repoRoot, "scripts", "pack-sdk.sh"), "python"], { cwd: repoRoot });
    const wheel = /built (\S+\.whl)/.exec(stderr)?.[1];
    if (!wheel) throw new Error(`pack-sdk.sh python named no wheel:\n${stderr}`);
    // The wheel has the version of the one installed by the last run: reinstall it regardless.
    await venvTool("pip", ["install", "--quiet", "--disable-pip-version-check", "--no-deps", "--force-reinstall", wheel]);
    await venvTool("pip", [
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--find-links",
        path.dirname(wheel),
        "-r",
        path.join(example, "requirements.txt"),
    ]);
}

/** `mypy --strict` on the program's __main__.py; never throws. */
async function mypy(dir: string): Promise<{ code: number; output: string }> {
    try {
        const { stdout } = await venvTool("mypy", ["--strict", "--no-error-summary", "__main__.py"], dir);
        return { code: 0, output: stdout };
    } catch (error) {
        const failed = error as { code?: number; stdout?: string; stderr?: string };
        return { code: failed.code ?? 1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
    }
}

test.before(async () => {
    if (!existsSync(path.join(venv, ".installed"))) {
        throw new Error("no Python toolchain in .tools/python: run `bash scripts/toolchain.sh` and install what it asks for");
    }
    [plugin] = await Promise.all([installNativePlugin(), installSdk()]);
    const dir = path.join(repoRoot, "test", ".programs", `python-${process.pid}`);
    await cp(example, dir, {
        recursive: true,
        filter: (source) => !["venv", "secrets", "__pycache__", ".mypy_cache"].includes(path.basename(source)),
    });
    // Pulumi.yaml's `virtualenv: venv`, here the toolchain's environment, where the SDK was installed.
    await symlink(venv, path.join(dir, "venv"));
    bringg = await startBringgStack({ name: "python", dir, env: plugin.env });
});

test.after.always(async () => {
    await bringg?.dispose();
});

test.serial("mypy --strict passes on the example against the installed SDK, and catches a wrongly typed input", async (t) => {
    const clean = await mypy(bringg.stack.dir);
    t.is(clean.code, 0, clean.output);
    const program = await readFile(path.join(bringg.stack.dir, "__main__.py"), "utf8");
    const broken = program.replace('scopes=["tasks_read"], enabled=False', 'scopes=["tasks_read"], enabled="no"');
    t.not(broken, program);
    await writeFile(path.join(bringg.stack.dir, "__main__.py"), broken);
    try {
        const typo = await mypy(bringg.stack.dir);
        t.not(typo.code, 0);
        t.regex(typo.output, /__main__\.py:\d+: error: .*"Application"/);
    } finally {
        await writeFile(path.join(bringg.stack.dir, "__main__.py"), program);
        await rm(path.join(bringg.stack.dir, ".mypy_cache"), { recursive: true, force: true });
    }
});

test.serial("up creates three applications, the TTL policy and the rotation, whose secret is delivered to a file", async (t) => {
    const up = await cli(["up", "--yes", "--skip-preview"]);
    t.regex(up.output, /\+ 6 created/);
    const apps = await client().listApplications();
    t.deepEqual(apps.map((app) => [app.scopes.join(","), app.enabled]).sort(), [
        ["tasks_read", false],
        ["tasks_read,tasks_write", true],
        ["tasks_read,users_read", true],
    ]);
    t.true(
        apps.some((app) => app.name === "partner-reports"),
        "an explicit name is kept",
    );
    const outputs = await bringg.stack.outputs();
    t.is(outputs.dashboardsClientSecret, "[secret]", "a client secret is a Pulumi secret");
    t.deepEqual(outputs.ttls, { tasks_write: 900, users_read: 7200 });
    t.is(outputs.dispatchSecretVersion, 1);
    const shown = await bringg.stack.outputs({ showSecrets: true });
    secrets.push({ label: "dashboards secret", value: String(shown.dashboardsClientSecret) }, { label: "dispatch secret 1", value: await deliveredSecret() });
});

test.serial("a preview right after up shows no change", async (t) => {
    const preview = await cli(["preview", "--expect-no-changes"]);
    t.regex(preview.output, /6 unchanged/);
});

test.serial("bumping the rotation trigger issues a new secret, delivered to the file; the state keeps none", async (t) => {
    const before = await deliveredSecret();
    await bringg.stack.setConfig("rotation", "2026-Q2");
    const up = await cli(["up", "--yes", "--skip-preview"]);
    t.regex(up.output, /~ 1 updated/);
    const after = await deliveredSecret();
    t.not(after, before);
    secrets.push({ label: "dispatch secret 2", value: after });
    t.is((await bringg.stack.outputs()).dispatchSecretVersion, 2);
    const { deployment } = await bringg.stack.exportState();
    const [rotation] = resourcesOfType(deployment, "bringg:index:SecretRotation");
    t.is(rotation!.outputs!.clientSecret, undefined, "keep_secret_in_state=False keeps the secret out of the state");
});

test.serial("destroy deletes every application and restores the TTL defaults; no secret appeared in any output or in the state", async (t) => {
    const { raw } = await bringg.stack.exportState();
    transcript.push(raw);
    await cli(["destroy", "--yes", "--skip-preview"]);
    t.deepEqual(await client().listApplications(), []);
    const scopes = await client().listScopes();
    t.deepEqual(
        scopes.filter((scope) => scope.ttl !== scope.default_ttl).map((scope) => scope.name),
        [],
        "no override is left",
    );
    const hits = await scanForLeaks(secrets, [{ label: "CLI output and stack export", text: transcript.join("\n") }]);
    t.deepEqual(hits, []);
});
