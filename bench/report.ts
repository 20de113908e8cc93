/**
 * The bench's results: their JSON shape, the performance targets checked against them, the Markdown
 * tables and the chart's panels.
 */
import type { TokenRates } from "./calls";
import type { Panel } from "./chart";
import type { CycleProfile } from "./cpu-profile";
import type { ConvergeResult, SizeResult, Step } from "./suites";
import { summarize } from "./measure";
import { steps } from "./suites";

/** Everything one `npm run bench` measured; written to bench/results/<date>.json. */
export interface BenchResults {
    readonly date: string;
    readonly machine: {
        readonly cpus: number;
        readonly cpuModel: string;
        /** 1-minute load average before and after the run: a shared machine shows here. */
        readonly loadBefore: number;
        readonly loadAfter: number;
        readonly node: string;
        readonly pulumi: string;
    };
    readonly options: unknown;
    readonly local: SizeResult[];
    readonly ttl?: ConvergeResult | undefined;
    readonly rotation: ConvergeResult[];
    readonly tokens?: TokenRates | undefined;
    /** Median milliseconds per call kind through the provider's client, at 100 applications. */
    readonly perCallMs?: Record<string, number> | undefined;
    readonly latency?: { readonly latencyMs: number; readonly n: number; readonly runs: SizeResult[] } | undefined;
    readonly cpuProfile?: { readonly n: number; readonly floor: CycleProfile; readonly provider: CycleProfile } | undefined;
    readonly seconds: number;
}

/** One of the bench's performance targets (e.g. N=10 within 1.25× the floor), measured. */
export interface TargetRow {
    readonly target: string;
    readonly measured: string;
    readonly met: boolean;
}

const stepNames: Record<Step, string> = { up: "up (create)", preview: "preview", "noop-up": "no-op up", refresh: "refresh", destroy: "destroy" };

const applicationRoutes = ["listApplications", "createApplication", "enableApplication", "disableApplication", "regenerateSecret", "deleteApplication"];

function routes(byRoute: Readonly<Record<string, number>>, ...names: string[]): number {
    return names.reduce((sum, name) => sum + (byRoute[name] ?? 0), 0);
}

/** The native plugin's targets (issue 24): every step within 1.10× the floor from N = 100 up, and its state per Application. */
export const nativeTargets = { ratio: 1.1, fromN: 100, bytesPerApplication: 1500 } as const;

/** The targets, checked at N = 100 (or the size nearest it) and at every larger size for the ratios. */
export function targets(results: BenchResults): TargetRow[] {
    const rows: TargetRow[] = [];
    for (const size of results.local) {
        for (const step of steps) {
            const ratio = size.steps[step].ratio;
            rows.push({ target: `N=${size.n} ${stepNames[step]} ≤ 1.25× the floor`, measured: `${ratio.toFixed(2)}×`, met: ratio <= 1.25 });
        }
        const up = size.steps.up.byRoute;
        // The application routes; the scope catalog (one list for every check) and the ScopeTtls write are shown, not counted.
        const perApp = routes(up, ...applicationRoutes) / size.n;
        rows.push({ target: `N=${size.n} create ≤ 2 Bringg calls per Application`, measured: `${perApp.toFixed(2)} (${describe(up)})`, met: perApp <= 2 });
        const destroy = size.steps.destroy;
        rows.push({
            target: `N=${size.n} destroy 1 call per resource`,
            measured: `${destroy.calls} calls for ${size.n + 1} resources`,
            met: destroy.calls <= size.n + 1,
        });
        const refresh = size.steps.refresh.byRoute;
        rows.push({
            target: `N=${size.n} refresh 1 list per kind`,
            measured: describe(refresh) || "no calls",
            met: (refresh.listApplications ?? 0) <= 1 && (refresh.listScopes ?? 0) <= 1 && size.steps.refresh.calls <= 2,
        });
        rows.push({ target: `N=${size.n} __provider ≤ 2 KB`, measured: `${size.state.providerBytes} bytes`, met: size.state.providerBytes <= 2048 });
        rows.push({
            target: `N=${size.n} state ≤ 4 KB per Application`,
            measured: `${size.state.perApplication} bytes`,
            met: size.state.perApplication <= 4096,
        });
    }
    for (const size of results.local) {
        if (!size.native) continue;
        if (size.n >= nativeTargets.fromN) {
            for (const step of steps) {
                const ratio = size.native.steps[step].ratio;
                rows.push({
                    target: `N=${size.n} native ${stepNames[step]} ≤ ${nativeTargets.ratio.toFixed(2)}× the floor`,
                    measured: `${ratio.toFixed(2)}×`,
                    met: ratio <= nativeTargets.ratio,
                });
            }
        }
        const bytes = size.native.state.perApplication;
        rows.push({
            target: `N=${size.n} native state ≤ ${nativeTargets.bytesPerApplication.toLocaleString("en")} B per Application`,
            measured: `${bytes} bytes`,
            met: bytes <= nativeTargets.bytesPerApplication,
        });
    }
    return rows;
}

