/**
 * The bench's bookkeeping, without running a bench: the order in which interleaved rounds run the
 * stacks, what a native Application's state bytes are attributed to, and how the report and the
 * targets show the native plugin beside the dynamic resources and the floor (and a results file
 * from before the plugin still renders).
 */
import test from "ava";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { RunningEmulator } from "../../emulator/server";
import { interleaved, summarize, type Measured, type Pair } from "../../bench/measure";
import { markdown, panels, resummarized, targets, type BenchResults } from "../../bench/report";
import { fieldCosts, steps, type SizeResult, type Step } from "../../bench/suites";
import { repoRoot } from "../helpers/pulumi";

/** Just the counters `measure` reads. */
const emulator = {
    control: { resetCounters: () => {}, counters: () => ({ total: 0, byRoute: {} }) },
} as unknown as RunningEmulator;

const run = (seconds: number, calls = 0): Measured => ({ seconds, calls, byRoute: {}, emulatorCpuMs: 0 });

/** A size whose floor takes 10 s a step, the dynamic stack `dynamic` s and the native one `native` s. */
function size(n: number, dynamic: number, native: number | undefined): SizeResult {
    const summaries = (seconds: number) =>
        Object.fromEntries(steps.map((step) => [step, summarize([{ floor: run(10), provider: run(seconds, n) } satisfies Pair])])) as Record<
            Step,
            ReturnType<typeof summarize>
        >;
    return {
        n,
        parallel: 0,
        steps: summaries(dynamic),
        state: { perApplication: 4115, perFloorResource: 2961, providerBytes: 1018, floorProviderBytes: 820 },
        ...(native === undefined
            ? {}
            : {
                  native: { steps: summaries(native), state: { perApplication: 1400 + n, scopeTtls: 1368, fields: [["stackTrace", 501] as [string, number]] } },
              }),
    };
}

function results(local: SizeResult[]): BenchResults {
    return {
        date: "2026-12-07",
        machine: { cpus: 2, cpuModel: "test", loadBefore: 1, loadAfter: 1, node: "v24", pulumi: "v3.259.0" },
        options: {},
        local,
        rotation: [],
        seconds: 1,
    };
}

test("interleaved rounds run every stack once in every position over as many rounds as there are stacks", async (t) => {
    const orders: string[] = [];
    for (let round = 0; round < 3; round++) {
        const order: string[] = [];
        const work = (name: string) => async () => order.push(name);
        const measured = await interleaved(emulator, round, { floor: work("floor"), provider: work("provider"), native: work("native") });
        t.deepEqual(Object.keys(measured).sort(), ["floor", "native", "provider"]);
        orders.push(order.join(","));
    }
    t.deepEqual(orders, ["floor,provider,native", "provider,native,floor", "native,floor,provider"]);
});

test("a native Application's bytes are attributed to its input and output properties and the record's own keys, most first", (t) => {
    const costs = fieldCosts({ urn: "u", type: "bringg:index:Application", inputs: { scopes: ["a"] }, outputs: { clientId: "abcdefghij", scopes: ["a"] } });
    t.deepEqual(costs, [
        ["type", 33],
        ["outputs.clientId", 23],
        ["inputs.scopes", 14],
        ["outputs.scopes", 14],
        ["urn", 9],
    ]);
});

test("the report shows native, dynamic and floor side by side with both ratios, the state bytes of each, and the native targets from N = 100", (t) => {
    const report = results([size(10, 12, 9), size(100, 13, 10.5)]);
    const text = markdown(report);
    t.regex(text, /## Native plugin, dynamic resources and the floor/);
    t.regex(text, /\| 100 \| up \(create\) \| 10\.00 \| 13\.00 \| 10\.50 \| 1\.30× \| 1\.05× \| 100 \|/);
    t.regex(text, /\| 100 \| 2961 \| 4115 \| 1500 \| 1368 \|/);
    t.regex(text, /\| `stackTrace` \| 501 \|/);
    const native = targets(report).filter((row) => row.target.includes("native"));
    t.deepEqual(
        native.map((row) => [row.target, row.met]),
        [
            ["N=10 native state ≤ 1,500 B per Application", true],
            ...steps.map((step) => [`N=100 native ${step === "up" ? "up (create)" : step === "noop-up" ? "no-op up" : step} ≤ 1.10× the floor`, true]),
            ["N=100 native state ≤ 1,500 B per Application", true],
        ],
    );
    t.true(panels(report).some((panel) => panel.title === "Native plugin against the floor"));
    const slower = targets(results([size(300, 13, 11.5)])).find((row) => row.target === "N=300 native destroy ≤ 1.10× the floor");
    t.like(slower, { measured: "1.15×", met: false });
});

test("a results file from before the native plugin renders again without a native section or native targets", (t) => {
    const old = JSON.parse(readFileSync(path.join(repoRoot, "bench", "results", "2026-11-23.json"), "utf8")) as BenchResults;
    const text = markdown(resummarized(old));
    t.notRegex(text, /Native plugin/);
    t.regex(text, /## Steps against the floor/);
    t.false(targets(old).some((row) => row.target.includes("native")));
});
