/**
 * `pulumi up` as a child process the soak can SIGKILL, the way a dying CI runner or `kill -9`
 * ends it: only the CLI gets the signal; its plugins (the program, the dynamic providers) are left
 * to notice on their own, as they would be.
 *
 * They do not always notice: the CLI starts each plugin in a process group of its own, and a
 * killed CLI's dynamic providers were seen running half an hour later. So the soak notes the CLI's
 * descendants just before the kill and, after a grace period, kills those still alive.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { pulumiBinary, type CommandResult, type TestStack } from "../test/helpers/pulumi";

/** How a spawned command ended. */
export interface SpawnedResult extends CommandResult {
    /** True when the soak killed the CLI. */
    readonly killed: boolean;
    readonly seconds: number;
}

function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

/** Every descendant of a process (Linux /proc), children first-found order. */
function descendants(pid: number): number[] {
    const found: number[] = [];
    const visit = (parent: number) => {
        let tasks: string[] = [];
        try {
            tasks = readdirSync(`/proc/${parent}/task`);
        } catch {
            return;
        }
        for (const task of tasks) {
            let children = "";
            try {
                children = readFileSync(`/proc/${parent}/task/${task}/children`, "utf8");
            } catch {
                continue;
            }
            for (const child of children.split(" ").filter(Boolean).map(Number)) {
                found.push(child);
                visit(child);
            }
        }
    };
    visit(pid);
    return found;
}

/**
 * Runs `pulumi <args>` in the stack's folder. When `killWhen` resolves before the command ends, the
 * CLI gets SIGKILL; the soak then waits up to `graceMs` for the plugins it left behind to exit and
 * SIGKILLs those still running (so that no stray provider outlives the run).
 */
export async function runPulumi(
    stack: TestStack,
    args: string[],
    options: { killWhen?: Promise<unknown> | undefined; graceMs?: number } = {},
): Promise<SpawnedResult> {
    const started = performance.now();
    const child = spawn(pulumiBinary, ["--non-interactive", "--color", "never", ...args], {
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
    let leftBehind: number[] = [];
    void options.killWhen?.then(() => {
        if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
            killed = true;
            leftBehind = descendants(child.pid);
            process.kill(child.pid, "SIGKILL");
        }
    });
    const code = await exited;
    if (killed) {
        const deadline = performance.now() + (options.graceMs ?? 5_000);
        while (leftBehind.some(alive) && performance.now() < deadline) await sleep(200);
        for (const pid of leftBehind.filter(alive)) process.kill(pid, "SIGKILL");
    }
    return { code, stdout, stderr, output: `${stdout}\n${stderr}`, killed, seconds: (performance.now() - started) / 1000 };
}
