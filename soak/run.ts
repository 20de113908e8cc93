/**
 * `npm run soak -- [--seed N] [--runs N] [--out DIR] [--faults kill,lateWrite,...] [--balanced]
 * [--client-timeout 5s]`:
 * the randomised fault loop (./soak.ts) through the real Pulumi CLI against the emulator. Writes
 * summary.json and summary.md to --out (default soak/results/<date>/) and prints the totals.
 * Exit status 0 when every run converged, 1 otherwise.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { pulumiBinary, repoRoot } from "../test/helpers/pulumi";
import { faultKinds, type FaultKind } from "./faults";
import { countsOf } from "./converge";
import { markdownTotals, writeSummary, type SoakSummary } from "./report";
import { planSoak, SoakSession, totals, type RunResult } from "./soak";

/** Options of {@link soak}. */
export interface SoakRunOptions {
    readonly seed: number;
    readonly runs: number;
    readonly faults?: readonly FaultKind[] | undefined;
    /** Deal the fault kinds round-robin instead of at random (see planSoak). */
    readonly balanced?: boolean | undefined;
    readonly clientTimeout?: string | undefined;
    readonly log?: ((line: string) => void) | undefined;
}

/** Runs a whole soak and returns its summary (the stack and emulator are gone afterwards). */
export async function soak(options: SoakRunOptions): Promise<SoakSummary> {
    const startedAt = new Date().toISOString();
    const plan = planSoak(options.seed, options.runs, { kinds: options.faults, balanced: options.balanced });
    const session = await SoakSession.start({ seed: options.seed, log: options.log, clientTimeout: options.clientTimeout });
    const results: RunResult[] = [];
    try {
        const selfTest = await session.selfTest();
        let aborted: string | undefined;
        for (const planned of plan) {
            try {
                results.push(await session.execute(planned));
            } catch (error) {
                // Keep what was measured: the summary says where and why the soak stopped.
                aborted = `run ${planned.index} (${planned.change.description} | ${planned.fault.description}): ${(error as Error).message}`;
                options.log?.(`soak stopped: ${aborted}`);
                break;
            }
        }
        return {
            ...(aborted === undefined ? {} : { aborted }),
            seed: options.seed,
            runs: options.runs,
            startedAt,
            pulumiVersion: execFileSync(pulumiBinary, ["version"], { encoding: "utf8" }).trim(),
            selfTest: { baseline: countsOf(selfTest.baseline), planted: countsOf(selfTest.planted) },
            results,
            totals: totals(results),
        };
    } finally {
        await session.dispose();
    }
}

async function main(): Promise<number> {
    const { values } = parseArgs({
        options: {
            seed: { type: "string", default: String(Date.now() % 100_000) },
            runs: { type: "string", default: "20" },
            out: { type: "string" },
            faults: { type: "string" },
            balanced: { type: "boolean", default: false },
            "client-timeout": { type: "string" },
            help: { type: "boolean", short: "h", default: false },
        },
        strict: true,
    });
    if (values.help) {
        console.log(`usage: npm run soak -- [--seed N] [--runs N] [--out DIR] [--faults ${faultKinds.join(",")}] [--balanced] [--client-timeout 5s]`);
        return 0;
    }
    const seed = Number(values.seed);
    const runs = Number(values.runs);
    if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a non-negative integer, not ${values.seed}`);
    if (!Number.isInteger(runs) || runs < 1 || runs > 1000) throw new Error(`--runs must be 1-1000, not ${values.runs}`);
    const faults = values.faults?.split(",").map((f) => f.trim()) as FaultKind[] | undefined;
    for (const f of faults ?? []) if (!faultKinds.includes(f)) throw new Error(`unknown fault ${f}; use ${faultKinds.join(", ")}`);
    const out = values.out ?? path.join(repoRoot, "soak", "results", new Date().toISOString().replace(/[:.]/g, "-"));

    const summary = await soak({ seed, runs, faults, balanced: values.balanced, clientTimeout: values["client-timeout"], log: (line) => console.log(line) });
    await writeSummary(out, summary);
    console.log(`\n${markdownTotals(summary.totals)}\n\nsummary: ${path.join(out, "summary.md")}`);
    if (summary.aborted) console.log(`\nstopped early: ${summary.aborted}`);
    return summary.aborted === undefined && summary.totals.converged === summary.totals.runs ? 0 : 1;
}

if (require.main === module) {
    main().then(
        (code) => (process.exitCode = code),
        (error: unknown) => {
            console.error(`soak: ${(error as Error).stack ?? error}`);
            process.exitCode = 2;
        },
    );
}
