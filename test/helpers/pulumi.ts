/**
 * Runs real Pulumi programs through the real `pulumi` CLI for tests.
 *
 * Each stack gets a program folder under test/.programs (inside the repository, so that the
 * program and its dynamic-provider process resolve `pulumi-bringg` and `@pulumi/pulumi` from the
 * repository, exactly as a user's program resolves them from node_modules), a file backend in a
 * temporary folder and a passphrase secrets provider. Nothing leaves the machine.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** The repository root (dist/test/helpers → three levels up). */
export const repoRoot = path.resolve(__dirname, "..", "..", "..");

/**
 * The Pulumi CLI binary: the toolchain's (scripts/toolchain.sh exports PULUMI_CLI_DIR), else the
 * first `pulumi` on the PATH outside a node_modules/.bin folder. Never the npm `pulumi` launcher
 * that `npx` puts first on the PATH: it runs the CLI as its child, so a SIGKILL meant for
 * `pulumi up` would only kill the launcher and leave the CLI running to the end (measured: the
 * soak's kills never interrupted an update).
 */
export const pulumiBinary: string = (() => {
    const dirs = [process.env.PULUMI_CLI_DIR, ...(process.env.PATH ?? "").split(path.delimiter)];
    for (const dir of dirs) {
        if (!dir || dir.split(path.sep).includes("node_modules")) continue;
        const candidate = path.join(dir, "pulumi");
        if (existsSync(candidate)) return candidate;
    }
    throw new Error("no Pulumi CLI outside node_modules on the PATH: run the tests through `npm test` (scripts/with-toolchain.sh provides it)");
})();

/** `env` with the toolchain's CLI folder first on the PATH, so child tools that run `pulumi` get the CLI itself. */
export function withCliFirst(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    return { ...env, PATH: `${path.dirname(pulumiBinary)}${path.delimiter}${env.PATH ?? ""}` };
}

/** What a CLI command printed and how it ended. */
export interface CommandResult {
    code: number;
    stdout: string;
    stderr: string;
    /** stdout and stderr together, for assertions on messages. */
    output: string;
}

/** A stack of a throwaway program, driven through the CLI. */
export interface TestStack {
    /** The program folder. */
    readonly dir: string;
    readonly stackName: string;
    /** Environment every command runs with (backend, passphrase, no network). */
    readonly env: NodeJS.ProcessEnv;
    /** Runs `pulumi <args>` in the program folder; never throws on a non-zero exit. */
    run(args: string[], options?: { env?: NodeJS.ProcessEnv }): Promise<CommandResult>;
    /** Runs `pulumi <args>` and throws with the CLI output when it fails. */
    ok(args: string[], options?: { env?: NodeJS.ProcessEnv }): Promise<CommandResult>;
    /** Rewrites the program's index.ts. */
    setProgram(source: string): Promise<void>;
    /** Sets a stack config value (`secret` encrypts it). */
    setConfig(key: string, value: string, options?: { secret?: boolean }): Promise<void>;
    /** `pulumi stack output --json` (optionally with secrets shown). */
    outputs(options?: { showSecrets?: boolean }): Promise<Record<string, unknown>>;
    /** `pulumi stack export` as parsed JSON, plus the raw text. */
    exportState(): Promise<{ raw: string; deployment: StackDeployment }>;
    /** Destroys the stack's resources, removes the stack, its backend and its program folder. */
    dispose(): Promise<void>;
}

/** Runs a command and collects what it printed; never throws on a non-zero exit. */
function runCommand(file: string, args: readonly string[], options: { cwd?: string | undefined; env?: NodeJS.ProcessEnv | undefined }): Promise<CommandResult> {
    return new Promise((resolve) => {
        execFile(file, args, { ...options, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
            const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
            resolve({ code, stdout, stderr, output: `${stdout}\n${stderr}` });
        });
    });
}

/** Runs the package's built command line (`npx pulumi-bringg <args>`); never throws on a non-zero exit. */
export function runPackageCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CommandResult> {
    return runCommand(process.execPath, [path.join(repoRoot, "dist", "provider", "tools", "cli.js"), ...args], options);
}

/** The part of `pulumi stack export` that tests read. */
export interface StackDeployment {
    deployment: {
        resources?: Array<{
            urn: string;
            type: string;
            id?: string;
            inputs?: Record<string, unknown>;
            outputs?: Record<string, unknown>;
        }>;
    };
}

