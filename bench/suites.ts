/**
 * The measured suites, each floor against provider on one emulator: the main steps (up, preview,
 * no-op up, refresh, destroy) at a size, for the dynamic resources and (beside them, in the same
 * rounds) the native plugin; a TTL converge; a rotation of N secrets.
 */
import { demoCredentials, type RunningEmulator } from "../emulator/server";
import { createStack, resourcesOfType, type TestStack } from "../test/helpers/pulumi";
import { benchClient } from "./calls";
import { interleaved, paired, summarize, type Pair, type StepSummary } from "./measure";
import { applicationsProgram, floorProgram, nativeApplicationsProgram, rotationProgram, scopeTtlsProgram } from "./programs";

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

/** The installed native plugin the main steps run beside the dynamic resources. */
export interface NativeSetup {
    /** What makes the CLI run the installed plugin (`PULUMI_HOME`, `PULUMI_IGNORE_AMBIENT_PLUGINS`). */
    readonly env: NodeJS.ProcessEnv;
    /** The plugin's version, which the program's resources ask for, as a generated SDK's do. */
    readonly version: string;
}

/**
 * The floor, dynamic and native stacks of the main steps, disposed together. With a native plugin,
 * all three run with its Pulumi home, so that they differ only in their programs.
 */
async function mainStacks(name: string, emulator: RunningEmulator, n: number, native: NativeSetup | undefined) {
    const env = native?.env;
    const made: TestStack[] = [];
    const dispose = () => Promise.all(made.map((stack) => stack.dispose()));
    try {
        const floor = await createStack({ name: `bench-floor-${name}`, program: floorProgram(n + 1), ...(env ? { env } : {}) });
        made.push(floor);
        const provider = await createStack({ name: `bench-${name}`, program: applicationsProgram(n), config: bringgConfig(emulator), ...(env ? { env } : {}) });
        made.push(provider);
        let nativeStack: TestStack | undefined;
        if (native) {
            nativeStack = await createStack({
                name: `bench-native-${name}`,
                program: nativeApplicationsProgram(n, native.version),
                config: bringgConfig(emulator),
                env: native.env,
            });
            made.push(nativeStack);
        }
        return { floor, provider, native: nativeStack, dispose };
    } catch (error) {
        await dispose();
        throw error;
    }
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

type ExportedResource = ReturnType<typeof resourcesOfType>[number];

/** One resource's bytes as `stateSize` counts them: its record in `pulumi stack export`, as compact JSON. */
function resourceBytes(resource: ExportedResource): number {
    return JSON.stringify(resource).length;
}

/** The resources of `type` in a stack's export, each with its bytes; the one of median size. */
async function medianResource(stack: TestStack, type: string): Promise<{ resource: ExportedResource; bytes: number }> {
    const { deployment } = await stack.exportState();
    const rows = resourcesOfType(deployment, type).map((resource) => ({ resource, bytes: resourceBytes(resource) }));
    if (rows.length === 0) throw new Error(`no ${type} in the stack export`);
    return [...rows].sort((a, b) => a.bytes - b.bytes)[Math.floor(rows.length / 2)]!;
}

/**
 * What each part of an exported resource costs, most first: `inputs.x` and `outputs.x` for their
 * properties, the other keys of the record (urn, type, provider reference, dependencies…) by name.
 * The bytes of a key are those of `"key":value` in compact JSON.
 */
export function fieldCosts(resource: ExportedResource): Array<[string, number]> {
    const cost = (key: string, value: unknown) => JSON.stringify({ [key]: value }).length - 2;
    const rows: Array<[string, number]> = [];
    for (const [key, value] of Object.entries(resource)) {
        if ((key === "inputs" || key === "outputs") && value && typeof value === "object") {
            for (const [field, inner] of Object.entries(value)) rows.push([`${key}.${field}`, cost(field, inner)]);
        } else {
            rows.push([key, cost(key, value)]);
        }
    }
    return rows.sort((a, b) => b[1] - a[1]);
}

/** What the native plugin's state costs. */
export interface NativeStateSize {
    /** Bytes of one Application in `pulumi stack export` (median), counted as for the dynamic one. */
    readonly perApplication: number;
    /** Bytes of the ScopeTtls. */
    readonly scopeTtls: number;
    /** The median Application's parts, most bytes first ({@link fieldCosts}). */
    readonly fields: Array<[string, number]>;
}

async function nativeStateSize(stack: TestStack): Promise<NativeStateSize> {
    const app = await medianResource(stack, "bringg:index:Application");
    const ttls = await medianResource(stack, "bringg:index:ScopeTtls");
    return { perApplication: app.bytes, scopeTtls: ttls.bytes, fields: fieldCosts(app.resource) };
}

async function stateSize(floor: TestStack, provider: TestStack): Promise<StateSize> {
    const sizes = (stack: TestStack, type: string) =>
        stack
            .exportState()
            .then(({ deployment }) =>
                resourcesOfType(deployment, type).map((r) => ({ bytes: resourceBytes(r), provider: String(r.outputs?.__provider ?? "") })),
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
    /** The dynamic resources against the floor. */
    readonly steps: Record<Step, StepSummary>;
    readonly state: StateSize;
    /**
     * The native plugin, in the same rounds: each summary's "provider" is the native stack and its
     * floor the same floor runs as `steps` (absent from results of runs without the plugin).
     */
    readonly native?: { readonly steps: Record<Step, StepSummary>; readonly state: NativeStateSize } | undefined;
}

/**
 * Runs the main steps `rounds` times at size `n`: each round creates N Applications + 1 ScopeTtls
 * and N + 1 floor resources, previews, re-applies, refreshes and destroys them, step by step. With
 * `native`, the same N Applications + 1 ScopeTtls through the plugin run in the same rounds, the
 * three stacks of a step back to back, each round starting with the next one.
 */
export async function mainSteps(
    emulator: RunningEmulator,
    n: number,
    rounds: number,
    parallel: number,
    log: (line: string) => void,
    native?: NativeSetup,
): Promise<SizeResult> {
    const trio = await mainStacks(`n${n}`, emulator, n, native);
    const nativeStack = trio.native;
    const empty = (): Record<Step, Pair[]> => ({ up: [], preview: [], "noop-up": [], refresh: [], destroy: [] });
    try {
        const runs = empty();
        const nativeRuns = empty();
        let state: StateSize | undefined;
        let nativeState: NativeStateSize | undefined;
        for (let round = 0; round < rounds; round++) {
            for (const step of steps) {
                const args = [...commands[step], ...parallelFlags(parallel)];
                const works: Record<string, () => Promise<unknown>> = { floor: () => trio.floor.ok(args), provider: () => trio.provider.ok(args) };
                if (nativeStack) works.native = () => nativeStack.ok(args);
                const result = await interleaved(emulator, round, works);
                const floor = result.floor!;
                const dynamic = result.provider!;
                const ratio = (seconds: number) => (seconds / floor.seconds).toFixed(2);
                runs[step].push({ floor, provider: dynamic });
                let line =
                    `  N=${n} round ${round + 1}/${rounds} ${step}: floor ${floor.seconds.toFixed(2)} s, dynamic ${dynamic.seconds.toFixed(2)} s ` +
                    `(${ratio(dynamic.seconds)}x, ${dynamic.calls} calls)`;
                const nativeRun = result.native;
                if (nativeRun) {
                    nativeRuns[step].push({ floor, provider: nativeRun });
                    line += `, native ${nativeRun.seconds.toFixed(2)} s (${ratio(nativeRun.seconds)}x, ${nativeRun.calls} calls)`;
                }
                log(line);
                if (step === "up" && !state) {
                    state = await stateSize(trio.floor, trio.provider);
                    if (nativeStack) nativeState = await nativeStateSize(nativeStack);
                }
            }
        }
        const summarized = (pairs: Record<Step, Pair[]>) =>
            Object.fromEntries(steps.map((step) => [step, summarize(pairs[step])])) as Record<Step, StepSummary>;
        return {
            n,
            parallel,
            steps: summarized(runs),
            state: state!,
            ...(nativeStack ? { native: { steps: summarized(nativeRuns), state: nativeState! } } : {}),
        };
    } finally {
        await trio.dispose();
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
