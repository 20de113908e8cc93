/**
 * ScopeTtls input validation through the real Pulumi CLI: bad inputs fail `pulumi preview` with
 * one message per field and no Bringg write; two resources listing one scope are caught; values
 * unknown during preview are not judged. Previews only: nothing is ever created.
 */
import test from "ava";
import type { RunningEmulator } from "../../emulator/server";
import { propertyPath } from "../../provider/core/check";
import type { TestStack } from "../helpers/pulumi";
import { startBringgStack } from "../helpers/bringg";

let emulator: RunningEmulator;
let stack: TestStack;
let dispose: (() => Promise<void>) | undefined;

test.before(async () => {
    ({ emulator, stack, dispose } = await startBringgStack({
        name: "scope-ttls-check",
        program: "export {};\n",
    }));
});

test.after.always(async () => {
    await dispose?.();
});

function writes(): number {
    const { byRoute } = emulator.control.counters();
    return Object.entries(byRoute)
        .filter(([route]) => route !== "listScopes")
        .reduce((sum, [, count]) => sum + (count ?? 0), 0);
}

/** The bad inputs, the field each failure must name, and a fragment of its reason. */
const cases: Array<{ field: string; value: unknown; reason: RegExp }> = [
    { field: "tasks_write", value: 0, reason: /not positive/ },
    { field: "tasks_read", value: -60, reason: /not positive/ },
    { field: "users_write", value: "15x", reason: /"15x" is not a duration/ },
    { field: "users_read", value: 1.5, reason: /not a whole number of seconds/ },
    { field: "teams_write", value: "31d", reason: /longer than 30 days/ },
    { field: "teams_read", value: 2_592_001, reason: /longer than 30 days/ },
    { field: "drivers_write", value: "1H", reason: /units are lower-case/ },
    { field: "task_write", value: 60, reason: /not a scope of this Bringg account; did you mean tasks_write/ },
    { field: "Bad Name", value: 60, reason: /not a Bringg scope name: a scope name has no spaces/ },
    { field: "Tasks_write", value: 60, reason: /did you mean tasks_write\? Scope names are case-sensitive/ },
    { field: "create_task", value: true, reason: /number of seconds or a duration string, not boolean/ },
];

test.serial("bad TTLs and scope names fail preview with one field-named message each and no Bringg write", async (t) => {
    const ttls = Object.fromEntries(cases.map((c) => [c.field, c.value]));
    await stack.setProgram(`
import * as bringg from "pulumi-bringg";
// The engine stops at the first resource that fails check, so every mistake is in one resource.
new bringg.ScopeTtls("bad", { ttls: ${JSON.stringify(ttls)}, ttl: { tasks_write: 60 } } as any);
`);
    emulator.control.resetCounters();
    const preview = await stack.run(["preview"]);
    t.not(preview.code, 0);
    for (const { field, reason } of cases) {
        const property = propertyPath(["ttls", field]);
        const line = preview.output.split("\n").find((l) => l.includes(`property ${property} `));
        t.truthy(line, `a message names ${property}`);
        t.regex(line ?? "", reason, field);
    }
    t.regex(preview.output, /property ttl value .* "ttl" is not an input of ScopeTtls: did you mean ttls\?/);
    t.is(writes(), 0, "no Bringg write");
    t.true((emulator.control.counters().byRoute.listScopes ?? 0) <= 1, "one catalog list at most");
});

test.serial("of two ScopeTtls listing one scope, the one declared later fails preview, naming the first", async (t) => {
    await stack.setProgram(`
import * as bringg from "pulumi-bringg";
new bringg.ScopeTtls("platform", { ttls: { tasks_write: "15m" } });
new bringg.ScopeTtls("team-a", { ttls: { tasks_write: "20m", users_read: "2h" } });
`);
    emulator.control.resetCounters();
    const preview = await stack.run(["preview"]);
    t.not(preview.code, 0);
    // The rule does not depend on the engine's check order: the first declared keeps the scope.
    t.regex(
        preview.output,
        /ScopeTtls resource 'team-a': property ttls\.tasks_write .*also listed by ScopeTtls "platform", which comes earlier in the deployment/,
    );
    t.notRegex(preview.output, /ScopeTtls resource 'platform': property/);
    t.regex(preview.output, /last writer wins/);
    t.is(writes(), 0);
});

test.serial("TTLs that are unknown during preview are not judged", async (t) => {
    await stack.setProgram(`
import * as bringg from "pulumi-bringg";
const base = new bringg.ScopeTtls("base", { ttls: { tasks_write: "15m" } });
// A value and a whole map known only after base is created.
new bringg.ScopeTtls("derived", { ttls: { users_read: base.ttls.apply((t) => t.tasks_write * 8) } });
new bringg.ScopeTtls("mirrored", { ttls: base.ttls.apply((t) => ({ teams_write: t.tasks_write })) });
`);
    emulator.control.resetCounters();
    const preview = await stack.ok(["preview"]);
    t.regex(preview.output, /\+ 4 to create/);
    t.is(writes(), 0);
});
