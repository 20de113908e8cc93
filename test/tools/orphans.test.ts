/**
 * `pulumi-bringg orphans`: the logic (provider/tools/orphans.ts) on exports shaped like the CLI's,
 * and the command against the emulator with a real `pulumi stack export`.
 */
import test from "ava";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { demoCredentials, startEmulator, type RunningEmulator } from "../../emulator/server";
import { BringgClient } from "../../provider/core/client";
import { findOrphans, formatOrphans, referencesIn } from "../../provider/tools/orphans";
import { startBringgStack } from "../helpers/bringg";
import { runPackageCli } from "../helpers/pulumi";

const appType = "pulumi-nodejs:dynamic/bringg:Application";
const rotationType = "pulumi-nodejs:dynamic/bringg:SecretRotation";
const urn = (type: string, name: string) => `urn:pulumi:dev::shop::${type}::${name}`;

function exportOf(resources: unknown[], pending: unknown[] = []): string {
    return JSON.stringify({ version: 3, deployment: { manifest: {}, resources, pending_operations: pending } });
}

async function emulatorWithApps(names: string[]) {
    const emulator = await startEmulator({ port: 0 });
    const apps = names.map((name) => emulator.control.createApplication(demoCredentials.merchantId, { name, scopes: ["tasks_read"] }));
    const client = new BringgClient({ settings: { baseUrl: emulator.url, ...demoCredentials } });
    return { emulator, apps, client };
}

test("an application that no exported resource references is an orphan; one an Application resource holds is not", async (t) => {
    const { emulator, apps, client } = await emulatorWithApps(["billing", "billing"]);
    try {
        const text = exportOf([
            { urn: urn(appType, "billing"), type: appType, id: String(apps[0]!.id), outputs: { clientId: apps[0]!.client_id, name: "billing" } },
        ]);
        const report = findOrphans(await client.listApplications(), [referencesIn(text, "dev.json")]);
        t.is(report.applications, 2);
        t.is(report.managed, 1);
        t.deepEqual(
            report.orphans.map((o) => o.clientId),
            [apps[1]!.client_id],
        );
    } finally {
        await emulator.stop();
    }
});

test("an adopted client id and a SecretRotation's client id count as references, except in application-only mode", async (t) => {
    const { emulator, apps, client } = await emulatorWithApps(["made-in-ui", "rotated-elsewhere"]);
    try {
        const text = exportOf([
            { urn: urn(appType, "ui"), type: appType, id: String(apps[0]!.id), inputs: { adopt: { clientId: apps[0]!.client_id } }, outputs: {} },
            { urn: urn(rotationType, "rot"), type: rotationType, id: "r1", outputs: { clientId: apps[1]!.client_id } },
        ]);
        const listed = await client.listApplications();
        t.is(findOrphans(listed, [referencesIn(text, "a.json")]).orphans.length, 0);
        t.deepEqual(
            findOrphans(listed, [referencesIn(text, "a.json")], "application").orphans.map((o) => o.name),
            ["rotated-elsewhere"],
        );
    } finally {
        await emulator.stop();
    }
});

test("several exports together: an application referenced by any of them is managed", async (t) => {
    const { emulator, apps, client } = await emulatorWithApps(["one", "two", "three"]);
    try {
        const exports = apps
            .slice(0, 2)
            .map((app, i) =>
                referencesIn(
                    exportOf([{ urn: urn(appType, app.name), type: appType, id: String(app.id), outputs: { clientId: app.client_id } }]),
                    `s${i}.json`,
                ),
            );
        t.deepEqual(
            findOrphans(await client.listApplications(), exports).orphans.map((o) => o.name),
            ["three"],
        );
    } finally {
        await emulator.stop();
    }
});

test("an application that a recovered pending create (pulumi-bringg recover) will take over is attributed to it", async (t) => {
    const { emulator, client } = await emulatorWithApps(["dashboards-9f8e7d6"]);
    try {
        const text = exportOf([
            {
                urn: urn(appType, "dashboards"),
                type: appType,
                id: "pending:dashboards-9f8e7d6",
                outputs: { applicationId: 0, clientId: "", pendingCreate: { name: "dashboards-9f8e7d6", scopes: ["tasks_read"], existing: [] } },
            },
        ]);
        const report = findOrphans(await client.listApplications(), [referencesIn(text, "dev.json")]);
        t.deepEqual(
            report.orphans.map((o) => o.pendingCreates.map((p) => p.urn)),
            [[urn(appType, "dashboards")]],
        );
    } finally {
        await emulator.stop();
    }
});

