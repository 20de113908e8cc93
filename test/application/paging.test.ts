/**
 * Lists never lie, through the real CLI: against a Bringg that pages its applications list 50 at a
 * time (a Link header over a bare array), a stack whose applications sit on page 3 refreshes with
 * none dropped once the API profile declares the paging; without the declaration, refresh fails
 * naming the sign and leaves the state as it was; `pulumi-bringg orphans` reads every page. And an
 * account without API create makes `up` say so once, with the way on.
 */
import test from "ava";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { demoCredentials, startEmulator } from "../../emulator/server";
import type { findOrphans } from "../../provider/tools/orphans";
import { startBringgStack } from "../helpers/bringg";
import { runPackageCli } from "../helpers/pulumi";

const program = `import * as bringg from "pulumi-bringg";
const apps = ["alpha", "beta", "gamma"].map((name) => new bringg.Application(name, { scopes: ["tasks_read"] }));
export const clientIds = apps.map((app) => app.clientId);
`;

test("120 applications over 3 pages of 50: refresh drops none with the paging declared, fails and changes nothing without it; orphans reads every page; no API create is said once", async (t) => {
    const dir = await mkdtemp(path.join(tmpdir(), "paging-"));
    // The API profile in the schema of provider/api/profile.ts.
    const profile = path.join(dir, "profile.json");
    await writeFile(profile, JSON.stringify({ operations: { listApplications: { pagination: { style: "link" } } } }));
    const emulator = await startEmulator({ port: 0, paging: { size: 50, style: "link" } });
    // Made out of band first, so that the program's three are the last of 120, on page 3.
    for (let i = 0; i < 117; i++) emulator.control.createApplication(demoCredentials.merchantId, { name: `ui-${i}`, scopes: ["tasks_read"] });
    const { stack, dispose } = await startBringgStack({ name: "paging", program, emulator, env: { BRINGG_API_PROFILE: profile } });
    try {
        await stack.ok(["up", "--yes", "--skip-preview"]);
        const before = await stack.exportState();
        const ids = before.deployment.deployment.resources?.filter((r) => r.type.endsWith("bringg:Application")).map((r) => Number(r.id)) ?? [];
        t.deepEqual(ids.length, 3);
        t.true(
            ids.every((id) => id > 100),
            "the program's applications are on page 3",
        );

        emulator.control.resetCounters();
        await stack.ok(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
        t.is(emulator.control.counters().byRoute.listApplications, 3, "one paged list of 3 pages serves the 3 reads");
        // Secrets shown: a save re-encrypts them with fresh nonces, which is no change.
        const resources = async () =>
            (JSON.parse((await stack.ok(["stack", "export", "--show-secrets"])).stdout) as typeof before.deployment).deployment.resources;
        const refreshed = await resources();

        // Without the declaration: the first page shows a Link rel="next"; refresh fails, naming it.
        const undeclared = await stack.run(["refresh", "--yes", "--skip-preview"], { env: { BRINGG_API_PROFILE: "" } });
        t.not(undeclared.code, 0);
        t.regex(undeclared.output, /returned one page of a longer list: the reply shows a Link header with rel="next"/);
        t.regex(undeclared.output, /declare pagination for listApplications in the API profile/);
        t.notRegex(undeclared.output, /\d+ deleted|removed from the stack/);
        t.deepEqual(await resources(), refreshed, "the state is unchanged");
        const after = await stack.exportState();
        await stack.ok(["preview", "--expect-no-changes"]);

        const file = path.join(dir, "stack.json");
        await writeFile(file, after.raw);
        const env = {
            PATH: process.env.PATH,
            BRINGG_ENDPOINT: emulator.url,
            BRINGG_USERNAME: demoCredentials.username,
            BRINGG_PASSWORD: demoCredentials.password,
        };
        const orphans = await runPackageCli(["orphans", "--stack-state", file, "--json"], { env: { ...env, BRINGG_API_PROFILE: profile } });
        t.is(orphans.code, 0, orphans.stderr);
        const report = JSON.parse(orphans.stdout) as ReturnType<typeof findOrphans>;
        t.is(report.applications, 120);
        t.is(report.managed, 3);
        t.is(report.orphans.length, 117);
        const short = await runPackageCli(["orphans", "--stack-state", file], { env });
        t.is(short.code, 1);
        t.regex(short.stderr, /one page of a longer list/);

        // An account without API create: `up` says so, with the way on, after one attempt.
        emulator.control.disableRoute("createApplication", 404);
        emulator.control.resetCounters();
        await stack.setProgram(program.replace('"gamma"]', '"gamma", "delta"]'));
        const refused = await stack.run(["up", "--yes", "--skip-preview"]);
        t.not(refused.code, 0);
        t.regex(refused.output, /this Bringg account does not offer createApplication through its API \(it answered 404; not retried\)/);
        t.regex(
            refused.output,
            /Fix: create the application in Bringg's web UI, Settings → Webhooks & API, then manage it with the Application's `adopt: \{ clientId \}`/,
        );
        t.is(emulator.control.counters().byRoute.createApplication, 1);
    } finally {
        await dispose();
        await rm(dir, { recursive: true, force: true });
    }
});
