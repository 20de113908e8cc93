/**
 * `npm run bench`: wall-clock timings of the provider's main jobs through the real Pulumi CLI
 * against the embedded emulator, plus the client's raw request rate. Timings live here, never in
 * tests. Sizes: BENCH_APPS (default 10) applications, BENCH_TOKENS (default 200) token requests.
 */
import { performance } from "node:perf_hooks";
import { demoCredentials, startEmulator } from "../emulator/server";
import { createStack } from "../test/helpers/pulumi";

const apps = Number(process.env.BENCH_APPS ?? 10);
const tokens = Number(process.env.BENCH_TOKENS ?? 200);

interface Row {
    step: string;
    seconds: number;
    apiCalls?: number;
}

async function timed<T>(rows: Row[], step: string, work: () => Promise<T>, calls?: () => number): Promise<T> {
    const start = performance.now();
    const result = await work();
    rows.push({ step, seconds: (performance.now() - start) / 1000, apiCalls: calls?.() });
    return result;
}

function program(count: number): string {
    return `
import * as bringg from "pulumi-bringg";
for (let i = 0; i < ${count}; i++) {
    new bringg.Application("app-" + i, { scopes: ["tasks_read", "users_read"], enabled: true });
}
new bringg.ScopeTtls("policy", { ttls: { tasks_write: "15m", users_read: "2h", tasks_read: 3600 } });
`;
}

async function main(): Promise<void> {
    const emulator = await startEmulator({ port: 0 });
    const rows: Row[] = [];
    const calls = () => {
        const total = emulator.control.counters().total;
        emulator.control.resetCounters();
        return total;
    };
    const stack = await createStack({
        name: "bench",
        program: program(apps),
        config: {
            "bringg:endpoint": emulator.url,
            "bringg:username": demoCredentials.username,
            "bringg:password": { value: demoCredentials.password, secret: true },
        },
    });
    try {
        emulator.control.resetCounters();
        await timed(rows, `pulumi up: create ${apps} applications + 1 ScopeTtls`, () => stack.ok(["up", "--yes", "--skip-preview"]), calls);
        await timed(rows, "pulumi preview: no changes", () => stack.ok(["preview", "--expect-no-changes"]), calls);
        await timed(rows, "pulumi up: no changes", () => stack.ok(["up", "--yes", "--skip-preview"]), calls);
        await timed(rows, `pulumi refresh: ${apps + 1} resources`, () => stack.ok(["refresh", "--yes", "--skip-preview"]), calls);
        await timed(rows, `pulumi destroy: ${apps + 1} resources`, () => stack.ok(["destroy", "--yes", "--skip-preview"]), calls);

        const created = emulator.control.createApplication(demoCredentials.merchantId, { name: "bench-tokens", scopes: ["tasks_read"] });
        emulator.control.setEnabled(demoCredentials.merchantId, created.client_id, true);
        await timed(rows, `${tokens} sequential token requests (client credentials)`, async () => {
            for (let i = 0; i < tokens; i++) {
                const reply = await fetch(`${emulator.url}/oauth/token`, {
                    method: "POST",
                    headers: { "content-type": "application/json" },
                    body: JSON.stringify({
                        grant_type: "client_credentials",
                        client_id: created.client_id,
                        client_secret: created.client_secret,
                    }),
                });
                if (!reply.ok) throw new Error(`token request ${i} failed: ${reply.status}`);
            }
        });
    } finally {
        await stack.dispose();
        await emulator.stop();
    }

    console.log(`\npulumi-bringg bench (node ${process.version}, ${new Date().toISOString()})\n`);
    console.log("| step | seconds | Bringg API calls |\n|---|---:|---:|");
    for (const row of rows) {
        console.log(`| ${row.step} | ${row.seconds.toFixed(2)} | ${row.apiCalls ?? ""} |`);
    }
}

main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
});
