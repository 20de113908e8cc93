/**
 * The soak's late-write proxy and its plan: a held create lands after its client gave up, and a
 * seed always plans the same runs.
 */
import test from "ava";
import { demoCredentials, startEmulator } from "../../emulator/server";
import { BringgClient } from "../../provider/core/client";
import { faultKinds } from "../../soak/faults";
import { startLateProxy } from "../../soak/proxy";
import { planSoak } from "../../soak/soak";

test("a create held by the proxy fails for its client and then lands in Bringg", async (t) => {
    const emulator = await startEmulator({ port: 0 });
    const proxy = await startLateProxy(emulator.url);
    try {
        const viaProxy = new BringgClient({ settings: { baseUrl: proxy.url, ...demoCredentials }, retry: { limit: 0 } });
        const direct = new BringgClient({ settings: { baseUrl: emulator.url, ...demoCredentials } });
        proxy.arm({ route: "createApplication", holdMs: 400, cutClientAfterMs: 50 });
        await t.throwsAsync(viaProxy.call("createApplication", { body: { name: "late", scopes: ["tasks_read"] } }));
        t.deepEqual(await direct.listApplications({ fresh: true }), []);
        const held = await proxy.drain();
        t.deepEqual(held, [{ route: "createApplication", clientGone: true, status: 201 }]);
        t.deepEqual(
            (await direct.listApplications({ fresh: true })).map((a) => a.name),
            ["late"],
        );
    } finally {
        await proxy.stop();
        await emulator.stop();
    }
});

test("requests the proxy is not armed for pass through unchanged", async (t) => {
    const emulator = await startEmulator({ port: 0 });
    const proxy = await startLateProxy(emulator.url);
    try {
        const viaProxy = new BringgClient({ settings: { baseUrl: proxy.url, ...demoCredentials } });
        proxy.arm({ route: "deleteApplication", holdMs: 10_000 });
        const created = await viaProxy.createApplication({ name: "direct", scopes: ["tasks_read"] });
        t.is(created.name, "direct");
        t.is(emulator.control.counters().byRoute.createApplication, 1);
        proxy.disarm();
        t.deepEqual(await proxy.drain(), []);
    } finally {
        await proxy.stop();
        await emulator.stop();
    }
});

test("a seed plans the same runs every time, and a balanced plan meets every fault kind", (t) => {
    const describe = (seed: number) => planSoak(seed, 12).map((r) => `${r.change.description} | ${r.fault.description}`);
    t.deepEqual(describe(5), describe(5));
    t.notDeepEqual(describe(5), describe(6));
    const kinds = new Set(planSoak(1, faultKinds.length, { balanced: true }).map((r) => r.fault.kind));
    t.deepEqual([...kinds].sort(), [...faultKinds].sort());
});
