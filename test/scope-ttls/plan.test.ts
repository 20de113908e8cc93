/**
 * The ScopeTtls logic without Pulumi: plan, diff, check and the hooks' Bringg calls, against a
 * recording fake client (one ownership registry shared by the tests' hooks, as a provider context
 * shares it, so the tests run serially).
 */
import test from "ava";
import type * as wire from "../../provider/api/wire";
import type { BringgClient } from "../../provider/core/client";
import type { ScopeClaims } from "../../provider/core/context";
import type { Deps } from "../../provider/core/contract";
import * as crud from "../../provider/scope-ttls/crud";
import { closeMatches, editDistance } from "../../provider/core/scope-names";
import { planTtls, requestBody, ttlsDiffer } from "../../provider/scope-ttls/plan";
import { unknownValue } from "../../provider/core/check";
import { contextOf, testDeps as depsOf } from "../helpers/deps";
import type { Props } from "../../provider/core/contract";
import { hiddenInput, splitHiddenInputs } from "../../provider/core/hidden";

/** check as the adapter calls it: the hidden inputs (what the class passes) split off first. */
function check(olds: Props, news: Props, deps: Pick<Deps, "client" | "settingsProblems" | "scopeClaims">) {
    const { hidden, inputs } = splitHiddenInputs(news);
    return crud.check(olds, inputs, deps, hidden);
}

// Complete settings, so that check consults the (fake) catalog.
const { settingsProblems } = contextOf(
    {},
    {
        BRINGG_ENDPOINT: "http://127.0.0.1:9",
        BRINGG_USERNAME: "admin@example.test",
        BRINGG_PASSWORD: "not-a-real-password",
    },
);

/** The scope claims every hook of a test shares, as the hooks of one provider context do. */
const claims: ScopeClaims = new Map();

function resetClaims(): void {
    claims.clear();
}

/** What check gets: the client, the settings problems and the shared claims. */
function checkDeps(client: BringgClient): Pick<Deps, "client" | "settingsProblems" | "scopeClaims"> {
    return { client: () => client, settingsProblems, scopeClaims: claims };
}

/** The hooks' deps for `client`, with the shared claims. */
function testDeps(client: BringgClient): Deps {
    return { ...depsOf(client), settingsProblems, scopeClaims: claims };
}

const scopeNames = ["tasks", "tasks_read", "tasks_write", "create_task", "users", "users_read", "users_write", "teams_write"];

/** A client that answers from an in-memory catalog and records every call. */
function fakeClient() {
    const overrides: Record<string, number> = {};
    const calls: Array<{ route: "listScopes" | "setScopeTtls"; body?: wire.SetScopeTtlsRequest }> = [];
    const catalog = (): wire.Scope[] =>
        scopeNames.map((name) => {
            const defaultTtl = name.endsWith("_read") ? 14400 : 1800;
            return { name, default_ttl: defaultTtl, ttl: overrides[name] ?? defaultTtl };
        });
    const client = {
        async listScopes() {
            calls.push({ route: "listScopes" });
            return catalog();
        },
        async setScopeTtls(body: wire.SetScopeTtlsRequest) {
            calls.push({ route: "setScopeTtls", body });
            for (const [scope, seconds] of Object.entries(body)) {
                if (seconds === null) delete overrides[scope];
                else overrides[scope] = seconds;
            }
            return catalog();
        },
    } as unknown as BringgClient;
    return { client, calls, overrides };
}

test.beforeEach(() => resetClaims());

test.serial("planTtls sets added and changed scopes and reverts removed ones, sorted", (t) => {
    const plan = planTtls({ tasks_write: 900, users_read: 7200, teams_write: 60 }, { users_read: 3600, tasks_write: 900, create_task: 120 });
    t.deepEqual(plan, { set: { create_task: 120, users_read: 3600 }, revert: ["teams_write"] });
    t.deepEqual(Object.keys(plan.set), ["create_task", "users_read"]);
});

test.serial("an unchanged map plans nothing", (t) => {
    t.deepEqual(planTtls({ tasks_write: 900 }, { tasks_write: 900 }), { set: {}, revert: [] });
});

