/**
 * The measured suites, each floor against provider on one emulator: the main steps (up, preview,
 * no-op up, refresh, destroy) at a size, a TTL converge, a rotation of N secrets.
 */
import { demoCredentials, type RunningEmulator } from "../emulator/server";
import { createStack, resourcesOfType, type TestStack } from "../test/helpers/pulumi";
import { benchClient } from "./calls";
import { paired, summarize, type Pair, type StepSummary } from "./measure";
import { applicationsProgram, floorProgram, rotationProgram, scopeTtlsProgram } from "./programs";

/** The main steps, in the order a round runs them. */
export const steps = ["up", "preview", "noop-up", "refresh", "destroy"] as const;
/** One main step. */
export type Step = (typeof steps)[number];

const commands: Record<Step, string[]> = {
    up: ["up", "--yes", "--skip-preview"],
    preview: ["preview", "--expect-no-changes"],
    "noop-up": ["up", "--yes", "--skip-preview"],
    refresh: ["refresh", "--yes", "--skip-preview"],
    destroy: ["destroy", "--yes", "--skip-preview"],
};

/** Settings for a stack that talks to the emulator. */
function bringgConfig(emulator: RunningEmulator) {
    return {
        "bringg:endpoint": emulator.url,
        "bringg:username": demoCredentials.username,
        "bringg:password": { value: demoCredentials.password, secret: true as const },
    };
}

/** `--parallel` flags for a value (0: leave the CLI's default). */
function parallelFlags(parallel: number): string[] {
    return parallel > 0 ? ["--parallel", String(parallel)] : [];
}

/** A floor stack and a provider stack, disposed together. */
async function stacks(name: string, emulator: RunningEmulator, floorSource: string, providerSource: string) {
    const floor = await createStack({ name: `bench-floor-${name}`, program: floorSource });
    let provider: TestStack;
    try {
        provider = await createStack({ name: `bench-${name}`, program: providerSource, config: bringgConfig(emulator) });
    } catch (error) {
        await floor.dispose();
        throw error;
    }
    return { floor, provider, dispose: () => Promise.all([floor.dispose(), provider.dispose()]) };
}

/** What the state costs per resource. */
export interface StateSize {
    /** Bytes of one Application in `pulumi stack export` (median). */
    readonly perApplication: number;
    /** Bytes of one floor resource. */
    readonly perFloorResource: number;
    /** Length of an Application's serialized provider (stored in its inputs and outputs). */
    readonly providerBytes: number;
    /** Length of the floor's serialized provider. */
    readonly floorProviderBytes: number;
}

async function stateSize(floor: TestStack, provider: TestStack): Promise<StateSize> {
    const sizes = (stack: TestStack, type: string) =>
        stack
            .exportState()
            .then(({ deployment }) =>
                resourcesOfType(deployment, type).map((r) => ({ bytes: JSON.stringify(r).length, provider: String(r.outputs?.__provider ?? "") })),
            );
    const apps = await sizes(provider, "bringg:Application");
    const floors = await sizes(floor, "bench:Floor");
    const mid = <T extends { bytes: number }>(rows: T[]) => [...rows].sort((a, b) => a.bytes - b.bytes)[Math.floor(rows.length / 2)]!;
    return {
        perApplication: mid(apps).bytes,
        perFloorResource: mid(floors).bytes,
        providerBytes: mid(apps).provider.length,
        floorProviderBytes: mid(floors).provider.length,
    };
}

/** The main steps at one size. */
export interface SizeResult {
    readonly n: number;
    readonly parallel: number;
    readonly steps: Record<Step, StepSummary>;
    readonly state: StateSize;
}

/**
 * Runs the main steps `rounds` times at size `n`: each round creates N Applications + 1 ScopeTtls
 * and N + 1 floor resources, previews, re-applies, refreshes and destroys them, step by step.
 */
