/**
 * examples/rotation runs as written: up creates everything, a quarter bump rotates both the plain
 * rotation and the pair, and a preview with the rotation clock past 90 days shows the plain
 * rotation as due (and why). The previews are logged: docs/rotation.md quotes them.
 */
import test from "ava";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { repoRoot, type TestStack } from "../helpers/pulumi";
import { startBringgStack } from "../helpers/bringg";

let stack: TestStack;
let dispose: (() => Promise<void>) | undefined;

test.before(async () => {
    ({ stack, dispose } = await startBringgStack({
        name: "rotation-example",
        program: await readFile(path.join(repoRoot, "examples", "rotation", "index.ts"), "utf8"),
    }));
});

test.after.always(async () => {
    await dispose?.();
});

test.serial("the rotation example deploys, explains each planned rotation in the preview, and bumps on a quarter change", async (t) => {
    await stack.ok(["up", "--yes", "--skip-preview"]);
    await stack.ok(["preview", "--expect-no-changes"]);

    const later = new Date(Date.now() + 91 * 24 * 60 * 60 * 1000).toISOString();
    const due = await stack.ok(["preview"], { env: { BRINGG_ROTATION_NOW: later } });
    t.log(due.stdout);
    t.regex(due.output, /dashboards-secret\s+update/);
    t.regex(due.output, /rotateAfter 90d has passed since the last rotation/);
    t.notRegex(due.output, /integration\s+update/, "the pair has no rotateAfter");

    await stack.setConfig("quarter", "2027-Q1");
    const bump = await stack.ok(["preview", "--diff"]);
    t.log(bump.stdout);
    t.regex(bump.output, /generating a new secret: trigger "quarter" changed/);
    t.regex(bump.output, /RotatingCredentials: bump 0 → 1: trigger "quarter" changed; regenerating the standby slot b/);

    const up = await stack.ok(["up", "--yes", "--skip-preview"]);
    t.regex(up.output, /2 updated/);
    const outputs = (await stack.outputs()) as Record<string, unknown>;
    t.is(outputs.integrationGeneration, 1);
    t.is(outputs.dashboardsClientSecret, "[secret]");
    t.is(outputs.integrationActive, "[secret]");
});
