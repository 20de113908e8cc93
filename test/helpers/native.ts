/**
 * The native provider plugin as a user installs it: the tarball `npm run plugin` builds (here from
 * the dist/ that `npm test` built), installed with `pulumi plugin install resource bringg <version>
 * --file ...` into a Pulumi home of the test's own, with ambient plugins (a `pulumi-resource-bringg`
 * on PATH) ignored, so the engine runs exactly the installed plugin.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { packageJson } from "../package/package";
import { pulumiBinary, repoRoot } from "./pulumi";

const run = promisify(execFile);

/** An installed plugin: the environment that makes the CLI use it, and its removal. */
export interface InstalledPlugin {
    /** `PULUMI_HOME` (the plugin cache) and `PULUMI_IGNORE_AMBIENT_PLUGINS`. */
    readonly env: NodeJS.ProcessEnv;
    /** The tarball that was installed. */
    readonly tarball: string;
    remove(): Promise<void>;
}

/** Builds the plugin tarball from dist/ and installs it into a new Pulumi home. */
export async function installNativePlugin(): Promise<InstalledPlugin> {
    const work = await mkdtemp(path.join(tmpdir(), "pulumi-bringg-plugin-"));
    try {
        const { stdout } = await run("bash", [path.join(repoRoot, "scripts", "build-plugin.sh"), "--no-build", path.join(work, "out")], {
            cwd: repoRoot,
            maxBuffer: 16 << 20,
        });
        const tarball = stdout.trim().split("\n").pop()!;
        const env = { PULUMI_HOME: path.join(work, "home"), PULUMI_IGNORE_AMBIENT_PLUGINS: "true" };
        await run(pulumiBinary, ["plugin", "install", "resource", "bringg", packageJson().version, "--file", tarball], {
            env: { ...process.env, ...env, PULUMI_SKIP_UPDATE_CHECK: "true" },
        });
        return { env, tarball, remove: () => rm(work, { recursive: true, force: true }) };
    } catch (error) {
        await rm(work, { recursive: true, force: true });
        throw error;
    }
}
