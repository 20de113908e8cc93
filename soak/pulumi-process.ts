/**
 * `pulumi up` as a child process the soak can SIGKILL, the way a dying CI runner or `kill -9`
 * ends it: only the CLI gets the signal; its plugins (the program, the dynamic providers) are left
 * to notice on their own, as they would be.
 */
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { CommandResult, TestStack } from "../test/helpers/pulumi";

/** How a spawned command ended. */
export interface SpawnedResult extends CommandResult {
    /** True when the soak killed the CLI. */
    readonly killed: boolean;
    readonly seconds: number;
}

function groupAlive(pgid: number): boolean {
    try {
        process.kill(-pgid, 0);
        return true;
    } catch {
        return false;
    }
}

/**
 * Runs `pulumi <args>` in the stack's folder. When `killWhen` resolves before the command ends, the
 * CLI gets SIGKILL; the soak then waits up to `graceMs` for the plugins it left behind to exit and
 * SIGKILLs the rest of the process group it started (so that no stray provider outlives the run).
 */
export async function runPulumi(
    stack: TestStack,
    args: string[],
    options: { killWhen?: Promise<unknown>; graceMs?: number } = {},
): Promise<SpawnedResult> {
    const started = performance.now();
    const child = spawn("pulumi", ["--non-interactive", "--color", "never", ...args], {
        cwd: stack.dir,
        env: stack.env,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number>((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 + 9 : 1))));
    let killed = false;
    void options.killWhen?.then(() => {
        if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
            killed = true;
            process.kill(child.pid, "SIGKILL");
        }
    });
    const code = await exited;
    if (killed && child.pid !== undefined) {
        const deadline = performance.now() + (options.graceMs ?? 15_000);
        while (groupAlive(child.pid) && performance.now() < deadline) await sleep(200);
        if (groupAlive(child.pid)) process.kill(-child.pid, "SIGKILL");
    }
    return { code, stdout, stderr, output: `${stdout}\n${stderr}`, killed, seconds: (performance.now() - started) / 1000 };
}