test("an orphan named like a pending create is attributed to the interrupted create, and the text says how to recover", async (t) => {
    const { emulator, client } = await emulatorWithApps(["dashboards"]);
    try {
        const text = exportOf([], [{ type: "creating", resource: { urn: urn(appType, "dashboards"), type: appType, inputs: { name: "dashboards" } } }]);
        const report = findOrphans(await client.listApplications(), [referencesIn(text, "dev.json")]);
        t.is(report.orphans[0]?.pendingCreates[0]?.urn, urn(appType, "dashboards"));
        const printed = formatOrphans(report, ["dev.json"]);
        t.regex(printed, /1 of 1 application\(s\) in Bringg are referenced by no resource in dev\.json/);
        t.regex(printed, /probably made by the interrupted create of urn:pulumi:dev::shop::pulumi-nodejs:dynamic\/bringg:Application::dashboards/);
        t.regex(printed, /npx pulumi-bringg recover/);
    } finally {
        await emulator.stop();
    }
});

test("a client id in an export made with --show-secrets is read through its secret wrapper", (t) => {
    const wrapped = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: JSON.stringify("abc") };
    const refs = referencesIn(exportOf([{ urn: urn(appType, "x"), type: appType, id: "7", outputs: { clientId: wrapped } }]), "s.json");
    t.deepEqual(
        refs.references.map((r) => [r.clientId, r.applicationId]),
        [["abc", 7]],
    );
});

test("text that is not a stack export is refused with what to give instead", (t) => {
    t.throws(() => referencesIn("not json", "x.json"), { message: /x\.json is not JSON .*pulumi stack export/ });
    t.throws(() => referencesIn("{}", "y.json"), { message: /y\.json has no "deployment": give the output of `pulumi stack export`/ });
});

function bringgEnv(emulator: RunningEmulator): NodeJS.ProcessEnv {
    return {
        PATH: process.env.PATH,
        BRINGG_ENDPOINT: emulator.url,
        BRINGG_USERNAME: demoCredentials.username,
        BRINGG_PASSWORD: demoCredentials.password,
    };
}

test("the command needs an export and Bringg settings, and says which are missing", async (t) => {
    const none = await runPackageCli(["orphans"], { env: { PATH: process.env.PATH } });
    t.is(none.code, 2);
    t.regex(none.stderr, /give at least one --stack-state <file>/);
    const dir = await mkdtemp(path.join(tmpdir(), "orphans-"));
    try {
        await writeFile(path.join(dir, "s.json"), exportOf([]));
        const unset = await runPackageCli(["orphans", "--stack-state", path.join(dir, "s.json")], { env: { PATH: process.env.PATH } });
        t.is(unset.code, 1);
        t.regex(unset.stderr, /BRINGG_USERNAME/);
        t.regex(unset.stderr, /BRINGG_PASSWORD/);
    } finally {
        await rm(dir, { recursive: true, force: true });
    }
});

test("pulumi-bringg orphans lists the application planted next to a real stack's, and only it (text and --json)", async (t) => {
    const { emulator, stack, dispose } = await startBringgStack({
        name: "orphans",
        program: `import * as bringg from "pulumi-bringg";\nexport const clientId = new bringg.Application("kept", { scopes: ["tasks_read"] }).clientId;\n`,
    });
    const dir = await mkdtemp(path.join(tmpdir(), "orphans-"));
    try {
        await stack.ok(["up", "--yes", "--skip-preview"]);
        const planted = emulator.control.createApplication(demoCredentials.merchantId, { name: "kept", scopes: ["tasks_read"] });
        const file = path.join(dir, "stack.json");
        await writeFile(file, (await stack.exportState()).raw);

        const text = await runPackageCli(["orphans", "--stack-state", file], { env: bringgEnv(emulator) });
        t.is(text.code, 0, text.stderr);
        t.regex(text.stdout, new RegExp(`1 of 2 application\\(s\\) .*\\n\\n  id ${planted.id}  client_id ${planted.client_id}  "kept" \\(disabled`));
        t.false(text.stdout.includes(demoCredentials.password));

        const json = await runPackageCli(["orphans", "--stack-state", file, "--json"], { env: bringgEnv(emulator) });
        const report = JSON.parse(json.stdout) as ReturnType<typeof findOrphans>;
        t.deepEqual(
            report.orphans.map((o) => o.applicationId),
            [planted.id],
        );
        t.is(report.managed, 1);
    } finally {
        await rm(dir, { recursive: true, force: true });
        await dispose();
    }
});