export async function mainSteps(emulator: RunningEmulator, n: number, rounds: number, parallel: number, log: (line: string) => void): Promise<SizeResult> {
    const pair = await stacks(`n${n}`, emulator, floorProgram(n + 1), applicationsProgram(n));
    try {
        const runs: Record<Step, Pair[]> = { up: [], preview: [], "noop-up": [], refresh: [], destroy: [] };
        let state: StateSize | undefined;
        for (let round = 0; round < rounds; round++) {
            for (const step of steps) {
                const args = [...commands[step], ...parallelFlags(parallel)];
                const result = await paired(
                    emulator,
                    round,
                    () => pair.floor.ok(args),
                    () => pair.provider.ok(args),
                );
                runs[step].push(result);
                log(
                    `  N=${n} round ${round + 1}/${rounds} ${step}: floor ${result.floor.seconds.toFixed(2)} s, provider ${result.provider.seconds.toFixed(2)} s ` +
                        `(${(result.provider.seconds / result.floor.seconds).toFixed(2)}x, ${result.provider.calls} calls)`,
                );
                if (step === "up" && !state) state = await stateSize(pair.floor, pair.provider);
            }
        }
        const summarized = Object.fromEntries(steps.map((step) => [step, summarize(runs[step])])) as Record<Step, StepSummary>;
        return { n, parallel, steps: summarized, state: state! };
    } finally {
        await pair.dispose();
    }
}

/** A converge of one program change, floor against provider. */
export interface ConvergeResult {
    readonly size: number;
    readonly summary: StepSummary;
}

/**
 * One program change converged round after round, floor against provider: both stacks are created
 * from generation 0 (not measured), then each round sets generation `round + 1` and times `up`.
 */
async function converge(
    emulator: RunningEmulator,
    name: string,
    size: number,
    rounds: number,
    log: (line: string) => void,
    label: string,
    programs: (generation: number) => { floor: string; provider: string },
): Promise<ConvergeResult> {
    const first = programs(0);
    const pair = await stacks(name, emulator, first.floor, first.provider);
    try {
        await Promise.all([pair.floor.ok(commands.up), pair.provider.ok(commands.up)]);
        const runs: Pair[] = [];
        for (let round = 0; round < rounds; round++) {
            const next = programs(round + 1);
            await pair.floor.setProgram(next.floor);
            await pair.provider.setProgram(next.provider);
            const result = await paired(
                emulator,
                round,
                () => pair.floor.ok(commands.up),
                () => pair.provider.ok(commands.up),
            );
            runs.push(result);
            log(`  ${label} round ${round + 1}/${rounds}: ${(result.provider.seconds / result.floor.seconds).toFixed(2)}x, ${result.provider.calls} calls`);
        }
        return { size, summary: summarize(runs) };
    } finally {
        await pair.dispose();
    }
}

/**
 * A ScopeTtls of `count` scopes converged again and again: every round changes every TTL and runs
 * `pulumi up`, against one floor resource whose input changes. The first (create) is not measured.
 */
export async function ttlConverge(emulator: RunningEmulator, count: number, rounds: number, log: (line: string) => void): Promise<ConvergeResult> {
    const scopes = (await scopeNames(emulator)).slice(0, count);
    if (scopes.length < count) throw new Error(`the emulator's catalog has only ${scopes.length} scopes, not ${count}`);
    const ttls = (generation: number) => Object.fromEntries(scopes.map((scope, i) => [scope, 600 + i * 60 + generation * 60]));
    return converge(emulator, "ttl", count, rounds, log, `TTL converge (${count} scopes)`, (generation) => ({
        floor: floorProgram(1, generation),
        provider: scopeTtlsProgram(ttls(generation)),
    }));
}

/**
 * N secrets rotated at once: N Applications with a SecretRotation each, whose trigger changes every
 * round, against 2N floor resources of which N change. The first up (create) is not measured.
 */
export async function rotation(emulator: RunningEmulator, n: number, rounds: number, log: (line: string) => void): Promise<ConvergeResult> {
    return converge(emulator, `rot${n}`, n, rounds, log, `rotation of ${n} secrets`, (generation) => ({
        floor: floorProgram(n, generation, n),
        provider: rotationProgram(n, generation),
    }));
}

async function scopeNames(emulator: RunningEmulator): Promise<string[]> {
    return (await benchClient(emulator).listScopes({ fresh: true })).map((scope) => scope.name);
}
