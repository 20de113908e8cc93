/**
 * The fault soak: one long-lived stack, and per run one random program change applied by a
 * `pulumi up` that meets one random fault, then the documented recovery, one clean `pulumi up`,
 * and a strict convergence check (./converge.ts).
 *
 * Everything runs on loopback: the emulator (with a data file, so it can be restarted), the
 * late-write proxy, and the real Pulumi CLI with a file backend. The loop is bounded by `runs`.
 */
import { copyFile, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { demoCredentials, startEmulator, type RunningEmulator } from "../emulator/server";
import type { RouteName } from "../provider/api/routes";
import { BringgClient } from "../provider/core/client";
import { createStack, runPackageCli, type TestStack } from "../test/helpers/pulumi";
import { checkConvergence, converged, countKeys, countsOf, type Counts, type Findings, type Observation } from "./converge";
import { faultKinds, randomFault, type FaultKind, type FaultPlan, type Trigger } from "./faults";
import { initialModel, programSource, randomChange, type Change, type ProgramModel } from "./model";
import { runPulumi, type SpawnedResult } from "./pulumi-process";
import { startLateProxy, type HeldRequest, type LateProxy } from "./proxy";
import { Rng } from "./rng";

/**
 * The recovery after `pulumi up` was killed, as docs/troubleshooting.md gives it:
 * `npx pulumi-bringg recover` in the project folder (then the run's clean `pulumi up`).
 */
export const recoveryCommand: readonly string[] = ["recover"];

/** One planned run: the change, the fault, and the program before it. */
export interface PlannedRun {
    readonly index: number;
    readonly before: ProgramModel;
    readonly change: Change;
    readonly fault: FaultPlan;
}

/**
 * Plans `runs` runs from `seed`: the same seed gives the same plan. `balanced` deals the fault
 * kinds round-robin in a seeded order (every kind once per `kinds.length` runs) instead of
 * drawing each at random, so that a short soak still meets every kind.
 */
export function planSoak(seed: number, runs: number, options: { kinds?: readonly FaultKind[] | undefined; balanced?: boolean | undefined } = {}): PlannedRun[] {
    const rng = new Rng(seed);
    const kinds = options.kinds ?? faultKinds;
    const order = [...kinds];
    for (let i = order.length - 1; i > 0; i--) {
        const j = rng.int(0, i);
        [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const plan: PlannedRun[] = [];
    let model = initialModel();
    for (let index = 1; index <= runs; index++) {
        const change = randomChange(rng, model);
        const fault = randomFault(rng, change, model, options.balanced ? [order[(index - 1) % order.length]!] : kinds);
        plan.push({ index, before: model, change, fault });
        model = change.after;
    }
    return plan;
}

/** The outcome of the faulty `up`. */
export type FaultyUpOutcome = "succeeded" | "failed" | "killed";

/** What one run did and found. */
export interface RunResult extends Counts {
    readonly seed: number;
    readonly run: number;
    readonly change: string;
    readonly changeKind: Change["kind"];
    readonly fault: string;
    readonly faultKind: FaultKind;
    readonly faultyUp: FaultyUpOutcome;
    /** Whether the kill or restart happened (it may come after `up` ended). */
    readonly faultDelivered: boolean;
    /** `converged`, `diverged` (findings), or `cleanup-failed` (the clean `up` failed). */
    readonly outcome: "converged" | "diverged" | "cleanup-failed";
    readonly seconds: number;
    readonly details: readonly string[];
    /** The recovery commands run and their exit codes. */
    readonly recovery: ReadonlyArray<{ command: string; code: number }>;
    /** Late writes the proxy delivered. */
    readonly lateWrites: readonly HeldRequest[];
    /** What the soak fixed out of band after recording the findings, so the next run starts clean. */
    readonly repaired: readonly string[];
    /** The tail of the failing `up`'s output, when the faulty or clean `up` failed. */
    readonly errorTail?: string;
}

/** Options of {@link SoakSession.start}. */
export interface SoakOptions {
    readonly seed: number;
    /** Log lines (progress). */
    readonly log?: ((line: string) => void) | undefined;
    /**
     * A `bringg:timeout` value for the stack (e.g. `"5s"`). Only meaningful once the provider reads
     * that setting; late writes then also come from the client's own timeout.
     */
    readonly clientTimeout?: string | undefined;
}

/** What the self-test of the check saw. */
export interface SelfTestResult {
    /** Findings with nothing planted (must be clean). */
    readonly baseline: Findings;
    /** Findings with an orphan, a duplicate name, a changed TTL and a corrupted published secret planted. */
    readonly planted: Findings;
}

function tail(text: string, lines = 25): string {
    return text.trim().split("\n").slice(-lines).join("\n");
}

/** The emulator, the proxy and the stack of one soak, and the runs made so far. */
export class SoakSession {
    private emulator: RunningEmulator;
    private model: ProgramModel = initialModel();

    private constructor(
        private readonly options: SoakOptions,
        emulator: RunningEmulator,
        private readonly dataDir: string,
        private readonly proxy: LateProxy,
        readonly stack: TestStack,
    ) {
        this.emulator = emulator;
    }

    /** Starts the emulator, the proxy and the stack, and deploys the initial program. */
    static async start(options: SoakOptions): Promise<SoakSession> {
        const dataDir = await mkdtemp(path.join(tmpdir(), "pulumi-bringg-soak-"));
        const emulator = await startEmulator({ port: 0, dataFile: path.join(dataDir, "emulator.json") });
        const proxy = await startLateProxy(emulator.url);
        let stack: TestStack | undefined;
        try {
            stack = await createStack({
                name: "soak",
                program: programSource(initialModel()),
                config: {
                    "bringg:endpoint": emulator.url,
                    "bringg:username": demoCredentials.username,
                    "bringg:password": { value: demoCredentials.password, secret: true },
                    ...(options.clientTimeout ? { "bringg:timeout": options.clientTimeout } : {}),
                },
            });
            const session = new SoakSession(options, emulator, dataDir, proxy, stack);
            await stack.ok(["up", "--yes", "--skip-preview"]);
            return session;
        } catch (error) {
            await stack?.dispose();
            await proxy.stop();
            await emulator.stop();
            await rm(dataDir, { recursive: true, force: true });
            throw error;
        }
    }

    private log(line: string): void {
        this.options.log?.(line);
    }

    private client(): BringgClient {
        return new BringgClient({ settings: { baseUrl: this.emulator.url, ...demoCredentials }, retry: { limit: 0 } });
    }

    /** Reads Bringg, the state and the published secrets. */
    async observe(): Promise<Observation> {
        const client = this.client();
        const [applications, scopes, state, outputs] = await Promise.all([
            client.listApplications({ fresh: true }),
            client.listScopes({ fresh: true }),
            this.stack.exportState(),
            this.stack.outputs({ showSecrets: true }),
        ]);
        return { applications, scopes, stateText: state.raw, outputs };
    }

    /**
     * Whether a client id and secret obtain a token. A disabled application cannot obtain one, so
     * it is enabled for the probe and disabled again (out of band, like a person in the UI).
     */
    private readonly probe = async (clientId: string, clientSecret: string): Promise<boolean> => {
        const control = this.emulator.control;
        const app = (await this.client().listApplications({ fresh: true })).find((a) => a.client_id === clientId);
        if (!app) return false;
        if (!app.enabled) control.setEnabled(demoCredentials.merchantId, clientId, true);
        try {
            await this.client().requestToken({ clientId, clientSecret });
            return true;
        } catch {
            return false;
        } finally {
            if (!app.enabled) control.setEnabled(demoCredentials.merchantId, clientId, false);
        }
    };

    /** Checks the current program against Bringg, the state and the published secrets. */
    async check(observation?: Observation): Promise<Findings> {
        return checkConvergence(this.model, observation ?? (await this.observe()), this.probe);
    }

    /**
     * Proves that the check can fail: plants an orphan application (named like a declared one, so
     * also a duplicate), overrides a TTL out of band and corrupts one published secret, checks, and
     * removes what it planted.
     */
    async selfTest(): Promise<SelfTestResult> {
        const baseline = await this.check();
        const control = this.emulator.control;
        const declared = this.model.apps[1] ?? this.model.apps[0]!;
        const planted = control.createApplication(demoCredentials.merchantId, { name: declared.key, scopes: [...declared.scopes] });
        const ttlScope = Object.keys(this.model.ttls)[0]!;
        control.setScopeTtl(demoCredentials.merchantId, ttlScope, this.model.ttls[ttlScope]! + 1);
        try {
            const observation = await this.observe();
            const secrets = { ...(observation.outputs.secrets as Record<string, { clientId: string; clientSecret: string }>) };
            const victim = Object.keys(secrets)[0]!;
            secrets[victim] = { ...secrets[victim]!, clientSecret: `${secrets[victim]!.clientSecret}x` };
            return { baseline, planted: await this.check({ ...observation, outputs: { ...observation.outputs, secrets } }) };
        } finally {
            control.deleteApplication(demoCredentials.merchantId, planted.client_id);
            control.setScopeTtl(demoCredentials.merchantId, ttlScope, this.model.ttls[ttlScope]!);
        }
    }

    /** Resolves once the trigger's moment has come (or never, when `stop` resolves first). */
    private async when(trigger: Trigger, stop: Promise<unknown>): Promise<boolean> {
        let over = false;
        void stop.then(() => (over = true));
        if (trigger.route) {
            const route: RouteName = trigger.route;
            while (!over && (this.emulator.control.counters().byRoute[route] ?? 0) === 0) await sleep(25);
        }
        if (over) return false;
        await sleep(trigger.delayMs);
        return !over;
    }

    private async restartEmulator(downMs: number): Promise<void> {
        const url = new URL(this.emulator.url);
        await this.emulator.stop();
        await sleep(downMs);
        this.emulator = await startEmulator({ port: Number(url.port), dataFile: path.join(this.dataDir, "emulator.json") });
    }

    /** Executes one planned run (they must be executed in plan order). */
    async execute(planned: PlannedRun): Promise<RunResult> {
        const started = performance.now();
        const { change, fault } = planned;
        this.log(`run ${planned.index}: ${change.description} | ${fault.description}`);
        this.model = change.after;
        await this.stack.setProgram(programSource(this.model));

        const control = this.emulator.control;
        control.clearFaults();
        control.resetCounters();
        for (const { route, fault: spec } of fault.emulator ?? []) control.injectFault(route, spec);
        if (fault.lateWrite) {
            this.proxy.arm(fault.lateWrite);
            await this.stack.setConfig("bringg:endpoint", this.proxy.url);
        }

        let finish!: () => void;
        const finished = new Promise<void>((resolve) => (finish = resolve));
        let delivered = false;
        const killWhen = fault.kill ? this.when(fault.kill, finished).then((go) => (go ? true : new Promise<never>(() => {}))) : undefined;
        const restart = fault.restart
            ? this.when(fault.restart, finished).then(async (go) => {
                  if (!go) return;
                  delivered = true;
                  await this.restartEmulator(fault.restart!.downMs);
              })
            : Promise.resolve();
        const faulty: SpawnedResult = await runPulumi(this.stack, ["up", "--yes", "--skip-preview"], { killWhen });
        finish();
        await restart;
        if (faulty.killed) delivered = true;
        const hits = this.emulator.control.counters().byRoute;
        if (fault.emulator && !fault.kill) delivered = fault.emulator.every(({ route }) => (hits[route] ?? 0) > 0);

        // Faults off, late writes delivered, endpoint back to the emulator.
        this.emulator.control.clearFaults();
        this.proxy.disarm();
        const lateWrites = fault.lateWrite ? await this.proxy.drain() : [];
        if (fault.lateWrite) delivered = lateWrites.length > 0;
        if (fault.lateWrite) await this.stack.setConfig("bringg:endpoint", this.emulator.url);

        const recovery: Array<{ command: string; code: number }> = [];
        if (faulty.killed) {
            let result = await runPackageCli(recoveryCommand, { cwd: this.stack.dir, env: this.stack.env });
            recovery.push({ command: `pulumi-bringg ${recoveryCommand.join(" ")}`, code: result.code });
            if (result.code !== 0 && /failed to load checkpoint/.test(result.output)) {
                // The kill cut the file backend's checkpoint write: docs/troubleshooting.md's step.
                await this.restoreCheckpointBackup();
                recovery.push({ command: "restore <stack>.json.bak", code: 0 });
                result = await runPackageCli(recoveryCommand, { cwd: this.stack.dir, env: this.stack.env });
                recovery.push({ command: `pulumi-bringg ${recoveryCommand.join(" ")}`, code: result.code });
            }
            if (result.code !== 0) this.log(`recovery failed: ${tail(result.output)}`);
        }
        const clean = await this.stack.run(["up", "--yes", "--skip-preview"]);
        if (fault.lateWrite) {
            lateWrites.push(...(await this.proxy.drain()));
        }
        const findings = await this.check();
        const repaired = this.repair(findings);

        const ok = converged(findings);
        const outcome: RunResult["outcome"] = clean.code !== 0 ? "cleanup-failed" : ok ? "converged" : "diverged";
        const failedOutput = clean.code !== 0 ? clean.output : faulty.code !== 0 && !faulty.killed ? faulty.output : undefined;
        const result: RunResult = {
            seed: this.options.seed,
            run: planned.index,
            change: change.description,
            changeKind: change.kind,
            fault: fault.description,
            faultKind: fault.kind,
            faultyUp: faulty.killed ? "killed" : faulty.code === 0 ? "succeeded" : "failed",
            faultDelivered: delivered,
            outcome,
            ...countsOf(findings),
            seconds: Math.round((performance.now() - started) / 100) / 10,
            details: findings.details,
            recovery,
            lateWrites: [...lateWrites],
            repaired,
            ...(failedOutput ? { errorTail: tail(failedOutput) } : {}),
        };
        this.log(
            `run ${planned.index}: ${result.faultyUp}, ${outcome}` +
                (ok ? "" : ` (${findings.details.filter((d) => !d.startsWith("note:")).join("; ")})`) +
                ` in ${result.seconds}s`,
        );
        return result;
    }

    /**
     * Puts the file backend's previous checkpoint (`<stack>.json.bak`) back in place of the current
     * one, which a kill during its write left unreadable (`failed to load checkpoint: EOF`).
     */
    private async restoreCheckpointBackup(): Promise<void> {
        const backend = new URL(this.stack.env.PULUMI_BACKEND_URL!).pathname;
        const stacks = path.join(backend, ".pulumi", "stacks");
        for (const project of await readdir(stacks)) {
            const current = path.join(stacks, project, `${this.stack.stackName}.json`);
            await copyFile(`${current}.bak`, current);
            this.log(`restored ${current}.bak`);
        }
    }

    /**
     * Deletes orphans and puts wrong TTLs back, out of band, so that the next run's findings are its
     * own. Lost secrets and missing applications are left for the next `up` to show.
     */
    private repair(findings: Findings): string[] {
        const repaired: string[] = [];
        const control = this.emulator.control;
        for (const orphan of findings.orphanApps) {
            control.deleteApplication(demoCredentials.merchantId, orphan.clientId);
            repaired.push(`deleted orphan ${orphan.applicationId} ${JSON.stringify(orphan.name)}`);
        }
        for (const detail of findings.details) {
            const ttl = /^ttl: (\w+) is /.exec(detail);
            if (!ttl) continue;
            const scope = ttl[1]!;
            control.setScopeTtl(demoCredentials.merchantId, scope, this.model.ttls[scope] ?? null);
            repaired.push(`reset ${scope} TTL`);
        }
        return repaired;
    }

    /** Destroys the stack, then stops the proxy and the emulator and removes the data file. */
    async dispose(): Promise<void> {
        try {
            await this.stack.run(["cancel", "--yes"]);
            await this.stack.dispose();
        } finally {
            await this.proxy.stop();
            await this.emulator.stop();
            await rm(this.dataDir, { recursive: true, force: true });
        }
    }
}

/** Totals over runs. */
export interface SoakTotals extends Counts {
    readonly runs: number;
    readonly converged: number;
    readonly diverged: number;
    readonly cleanupFailed: number;
    readonly seconds: number;
    /** Per fault kind: runs, and runs that did not converge. */
    readonly byFault: Record<string, { runs: number; notConverged: number }>;
}

/** Sums the results. */
export function totals(results: readonly RunResult[]): SoakTotals {
    const sum = (key: keyof RunResult) => results.reduce((n, r) => n + (r[key] as number), 0);
    const byFault: Record<string, { runs: number; notConverged: number }> = {};
    for (const r of results) {
        const entry = (byFault[r.faultKind] ??= { runs: 0, notConverged: 0 });
        entry.runs++;
        if (r.outcome !== "converged") entry.notConverged++;
    }
    return {
        runs: results.length,
        converged: results.filter((r) => r.outcome === "converged").length,
        diverged: results.filter((r) => r.outcome === "diverged").length,
        cleanupFailed: results.filter((r) => r.outcome === "cleanup-failed").length,
        ...(Object.fromEntries(countKeys.map((key) => [key, sum(key)])) as Counts),
        seconds: Math.round(sum("seconds") * 10) / 10,
        byFault,
    };
}