function describe(byRoute: Readonly<Record<string, number>>): string {
    return Object.entries(byRoute)
        .map(([route, count]) => `${count} ${route}`)
        .join(", ");
}

const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "—");

/** The Markdown report: machine, main steps per size, extras, latency profile, profile, targets. */
export function markdown(results: BenchResults): string {
    const lines: string[] = [];
    const m = results.machine;
    lines.push(`# pulumi-bringg bench, ${results.date}`, "");
    lines.push(
        `${m.cpus} × ${m.cpuModel}, load average ${m.loadBefore.toFixed(2)} before and ${m.loadAfter.toFixed(2)} after; node ${m.node}, pulumi ${m.pulumi}; ` +
            `${Math.round(results.seconds)} s in all. Times are medians of the rounds; the floor is the same number of do-nothing dynamic resources, run interleaved with the provider (and the native plugin, when it ran); ` +
            "a ratio is the median over the rounds of provider ÷ floor, each round's pair run back to back.",
        "",
    );
    lines.push("## Steps against the floor (emulator answers at once)", "");
    lines.push("| N | step | floor s | provider s | ratio | Bringg calls | calls by route | emulator CPU ms |", "|---:|---|---:|---:|---:|---:|---|---:|");
    for (const size of results.local) {
        for (const step of steps) {
            const s = size.steps[step];
            lines.push(
                `| ${size.n} | ${stepNames[step]} | ${f2(s.floorSeconds)} | ${f2(s.providerSeconds)} | ${f2(s.ratio)}× | ${s.calls} | ${describe(s.byRoute)} | ${Math.round(s.emulatorCpuMs)} |`,
            );
        }
    }
    lines.push("", "| N | `__provider` bytes (floor's) | state bytes per Application (per floor resource) |", "|---:|---:|---:|");
    for (const size of results.local) {
        lines.push(
            `| ${size.n} | ${size.state.providerBytes} (${size.state.floorProviderBytes}) | ${size.state.perApplication} (${size.state.perFloorResource}) |`,
        );
    }
    const withNative = results.local.filter((size) => size.native);
    if (withNative.length > 0) {
        lines.push("", "## Native plugin, dynamic resources and the floor (same rounds)", "");
        lines.push(
            "The three stacks of a step ran back to back, each round starting with the next one; a ratio is the median over the rounds of that stack ÷ the floor in the same round.",
            "",
            "| N | step | floor s | dynamic s | native s | dynamic ÷ floor | native ÷ floor | native Bringg calls | native calls by route |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---|",
        );
        for (const size of withNative) {
            for (const step of steps) {
                const d = size.steps[step];
                const nat = size.native!.steps[step];
                lines.push(
                    `| ${size.n} | ${stepNames[step]} | ${f2(d.floorSeconds)} | ${f2(d.providerSeconds)} | ${f2(nat.providerSeconds)} | ${f2(d.ratio)}× | ${f2(nat.ratio)}× | ${nat.calls} | ${describe(nat.byRoute)} |`,
                );
            }
        }
        lines.push(
            "",
            "State bytes, each resource's record in `pulumi stack export` as compact JSON (median):",
            "",
            "| N | per floor resource | per dynamic Application | per native Application | native ScopeTtls |",
            "|---:|---:|---:|---:|---:|",
        );
        for (const size of withNative) {
            lines.push(
                `| ${size.n} | ${size.state.perFloorResource} | ${size.state.perApplication} | ${size.native!.state.perApplication} | ${size.native!.state.scopeTtls} |`,
            );
        }
        const largest = withNative[withNative.length - 1]!;
        lines.push("", `Where a native Application's bytes go (N = ${largest.n}, most first):`, "", "| part | bytes |", "|---|---:|");
        for (const [part, bytes] of largest.native!.state.fields.slice(0, 12)) lines.push(`| \`${part}\` | ${bytes} |`);
    }
    if (results.ttl || results.rotation.length > 0) {
        lines.push("", "## Converges", "", "| what | floor s | provider s | ratio | Bringg calls | calls by route |", "|---|---:|---:|---:|---:|---|");
    }
    const converge = (what: string, r: ConvergeResult) =>
        `| ${what} | ${f2(r.summary.floorSeconds)} | ${f2(r.summary.providerSeconds)} | ${f2(r.summary.ratio)}× | ${r.summary.calls} | ${describe(r.summary.byRoute)} |`;
    if (results.ttl) lines.push(converge(`TTL converge, ${results.ttl.size} scopes (vs 1 floor update)`, results.ttl));
    for (const r of results.rotation) lines.push(converge(`rotation of ${r.size} secrets (vs ${r.size} floor updates)`, r));
    if (results.tokens) {
        const t = results.tokens;
        lines.push("", `## Token requests per second (${t.requests} requests)`, "", "| | bare fetch | provider's client | ratio |", "|---|---:|---:|---:|");
        lines.push(`| one at a time | ${Math.round(t.fetchSequential)} | ${Math.round(t.clientSequential)} | ${f2(t.fetchSequential / t.clientSequential)}× |`);
        lines.push(`| 16 in flight | ${Math.round(t.fetchConcurrent)} | ${Math.round(t.clientConcurrent)} | ${f2(t.fetchConcurrent / t.clientConcurrent)}× |`);
    }
    if (results.perCallMs) {
        lines.push("", "## One call through the provider's client (median ms, 100 applications listed)", "");
        lines.push(
            `| ${Object.keys(results.perCallMs).join(" | ")} |`,
            `|${Object.keys(results.perCallMs)
                .map(() => "---:")
                .join("|")}|`,
        );
        lines.push(`| ${Object.values(results.perCallMs).map(f2).join(" | ")} |`);
    }
    if (results.latency) {
        const { latencyMs, n, runs } = results.latency;
        const latencyNative = runs.some((run) => run.native);
        lines.push("", `## Remote Bringg: ${latencyMs} ms per call, N = ${n}`, "");
        lines.push(
            "Lower bound = calls × latency ÷ min(parallel, N): what the calls alone cost when the engine keeps that many in flight.",
            "",
            `| --parallel | step | floor s | provider s | ratio | Bringg calls | lower bound s |${latencyNative ? " native s | native ÷ floor | native calls |" : ""}`,
            `|---|---|---:|---:|---:|---:|---:|${latencyNative ? "---:|---:|---:|" : ""}`,
        );
        for (const run of runs) {
            for (const step of steps) {
                const s = run.steps[step];
                const inFlight = run.parallel > 0 ? Math.min(run.parallel, n + 1) : n + 1;
                const nat = run.native?.steps[step];
                lines.push(
                    `| ${run.parallel || "default"} | ${stepNames[step]} | ${f2(s.floorSeconds)} | ${f2(s.providerSeconds)} | ${f2(s.ratio)}× | ${s.calls} | ${f2((s.calls * latencyMs) / 1000 / inFlight)} |` +
                        (latencyNative ? (nat ? ` ${f2(nat.providerSeconds)} | ${f2(nat.ratio)}× | ${nat.calls} |` : " — | — | — |") : ""),
                );
            }
        }
    }
    if (results.cpuProfile) {
        const { n, floor, provider } = results.cpuProfile;
        lines.push("", `## CPU profile of one up + refresh + destroy at N = ${n}`, "");
        lines.push(`Floor: ${f2(floor.seconds)} s wall; provider: ${f2(provider.seconds)} s wall, ${provider.calls} Bringg calls.`, "");
        lines.push("| cycle | process | CPU ms | by package (ms) |", "|---|---|---:|---|");
        for (const [name, cycle] of [
            ["floor", floor],
            ["provider", provider],
        ] as const) {
            for (const p of cycle.processes) lines.push(`| ${name} | ${p.role} | ${p.cpuMs} | ${p.byPackage.map(([k, v]) => `${k} ${v}`).join(", ")} |`);
        }
        const dyn = provider.processes.find((p) => p.role.startsWith("dynamic provider"));
        if (dyn) {
            lines.push("", "Functions with the most self time in the provider's dynamic-provider processes:", "", "| function | ms |", "|---|---:|");
            for (const [fn, ms] of dyn.topFunctions) lines.push(`| \`${fn}\` | ${ms} |`);
        }
    }
    lines.push("", "## Targets", "", "| target | measured | met |", "|---|---|---|");
    for (const row of targets(results)) lines.push(`| ${row.target} | ${row.measured} | ${row.met ? "yes" : "**no**"} |`);
    return `${lines.join("\n")}\n`;
}

