/**
 * The provider's HTTP client against the emulator, without the engine: the latency of each kind of
 * Bringg call, and token requests per second, each next to the same requests made with bare
 * `fetch` (the floor).
 */
import { performance } from "node:perf_hooks";
import { demoCredentials, type RunningEmulator } from "../emulator/server";
import { BringgClient } from "../provider/core/client";
import { median } from "./measure";

/** A client of the demo admin for the emulator, as the provider builds one. */
export function benchClient(emulator: RunningEmulator): BringgClient {
    return new BringgClient({ settings: { baseUrl: emulator.url, username: demoCredentials.username, password: demoCredentials.password } });
}

async function timedMs(work: () => Promise<unknown>): Promise<number> {
    const start = performance.now();
    await work();
    return performance.now() - start;
}

/** Median milliseconds of one call of each kind the provider makes, through its client. */
export async function perCallLatency(emulator: RunningEmulator, applications: number, repeats: number): Promise<Record<string, number>> {
    const client = benchClient(emulator);
    const filled: string[] = [];
    const times: Record<string, number[]> = { createApplication: [], setEnabled: [], listApplications: [], listScopes: [], token: [], deleteApplication: [] };
    // The list's size matters: fill the merchant first.
    for (let i = 0; i < applications; i++) {
        filled.push(emulator.control.createApplication(demoCredentials.merchantId, { name: `bench-fill-${i}`, scopes: ["tasks_read"] }).client_id);
    }
    for (let i = 0; i < repeats; i++) {
        let app: Awaited<ReturnType<BringgClient["createApplication"]>> | undefined;
        times.createApplication!.push(
            await timedMs(
                async () => (app = await client.createApplication({ name: `bench-call-${i}-${Date.now()}`, scopes: ["tasks_read"] }, { unique: true })),
            ),
        );
        times.setEnabled!.push(await timedMs(() => client.setEnabled(app!.id, true)));
        times.listApplications!.push(await timedMs(() => client.listApplications({ fresh: true })));
        times.listScopes!.push(await timedMs(() => client.listScopes({ fresh: true })));
        times.token!.push(await timedMs(() => client.requestToken({ clientId: app!.client_id, clientSecret: app!.client_secret })));
        times.deleteApplication!.push(await timedMs(() => client.deleteApplication(app!.id)));
    }
    for (const clientId of filled) emulator.control.deleteApplication(demoCredentials.merchantId, clientId);
    return Object.fromEntries(Object.entries(times).map(([route, values]) => [route, median(values)]));
}

/** Token requests per second, sequential and 16 at a time, through bare fetch and the client. */
export interface TokenRates {
    readonly requests: number;
    readonly fetchSequential: number;
    readonly clientSequential: number;
    readonly fetchConcurrent: number;
    readonly clientConcurrent: number;
}

/** Measures {@link TokenRates} with one enabled application. */
export async function tokenRates(emulator: RunningEmulator, requests: number): Promise<TokenRates> {
    const app = emulator.control.createApplication(demoCredentials.merchantId, { name: "bench-tokens", scopes: ["tasks_read"] });
    emulator.control.setEnabled(demoCredentials.merchantId, app.client_id, true);
    const client = benchClient(emulator);
    const viaFetch = async () => {
        const reply = await fetch(`${emulator.url}/oauth/token`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ grant_type: "client_credentials", client_id: app.client_id, client_secret: app.client_secret }),
        });
        if (!reply.ok) throw new Error(`token request failed: ${reply.status}`);
        await reply.arrayBuffer();
    };
    const viaClient = () => client.requestToken({ clientId: app.client_id, clientSecret: app.client_secret });
    const rate = async (one: () => Promise<unknown>, inFlight: number) => {
        const ms = await timedMs(async () => {
            let next = 0;
            await Promise.all(
                Array.from({ length: inFlight }, async () => {
                    while (next++ < requests) await one();
                }),
            );
        });
        return requests / (ms / 1000);
    };
    // Warm both paths (connection pools, JIT) before measuring.
    await rate(viaFetch, 4);
    await rate(viaClient, 4);
    const result = {
        requests,
        fetchSequential: await rate(viaFetch, 1),
        clientSequential: await rate(viaClient, 1),
        fetchConcurrent: await rate(viaFetch, 16),
        clientConcurrent: await rate(viaClient, 16),
    };
    emulator.control.deleteApplication(demoCredentials.merchantId, app.client_id);
    return result;
}
