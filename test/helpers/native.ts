/**
 * The native provider plugin as a user installs it: the tarball `npm run plugin` builds (here from
 * the dist/ that `npm test` built), installed with `pulumi plugin install resource bringg <version>
 * --file ...` into a Pulumi home of the tests' own, with ambient plugins (a `pulumi-resource-bringg`
 * on PATH) ignored, so the engine runs exactly the installed plugin.
 *
 * Building and installing takes about 25 s, so the test files of one `npm test` share one install:
 * it lives in a folder named after a hash of the built provider code, made by the first file that
 * needs it (the others wait on a lock folder, which a killed run leaves behind: taken over after
 * five minutes), and reused while that code is unchanged.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { packageJson } from "../package/package";
import { pulumiBinary, repoRoot } from "./pulumi";

const run = promisify(execFile);

/** Older than this, the lock is a killed run's (a build and install take about 25 s). */
const staleLockMs = 5 * 60_000;

/** An installed plugin: the environment that makes the CLI use it. */
export interface InstalledPlugin {
    /** `PULUMI_HOME` (the plugin cache) and `PULUMI_IGNORE_AMBIENT_PLUGINS`. */
    readonly env: NodeJS.ProcessEnv;
    /** The tarball that was installed. */
    readonly tarball: string;
}

/** A hash of what goes into the plugin: the built provider code, the package's manifest and schema. */
async function buildKey(): Promise<string> {
    const hash = createHash("sha256");
    const dist = path.join(repoRoot, "dist", "provider");
    const files = (await readdir(dist, { recursive: true, encoding: "utf8" })).filter((file) => file.endsWith(".js")).sort();
    for (const file of [
        ...files.map((file) => path.join(dist, file)),
        path.join(repoRoot, "package.json"),
        path.join(repoRoot, "schema", "pulumi-package.json"),
    ]) {
        hash.update(file).update(await readFile(file));
    }
    return hash.digest("hex").slice(0, 16);
}

/** Builds the plugin tarball from dist/ and installs it into a Pulumi home shared by the test files. */
export async function installNativePlugin(): Promise<InstalledPlugin> {
    const dir = path.join(tmpdir(), `pulumi-bringg-native-${await buildKey()}`);
    const done = path.join(dir, "installed.json");
    const lock = `${dir}.lock`;
    for (;;) {
        if (existsSync(done)) return JSON.parse(await readFile(done, "utf8")) as InstalledPlugin;
        try {
            await mkdir(lock);
            break;
        } catch {
            // Another test file is installing it; a lock left by a killed run is taken over.
            const age =
                Date.now() -
                (await stat(lock).then(
                    (info) => info.mtimeMs,
                    () => Date.now(),
                ));
            if (age > staleLockMs) await rm(lock, { recursive: true, force: true });
            else await sleep(500);
        }
    }
    try {
        if (existsSync(done)) return JSON.parse(await readFile(done, "utf8")) as InstalledPlugin;
        await rm(dir, { recursive: true, force: true });
        const { stdout } = await run("bash", [path.join(repoRoot, "scripts", "build-plugin.sh"), "--no-build", path.join(dir, "out")], {
            cwd: repoRoot,
            maxBuffer: 16 << 20,
        });
        const tarball = stdout.trim().split("\n").pop()!;
        const env = { PULUMI_HOME: path.join(dir, "home"), PULUMI_IGNORE_AMBIENT_PLUGINS: "true" };
        await run(pulumiBinary, ["plugin", "install", "resource", "bringg", packageJson().version, "--file", tarball], {
            env: { ...process.env, ...env, PULUMI_SKIP_UPDATE_CHECK: "true" },
        });
        const installed: InstalledPlugin = { env, tarball };
        await writeFile(done, JSON.stringify(installed));
        return installed;
    } finally {
        await rm(lock, { recursive: true, force: true });
    }
}
