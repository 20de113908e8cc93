/**
 * Where the CPU goes: one cycle (up, refresh, destroy) of the floor and of the provider with
 * `node --cpu-prof` in every Node process the CLI starts (the program, the dynamic-provider
 * process), each profile summarized by process and by package.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { demoCredentials, type RunningEmulator } from "../emulator/server";
import { createStack, type TestStack } from "../test/helpers/pulumi";
import { measure } from "./measure";
import { applicationsProgram, floorProgram } from "./programs";

/** A V8 CPU profile, as `--cpu-prof` writes it. */
interface CpuProfile {
    nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
    samples: number[];
    timeDeltas: number[];
}

/** One process's CPU time, by package and by function. */
export interface ProcessProfile {
    /** `program`, `dynamic provider` or `other`. */
    readonly role: string;
    /** Sampled CPU time, idle excluded, in milliseconds. */
    readonly cpuMs: number;
    /** Milliseconds by package (`pulumi-bringg`, `@pulumi/pulumi`, `zod`, `node internals`, `(garbage collector)`, …), largest first. */
    readonly byPackage: ReadonlyArray<readonly [string, number]>;
    /** The functions with the most self time. */
    readonly topFunctions: ReadonlyArray<readonly [string, number]>;
}

/** The profiles of one cycle. */
export interface CycleProfile {
    readonly seconds: number;
    readonly calls: number;
    readonly processes: readonly ProcessProfile[];
}

function packageOf(url: string, functionName: string): string {
    if (!url) return functionName.startsWith("(") ? functionName : "(native)";
    if (url.startsWith("node:")) return "node internals";
    const modules = url.lastIndexOf("/node_modules/");
    if (modules >= 0) {
        const [first, second] = url.slice(modules + "/node_modules/".length).split("/");
        return first!.startsWith("@") ? `${first}/${second}` : first!;
    }
    if (url.includes("/dist/provider/") || url.includes("/dist/emulator/")) return "pulumi-bringg";
    return "program / other";
}

/** Summarizes one profile. */
export function summarizeProfile(profile: CpuProfile): ProcessProfile {
    const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
    const packages = new Map<string, number>();
    const functions = new Map<string, number>();
    let role = "other";
    for (const frame of byId.values()) {
        if (frame.url.includes("cmd/dynamic-provider")) role = "dynamic provider";
        else if (frame.url.includes("cmd/run") && role === "other") role = "program";
    }
    let total = 0;
    profile.samples.forEach((id, i) => {
        const frame = byId.get(id)!;
        if (frame.functionName === "(idle)") return;
        const ms = (profile.timeDeltas[i] ?? 0) / 1000;
        total += ms;
        const pkg = packageOf(frame.url, frame.functionName);
        packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
        const where = frame.url
            ? `${frame.functionName || "(anonymous)"} ${frame.url.split("/").slice(-2).join("/")}:${frame.lineNumber + 1}`
            : frame.functionName;
        functions.set(where, (functions.get(where) ?? 0) + ms);
    });
    const largest = (map: Map<string, number>, count: number) =>
        [...map.entries()]
            .sort((a, b) => b[1] - a[1])
            .slice(0, count)
            .map(([k, v]) => [k, Math.round(v)] as const);
    return { role, cpuMs: Math.round(total), byPackage: largest(packages, 10), topFunctions: largest(functions, 12) };
}

async function profiledCycle(emulator: RunningEmulator, stack: TestStack): Promise<CycleProfile> {
    const dir = await mkdtemp(path.join(tmpdir(), "pulumi-bringg-cpuprof-"));
    try {
        const preload = path.join(__dirname, "exit-on-signal.js");
        const env = { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir} --require ${preload}` };
        let seconds = 0;
        let calls = 0;
        for (const args of [
            ["up", "--yes", "--skip-preview"],
            ["refresh", "--yes", "--skip-preview"],
            ["destroy", "--yes", "--skip-preview"],
        ]) {
            const run = await measure(emulator, () => stack.ok(args, { env }));
            seconds += run.seconds;
            calls += run.calls;
        }
        const processes: ProcessProfile[] = [];
        for (const file of (await readdir(dir)).filter((f) => f.endsWith(".cpuprofile"))) {
            processes.push(summarizeProfile(JSON.parse(await readFile(path.join(dir, file), "utf8")) as CpuProfile));
        }
        return { seconds, calls, processes: merge(processes) };
    } finally {
        await rm(dir, { recursive: true, force: true });
    }
}

/** Adds up the processes of one role (one per command) into one row per role. */
function merge(processes: ProcessProfile[]): ProcessProfile[] {
    const roles = new Map<string, ProcessProfile[]>();
    for (const p of processes) roles.set(p.role, [...(roles.get(p.role) ?? []), p]);
    return [...roles.entries()].map(([role, list]) => {
        const add = (pick: (p: ProcessProfile) => ReadonlyArray<readonly [string, number]>, count: number) => {
            const sums = new Map<string, number>();
            for (const p of list) for (const [k, v] of pick(p)) sums.set(k, (sums.get(k) ?? 0) + v);
            return [...sums.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
        };
        return {
            role: `${role} (${list.length} processes)`,
            cpuMs: list.reduce((s, p) => s + p.cpuMs, 0),
            byPackage: add((p) => p.byPackage, 10),
            topFunctions: add((p) => p.topFunctions, 12),
        };
    });
}

/** Profiles one floor cycle and one provider cycle at size `n`. */
export async function cpuProfiles(emulator: RunningEmulator, n: number): Promise<{ floor: CycleProfile; provider: CycleProfile }> {
    const floorStack = await createStack({ name: "bench-prof-floor", program: floorProgram(n + 1) });
    const providerStack = await createStack({
        name: "bench-prof",
        program: applicationsProgram(n),
        config: {
            "bringg:endpoint": emulator.url,
            "bringg:username": demoCredentials.username,
            "bringg:password": { value: demoCredentials.password, secret: true },
        },
    });
    try {
        return { floor: await profiledCycle(emulator, floorStack), provider: await profiledCycle(emulator, providerStack) };
    } finally {
        await Promise.all([floorStack.dispose(), providerStack.dispose()]);
    }
}
