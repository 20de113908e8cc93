/**
 * The rotation logic without the CLI: input checks, the diff's decisions and reasons, the clock
 * override, the per-application lock and the pair's alternation rule.
 */
import test from "ava";
import { setTimeout as delay } from "node:timers/promises";
import * as pair from "../../provider/rotating-credentials/crud";
import { activeSlotOf, credential, pairState } from "../../provider/rotating-credentials/mapping";
import { check, diff } from "../../provider/rotation/crud";
import { fingerprint } from "../../provider/core/fingerprint";
import { schemaVersion, type RotationState } from "../../provider/rotation/mapping";
import { dueReason, withApplicationLock } from "../../provider/secrets/rotate";
import { unknownValue } from "../../provider/core/check";
import { rotationNow } from "../../provider/core/clock";
import type { ApplicationLocks } from "../../provider/core/context";
import { contextOf } from "../helpers/deps";

const settings = { BRINGG_ENDPOINT: "http://127.0.0.1:1", BRINGG_USERNAME: "admin", BRINGG_PASSWORD: "password" };
/** What check gets: the problems of complete settings. */
const deps = { settingsProblems: contextOf({}, settings).settingsProblems };

const state: RotationState & Record<string, unknown> = {
    clientId: "client-1",
    applicationId: 7,
    clientSecret: "secret-value-1",
    rotatedAt: "2026-01-01T00:00:00.000Z",
    version: 2,
    fingerprint: fingerprint("secret-value-1"),
    triggers: { quarter: "2026-Q1" },
    verification: "passed",
    reason: "created",
    schemaVersion,
};
const jan2 = new Date("2026-01-02T00:00:00Z");
/** The clock of a diff: fixed at `date`. */
const at = (date: Date) => ({ now: () => date });

test("check reports every problem at once and names the input to fix", (t) => {
    const { failures } = check({}, { clientId: "", triggers: { a: {} }, rotateAfter: "90 days", verify: "yes", rotate: 1 }, deps);
    const properties = failures.map((f) => f.property).sort();
    t.deepEqual(properties, ["application", "rotate", "triggers.a", "verify"]);
    const bad = check({}, { clientId: "c", rotateAfter: "90D" }, deps).failures;
    t.is(bad.length, 1);
    t.is(bad[0]!.property, "rotateAfter");
    t.regex(bad[0]!.reason, /lower-case/);
});

test("check defaults verify, sorts triggers and lets unknown values through", (t) => {
    const { inputs, failures } = check({}, { clientId: unknownValue, triggers: { b: "2", a: "1" } }, deps);
    t.deepEqual(failures, []);
    t.is(inputs.verify, true);
    t.deepEqual(Object.keys(inputs.triggers as object), ["a", "b"]);
    t.is(inputs.clientId, unknownValue);
});

test("diff reports no change for the same triggers, before rotateAfter is due, and for verify or rotateAfter edits", (t) => {
    t.false(diff("id", state, { clientId: "client-1", triggers: { quarter: "2026-Q1" } }, at(jan2)).changes);
    t.false(diff("id", state, { clientId: "client-1", triggers: { quarter: "2026-Q1" }, rotateAfter: "90d", verify: false }, at(jan2)).changes);
});

test("diff names the trigger that changed and rotates in place", (t) => {
    const result = diff("id", state, { clientId: "client-1", triggers: { quarter: "2026-Q2", team: "x" } }, at(jan2));
    t.true(result.changes);
    t.deepEqual(result.replaces, []);
    t.is(result.reason, 'secret rotation of application client-1: generating a new secret: trigger "quarter" changed, "team" added');
});

test("diff rotates once rotateAfter has passed since rotatedAt, and says so", (t) => {
    const news = { clientId: "client-1", triggers: { quarter: "2026-Q1" }, rotateAfter: "90d" };
    t.false(diff("id", state, news, at(new Date("2026-03-31T23:59:59Z"))).changes);
    const due = diff("id", state, news, at(new Date("2026-04-01T00:00:00Z")));
    t.true(due.changes);
    t.regex(due.reason!, /rotateAfter 90d has passed since the last rotation at 2026-01-01T00:00:00.000Z/);
});

test("diff replaces for another application and re-checks a secret whose verification failed", (t) => {
    t.deepEqual(diff("id", state, { clientId: "client-2", triggers: state.triggers }, at(jan2)).replaces, ["clientId"]);
    const failed = diff("id", { ...state, verification: "failed" }, { clientId: "client-1", triggers: state.triggers, verify: true }, at(jan2));
    t.true(failed.changes);
    t.regex(failed.reason!, /checking again/);
});

test("an unreadable rotatedAt is never due: a broken timestamp must not cause an outage", (t) => {
    t.is(dueReason("", 60, jan2), undefined);
    t.is(dueReason("not a date", 60, jan2), undefined);
});

test("BRINGG_ROTATION_NOW sets the rotation clock and rejects values that are not times", (t) => {
    t.is(rotationNow({ BRINGG_ROTATION_NOW: "2027-03-01T00:00:00Z" }).toISOString(), "2027-03-01T00:00:00.000Z");
    t.is(rotationNow({ BRINGG_ROTATION_NOW: "1000" }).getTime(), 1000);
    t.throws(() => rotationNow({ BRINGG_ROTATION_NOW: "next tuesday" }), { message: /is not a time/ });
});

test("rotations of one application run one at a time; different applications run in parallel", async (t) => {
    const events: string[] = [];
    const locks: ApplicationLocks = new Map();
    const job = (key: string, name: string, ms: number) =>
        withApplicationLock(locks, key, async () => {
            events.push(`${name} start`);
            await delay(ms);
            events.push(`${name} end`);
        });
    await Promise.all([job("app-1", "first", 30), job("app-1", "second", 1), job("app-2", "other", 1)]);
    t.deepEqual(
        events.filter((e) => !e.startsWith("other")),
        ["first start", "first end", "second start", "second end"],
    );
    t.true(events.indexOf("other end") < events.indexOf("first end"), "another application is not blocked");
    // A failed rotation releases the lock.
    await t.throwsAsync(withApplicationLock(locks, "app-1", async () => Promise.reject(new Error("boom"))));
    t.is(await withApplicationLock(locks, "app-1", async () => "after"), "after");
});

test("the pair alternates: slot a is active at even generations, and a bump regenerates the standby slot", (t) => {
    t.is(activeSlotOf(0), "a");
    t.is(activeSlotOf(1), "b");
    const a = credential("a", "id-a", "secret-a", "2026-01-01T00:00:00.000Z");
    const b = credential("b", "id-b", "secret-b", "2026-01-01T00:00:00.000Z");
    const olds = { ...pairState(0, a, b, { bump: "0" }, "created"), verification: "passed" };
    t.false(pair.diff("id", olds, { clientIds: ["id-a", "id-b"], triggers: { bump: "0" } }, at(jan2)).changes);
    const bump = pair.diff("id", olds, { clientIds: ["id-a", "id-b"], triggers: { bump: "1" } }, at(jan2));
    t.true(bump.changes);
    t.regex(bump.reason!, /bump 0 → 1: .*regenerating the standby slot b .* the active slot a is not touched/);
    t.deepEqual(pair.diff("id", olds, { clientIds: ["id-c", "id-b"], triggers: { bump: "0" } }, at(jan2)).replaces, ["clientIds"]);
});