test.serial("the request body carries seconds for changes and null for reverts", (t) => {
    const plan = planTtls({ a_write: 1, b_write: 2 }, { a_write: 5 });
    t.deepEqual(requestBody(plan), { a_write: 5, b_write: null });
});

test.serial("a revert of a scope another resource now manages is left out of the request", (t) => {
    const plan = planTtls({ a_write: 1, b_write: 2 }, {});
    t.deepEqual(
        requestBody(plan, (scope) => scope === "b_write"),
        { a_write: null },
    );
});

test.serial("diff sees no change when state equals inputs and a change for any difference", (t) => {
    t.false(ttlsDiffer({ tasks_write: 900 }, { tasks_write: 900 }));
    t.true(ttlsDiffer({ tasks_write: 900 }, { tasks_write: 901 }));
    t.true(ttlsDiffer({ tasks_write: 900 }, {}));
    t.true(ttlsDiffer({}, { tasks_write: 900 }));
});

test.serial("diff counts values unknown during preview as changes", (t) => {
    t.true(ttlsDiffer({ tasks_write: 900 }, { tasks_write: unknownValue }));
    t.true(ttlsDiffer({ tasks_write: 900 }, unknownValue));
});

test.serial("the diff hook compares state outputs with checked inputs and never replaces", (t) => {
    const state = { ttls: { tasks_write: 900 }, defaults: { tasks_write: 1800 }, schemaVersion: 1 };
    t.deepEqual(crud.diff("id", state, { ttls: { tasks_write: 900 } }), { changes: false, replaces: [] });
    t.deepEqual(crud.diff("id", state, { ttls: { tasks_write: 600 } }), { changes: true, replaces: [] });
});

test.serial("close matches rank by edit distance and include containing names", (t) => {
    t.is(editDistance("task_write", "tasks_write"), 1);
    t.is(closeMatches("task_write", scopeNames)[0], "tasks_write");
    t.deepEqual(closeMatches("zzzzzzzz", scopeNames), []);
    t.true(closeMatches("users_reed", scopeNames).includes("users_read"));
});

test.serial("check normalises durations to seconds and lists the catalog once for new names", async (t) => {
    const { client, calls } = fakeClient();
    const result = await check(
        {},
        { ttls: { tasks_write: "15m", users_read: 7200, create_task: "1h30m" }, ...hiddenInput({ resourceName: "policy" }) },
        checkDeps(client),
    );
    t.deepEqual(result.failures, []);
    t.deepEqual(result.inputs, { __resourceName: "policy", ttls: { create_task: 5400, tasks_write: 900, users_read: 7200 } });
    t.is(calls.filter((c) => c.route === "listScopes").length, 1);
});

test.serial("check makes no Bringg call when every name was checked before", async (t) => {
    const { client, calls } = fakeClient();
    const olds = { ttls: { tasks_write: 900, users_read: 7200 } };
    const result = await check(olds, { ttls: { tasks_write: "20m", users_read: 7200 }, ...hiddenInput({ resourceName: "policy" }) }, checkDeps(client));
    t.deepEqual(result.failures, []);
    t.is(calls.length, 0);
});

test.serial("check reports every bad entry by its field in one pass", async (t) => {
    const { client } = fakeClient();
    const { failures } = await check(
        {},
        {
            ...hiddenInput({ resourceName: "bad" }),
            ttl: {},
            ttls: {
                tasks_write: 0,
                tasks_read: -5,
                users_write: "15x",
                users_read: 1.5,
                teams_write: "31d",
                task_write: 60,
                "Bad Name": 60,
                Tasks_Write: 60,
                create_task: true,
                users: null,
            },
        },
        checkDeps(client),
    );
    const byField = Object.fromEntries(failures.map((f) => [f.property, f.reason]));
    t.regex(byField.ttl!, /not an input of ScopeTtls: did you mean ttls\?/);
    t.regex(byField["ttls.tasks_write"]!, /not positive/);
    t.regex(byField["ttls.tasks_read"]!, /not positive/);
    t.regex(byField["ttls.users_write"]!, /"15x" is not a duration/);
    t.regex(byField["ttls.users_read"]!, /whole number/);
    t.regex(byField["ttls.teams_write"]!, /longer than 30 days/);
    t.regex(byField["ttls.task_write"]!, /not a scope of this Bringg account; did you mean tasks_write/);
    t.regex(byField['ttls["Bad Name"]']!, /not a Bringg scope name: a scope name has no spaces/);
    t.regex(byField["ttls.Tasks_Write"]!, /did you mean tasks_write\? Scope names are case-sensitive/);
    t.regex(byField["ttls.create_task"]!, /number of seconds or a duration string, not boolean/);
    t.regex(byField["ttls.users"]!, /not null/);
    t.is(failures.length, 11);
});

