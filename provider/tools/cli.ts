#!/usr/bin/env node
/**
 * `npx pulumi-bringg <command>`: tools for users of the provider, outside `pulumi up`.
 *
 * `orphans --stack-state <file> [--stack-state <file>...] [--json]` lists the applications in
 * Bringg that no given `pulumi stack export` references (`-` reads one export from stdin). Bringg
 * settings come from BRINGG_REGION or BRINGG_ENDPOINT, BRINGG_USERNAME and BRINGG_PASSWORD.
 * Exit status: 0 when the list was made (orphans or not), 1 on an error, 2 on a usage error.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { BringgClient } from "../core/client";
import { mergeSources, validateSettings } from "../core/config";
import { redact } from "../core/errors";
import { findOrphans, formatOrphans, referencesIn } from "./orphans";

const usage = `usage: pulumi-bringg orphans --stack-state <export.json> [--stack-state <export.json>...] [--json]

Lists the applications in Bringg that no resource in the given \`pulumi stack export\` files
references: give the export of every stack that manages applications of this merchant.
"-" reads one export from stdin (\`pulumi stack export | npx pulumi-bringg orphans --stack-state -\`).

Bringg settings come from the environment: BRINGG_REGION (us1, us2, us3, eu1, eu2, eu3) or
BRINGG_ENDPOINT, BRINGG_USERNAME and BRINGG_PASSWORD (an admin user's).`;

class UsageError extends Error {}

async function orphans(args: string[]): Promise<void> {
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

    const settings = validateSettings(mergeSources({}, process.env));
    if (!settings.ok) {
        throw new Error(`Bringg settings are missing or invalid: ${settings.problems.map((p) => p.message).join("; ")}`);
    }
    const exports = files.map((file) => referencesIn(readFileSync(file === "-" ? 0 : file, "utf8"), file === "-" ? "stdin" : file));
    const client = new BringgClient({ settings: settings.settings });
    const applications = await client.listApplications({ resource: "the orphans check", fresh: true });
    const report = findOrphans(applications, exports);
    console.log(values.json ? JSON.stringify(report, null, 2) : formatOrphans(report, files));
}

async function main(argv: string[]): Promise<number> {
    const [command, ...rest] = argv;
    try {
        if (command === "orphans") {
            await orphans(rest);
            return 0;
        }
        if (command === undefined || command === "--help" || command === "-h" || command === "help") {
            console.log(usage);
            return command === undefined ? 2 : 0;
        }
        throw new UsageError(`unknown command ${JSON.stringify(command)}; the one command is \`orphans\``);
    } catch (error) {
        const message = redact((error as Error).message);
        const isUsage = error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
        console.error(`pulumi-bringg: ${message}`);
        if (isUsage) console.error(`\n${usage}`);
        return isUsage ? 2 : 1;
    }
}

void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
});