/** Options of {@link createStack}. */
export interface CreateStackOptions {
    /** A short name for the program folder and project. */
    name: string;
    /**
     * TypeScript source of index.ts, written with a Pulumi.yaml and a tsconfig.json. Without it,
     * `dir` is a project as it stands (an example copied whole): its own Pulumi.yaml, tsconfig.json
     * and program are used.
     */
    program?: string;
    /** Stack config set before the first command; `secret: true` encrypts the value. */
    config?: Record<string, string | { value: string; secret: true }>;
    /** Extra environment for every command. */
    env?: NodeJS.ProcessEnv;
    /**
     * The program folder (default: a new folder under test/.programs), e.g. a project outside the
     * repository with its own node_modules; `dispose` removes it.
     */
    dir?: string;
    /** The project's exact name (default: `name` plus a random suffix), e.g. to import a recorded state. */
    project?: string;
}

const programTsconfig = {
    compilerOptions: {
        strict: true,
        target: "ES2022",
        module: "node16",
        moduleResolution: "node16",
        esModuleInterop: true,
        skipLibCheck: true,
    },
};

/** Creates a program folder and an initialized stack for it. */
export async function createStack(options: CreateStackOptions): Promise<TestStack> {
    const suffix = randomBytes(4).toString("hex");
    const project = options.project ?? `${options.name}-${suffix}`;
    const dir = options.dir ?? path.join(repoRoot, "test", ".programs", `${options.name}-${suffix}`);
    if (options.program === undefined && !existsSync(path.join(dir, "Pulumi.yaml"))) {
        // Without its own, the CLI would take the project of a folder above it and run another program.
        throw new Error(`createStack: ${dir} has no Pulumi.yaml (give the program, or the folder of a project)`);
    }
    const backend = await mkdtemp(path.join(tmpdir(), "pulumi-bringg-state-"));
    await mkdir(dir, { recursive: true });
    if (options.program !== undefined) {
        await writeFile(path.join(dir, "Pulumi.yaml"), `name: ${project}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n`);
        await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify(programTsconfig, null, 2));
        await writeFile(path.join(dir, "index.ts"), options.program);
    }

    const env: NodeJS.ProcessEnv = {
        ...withCliFirst(process.env),
        PULUMI_BACKEND_URL: `file://${backend}`,
        PULUMI_CONFIG_PASSPHRASE: "test-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_NODEJS_TRANSPILE_ONLY: "true",
        NO_COLOR: "1",
        ...options.env,
    };
    const stackName = "test";

    const run = (args: string[], extra?: { env?: NodeJS.ProcessEnv }): Promise<CommandResult> =>
        // Global flags first, so that an argument list ending in `--` keeps them flags.
        runCommand(pulumiBinary, ["--non-interactive", "--color", "never", ...args], { cwd: dir, env: { ...env, ...extra?.env } });
    const ok = async (args: string[], extra?: { env?: NodeJS.ProcessEnv }): Promise<CommandResult> => {
        const result = await run(args, extra);
        if (result.code !== 0) {
            throw new Error(`pulumi ${args.join(" ")} exited ${result.code}:\n${result.output}`);
        }
        return result;
    };

    const stack: TestStack = {
        dir,
        stackName,
        env,
        run,
        ok,
        async setProgram(source) {
            await writeFile(path.join(dir, "index.ts"), source);
        },
        async setConfig(key, value, opts) {
            // `--` because generated values (client ids) may start with "-".
            await ok(["config", "set", opts?.secret ? "--secret" : "--plaintext", "--", key, value]);
        },
        async outputs(opts) {
            const result = await ok(["stack", "output", "--json", ...(opts?.showSecrets ? ["--show-secrets"] : [])]);
            return JSON.parse(result.stdout) as Record<string, unknown>;
        },
        async exportState() {
            const result = await ok(["stack", "export"]);
            return { raw: result.stdout, deployment: JSON.parse(result.stdout) as StackDeployment };
        },
        async dispose() {
            await run(["destroy", "--yes", "--skip-preview"]);
            await run(["stack", "rm", "--yes", "--force"]);
            await rm(backend, { recursive: true, force: true });
            await rm(dir, { recursive: true, force: true });
        },
    };

    await ok(["stack", "init", stackName]);
    for (const [key, value] of Object.entries(options.config ?? {})) {
        if (typeof value === "string") {
            await stack.setConfig(key, value);
        } else {
            await stack.setConfig(key, value.value, { secret: true });
        }
    }
    return stack;
}

/** The resources of a stack export whose type token contains `type`. */
export function resourcesOfType(deployment: StackDeployment, type: string) {
    return (deployment.deployment.resources ?? []).filter((r) => r.type.includes(type));
}