test.serial("check does not judge values unknown during preview", async (t) => {
    const { client } = fakeClient();
    const known = await check({}, { ttls: { tasks_write: unknownValue, users_read: "2h" }, ...hiddenInput({ resourceName: "p" }) }, checkDeps(client));
    t.deepEqual(known.failures, []);
    t.deepEqual(known.inputs.ttls, { tasks_write: unknownValue, users_read: 7200 });
    const whole = await check({}, { ttls: unknownValue, ...hiddenInput({ resourceName: "q" }) }, checkDeps(client));
    t.deepEqual(whole, { inputs: { __resourceName: "q", ttls: unknownValue }, failures: [] });
});

test.serial("check requires ttls to be a map", async (t) => {
    const { client } = fakeClient();
    t.regex((await check({}, hiddenInput({ resourceName: "p" }), checkDeps(client))).failures[0]!.reason, /ttls is required/);
    t.regex((await check({}, { ttls: [1], ...hiddenInput({ resourceName: "p" }) }, checkDeps(client))).failures[0]!.reason, /not a list/);
});

test.serial("the resource declared later is refused for a scope the earlier one lists, whichever is checked first", async (t) => {
    const { client } = fakeClient();
    const first = { ttls: { tasks_write: 60 }, ...hiddenInput({ resourceName: "first" }) };
    // What the class passes when "first" was declared before "second" in the program.
    const second = { ttls: { tasks_write: 120, users_read: 60 }, ...hiddenInput({ resourceName: "second", overlaps: { tasks_write: "first" } }) };
    for (const order of [
        [first, second],
        [second, first],
    ]) {
        resetClaims();
        const results = new Map<unknown, Awaited<ReturnType<typeof crud.check>>>();
        for (const news of order) results.set(news, await check({}, news, checkDeps(client)));
        t.deepEqual(results.get(first)!.failures, [], "the first declared keeps the scope");
        const failures = results.get(second)!.failures;
        t.deepEqual(
            failures.map((f) => f.property),
            ["ttls.tasks_write"],
        );
        t.regex(failures[0]!.reason, /also listed by ScopeTtls "first", which comes earlier in the deployment.*last writer wins/);
    }
    // Checking the first again (preview, then update) is not a conflict with itself.
    t.deepEqual((await check({}, first, checkDeps(client))).failures, []);
});

test.serial("a scope moved from one resource to another in one change is handed over", async (t) => {
    const { client } = fakeClient();
    await check({}, { ttls: { tasks_write: 60 }, ...hiddenInput({ resourceName: "a" }) }, checkDeps(client));
    // `a` no longer lists it; `b` now does.
    await check({ ttls: { tasks_write: 60 } }, { ttls: {}, ...hiddenInput({ resourceName: "a" }) }, checkDeps(client));
    t.deepEqual((await check({}, { ttls: { tasks_write: 90 }, ...hiddenInput({ resourceName: "b" }) }, checkDeps(client))).failures, []);
});

test.serial("create sets every scope in one call and takes state from Bringg's reply", async (t) => {
    const { client, calls } = fakeClient();
    const { outs } = await crud.create({ __resourceName: "p", ttls: { tasks_write: 900, users_read: 7200 } }, testDeps(client));
    t.deepEqual(calls, [{ route: "setScopeTtls", body: { tasks_write: 900, users_read: 7200 } }]);
    t.deepEqual(outs, {
        ttls: { tasks_write: 900, users_read: 7200 },
        defaults: { tasks_write: 1800, users_read: 14400 },
        schemaVersion: 1,
        __resourceName: "p",
    });
});

