/**
 * The soak's results as a JSON summary and a Markdown table, and the totals table printed at the end.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Counts } from "./converge";
import type { RunResult, SoakTotals } from "./soak";

/** Everything one soak wrote. */
export interface SoakSummary {
    readonly seed: number;
    readonly runs: number;
    readonly startedAt: string;
    readonly pulumiVersion: string;
    readonly selfTest: { baseline: Counts; planted: Counts };
    readonly results: readonly RunResult[];
    readonly totals: SoakTotals;
    /** Why the soak stopped before its last run (the error of the run that could not finish), if it did. */
    readonly aborted?: string;
}

function cell(text: string): string {
    return text.replace(/\|/g, "\\|");
}

/** One Markdown row per run. */
export function markdownRuns(results: readonly RunResult[]): string {
    const header =
        "| run | change | fault | faulty up | outcome | dup | orphans | missing | app mism. | lost secrets | TTL mism. | s |\n" +
        "|---|---|---|---|---|---|---|---|---|---|---|---|";
    const rows = results.map(
        (r) =>
            `| ${r.run} | ${cell(r.change)} | ${cell(r.fault)}${r.faultDelivered ? "" : " (not delivered)"} | ${r.faultyUp} | ${r.outcome} | ` +
            `${r.duplicates} | ${r.orphans} | ${r.missing} | ${r.appMismatches} | ${r.lostSecrets} | ${r.ttlMismatches} | ${r.seconds} |`,
    );
    return [header, ...rows].join("\n");
}

/** The totals as a Markdown table (also what the command prints). */
export function markdownTotals(totals: SoakTotals): string {
    const lines = [
        "| runs | converged | diverged | clean-up failed | duplicates | orphans | missing | app mismatches | lost secrets | TTL mismatches | seconds (mean per run) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        `| ${totals.runs} | ${totals.converged} | ${totals.diverged} | ${totals.cleanupFailed} | ${totals.duplicates} | ${totals.orphans} | ` +
            `${totals.missing} | ${totals.appMismatches} | ${totals.lostSecrets} | ${totals.ttlMismatches} | ` +
            `${totals.seconds} (${totals.runs ? (totals.seconds / totals.runs).toFixed(1) : "0"}) |`,
        "",
        "| fault | runs | not converged |",
        "|---|---|---|",
        ...Object.entries(totals.byFault)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([kind, t]) => `| ${kind} | ${t.runs} | ${t.notConverged} |`),
    ];
    return lines.join("\n");
}

/** Writes summary.json and summary.md into `dir`. */
export async function writeSummary(dir: string, summary: SoakSummary): Promise<void> {
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
    const findings = summary.results
        .filter((r) => r.outcome !== "converged")
        .map(
            (r) =>
                `- run ${r.run} (${cell(r.fault)}): ${r.details.join("; ")}${r.errorTail ? `\n\n  \`\`\`\n${r.errorTail.replace(/^/gm, "  ")}\n  \`\`\`` : ""}`,
        );
    const text = [
        `# Soak: seed ${summary.seed}, ${summary.runs} runs`,
        "",
        `Started ${summary.startedAt}, Pulumi CLI ${summary.pulumiVersion}. Reproduce: \`npm run soak -- --seed ${summary.seed} --runs ${summary.runs}\`.`,
        "",
        `Self-test of the check: nothing planted → ${JSON.stringify(summary.selfTest.baseline)}; ` +
            `an orphan with a declared name, a TTL changed out of band and a corrupted published secret planted → ${JSON.stringify(summary.selfTest.planted)}.`,
        "",
        ...(summary.aborted === undefined ? [] : [`**Stopped after ${summary.results.length} runs**: ${summary.aborted}`, ""]),
        "## Totals",
        "",
        markdownTotals(summary.totals),
        "",
        "## Runs",
        "",
        markdownRuns(summary.results),
        "",
        "## Findings",
        "",
        findings.length > 0 ? findings.join("\n") : "None.",
        "",
    ].join("\n");
    await writeFile(path.join(dir, "summary.md"), text);
}