/** The chart's panels: ratio and calls against N, and the latency profile's wall times. */
export function panels(results: BenchResults): Panel[] {
    const sizes = results.local.map((s) => s.n);
    const out: Panel[] = [
        {
            title: "Time against the floor",
            xLabel: "N (Applications)",
            yLabel: "provider ÷ floor (median)",
            xTicks: sizes,
            target: { value: 1.25, label: "target 1.25×" },
            series: [
                ...steps.map((step) => ({ name: stepNames[step], points: results.local.map((s) => [s.n, s.steps[step].ratio] as const) })),
                { name: "rotation", points: results.rotation.map((r) => [r.size, r.summary.ratio] as const) },
            ],
        },
        {
            title: "Bringg calls per resource",
            xLabel: "N (Applications)",
            yLabel: "calls ÷ N",
            xTicks: sizes,
            target: { value: 2, label: "create target 2/app" },
            series: [
                ...steps.map((step) => ({ name: stepNames[step], points: results.local.map((s) => [s.n, s.steps[step].calls / s.n] as const) })),
                { name: "rotation", points: results.rotation.map((r) => [r.size, r.summary.calls / r.size] as const) },
            ],
        },
    ];
    const withNative = results.local.filter((size) => size.native);
    if (withNative.length > 0) {
        out.push({
            title: "Native plugin against the floor",
            xLabel: "N (Applications)",
            yLabel: "native ÷ floor (median)",
            xTicks: withNative.map((s) => s.n),
            target: { value: nativeTargets.ratio, label: `target ${nativeTargets.ratio.toFixed(2)}×` },
            series: steps.map((step) => ({ name: stepNames[step], points: withNative.map((s) => [s.n, s.native!.steps[step].ratio] as const) })),
        });
    }
    if (results.latency) {
        // Fewest in flight first; 0 is the CLI's default (unbounded), so it goes last.
        const parallel = results.latency.runs.map((r) => r.parallel).sort((a, b) => (a || Infinity) - (b || Infinity));
        out.push({
            title: `${results.latency.latencyMs} ms per call, N = ${results.latency.n}`,
            xLabel: "--parallel",
            yLabel: "provider wall time (s)",
            xTicks: parallel,
            xTickLabels: parallel.map((p) => (p === 0 ? "default" : String(p))),
            series: steps.map((step) => ({
                name: stepNames[step],
                points: results.latency!.runs.map((r) => [r.parallel, r.steps[step].providerSeconds] as const),
            })),
        });
    }
    return out;
}

/** The results with every summary computed again from its rounds (for `--render` after a change here). */
export function resummarized(results: BenchResults): BenchResults {
    const again = (summaries: SizeResult["steps"]) => Object.fromEntries(steps.map((step) => [step, summarize(summaries[step].rounds)])) as SizeResult["steps"];
    const size = (r: SizeResult): SizeResult => ({
        ...r,
        steps: again(r.steps),
        native: r.native && { ...r.native, steps: again(r.native.steps) },
    });
    const converge = (r: ConvergeResult): ConvergeResult => ({ ...r, summary: summarize(r.summary.rounds) });
    return {
        ...results,
        local: results.local.map(size),
        ttl: results.ttl && converge(results.ttl),
        rotation: results.rotation.map(converge),
        latency: results.latency && { ...results.latency, runs: results.latency.runs.map(size) },
    };
}

/** How many rounds each part of a run had, for the chart's caption. */
export function roundsCaption(results: BenchResults): string {
    const sizes = results.local.map((s) => `N=${s.n}: ${s.steps.up.rounds.length}`);
    const latency = results.latency ? [`latency profile: ${results.latency.runs[0]?.steps.up.rounds.length ?? 0}`] : [];
    return `rounds ${[...sizes, ...latency].join(", ")}`;
}
