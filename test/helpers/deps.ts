/**
 * The dependencies crud modules get from the adapter, built for tests: a client for an emulator,
 * warnings collected in a list, and a clock the test controls.
 */
import { demoCredentials, startEmulator, type RunningEmulator } from "../../emulator/server";
import { BringgClient, type RetryPolicy } from "../../provider/core/client";
import { createProviderContext, type ProviderContext } from "../../provider/core/context";
import type { Deps } from "../../provider/core/contract";

/** A short late-write window, so that tests of lost replies take a fraction of a second. */
export const lateWriteWindowMs = 300;

/** Retries that take milliseconds, not seconds. */
export const fastRetry: Partial<RetryPolicy> = { backoffLimitMs: 10, limit: 2 };

/** {@link Deps} whose warnings are kept for assertions. */
export interface TestDeps extends Deps {
    readonly warnings: string[];
}

/**
 * Deps for `client`, with the clock at `now()` (default: the machine's), complete settings, and
 * locks and claims of their own (as a fresh provider context has), and the client's secret registry.
 */
export function testDeps(client: BringgClient, now: () => Date = () => new Date()): TestDeps {
    const warnings: string[] = [];
    return {
        client: () => client,
        settingsProblems: () => [],
        warn: (message) => void warnings.push(message),
        now,
        applicationLocks: new Map(),
        scopeClaims: new Map(),
        secrets: client.secrets,
        warnings,
    };
}

/** A client for the emulator as its demo admin, with fast retries. */
export function emulatorClient(emulator: RunningEmulator, retry: Partial<RetryPolicy> = fastRetry): BringgClient {
    return new BringgClient({ settings: { baseUrl: emulator.url, ...demoCredentials }, retry, lateWriteWindowMs: lateWriteWindowMs });
}

/** Runs `work` with a fresh emulator and deps for it, then stops the emulator. */
export async function withEmulator(work: (emulator: RunningEmulator, deps: TestDeps) => Promise<void>): Promise<void> {
    const emulator = await startEmulator({ port: 0 });
    try {
        await work(emulator, testDeps(emulatorClient(emulator)));
    } finally {
        await emulator.stop();
    }
}

/** A provider context built from a `bringg:*` config given as a map, and an environment (default: none). */
export function contextOf(config: Readonly<Record<string, unknown>>, env: NodeJS.ProcessEnv = {}): ProviderContext {
    return createProviderContext((key) => config[key], env);
}