test.serial("update sends one call with changed scopes and null for removed ones", async (t) => {
    const { client, calls, overrides } = fakeClient();
    const { outs: state } = await crud.create({ __resourceName: "p", ttls: { tasks_write: 900, users_read: 7200, teams_write: 60 } }, testDeps(client));
    calls.length = 0;
    const { outs } = await crud.update("id", state, { __resourceName: "p", ttls: { tasks_write: 600, users_read: 7200, create_task: 30 } }, testDeps(client));
    t.deepEqual(calls, [{ route: "setScopeTtls", body: { create_task: 30, tasks_write: 600, teams_write: null } }]);
    t.deepEqual(outs.ttls, { create_task: 30, tasks_write: 600, users_read: 7200 });
    t.false(Object.hasOwn(overrides, "teams_write"));
});

test.serial("update makes no call when state already matches", async (t) => {
    const { client, calls } = fakeClient();
    const { outs: state } = await crud.create({ __resourceName: "p", ttls: { tasks_write: 900 } }, testDeps(client));
    calls.length = 0;
    const { outs } = await crud.update("id", state, { __resourceName: "p", ttls: { tasks_write: 900 } }, testDeps(client));
    t.is(calls.length, 0);
    t.deepEqual(outs, state);
});

test.serial("read reports the TTLs in force, so a change in Bringg's UI shows as drift", async (t) => {
    const { client, overrides } = fakeClient();
    const { outs: state } = await crud.create({ __resourceName: "p", ttls: { tasks_write: 900 } }, testDeps(client));
    overrides.tasks_write = 60;
    overrides.users_read = 5; // not managed: not in state
    const { props, inputs } = await crud.read("id", state, testDeps(client));
    t.deepEqual(props!.ttls, { tasks_write: 60 });
    t.deepEqual(inputs, { ttls: { tasks_write: 60 }, __resourceName: "p" }, "stored inputs realigned, so the preview shows 60 => 900");
    t.true(crud.diff("id", props!, { ttls: { tasks_write: 900 } }).changes);
});

test.serial("read without state (pulumi import) takes over every scope whose TTL differs from its default", async (t) => {
    const { client, overrides } = fakeClient();
    overrides.tasks_write = 60;
    overrides.users_read = 7200;
    const { id, props, inputs } = await crud.read("overrides", {}, testDeps(client));
    t.is(id, "overrides");
    t.deepEqual(props!.ttls, { tasks_write: 60, users_read: 7200 });
    t.deepEqual(inputs, { ttls: { tasks_write: 60, users_read: 7200 } });
});

test.serial("delete reverts every managed scope in one call", async (t) => {
    const { client, calls, overrides } = fakeClient();
    const { outs: state } = await crud.create({ __resourceName: "p", ttls: { tasks_write: 900, users_read: 60 } }, testDeps(client));
    overrides.teams_write = 5; // someone else's override stays
    calls.length = 0;
    await crud.remove("id", state, testDeps(client));
    t.deepEqual(calls, [{ route: "setScopeTtls", body: { tasks_write: null, users_read: null } }]);
    t.deepEqual(overrides, { teams_write: 5 });
});

test.serial("delete leaves a scope alone when another resource of the deployment now manages it", async (t) => {
    const { client, calls } = fakeClient();
    const { outs: state } = await crud.create({ __resourceName: "old", ttls: { tasks_write: 900, users_read: 60 } }, testDeps(client));
    resetClaims(); // `old` was created by an earlier deployment; this one no longer lists it
    await check({}, { ttls: { users_read: 120 }, ...hiddenInput({ resourceName: "new" }) }, checkDeps(client));
    calls.length = 0;
    await crud.remove("id", state, testDeps(client));
    t.deepEqual(calls, [{ route: "setScopeTtls", body: { tasks_write: null } }]);
});

test.serial("state from older shapes or with stray values is read without failing", (t) => {
    t.deepEqual(crud.diff("id", {}, { ttls: {} }), { changes: false, replaces: [] });
    t.deepEqual(crud.diff("id", { ttls: { a_write: "x" } }, { ttls: {} }), { changes: false, replaces: [] });
});
