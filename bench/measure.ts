/**
 * Timing one piece of work, with the Bringg calls it made and the CPU the emulator spent on them,
 * and pairing the floor with the provider so that both run under the same machine load.
 */
import { performance } from "node:perf_hooks";
import type { RunningEmulator } from "../emulator/server";

/** What one run of one step cost. */
export interface Measured {
    readonly seconds: number;
    /** Bringg API calls the emulator received. */
    readonly calls: number;
    readonly byRoute: Readonly<Record<string, number>>;
    /**
     * CPU time of the bench process, which hosts the emulator and otherwise only waits on the CLI:
     * the emulator's own cost, in milliseconds.
     */
    readonly emulatorCpuMs: number;
}

/** Runs `work` and measures it against `emulator`'s counters (reset first). */
export async function measure(emulator: RunningEmulator, work: () => Promise<unknown>): Promise<Measured> {
    emulator.control.resetCounters();
    const cpu = process.cpuUsage();
    const start = performance.now();
    await work();
    const seconds = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    const { total, byRoute } = emulator.control.counters();
    return { seconds, calls: total, byRoute: { ...byRoute }, emulatorCpuMs: (used.user + used.system) / 1000 };
}

/** The floor's and the provider's runs of one step in one round. */
export interface Pair {
    readonly floor: Measured;
    readonly provider: Measured;
}

/**
 * Runs the floor's and the provider's work back to back, the floor first in even rounds and second
 * in odd ones, so that neither always runs on a warmer (or busier) machine.
 */
export async function paired(emulator: RunningEmulator, round: number, floor: () => Promise<unknown>, provider: () => Promise<unknown>): Promise<Pair> {
    return interleaved(emulator, round, { floor, provider });
}

/**
 * Runs several pieces of work back to back, round `r` starting with the `r mod count`-th and going
 * round in order, so that over `count` rounds each one runs once in each position (two: the first
 * leads in even rounds, the second in odd ones).
 */
export async function interleaved<K extends string>(
    emulator: RunningEmulator,
    round: number,
    works: Record<K, () => Promise<unknown>>,
): Promise<Record<K, Measured>> {
    const keys = Object.keys(works) as K[];
    const out = {} as Record<K, Measured>;
    for (let i = 0; i < keys.length; i++) {
        const key = keys[(round + i) % keys.length]!;
        out[key] = await measure(emulator, works[key]);
    }
    return out;
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
    if (values.length === 0) return Number.NaN;
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A step's rounds summarized: medians, the ratio of the medians, and the provider's calls. */
export interface StepSummary {
    readonly floorSeconds: number;
    readonly providerSeconds: number;
    /**
     * The median of the rounds' provider ÷ floor: each round's pair ran back to back, so its ratio
     * is the least disturbed by load that drifts between rounds.
     */
    readonly ratio: number;
    /** Provider median over floor median, for comparison. */
    readonly ratioOfMedians: number;
    /** Median Bringg calls of the provider's runs. */
    readonly calls: number;
    /** The calls per route of the provider's median-time run. */
    readonly byRoute: Readonly<Record<string, number>>;
    readonly emulatorCpuMs: number;
    /** Every round, for the record. */
    readonly rounds: readonly Pair[];
}

/** Summarizes the rounds of one step. */
export function summarize(rounds: readonly Pair[]): StepSummary {
    const floorSeconds = median(rounds.map((r) => r.floor.seconds));
    const providerSeconds = median(rounds.map((r) => r.provider.seconds));
    const middle = [...rounds].sort((a, b) => a.provider.seconds - b.provider.seconds)[Math.floor((rounds.length - 1) / 2)]!;
    return {
        floorSeconds,
        providerSeconds,
        ratio: median(rounds.map((r) => r.provider.seconds / r.floor.seconds)),
        ratioOfMedians: providerSeconds / floorSeconds,
        calls: median(rounds.map((r) => r.provider.calls)),
        byRoute: middle.provider.byRoute,
        emulatorCpuMs: median(rounds.map((r) => r.provider.emulatorCpuMs)),
        rounds,
    };
}
