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
import { startBringgStack } from "../helpers/bringg";
import { InventoryRun } from "../helpers/inventory";
import { installNativePlugin } from "../helpers/native";
import { repoRoot } from "../helpers/pulumi";

const run = promisify(execFile);
const venv = path.join(repoRoot, ".tools", "python");
const example = path.join(repoRoot, "examples", "python");

let inventory: InventoryRun;

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
    const [plugin] = await Promise.all([installNativePlugin(), installSdk()]);
    const dir = path.join(repoRoot, "test", ".programs", `python-${process.pid}`);
    await cp(example, dir, {
        recursive: true,
        filter: (source) => !["venv", "secrets", "__pycache__", ".mypy_cache"].includes(path.basename(source)),
    });
    // Pulumi.yaml's `virtualenv: venv`, here the toolchain's environment, where the SDK was installed.
    await symlink(venv, path.join(dir, "venv"));
    inventory = new InventoryRun(await startBringgStack({ name: "python", dir, env: plugin.env }));
});

test.after.always(async () => {
    await inventory?.bringg.dispose();
});

test.serial("mypy --strict passes on the example against the installed SDK, and catches a wrongly typed input", async (t) => {
    const clean = await mypy(inventory.bringg.stack.dir);
    t.is(clean.code, 0, clean.output);
    const program = await readFile(path.join(inventory.bringg.stack.dir, "__main__.py"), "utf8");
    const broken = program.replace('scopes=["tasks_read"], enabled=False', 'scopes=["tasks_read"], enabled="no"');
    t.not(broken, program);
    await writeFile(path.join(inventory.bringg.stack.dir, "__main__.py"), broken);
    try {
        const typo = await mypy(inventory.bringg.stack.dir);
        t.not(typo.code, 0);
        t.regex(typo.output, /__main__\.py:\d+: error: .*"Application"/);
    } finally {
        await writeFile(path.join(inventory.bringg.stack.dir, "__main__.py"), program);
        await rm(path.join(inventory.bringg.stack.dir, ".mypy_cache"), { recursive: true, force: true });
    }
});

test.serial("up creates three applications, the TTL policy and the rotation, whose secret is delivered to a file", async (t) => {
    await inventory.up(t);
});

test.serial("a preview right after up shows no change", (t) => inventory.noChange(t));

test.serial("bumping the rotation trigger issues a new secret, delivered to the file; the state keeps none", (t) => inventory.rotate(t));

test.serial("destroy deletes every application and restores the TTL defaults; no secret appeared in any output or in the state", (t) =>
    inventory.destroyWithoutLeaks(t),
);
