/**
 * examples/ci-ttl-converge runs as written, with the commands its GitHub Actions workflow runs:
 * `pulumi up --yes` converges, `pulumi preview --refresh --expect-no-changes` passes, fails after a
 * change in Bringg's UI (the drift gate), and passes again after the next up.
 */
import test from "ava";
import { copyFile, readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { demoCredentials, type RunningEmulator } from "../../emulator/server";
import { BringgClient } from "../../provider/core/client";
import { repoRoot, type TestStack } from "../helpers/pulumi";
import { startBringgStack } from "../helpers/bringg";

const example = path.join(repoRoot, "examples", "ci-ttl-converge");
let emulator: RunningEmulator;
let stack: TestStack;
let dispose: (() => Promise<void>) | undefined;

test.before(async () => {
    ({ emulator, stack, dispose } = await startBringgStack({
        name: "ci-ttl-converge",
        program: await readFile(path.join(example, "index.ts"), "utf8"),
    }));
    await copyFile(path.join(example, "ttl-policy.yaml"), path.join(stack.dir, "ttl-policy.yaml"));
});

test.after.always(async () => {
    await dispose?.();
});

/** Every `run:` line of a job of the example's workflow. */
async function runs(job: string): Promise<string[]> {
    const workflow = parse(await readFile(path.join(example, ".github", "workflows", "bringg-ttl.yml"), "utf8"));
    return (workflow.jobs[job].steps as Array<{ run?: string }>).flatMap((step) => (step.run ? [step.run] : []));
}

/** A workflow command as the test runs it: no `--stack` (the test stack is selected). */
function args(command: string): string[] {
    return command
        .replace(/--stack "\$PULUMI_STACK"\s*/, "")
        .replace(/--non-interactive/, "")
        .split(/\s+/)
        .filter(Boolean)
        .slice(1);
}

test.serial("the workflow gates pull requests on preview --expect-no-changes and runs up --yes on main", async (t) => {
    const gate = (await runs("drift-gate")).find((line) => line.startsWith("pulumi preview"));
    t.regex(gate ?? "", /--expect-no-changes/);
    t.regex(gate ?? "", /--refresh/);
    const up = (await runs("converge")).find((line) => line.startsWith("pulumi up"));
    t.regex(up ?? "", /--yes/);
});

test.serial("the example converges, passes the drift gate, and the gate catches a change made in Bringg's UI", async (t) => {
    const gate = args((await runs("drift-gate")).find((line) => line.startsWith("pulumi preview"))!);
    const up = args((await runs("converge")).find((line) => line.startsWith("pulumi up"))!);

    await stack.ok(up);
    const outputs = (await stack.outputs()) as { scopeTtls: Record<string, number> };
    t.deepEqual(outputs.scopeTtls, { create_task: 600, get_open_tasks: 3600, tasks_read: 7200, tasks_write: 900, teams_write: 1200, users_read: 7200 });
    await stack.ok(gate);

    emulator.control.setScopeTtl(demoCredentials.merchantId, "tasks_write", 3600);
    const drifted = await stack.run(gate);
    t.log(drifted.stdout);
    t.not(drifted.code, 0, "the drift gate fails");
    t.regex(drifted.output, /tasks_write/);

    emulator.control.resetCounters();
    await stack.ok(up);
    t.is(emulator.control.counters().byRoute.setScopeTtls, 1);
    const client = new BringgClient({ settings: { baseUrl: emulator.url, ...demoCredentials } });
    t.is((await client.listScopes()).find((s) => s.name === "tasks_write")!.ttl, 900);
    await stack.ok(gate);
});
