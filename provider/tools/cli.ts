#!/usr/bin/env node
/**
 * `npx pulumi-bringg <command>`: tools for users of the provider, outside `pulumi up`.
 *
 * `orphans --stack-state <file> [--stack-state <file>...] [--json]` lists the applications in
 * Bringg that no given `pulumi stack export` references (`-` reads one export from stdin). Bringg
 * settings come from BRINGG_REGION or BRINGG_ENDPOINT, BRINGG_USERNAME and BRINGG_PASSWORD.
 * Exit status: 0 when the list was made (orphans or not), 1 on an error, 2 on a usage error.
 *
 * `recover [--stack <name>] [--cwd <dir>] [--dry-run]` repairs a stack after a killed `pulumi up`
 * (./recover.ts): it releases the stack's lock (`pulumi cancel`), turns interrupted application
 * creates into pending creates the next `pulumi up` settles, and drops the other interrupted
 * operations (`pulumi stack export`, then `pulumi stack import`). It needs the `pulumi` CLI on the
 * PATH and the stack's usual environment (backend, passphrase); it never calls Bringg.
 * Exit status: 0 when the state was repaired (or had nothing to repair), 1 on an error, 2 on a
 * usage error.
 *
 * `doctor [--stack <name>] [--cwd <dir>] [--account <name>] [--client-credentials -] [--record <dir>] [--json]`
 * is a read-only first contact with a Bringg account (./doctor.ts): it resolves the settings as the
 * provider does (the stack config from `pulumi config --json --show-secrets` when run in a Pulumi
 * project, else the environment alone) and reports each step with a verdict and the fix.
 * Exit status: 0 when every step passed or warned, 1 when a step failed, 2 on a usage error.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createProviderContext, type ProviderContext } from "../core/context";
import { BrandedError } from "../core/errors";
import { doctorExitCode, formatDoctorReport, parseClientCredentials, runDoctor, type DoctorOptions } from "./doctor";
import { findOrphans, formatOrphans, referencesIn } from "./orphans";
import { formatRecovery, recoverState } from "./recover";

const usage = `usage: pulumi-bringg orphans --stack-state <export.json> [--stack-state <export.json>...] [--json]
       pulumi-bringg recover [--stack <name>] [--cwd <dir>] [--dry-run]
       pulumi-bringg doctor [--stack <name>] [--cwd <dir>] [--account <name>] [--client-credentials -] [--record <dir>] [--json]

doctor: the first step against a real Bringg account. A read-only check of the settings (the
current stack's config when run in a Pulumi project, or --stack; else the environment), the host
(DNS, TLS), the admin credentials (one admin read), each read route (applications, scopes), each
reply's shape against the provider's schemas (types only, never a value) and the signs of paged
lists. --client-credentials - reads an application's client id and secret from stdin (JSON
{"clientId": ..., "clientSecret": ...} or two lines) and checks the token, token-info and
introspection routes. --record <dir> writes every exchange without passwords, secrets or tokens,
ids and names replaced by placeholders, to attach to a bug report. It never changes anything in
Bringg. Exit status: 0 when every step passed or warned, 1 when one failed.

recover: after \`pulumi up\` was killed (SIGKILL, a dead CI runner), run it in the project folder,
then \`pulumi up\`. It releases the stack's lock (\`pulumi cancel\`: run it only when no other
pulumi command is running on the stack), keeps each interrupted application create as a pending
create that \`pulumi up\` settles (it finds the application Bringg may have made, and never makes
a second one), and drops the other interrupted operations. It runs the \`pulumi\` CLI with your
environment and never calls Bringg. --dry-run prints what it would do and writes nothing.

orphans:
Lists the applications in Bringg that no resource in the given \`pulumi stack export\` files
references: give the export of every stack that manages applications of this merchant.
"-" reads one export from stdin (\`pulumi stack export | npx pulumi-bringg orphans --stack-state -\`).

Bringg settings come from the environment: BRINGG_REGION (us1, us2, us3, eu1, eu2, eu3) or
BRINGG_ENDPOINT, BRINGG_USERNAME and BRINGG_PASSWORD (an admin user's), and BRINGG_API_PROFILE
(an API profile file, relative to the current directory; docs/real-bringg.md).`;

class UsageError extends BrandedError {}

/** Lists the applications no stack state refers to, with the client of `context` (the environment's settings, as the provider resolves them). */
async function orphans(args: string[], context: ProviderContext): Promise<void> {
    const { values } = parseArgs({
        args,
        options: {
            "stack-state": { type: "string", multiple: true },
            json: { type: "boolean", default: false },
            help: { type: "boolean", short: "h", default: false },
        },
        strict: true,
    });
    if (values.help) {
        console.log(usage);
        return;
    }
    const files = values["stack-state"] ?? [];
    if (files.length === 0) throw new UsageError("give at least one --stack-state <file> (the output of `pulumi stack export`)");

    const problems = context.settingsProblems();
    if (problems.length > 0) {
        throw new Error(`Bringg settings are missing or invalid: ${problems.map((p) => p.message).join("; ")}`);
    }
    const exports = files.map((file) => referencesIn(readFileSync(file === "-" ? 0 : file, "utf8"), file === "-" ? "stdin" : file));
    const client = context.client();
    const applications = await client.listApplications({ resource: "the orphans check", fresh: true });
    const report = findOrphans(applications, exports);
    console.log(values.json ? JSON.stringify(report, null, 2) : formatOrphans(report, files));
}

