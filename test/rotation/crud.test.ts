/**
 * The rotation logic against the emulator, without the CLI: each hook with injected deps (client,
 * warnings, a clock the test moves together with the emulator's).
 */
import test from "ava";
import { demoCredentials } from "../../emulator/server";
import { fingerprint } from "../../provider/core/fingerprint";
import { withDelivery } from "../../provider/delivery/hooks";
import * as pairCrud from "../../provider/rotating-credentials/crud";
import * as rotationCrud from "../../provider/rotation/crud";
import { testDeps, withEmulator } from "../helpers/deps";

// Each resource as the adapter runs it: its logic with the delivery rules around it.
const rotation = withDelivery(rotationCrud);
const pair = withDelivery(pairCrud);

const merchant = demoCredentials.merchantId;

test("create generates and verifies a first secret; only that secret gets a token", async (t) => {
    await withEmulator(async (emulator, deps) => {
        const app = emulator.control.createApplication(merchant, { name: "dash", scopes: ["tasks_read"] });
        emulator.control.setEnabled(merchant, app.client_id, true);
        const { id, outs } = await rotation.create({ clientId: app.client_id, triggers: { q: "1" }, verify: true }, deps);
        t.is(id, app.client_id);
        t.is(outs.version, 1);
        t.is(outs.verification, "passed");
        t.is(outs.fingerprint, fingerprint(outs.clientSecret as string));
        t.deepEqual(deps.warnings, []);
        await t.throwsAsync(deps.client().requestToken({ clientId: app.client_id, clientSecret: app.client_secret }), undefined, "the UI's secret died");
        t.truthy(await deps.client().requestToken({ clientId: app.client_id, clientSecret: outs.clientSecret as string }));
    });
});

test("update rotates on a trigger change and on a due rotateAfter judged by the injected clock, and not before", async (t) => {
    await withEmulator(async (emulator, deps) => {
        const app = emulator.control.createApplication(merchant, { name: "dash", scopes: ["tasks_read"] });
        emulator.control.setEnabled(merchant, app.client_id, true);
        const inputs = { clientId: app.client_id, triggers: { q: "1" }, rotateAfter: "30d", verify: true };
        const first = await rotation.create(inputs, deps);

        const soon = testDeps(deps.client(), () => new Date(Date.parse(first.outs.rotatedAt as string) + 29 * 86_400_000));
        t.false(rotation.diff(first.id, first.outs, inputs, soon).changes, "not due after 29 days");
        const same = await rotation.update(first.id, first.outs, inputs, soon);
        t.is(same.outs.version, 1, "an update with nothing due generates nothing");
        t.is(emulator.control.counters().byRoute.regenerateSecret, 1);

        emulator.control.advanceClock(31 * 86_400);
        const later = testDeps(deps.client(), () => new Date(emulator.control.now()));
        const due = rotation.diff(first.id, first.outs, inputs, later);
        t.true(due.changes);
        t.regex(due.reason!, /rotateAfter 30d has passed/);
        const second = await rotation.update(first.id, first.outs, inputs, later);
        t.is(second.outs.version, 2);
        t.is(second.outs.verification, "passed");
        t.not(second.outs.clientSecret, first.outs.clientSecret);

        const bumped = await rotation.update(first.id, second.outs, { ...inputs, triggers: { q: "2" } }, later);
        t.is(bumped.outs.version, 3);
        t.is(bumped.outs.reason, 'trigger "q" changed');
        t.is(emulator.control.counters().byRoute.regenerateSecret, 3);
    });
});

test("a verification that fails keeps the new secret as partial state, and the next update re-checks it without regenerating", async (t) => {
    await withEmulator(async (emulator, deps) => {
        const app = emulator.control.createApplication(merchant, { name: "dash", scopes: ["tasks_read"] });
        emulator.control.setEnabled(merchant, app.client_id, true);
        const inputs = { clientId: app.client_id, triggers: {}, verify: true, __provider: "shim" };
        emulator.control.injectFault("token", { status: 503, times: 20 });
        const error = (await t.throwsAsync(rotation.create(inputs, deps))) as Error & { id?: string; properties?: Record<string, unknown> };
        t.is(error.id, app.client_id);
        t.is(error.properties?.verification, "failed");
        t.is(error.properties?.__provider, "shim", "partial state carries the provider");
        t.regex(error.message, /verification failed.*The new secret is kept in the state/);
        emulator.control.clearFaults("token");

        const state = { ...error.properties, clientSecret: (error.properties!.clientSecret as { value: string }).value };
        const rechecked = await rotation.update(app.client_id, state, inputs, deps);
        t.is(rechecked.outs.verification, "passed");
        t.is(rechecked.outs.version, 1);
        t.is(emulator.control.counters().byRoute.regenerateSecret, 1, "the kept secret worked: no second regenerate");
    });
});

test("refresh drops a rotation whose application is gone, with a warning", async (t) => {
    await withEmulator(async (emulator, deps) => {
        const app = emulator.control.createApplication(merchant, { name: "dash", scopes: ["tasks_read"] });
        const { id, outs } = await rotation.create({ clientId: app.client_id, triggers: {}, verify: false }, deps);
        t.is((await rotation.read(id, outs, deps)).props?.clientId, app.client_id);
        emulator.control.deleteApplication(merchant, app.client_id);
        deps.client().invalidate();
        const gone = await rotation.read(id, outs, deps);
        t.is(gone.props, undefined);
        t.regex(gone.warnings[0]!, /no longer exists in Bringg; the rotation is removed from the stack/);
    });
});

test("a credential pair bumps the standby slot only, and the active credential keeps working throughout", async (t) => {
    await withEmulator(async (emulator, deps) => {
        const a = emulator.control.createApplication(merchant, { name: "a", scopes: ["tasks_read"] });
        const b = emulator.control.createApplication(merchant, { name: "b", scopes: ["tasks_read"] });
        for (const app of [a, b]) emulator.control.setEnabled(merchant, app.client_id, true);
        const inputs = { clientIds: [a.client_id, b.client_id], triggers: { bump: "0" }, verify: true };
        const created = await pair.create(inputs, deps);
        const active0 = created.outs.active as { clientId: string; clientSecret: string };
        t.is(active0.clientId, a.client_id);

        const bumped = await pair.update(created.id, created.outs, { ...inputs, triggers: { bump: "1" } }, deps);
        const active1 = bumped.outs.active as { clientId: string; clientSecret: string };
        const previous1 = bumped.outs.previous as { clientId: string; clientSecret: string };
        t.is(active1.clientId, b.client_id, "the standby slot became active");
        t.is(previous1.clientSecret, active0.clientSecret, "the old active credential is untouched, now previous");
        t.truthy(await deps.client().requestToken({ clientId: previous1.clientId, clientSecret: previous1.clientSecret }));
        t.truthy(await deps.client().requestToken({ clientId: active1.clientId, clientSecret: active1.clientSecret }));
        t.is(emulator.control.counters().byRoute.regenerateSecret, 3, "two at create, one per bump");
    });
});
