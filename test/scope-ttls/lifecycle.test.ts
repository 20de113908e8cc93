/**
 * ScopeTtls through the real Pulumi CLI against the emulator: converging 50 scopes in one call, a
 * second up with no call at all, the token TTL rule on converged values, drift from Bringg's UI,
 * removal and destroy back to Bringg's defaults. One stack, steps in order.
 */
import test from "ava";
import { demoCredentials, startEmulator, type RunningEmulator } from "../../emulator/server";
import type * as wire from "../../provider/api/wire";
import { BringgClient } from "../../provider/core/client";
import { BringgApiError } from "../../provider/core/errors";
import { resourcesOfType, type TestStack } from "../helpers/pulumi";
import { startBringgStack } from "../helpers/bringg";

let emulator: RunningEmulator;
let stack: TestStack;
let dispose: (() => Promise<void>) | undefined;
/** The program's map: 50 scopes, as the program writes them (seconds or durations). */
let written: Record<string, number | string>;
/** The same map in seconds. */
let seconds: Record<string, number>;
/** A scope no ScopeTtls manages, with an override someone set in the UI. */
let unmanaged: string;

const merchant = demoCredentials.merchantId;

function program(ttls: Record<string, number | string>): string {
    return `
import * as bringg from "pulumi-bringg";
const policy = new bringg.ScopeTtls("policy", { ttls: ${JSON.stringify(ttls, null, 4)} });
export const ttls = policy.ttls;
export const defaults = policy.defaults;
`;
}

function client(): BringgClient {
    return new BringgClient({ settings: { baseUrl: emulator.url, ...demoCredentials } });
}

async function catalog(): Promise<Map<string, wire.Scope>> {
    return new Map((await client().listScopes()).map((scope) => [scope.name, scope]));
}

/** Counts of Scopes API calls since the last reset. */
function scopeCalls(): { list: number; set: number; total: number } {
    const { byRoute, total } = emulator.control.counters();
    return { list: byRoute.listScopes ?? 0, set: byRoute.setScopeTtls ?? 0, total };
}

async function stateOutputs(): Promise<{ ttls: Record<string, number>; defaults: Record<string, number>; __provider: string }> {
    const { deployment } = await stack.exportState();
    const [policy] = resourcesOfType(deployment, "bringg:ScopeTtls");
    return policy!.outputs as Awaited<ReturnType<typeof stateOutputs>>;
}

test.before(async () => {
    emulator = await startEmulator({ port: 0 });
    // 50 scopes of the catalog (groups, read and write branches, endpoints), each with a TTL that
    // differs from its default, written in every supported spelling.
    const scopes = [...(await catalog()).values()];
    const chosen = ["tasks_write", "users_read", ...scopes.map((s) => s.name).filter((n) => n !== "tasks_write" && n !== "users_read")].slice(0, 50);
    unmanaged = scopes.map((s) => s.name).find((n) => !chosen.includes(n))!;
    written = {};
    seconds = {};
    chosen.forEach((scope, i) => {
        const value = scope === "tasks_write" ? 900 : scope === "users_read" ? 7200 : 600 + i * 60;
        seconds[scope] = value;
        written[scope] = scope === "tasks_write" ? "15m" : i % 3 === 0 ? value : i % 3 === 1 ? `${value / 60}m` : `${value}s`;
    });
    ({ emulator, stack, dispose } = await startBringgStack({
        name: "scope-ttls",
        program: program(written),
        emulator,
    }));
});

test.after.always(async () => {
    // The emulator was started first, to seed it: stop it even when the stack was not created.
    await (dispose ? dispose() : emulator?.stop());
});

test.serial("up converges 50 scopes with exactly one Scopes API write", async (t) => {
    emulator.control.setScopeTtl(merchant, unmanaged, 77);
    emulator.control.resetCounters();
    const up = await stack.ok(["up", "--yes"]);
    t.regex(up.output, /bringg:ScopeTtls\s+policy\s+created/);
    const calls = scopeCalls();
    t.log(`first up: ${calls.set} setScopeTtls, ${calls.list} listScopes (scope-name check at preview and update)`);
    t.is(calls.set, 1);

    const now = await catalog();
    for (const [scope, ttl] of Object.entries(seconds)) t.is(now.get(scope)!.ttl, ttl, scope);
    const outputs = (await stack.outputs()) as { ttls: Record<string, number>; defaults: Record<string, number> };
    t.deepEqual(outputs.ttls, seconds, "outputs are in seconds, whatever the spelling");
    t.is(outputs.ttls.tasks_write, 900);
    t.is(outputs.defaults.tasks_write, 1800);
    t.is(outputs.defaults.users_read, 14400);
});