/**
 * Runs `pulumi <args>` (non-interactive) and returns its stdout; throws with its output on failure,
 * stderr only when the command was asked to show secrets (its stdout may hold them in any form).
 */
function pulumi(args: string[], cwd: string | undefined): string {
    try {
        return execFileSync("pulumi", ["--non-interactive", ...args], {
            cwd,
            encoding: "utf8",
            maxBuffer: 256 * 1024 * 1024,
            stdio: ["ignore", "pipe", "pipe"],
        });
    } catch (error) {
        const failed = error as { stderr?: string; stdout?: string; code?: string; message: string };
        if (failed.code === "ENOENT")
            throw new Error("the pulumi CLI is not on the PATH: install it (https://www.pulumi.com/docs/install/) or run this from a shell that has it");
        const shown = args.includes("--show-secrets") ? "" : (failed.stdout ?? "");
        const output = `${shown}${failed.stderr ?? ""}`.trim() || `exit status ${String((error as { status?: unknown }).status ?? "unknown")}`;
        throw new Error(`pulumi ${args.join(" ")} failed:\n${output}`);
    }
}

async function recover(args: string[]): Promise<void> {
    const { values } = parseArgs({
        args,
        options: {
            stack: { type: "string", short: "s" },
            cwd: { type: "string", short: "C" },
            "dry-run": { type: "boolean", default: false },
            help: { type: "boolean", short: "h", default: false },
        },
        strict: true,
    });
    if (values.help) {
        console.log(usage);
        return;
    }
    const stack = values.stack === undefined ? [] : ["--stack", values.stack];
    const dryRun = values["dry-run"];
    if (!dryRun) pulumi(["cancel", "--yes", ...stack], values.cwd);
    // Neither the export nor the repair changes anything: a failure here leaves the state as it was.
    const recovery = recoverState(pulumi(["stack", "export", ...stack], values.cwd), "`pulumi stack export`");
    if (recovery.interrupted.length > 0 && !dryRun) {
        const dir = mkdtempSync(path.join(tmpdir(), "pulumi-bringg-recover-"));
        try {
            const file = path.join(dir, "state.json");
            writeFileSync(file, recovery.text, { mode: 0o600 });
            try {
                pulumi(["stack", "import", "--file", file, ...stack], values.cwd);
            } catch (error) {
                throw new Error(
                    `${(error as Error).message}\n\nThe stack's state is unchanged (only its lock was released). Fix: run \`npx pulumi-bringg recover --dry-run\` ` +
                        "to see the repair, and recover by hand as docs/troubleshooting.md describes (pulumi refresh --clear-pending-creates, then look for orphans).",
                );
            }
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    }
    console.log(formatRecovery(recovery.interrupted, !dryRun));
}

/** The folder of the Pulumi project that `dir` is in (a Pulumi.yaml there or above), if any. */
function pulumiProjectOf(dir: string): string | undefined {
    for (let current = path.resolve(dir); ; current = path.dirname(current)) {
        if (existsSync(path.join(current, "Pulumi.yaml")) || existsSync(path.join(current, "Pulumi.yml"))) return current;
        if (path.dirname(current) === current) return undefined;
    }
}

/**
 * The `bringg:*` stack config the provider would get, read with `pulumi config --json
 * --show-secrets` in the project folder; the environment alone outside a Pulumi project.
 */
function stackConfigFor(stack: string | undefined, cwd: string | undefined): Pick<DoctorOptions, "config" | "configSource" | "configProblem"> {
    const project = pulumiProjectOf(cwd ?? process.cwd());
    if (project === undefined && stack === undefined) return { configSource: "the environment only (no Pulumi project here)" };
    const which = stack === undefined ? "the current stack" : `stack ${JSON.stringify(stack)}`;
    let text: string;
    try {
        text = pulumi(["config", "--json", "--show-secrets", ...(stack === undefined ? [] : ["--stack", stack])], cwd);
    } catch (error) {
        const message = (error as Error).message;
        if (/not on the PATH/.test(message) && stack === undefined) return { configSource: "the environment only (the pulumi CLI is not on the PATH)" };
        return {
            configProblem: {
                message: `${which}'s config: ${message}`,
                fix: "run the doctor in the project folder (or give --cwd), with the stack's usual environment (backend login, passphrase); name the stack with --stack",
            },
        };
    }
    const entries = JSON.parse(text) as Record<string, { value?: unknown; objectValue?: unknown }>;
    return {
        config: (key) => entries[key]?.objectValue ?? entries[key]?.value,
        configSource: `${which} of the Pulumi project in ${project ?? cwd}`,
    };
}

async function doctor(args: string[]): Promise<number> {
    const { values } = parseArgs({
        args,
        options: {
            stack: { type: "string", short: "s" },
            cwd: { type: "string", short: "C" },
            account: { type: "string" },
            "client-credentials": { type: "string" },
            record: { type: "string" },
            json: { type: "boolean", default: false },
            help: { type: "boolean", short: "h", default: false },
        },
        strict: true,
    });
    if (values.help) {
        console.log(usage);
        return 0;
    }
    let clientCredentials: DoctorOptions["clientCredentials"];
    if (values["client-credentials"] !== undefined) {
        if (values["client-credentials"] !== "-") throw new UsageError("--client-credentials takes `-` (read them from stdin), never the secret itself");
        const parsed = parseClientCredentials(readFileSync(0, "utf8"));
        if (typeof parsed === "string") throw new UsageError(parsed);
        clientCredentials = parsed;
    }
    const report = await runDoctor({
        ...stackConfigFor(values.stack, values.cwd),
        ...(values.account === undefined ? {} : { account: values.account }),
        ...(clientCredentials ? { clientCredentials } : {}),
        ...(values.record === undefined ? {} : { recordDir: values.record }),
    });
    console.log(values.json ? JSON.stringify(report, null, 2) : formatDoctorReport(report));
    return doctorExitCode(report);
}

async function main(argv: string[]): Promise<number> {
    const [command, ...rest] = argv;
    // The environment's settings (no stack config), as the provider resolves them; what the
    // commands' clients handle is redacted from whatever is printed.
    const context = createProviderContext(() => undefined);
    const secrets = context.secrets;
    try {
        if (command === "orphans") {
            await orphans(rest, context);
            return 0;
        }
        if (command === "recover") {
            await recover(rest);
            return 0;
        }
        if (command === "doctor") return await doctor(rest);
        if (command === undefined || command === "--help" || command === "-h" || command === "help") {
            console.log(usage);
            return command === undefined ? 2 : 0;
        }
        throw new UsageError(`unknown command ${JSON.stringify(command)}; the commands are \`doctor\`, \`recover\` and \`orphans\``);
    } catch (error) {
        const message = secrets.redact((error as Error).message);
        const isUsage = error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
        console.error(`pulumi-bringg: ${message}`);
        if (isUsage) console.error(`\n${usage}`);
        return isUsage ? 2 : 1;
    }
}

void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
});
