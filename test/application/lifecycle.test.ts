/**
 * The Application resource through the real Pulumi CLI against the emulator: create, no-op
 * preview, in-place toggle, replacement, drift after out-of-band changes, destroy, and what the
 * state and CLI output reveal; then the same stack against an account served in another shape
 * (an API profile). One stack, steps in order.
 */
import test from "ava";
import { copyFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { demoCredentials, startEmulator, type RunningEmulator } from "../../emulator/server";
import { BringgClient } from "../../provider/core/client";
import { loadApiProfile } from "../../provider/core/profile-file";
import type { DoctorReport } from "../../provider/tools/doctor";
import { repoRoot, resourcesOfType, runPackageCli, type CommandResult, type TestStack } from "../helpers/pulumi";
import { startBringgStack } from "../helpers/bringg";

let emulator: RunningEmulator;
/** The account served in another shape (test/fixtures/api-profiles/moved.yaml), for the last steps. */
let profiled: RunningEmulator | undefined;
let stack: TestStack;
let dispose: (() => Promise<void>) | undefined;
/** Every CLI output of the test, except commands run with --show-secrets. */
const transcript: string[] = [];
/** Every client secret the stack ever had. */
const secrets = new Set<string>();

function program(args: { scopes: string[]; enabled: boolean }): string {
    return `
import * as bringg from "pulumi-bringg";
const app = new bringg.Application("dashboards", ${JSON.stringify(args)});
export const applicationId = app.applicationId;
export const clientId = app.clientId;
export const clientSecret = app.clientSecret;
export const scopes = app.scopes;
export const enabled = app.enabled;
`;
}

async function cli(args: string[]): Promise<CommandResult> {
    const result = await stack.ok(args);
    transcript.push(result.output);
    return result;
}

async function outputs(): Promise<{ applicationId: number; clientId: string; clientSecret: string; scopes: string[]; enabled: boolean }> {
    const values = (await stack.outputs({ showSecrets: true })) as Awaited<ReturnType<typeof outputs>>;
    if (typeof values.clientSecret === "string") secrets.add(values.clientSecret);
    return values;
}

function client(): BringgClient {
    return new BringgClient({ settings: { baseUrl: emulator.url, ...demoCredentials } });
}

test.before(async () => {
    ({ emulator, stack, dispose } = await startBringgStack({
        name: "app-lifecycle",
        program: program({ scopes: ["tasks_read", "users_read"], enabled: true }),
    }));
});

test.after.always(async () => {
    await dispose?.();
    await profiled?.stop();
});

test.serial("up creates an enabled application whose client secret obtains a token the protected endpoint accepts", async (t) => {
    const up = await cli(["up", "--yes"]);
    t.regex(up.output, /\+ 2 created/);
    const counters = emulator.control.counters().byRoute;
    t.is(counters.createApplication, 1);
    t.is(counters.enableApplication, 1);

    const out = await outputs();
    t.true(out.enabled);
    t.deepEqual(out.scopes, ["tasks_read", "users_read"]);
    const [app] = await client().listApplications();
    t.is(app?.client_id, out.clientId);
    t.true(app?.enabled);

    const token = await client().requestToken({ clientId: out.clientId, clientSecret: out.clientSecret });
    t.deepEqual(await client().getOpenTasks(token.access_token), { success: true, tasks: [] });
});

test.serial("preview after up shows no changes and makes no call to Bringg", async (t) => {
    emulator.control.resetCounters();
    await cli(["preview", "--expect-no-changes", "--diff"]);
    t.is(emulator.control.counters().total, 0);
});

test.serial("reordering and repeating scopes changes nothing", async (t) => {
    await stack.setProgram(program({ scopes: ["users_read", "tasks_read", "users_read"], enabled: true }));
    emulator.control.resetCounters();
    await cli(["preview", "--expect-no-changes"]);
    const up = await cli(["up", "--yes", "--skip-preview"]);
    t.regex(up.output, /2 unchanged/);
    t.is(emulator.control.counters().total, 0);
});

test.serial("toggling enabled updates the application in place with the disable call", async (t) => {
    const before = await outputs();
    await stack.setProgram(program({ scopes: ["tasks_read", "users_read"], enabled: false }));
    emulator.control.resetCounters();
    const up = await cli(["up", "--yes"]);
    t.regex(up.output, /~ 1 updated/);
    t.deepEqual(emulator.control.counters().byRoute, { disableApplication: 1 });
    const after = await outputs();
    t.is(after.applicationId, before.applicationId);
    t.is(after.clientSecret, before.clientSecret, "an update keeps the secret");
    t.false(after.enabled);
    t.false((await client().findApplication({ clientId: after.clientId }))?.enabled);
});

test.serial("changing scopes replaces the application: a new one is created, then the old one deleted", async (t) => {
    const before = await outputs();
    await stack.setProgram(program({ scopes: ["tasks_read"], enabled: true }));
    emulator.control.resetCounters();
    const preview = await cli(["preview"]);
    t.regex(preview.output, /\+-\s*1 to replace/);
    t.deepEqual(emulator.control.counters().byRoute, { listScopes: 1 }, "preview only checks the new scopes against the catalog");
    const up = await cli(["up", "--yes", "--skip-preview"]);
    t.regex(up.output, /\+-\s*1 replaced/);
    const counters = emulator.control.counters().byRoute;
    t.is(counters.createApplication, 1);
    t.is(counters.deleteApplication, 1);
    const after = await outputs();
    t.not(after.applicationId, before.applicationId);
    t.not(after.clientSecret, before.clientSecret);
    const apps = await client().listApplications();
    t.deepEqual(
        apps.map((a) => a.client_id),
        [after.clientId],
        "only the new application is left",
    );
});

test.serial("an application disabled in Bringg's UI is seen by refresh and enabled again by up", async (t) => {
    const { clientId } = await outputs();
    emulator.control.setEnabled(demoCredentials.merchantId, clientId, false);
    emulator.control.resetCounters();
    const refresh = await cli(["refresh", "--yes", "--skip-preview"]);
    t.regex(refresh.output, /was disabled outside Pulumi/);
    t.deepEqual(emulator.control.counters().byRoute, { listApplications: 1 });
    const { deployment } = await stack.exportState();
    t.false(resourcesOfType(deployment, "bringg:Application")[0]!.outputs!.enabled, "refresh recorded the drift");

    const up = await cli(["up", "--yes", "--skip-preview"]);
    t.regex(up.output, /~ 1 updated/);
    t.true((await client().findApplication({ clientId }))?.enabled);
    await cli(["preview", "--expect-no-changes"]);
});

test.serial("an application deleted in Bringg's UI is dropped by refresh with a warning naming it, and up creates it again", async (t) => {
    const { clientId } = await outputs();
    emulator.control.deleteApplication(demoCredentials.merchantId, clientId);
    const refresh = await cli(["refresh", "--yes", "--skip-preview"]);
    t.regex(
        refresh.output,
        /application "dashboards-[0-9a-f]{7}" \(id \d+, client id [\w-]+\) no longer exists in Bringg \(deleted outside Pulumi\); it is removed from the stack/,
    );
    t.regex(refresh.output, /- 1 deleted/);

    emulator.control.resetCounters();
    const up = await cli(["up", "--yes", "--skip-preview"]);
    t.regex(up.output, /\+ 1 created/);
    t.is(emulator.control.counters().byRoute.createApplication, 1);
    const after = await outputs();
    t.not(after.clientId, clientId);
    t.true((await client().findApplication({ clientId: after.clientId }))?.enabled);
});

test.serial("neither the state nor any CLI output contains a client secret or the admin password", async (t) => {
    const { raw, deployment } = await stack.exportState();
    transcript.push(raw);
    transcript.push((await stack.ok(["stack", "output"])).output);
    transcript.push((await stack.ok(["config"])).output);
    t.true(secrets.size >= 3, "secrets of the first, replaced and recreated applications were collected");
    for (const text of transcript) {
        for (const secret of secrets) t.false(text.includes(secret), "a client secret leaked");
        t.false(text.includes(demoCredentials.password), "the admin password leaked");
    }
    const [app] = resourcesOfType(deployment, "bringg:Application");
    const stored = app!.outputs!.clientSecret as Record<string, unknown>;
    t.is(stored["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270", "clientSecret is stored as a secret");
    t.regex(transcript.join("\n"), /clientSecret\s*:\s*\[secret\]/);
});

test.serial("the serialized provider is small and the state per application is measured", async (t) => {
    const { deployment } = await stack.exportState();
    const [app] = resourcesOfType(deployment, "bringg:Application");
    const provider = String(app!.outputs!.__provider);
    t.true(provider.includes("pulumi-bringg/provider/application/provider"), "implementation loaded by package name");
    t.false(/zod|got|password|baseUrl/.test(provider), "no schema, client or settings captured");
    const stateBytes = Buffer.byteLength(JSON.stringify(app));
    t.log(`__provider: ${provider.length} bytes per resource (stored twice: inputs and outputs)`);
    t.log(`state per application: ${stateBytes} bytes, of which ${stateBytes - 2 * provider.length} without __provider`);
    t.log(`outputs: ${Object.keys(app!.outputs!).sort().join(", ")}`);
    t.true(provider.length < 4_000);
});

test.serial("destroy deletes the application in Bringg", async (t) => {
    await cli(["destroy", "--yes", "--skip-preview"]);
    t.deepEqual(await client().listApplications(), []);
});

test.serial(
    "an account in another shape, its list paged: the doctor and preview name the mismatch with the built-in table and the profile key; a bad profile fails both with file:line:col and no call; with the matching profile the doctor passes and up, preview, refresh and destroy work",
    async (t) => {
        const fixtures = path.join(repoRoot, "test", "fixtures", "api-profiles");
        // Two applications a page: with the ones made outside Pulumi below, the program's is on page 3.
        profiled = await startEmulator({ port: 0, ui: false, apiProfile: path.join(fixtures, "moved.yaml"), paging: { size: 2, style: "cursor" } });
        for (const name of ["ui-made-1", "ui-made-2", "ui-made-3", "ui-made-4"]) {
            profiled.control.createApplication(demoCredentials.merchantId, { name, scopes: ["tasks_read"] });
        }
        // The doctor reads the stack's config in the project folder, as the provider does: no BRINGG_* variable.
        const doctorEnv = Object.fromEntries(Object.entries(stack.env).filter(([key]) => !key.startsWith("BRINGG_")));
        const doctor = async () => {
            const run = await runPackageCli(["doctor", "--json"], { cwd: stack.dir, env: doctorEnv });
            transcript.push(run.output);
            return { code: run.code, output: run.output, report: run.stdout.trim() ? (JSON.parse(run.stdout) as DoctorReport) : undefined };
        };
        // Relative names are resolved against the project folder.
        await copyFile(path.join(fixtures, "moved.yaml"), path.join(stack.dir, "bringg-profile.yaml"));
        await copyFile(path.join(fixtures, "bad.yaml"), path.join(stack.dir, "bad-profile.yaml"));
        await stack.setConfig("bringg:endpoint", profiled.url);

        profiled.control.resetCounters();
        const builtInDoctor = await doctor();
        t.is(builtInDoctor.code, 1, builtInDoctor.output);
        t.regex(builtInDoctor.output, /GET \/oauth\/applications answered 404/);
        t.is(builtInDoctor.report?.steps.find((step) => step.id === "settings")?.data?.endpoint, profiled.url, "the report's texts are redacted one by one");
        t.regex(builtInDoctor.output, /bringg:apiProfile/);
        t.deepEqual(
            Object.keys(profiled.control.counters().byRoute).filter((route) => !route.startsWith("list")),
            [],
            "the doctor only reads",
        );

        const builtIn = await stack.run(["preview"]);
        t.not(builtIn.code, 0);
        t.regex(builtIn.output, /GET \/oauth\/scopes returned 404/);
        t.regex(builtIn.output, /the built-in route table \(no API profile is set/);
        t.regex(builtIn.output, /name it in bringg:apiProfile/);

        await stack.setConfig("bringg:apiProfile", "bad-profile.yaml");
        profiled.control.resetCounters();
        const bad = await stack.run(["preview"]);
        t.not(bad.code, 0);
        t.regex(bad.output, /bad-profile\.yaml:3:3: operations\.listApplicationz: not an operation/);
        t.regex(bad.output, /bad-profile\.yaml:6:11: operations\.enableApplication\.path: needs \{id\}/);
        t.regex(bad.output, /bad-profile\.yaml:12:14: operations\.listApplications\.pagination\.style: not a pagination style/);
        const badDoctor = await doctor();
        t.is(badDoctor.code, 1, badDoctor.output);
        t.regex(badDoctor.output, /bad-profile\.yaml:3:3: operations\.listApplicationz: not an operation/);
        t.is(profiled.control.counters().total, 0, "a bad profile costs no Bringg call");

        // A file that is not YAML at all: the syntax error at its position, in preview and the doctor alike.
        await writeFile(path.join(stack.dir, "broken-profile.yaml"), "operations:\n  listApplications:\n    path: [/apps\n");
        await stack.setConfig("bringg:apiProfile", "broken-profile.yaml");
        const broken = await stack.run(["preview"]);
        t.not(broken.code, 0);
        t.regex(broken.output, /broken-profile\.yaml:\d+:\d+: YAML syntax/);
        const brokenDoctor = await doctor();
        t.is(brokenDoctor.code, 1, brokenDoctor.output);
        t.regex(brokenDoctor.output, /broken-profile\.yaml:\d+:\d+: YAML syntax/);
        t.is(profiled.control.counters().total, 0, "a broken profile costs no Bringg call either");

        await stack.setConfig("bringg:apiProfile", "bringg-profile.yaml");
        const loaded = loadApiProfile(path.join(fixtures, "moved.yaml"));
        const shaped = new BringgClient({ settings: { baseUrl: profiled.url, ...demoCredentials, ...(loaded.ok ? { apiProfile: loaded.profile } : {}) } });
        const goodDoctor = await doctor();
        t.is(goodDoctor.code, 0, goodDoctor.output);
        t.is(goodDoctor.report?.verdict, "ok");
        await cli(["up", "--yes", "--skip-preview"]);
        const out = await outputs();
        t.like(await shaped.findApplication({ clientId: out.clientId }), { id: out.applicationId, enabled: out.enabled });
        await cli(["preview", "--expect-no-changes"]);
        t.true((profiled.control.counters().byRoute.createApplication ?? 0) >= 1, "created through the profile's route");
        profiled.control.resetCounters();
        const refresh = await cli(["refresh", "--yes", "--skip-preview"]);
        t.notRegex(refresh.output, /deleted/);
        t.is(profiled.control.counters().byRoute.listApplications, 3, "five applications, two a page: every page read");
        await cli(["destroy", "--yes", "--skip-preview"]);
        t.deepEqual(
            (await shaped.listApplications({ fresh: true })).map((app) => app.name),
            ["ui-made-1", "ui-made-2", "ui-made-3", "ui-made-4"],
            "the program's application deleted; the ones made outside Pulumi left alone",
        );
    },
);