test.serial("a second up makes no Scopes API call and preview --expect-no-changes passes", async (t) => {
    emulator.control.resetCounters();
    const up = await stack.ok(["up", "--yes"]);
    t.regex(up.output, /2 unchanged/);
    await stack.ok(["preview", "--expect-no-changes"]);
    t.deepEqual(scopeCalls(), { list: 0, set: 0, total: 0 });
});

test.serial("the serialized provider in state is small: the implementation is loaded by package name", async (t) => {
    const { __provider } = await stateOutputs();
    const { deployment } = await stack.exportState();
    const [policy] = resourcesOfType(deployment, "bringg:ScopeTtls");
    t.log(`__provider: ${__provider.length} bytes (stored twice); whole resource with 50 scopes: ${JSON.stringify(policy).length} bytes of state`);
    t.true(__provider.includes("pulumi-bringg/provider/scope-ttls/provider"));
    t.true(__provider.length < 4_000);
});

test.serial("the emulator refuses a token whose ttl is not below the converged scope TTL", async (t) => {
    const app = emulator.control.createApplication(merchant, { name: "ttl-rule", scopes: ["tasks_write"] });
    emulator.control.setEnabled(merchant, app.client_id, true);
    const credentials = { clientId: app.client_id, clientSecret: app.client_secret };

    const plain = await client().requestToken(credentials);
    t.is(plain.expires_in, 900, "a token lives as long as the converged TTL of tasks_write (15m)");
    const shorter = await client().requestToken({ ...credentials, ttl: 899 });
    t.is(shorter.expires_in, 899);
    const refused = await t.throwsAsync(client().requestToken({ ...credentials, ttl: 900 }));
    t.true(BringgApiError.isInstance(refused));
    t.regex(refused!.message, /shorter than 900 seconds/);
    // Bringg's default for write scopes (1800 s) no longer applies.
    await t.throwsAsync(client().requestToken({ ...credentials, ttl: 1200 }), { message: /shorter than 900 seconds/ });
});

test.serial("a TTL changed in Bringg's UI is reported by refresh and set back by up", async (t) => {
    emulator.control.setScopeTtl(merchant, "tasks_write", 60);
    emulator.control.resetCounters();
    const refresh = await stack.ok(["refresh", "--yes"]);
    t.regex(refresh.output, /~ 1 updated/);
    t.is((await stateOutputs()).ttls.tasks_write, 60, "state holds Bringg's value after refresh");
    t.is(scopeCalls().set, 0, "refresh never writes");

    const gate = await stack.run(["preview", "--expect-no-changes"]);
    t.not(gate.code, 0, "the CI drift gate fails");
    t.regex(gate.output, /ScopeTtls\s+policy\s+update|~ 1 to update/);

    emulator.control.resetCounters();
    await stack.ok(["up", "--yes"]);
    t.is(scopeCalls().set, 1);
    t.is((await catalog()).get("tasks_write")!.ttl, 900);
    t.is((await stateOutputs()).ttls.tasks_write, 900);
    t.is((await catalog()).get(unmanaged)!.ttl, 77, "a scope the program does not list is left alone");
});

test.serial("removing scopes from the map reverts them to Bringg's defaults in the same single call", async (t) => {
    const next = { ...written };
    delete next.tasks_write;
    delete next.users_read;
    const changed = Object.keys(next)[5]!;
    next[changed] = "2h";
    await stack.setProgram(program(next));
    emulator.control.resetCounters();
    await stack.ok(["up", "--yes"]);
    t.is(scopeCalls().set, 1);

    const now = await catalog();
    t.is(now.get("tasks_write")!.ttl, 1800, "write scope back to 30 minutes");
    t.is(now.get("users_read")!.ttl, 14400, "read scope back to 4 hours");
    t.is(now.get(changed)!.ttl, 7200);
    const state = await stateOutputs();
    t.false("tasks_write" in state.ttls);
    t.is(Object.keys(state.ttls).length, 48);
});

test.serial("destroy reverts every managed scope to its default and leaves other overrides", async (t) => {
    emulator.control.resetCounters();
    const destroy = await stack.ok(["destroy", "--yes"]);
    t.regex(destroy.output, /bringg:ScopeTtls\s+policy\s+deleted/);
    t.is(scopeCalls().set, 1);
    const now = await catalog();
    for (const scope of Object.keys(seconds)) t.is(now.get(scope)!.ttl, now.get(scope)!.default_ttl, scope);
    t.is(now.get(unmanaged)!.ttl, 77);
});
