/**
 * The `command` store: runs a program with the credential on stdin, the universal adapter
 * (`vault kv put secret/bringg -`, `kubectl create secret generic bringg --from-file=credential=/dev/stdin`,
 * `gh secret set BRINGG_CLIENT_SECRET`).
 *
 * The secret goes to the program only through stdin: never in its arguments (visible in `ps`), its
 * environment (visible in /proc and inherited by its children) or this provider's messages. The
 * program is started without a shell, so no argument is ever interpreted.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import type { CommandTarget, Format } from "./schema";
import { SecretRegistry } from "../core/errors";
import { payload, registerDelivery, StoreError, versionToken, type Delivery, type Store, type Stored } from "./store";

/** How long a command may run before it is killed and the delivery fails. */
export const commandTimeoutMs = 5 * 60_000;

/** How much of the command's stderr a failure message quotes (its end, where the error usually is). */
const quotedStderr = 2_000;

/**
 * Variables the provider's process may hold that the command has no business seeing: the Bringg
 * admin password and the stack's configuration and passphrase.
 */
const withheldVariables = ["BRINGG_PASSWORD", "PULUMI_CONFIG", "PULUMI_CONFIG_SECRET_KEYS", "PULUMI_CONFIG_PASSPHRASE"];

/** The environment the command runs with: the provider's, less the withheld variables, plus `env`. */
export function commandEnvironment(target: CommandTarget, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...base };
    for (const name of withheldVariables) delete env[name];
    return { ...env, ...target.env };
}

/** What a finished command did. */
interface Outcome {
    readonly exitCode: number | null;
    readonly signal: NodeJS.Signals | null;
    readonly stderr: string;
    readonly timedOut: boolean;
}

function run(target: CommandTarget, input: string, signal: AbortSignal | undefined): Promise<Outcome> {
    const [program, ...args] = target.run;
    return new Promise((resolve, reject) => {
        const child = spawn(program!, args, {
            env: commandEnvironment(target),
            stdio: ["pipe", "ignore", "pipe"],
            shell: false,
            signal,
        });
        let stderr = "";
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill("SIGKILL");
        }, commandTimeoutMs);
        child.stderr.setEncoding("utf8");
        child.stderr.on("data", (chunk: string) => {
            // Keep only the end: a chatty program must not grow the message without bound.
            stderr = (stderr + chunk).slice(-4 * quotedStderr);
        });
        // A program that exits without reading stdin closes the pipe; its exit code tells the rest.
        child.stdin.on("error", () => undefined);
        child.on("error", (error) => {
            clearTimeout(timer);
            reject(error);
        });
        child.on("close", (exitCode, exitSignal) => {
            clearTimeout(timer);
            resolve({ exitCode, signal: exitSignal, stderr, timedOut });
        });
        child.stdin.end(input);
    });
}

/** The command store. */
export const commandStore: Store<CommandTarget> = {
    kind: "command",

    reference(target) {
        return path.basename(target.run[0] ?? "");
    },

    async write(delivery: Delivery, target: CommandTarget, format: Format, ctx): Promise<string> {
        // The command's stderr is quoted in failures; a program that echoes its input must not leak.
        const secrets = ctx.secrets ?? new SecretRegistry();
        registerDelivery(delivery, secrets);
        const content = payload(delivery.current, format);
        const reference = commandStore.reference(target);
        const secret = delivery.current.clientSecret;
        const exposed = [...target.run, ...Object.values(target.env ?? {})].some((value) => value.includes(secret));
        if (exposed) {
            throw new StoreError({
                code: "config",
                kind: "command",
                reference,
                operation: "run",
                detail: "the client secret appears in the command's arguments or env, where other users and logs can see it; the command was not run",
                fix: "remove the secret from run and env: the command receives the credential on stdin",
            });
        }
        let outcome: Outcome;
        try {
            outcome = await run(target, content, ctx.signal);
        } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            throw new StoreError({
                code: "command_failed",
                kind: "command",
                reference,
                operation: "run",
                detail:
                    code === "ENOENT"
                        ? `${JSON.stringify(target.run[0])} was not found`
                        : `could not start ${JSON.stringify(target.run[0])}: ${(error as Error).message}`,
                fix: code === "ENOENT" ? "install the program, or give its absolute path in run[0]" : "check run[0] and its permissions",
                cause: error,
            });
        }
        if (outcome.exitCode !== 0) {
            const how = outcome.timedOut
                ? `was killed after ${commandTimeoutMs / 1000} s`
                : outcome.signal
                  ? `was killed by ${outcome.signal}`
                  : `exited with ${outcome.exitCode}`;
            const said = outcome.stderr.trim().slice(-quotedStderr);
            throw new StoreError({
                code: "command_failed",
                kind: "command",
                reference,
                operation: "run",
                detail: secrets.redact(
                    `${JSON.stringify(target.run[0])} ${how}${said ? `; its stderr: ${JSON.stringify(said)}` : " and wrote nothing to stderr"}`,
                ),
                fix: 'make the command succeed when run by hand with a credential on stdin (e.g. echo \'{"clientId":"x","clientSecret":"y"}\' | <command>)',
            });
        }
        return versionToken(content);
    },

    async read(): Promise<Stored> {
        return { status: "unknown", reason: "a command target cannot be read back" };
    },
};
