/**
 * `pulumi-bringg doctor` in a Pulumi project, through the real CLIs: it reads the stack's `bringg:*`
 * config (`pulumi config --json --show-secrets`, a secret password and a named account included)
 * as the provider would, and writes nothing.
 */
import test from "ava";
import { demoCredentials } from "../../emulator/server";
import type { DoctorReport } from "../../provider/tools/doctor";
import { startBringgStack } from "../helpers/bringg";
import { runPackageCli } from "../helpers/pulumi";

test("in the project folder the doctor reads the stack's config (--stack, --account), secret password included, and writes nothing", async (t) => {
    const { emulator, stack, dispose } = await startBringgStack({ name: "doctor", program: "export {};\n" });
    try {
        await stack.ok(["config", "set", "--path", "bringg:accounts.eu.endpoint", emulator.url]);
        await stack.ok(["config", "set", "--path", "bringg:accounts.eu.username", demoCredentials.username]);
        await stack.ok(["config", "set", "--secret", "--path", "bringg:accounts.eu.password", "eu-wrong-password-77"]);
        // Only the stack's config: no BRINGG_* variable may help.
        const env = Object.fromEntries(Object.entries(stack.env).filter(([key]) => !key.startsWith("BRINGG_")));
        emulator.control.resetCounters();

        const healthy = await runPackageCli(["doctor", "--json", "--stack", stack.stackName], { cwd: stack.dir, env });
        t.is(healthy.code, 0, healthy.output);
        const report = JSON.parse(healthy.stdout) as DoctorReport;
        t.is(report.verdict, "ok");
        t.regex(report.configSource, new RegExp(`stack "${stack.stackName}" of the Pulumi project`));
        t.regex(report.steps[0]!.summary, /named accounts: eu/);

        const eu = await runPackageCli(["doctor", "--account", "eu"], { cwd: stack.dir, env });
        t.is(eu.code, 1, eu.output);
        t.regex(eu.stdout, /fail {2}auth/);
        t.regex(eu.stdout, /bringg:accounts\.eu\.password/);
        t.false(eu.output.includes("eu-wrong-password-77"));
        t.false(healthy.output.includes(demoCredentials.password));

        const { byRoute, total } = emulator.control.counters();
        t.deepEqual(byRoute, { listApplications: 2, listScopes: 1 }, `${total} calls`);
    } finally {
        await dispose();
    }
});
