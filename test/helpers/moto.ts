/**
 * moto's server mode (a local AWS emulator) for tests: Secrets Manager on a free loopback port.
 *
 * The server comes from scripts/moto.sh, which installs a pinned moto[server] into the git-ignored
 * .tools/moto the first time. When that cannot be done (no Python, no pip, PyPI out of reach),
 * {@link startMoto} throws the script's message, which says what to install: a test that needs
 * moto fails, it is never skipped.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { repoRoot } from "./pulumi";

/**
 * Environment for the AWS SDK (in the test process or a provider process) to use moto: dummy
 * credentials, which moto accepts, and no instance-metadata lookups, so that nothing leaves
 * loopback.
 */
export const awsTestEnv = {
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_REGION: "us-east-1",
    AWS_EC2_METADATA_DISABLED: "true",
} as const;

/** A running moto server. */
export interface RunningMoto {
    /** `http://127.0.0.1:<port>`: the `endpoint` of an awsSecretsManager target. */
    readonly url: string;
    readonly port: number;
    /** Stops the server (its data is lost); resolves once the process has exited. Idempotent. */
    stop(): Promise<void>;
    /** Starts a fresh server on the same port, after {@link stop}: the store "comes back". */
    restart(): Promise<void>;
    /** What the server printed (its request log), for leak scans. */
    output(): string;
}

/** Options of {@link startMoto}. */
export interface StartMotoOptions {
    /** Extra environment for the server, e.g. `{ INITIAL_NO_AUTH_ACTION_COUNT: "0" }` to enforce auth. */
    readonly env?: NodeJS.ProcessEnv;
}

/** Installs moto when needed (scripts/moto.sh) and returns the path of `moto_server`. */
export async function motoServerPath(env: NodeJS.ProcessEnv = process.env): Promise<string> {
    try {
        const { stdout } = await promisify(execFile)("bash", [path.join(repoRoot, "scripts", "moto.sh")], { env, maxBuffer: 1 << 20 });
        return stdout.trim().split("\n").pop()!;
    } catch (error) {
        const stderr = (error as { stderr?: string }).stderr ?? (error as Error).message;
        throw new Error(`moto (the local AWS emulator these tests deliver secrets to) is not available:\n${stderr.trim()}`);
    }
}

/** Starts `moto_server` on 127.0.0.1 (a free port unless `port` is given); resolves once it listens. */
async function launch(server: string, port: number, env: NodeJS.ProcessEnv, log: string[]): Promise<{ child: ChildProcess; port: number }> {
    const child = spawn(server, ["-H", "127.0.0.1", "-p", String(port)], {
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
    });
    const listening = new Promise<number>((resolve, reject) => {
        let seen = "";
        const onData = (chunk: Buffer) => {
            const text = chunk.toString("utf8");
            log.push(text);
            seen += text;
            // Werkzeug prints the bound port, so port 0 (any free port) needs no guess-and-retry.
            const match = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
            if (match) resolve(Number(match[1]));
        };
        child.stdout!.on("data", onData);
        child.stderr!.on("data", onData);
        child.once("error", reject);
        child.once("exit", (code) => reject(new Error(`moto_server exited (${code}) before listening:\n${seen}`)));
    });
    return { child, port: await listening };
}

/**
 * Starts `moto_server` again on the port it had. While it was down, the port was free for anyone:
 * an outgoing connection of another test can hold it as its local port for a moment ("Address
 * already in use", seen once in a full run), so the launch is repeated until the port is free
 * again, for up to 10 s.
 */
async function relaunch(server: string, port: number, env: NodeJS.ProcessEnv, log: string[]): Promise<{ child: ChildProcess; port: number }> {
    const deadline = Date.now() + 10_000;
    for (;;) {
        try {
            return await launch(server, port, env, log);
        } catch (error) {
            if (!/Address already in use/.test((error as Error).message) || Date.now() > deadline) throw error;
            await sleep(250);
        }
    }
}

/** Starts moto's server on a free loopback port. */
export async function startMoto(options: StartMotoOptions = {}): Promise<RunningMoto> {
    const server = await motoServerPath();
    const log: string[] = [];
    const env = { ...options.env };
    let { child, port } = await launch(server, 0, env, log);
    let running: ChildProcess | undefined = child;

    async function stop(): Promise<void> {
        const current = running;
        running = undefined;
        if (!current || current.exitCode !== null || current.signalCode !== null) return;
        const exited = once(current, "exit");
        current.kill("SIGTERM");
        const timer = setTimeout(() => current.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
    }

    return {
        url: `http://127.0.0.1:${port}`,
        port,
        stop,
        async restart() {
            await stop();
            ({ child, port } = await relaunch(server, port, env, log));
            running = child;
        },
        output: () => log.join(""),
    };
}
