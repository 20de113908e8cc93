/**
 * `pulumi-bringg doctor` (provider/tools/doctor.ts): the read-only first contact, against the
 * emulator and, for replies the emulator never gives (another shape, paged lists), a small local
 * server. Every test checks that nothing secret is printed; the emulator ones that nothing was
 * written.
 */
import test from "ava";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { demoCredentials, startEmulator, type RunningEmulator } from "../../emulator/server";
import { matchRoute, recording, recordingLeaks } from "../../provider/api/recording";
import type { RouteName } from "../../provider/api/routes";
import { BringgClient } from "../../provider/core/client";
import { ExchangeLog } from "../../provider/tools/doctor-record";
import { doctorExitCode, formatDoctorReport, parseClientCredentials, runDoctor, type DoctorReport } from "../../provider/tools/doctor";
import { pagingSigns, shapeIssues } from "../../provider/tools/doctor-shape";
import { applicationList, scopeCatalog } from "../../provider/api/wire";

const cli = path.join(__dirname, "..", "..", "provider", "tools", "cli.js");

/** Every route that changes something in Bringg (the OAuth token route issues a token, and is read-only for the account's settings). */
const writeRoutes: RouteName[] = [
    "createApplication",
    "updateApplication",
    "enableApplication",
    "disableApplication",
    "regenerateSecret",
    "deleteApplication",
    "setScopeTtls",
    "revoke",
];

function envFor(url: string, password: string = demoCredentials.password): NodeJS.ProcessEnv {
    return { BRINGG_ENDPOINT: url, BRINGG_USERNAME: demoCredentials.username, BRINGG_PASSWORD: password };
}

function writesSeen(emulator: RunningEmulator): Partial<Record<RouteName, number>> {
    const { byRoute } = emulator.control.counters();
    return Object.fromEntries(writeRoutes.filter((route) => (byRoute[route] ?? 0) > 0).map((route) => [route, byRoute[route]]));
}

/** An enabled application with its secret, made as the web UI makes them. */
async function emulatorWithApp() {
    const emulator = await startEmulator({ port: 0 });
    const app = emulator.control.createApplication(demoCredentials.merchantId, { name: "billing-exports", scopes: ["tasks_read"] });
    emulator.control.setEnabled(demoCredentials.merchantId, app.client_id, true);
    emulator.control.resetCounters();
    return { emulator, app };
}

function step(report: DoctorReport, id: string) {
    const found = report.steps.find((s) => s.id === id);
    if (!found) throw new Error(`no step ${id} in ${report.steps.map((s) => s.id).join(", ")}`);
    return found;
}

/** A local server that answers each path with a fixed reply, and counts what it was sent. */
async function fixedServer(replies: Record<string, { headers?: Record<string, string>; body: unknown }>) {
    const seen: string[] = [];
    const server = createServer((req: IncomingMessage, res) => {
        const pathname = (req.url ?? "/").split("?")[0]!;
        seen.push(`${req.method} ${pathname}`);
        const reply = replies[pathname];
        res.writeHead(reply ? 200 : 404, { "content-type": "application/json", ...reply?.headers });
        res.end(JSON.stringify(reply ? reply.body : { title: "not found" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url, seen, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const listed = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
        id: i + 1,
        name: `app ${i}`,
        client_id: `c${i}`,
        scopes: ["tasks_read"],
        enabled: true,
        created_at: "2025-01-01T00:00:00Z",
    }));
const scopes = [{ name: "tasks_read", default_ttl: 14400, ttl: 14400 }];

test("a healthy account: every step is ok, token steps included, and the emulator saw zero writes", async (t) => {
    const { emulator, app } = await emulatorWithApp();
    try {
        const report = await runDoctor({ env: envFor(emulator.url), clientCredentials: { clientId: app.client_id, clientSecret: app.client_secret } });
        t.deepEqual(
            report.steps.filter((s) => s.verdict !== "ok").map((s) => `${s.id}: ${s.summary}`),
            [],
        );
        t.is(report.verdict, "ok");
        t.is(doctorExitCode(report), 0);
        t.deepEqual(
            report.steps.map((s) => s.id),
            [
                "settings",
                "dns",
                "tls",
                "auth",
                "route:listApplications",
                "shape:listApplications",
                "paging:listApplications",
                "route:listScopes",
                "shape:listScopes",
                "paging:listScopes",
                "route:token",
                "shape:token",
                "route:tokenInfo",
                "shape:tokenInfo",
                "route:introspect",
                "shape:introspect",
            ],
        );
        t.like(step(report, "route:tokenInfo").data, { scopes: ["tasks_read"], sameClient: true });
        t.like(step(report, "route:introspect").data, { active: true, scopes: ["tasks_read"] });
        t.deepEqual(writesSeen(emulator), {});
        const text = formatDoctorReport(report) + JSON.stringify(report);
        t.false(text.includes(app.client_secret));
        t.false(text.includes(demoCredentials.password));
        t.notRegex(text, /eyJ[\w-]+\.[\w-]+\.[\w-]+/, "no token");
    } finally {
        await emulator.stop();
    }
});

test("through the built CLI: `doctor --json --client-credentials - --record DIR` exits 0, its JSON parses, and the recordings hold no secret and stable placeholders", async (t) => {
    const { emulator, app } = await emulatorWithApp();
    const dir = mkdtempSync(path.join(tmpdir(), "doctor-record-"));
    const cwd = mkdtempSync(path.join(tmpdir(), "doctor-cwd-"));
    try {
        const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...envFor(emulator.url) };
        const recordDir = path.join(dir, "rec");
        // spawnSync would block the emulator, which runs in this process: run the CLI asynchronously.
        const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
            const child = spawn(process.execPath, [cli, "doctor", "--json", "--client-credentials", "-", "--record", recordDir], { cwd, env });
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (chunk) => {
                stdout += chunk;
            });
            child.stderr.on("data", (chunk) => {
                stderr += chunk;
            });
            child.on("close", (status) => resolve({ status, stdout, stderr }));
            child.stdin.end(JSON.stringify({ clientId: app.client_id, clientSecret: app.client_secret }));
        });
        t.is(run.status, 0, run.stderr + run.stdout);
        const report = JSON.parse(run.stdout) as DoctorReport;
        t.is(report.verdict, "ok");
        t.is(step(report, "settings").verdict, "ok");
        t.regex(step(report, "settings").summary, /environment only/);
        t.deepEqual(writesSeen(emulator), {});

        // The token this test obtains with the same credentials (the doctor's own is another one).
        const own = await new BringgClient({ settings: { baseUrl: emulator.url, ...demoCredentials } }).requestToken({
            clientId: app.client_id,
            clientSecret: app.client_secret,
        });
        const files = readdirSync(recordDir).sort();
        t.deepEqual(files, ["001-listApplications.json", "002-listScopes.json", "003-token.json", "004-tokenInfo.json", "005-introspect.json"]);
        const text = files.map((f) => readFileSync(path.join(recordDir, f), "utf8")).join("\n");
        const basic = Buffer.from(`${demoCredentials.username}:${demoCredentials.password}`).toString("base64");
        for (const secret of [
            demoCredentials.password,
            basic,
            app.client_secret,
            own.access_token,
            app.client_id,
            "billing-exports",
            demoCredentials.username,
        ]) {
            t.false(text.includes(secret), `a recording holds ${secret.slice(0, 4)}...`);
        }
        t.notRegex(text, /eyJ[\w-]+\.[\w-]+\.[\w-]+/, "no token of any kind");
        t.false(text.includes(emulator.url), "the endpoint is a placeholder");
        const read = (file: string) => JSON.parse(readFileSync(path.join(recordDir, file), "utf8"));
        const list = read("001-listApplications.json");
        t.like(list, {
            version: 1,
            operation: "listApplications",
            request: { method: "GET", path: "/oauth/applications", headers: { authorization: "<redacted>" } },
        });
        t.like(list.response.body[0], { id: 1, name: "<name 1>", client_id: "<client_id 1>", scopes: ["tasks_read"] });
        const token = read("003-token.json");
        t.like(token.request.body, { grant_type: "client_credentials", client_id: "<client_id 1>", client_secret: "<redacted>" });
        t.is(token.response.body.access_token, "<redacted>");
        t.is(read("004-tokenInfo.json").response.body.application.uid, "<client_id 1>", "the same client id, the same placeholder");
        t.like(read("005-introspect.json"), {
            request: { body: { token: "<redacted>", client_id: "<client_id 1>" } },
            response: { body: { client_id: "<client_id 1>" } },
        });
        // Each file is a recording of provider/api/recording.ts that replays as test/contract/replay.test.ts replays one.
        for (const file of files) {
            const parsed = recording.parse(read(file));
            t.deepEqual(recordingLeaks(parsed), [], file);
            const route = matchRoute(parsed.request, parsed.operation)!.route;
            t.is(matchRoute(parsed.request)?.name, parsed.operation as RouteName, file);
            if (route.request && parsed.request.body !== undefined) t.true(route.request.safeParse(parsed.request.body).success, file);
            t.true(route.response!.safeParse(parsed.response.body).success, `${file}: the reply still parses with the client's schema`);
        }
    } finally {
        rmSync(dir, { recursive: true, force: true });
        rmSync(cwd, { recursive: true, force: true });
        await emulator.stop();
    }
});

test("a wrong password: the auth step fails with the fix naming the keys, the password appears nowhere, the exit status is 1", async (t) => {
    const { emulator } = await emulatorWithApp();
    try {
        const wrong = "not-the-password-8c1f";
        const report = await runDoctor({ env: envFor(emulator.url, wrong) });
        const auth = step(report, "auth");
        t.is(auth.verdict, "fail");
        t.regex(auth.summary, /refused the username and password/);
        t.regex(auth.fix ?? "", /bringg:password/);
        t.regex(auth.fix ?? "", /BRINGG_PASSWORD/);
        t.is(step(report, "route:listApplications").verdict, "skip");
        t.is(doctorExitCode(report), 1);
        t.false(formatDoctorReport(report).includes(wrong));
        t.false(JSON.stringify(report).includes(wrong));
        t.deepEqual(writesSeen(emulator), {});
    } finally {
        await emulator.stop();
    }
});

test("a reply of another shape: the shape step names the path, the expected and the got type, and never a value", async (t) => {
    const marker = "VALUE-MARKER-4e2a";
    const server = await fixedServer({
        "/oauth/applications": { body: [{ ...listed(1)[0], enabled: marker }] },
        "/oauth/scopes": { body: { data: scopes } },
    });
    try {
        const report = await runDoctor({ env: envFor(server.url), retryLimit: 0 });
        const apps = step(report, "shape:listApplications");
        t.is(apps.verdict, "fail");
        t.deepEqual(apps.details, ["[0].enabled: expected boolean, got string"]);
        t.deepEqual(apps.data?.issues, [{ path: "[0].enabled", expected: "boolean", got: "string" }]);
        t.regex(apps.fix ?? "", /API profile/);
        t.deepEqual(step(report, "shape:listScopes").details, ["scopes: expected array, got missing"]);
        t.is(step(report, "route:listApplications").verdict, "ok", "the route answered; only its shape differs");
        t.false(formatDoctorReport(report).includes(marker));
        t.false(JSON.stringify(report).includes(marker));
        t.is(doctorExitCode(report), 1);
        t.true(
            server.seen.every((call) => call.startsWith("GET ")),
            server.seen.join(", "),
        );
    } finally {
        await server.stop();
    }
});

test("signs of paging are reported with the profile's pagination: a Link rel=next header, meta.next_page and a total larger than the list", async (t) => {
    const server = await fixedServer({
        "/oauth/applications": { headers: { link: '<http://127.0.0.1/oauth/applications?page=2>; rel="next"' }, body: listed(25) },
        "/oauth/scopes": { body: { scopes, meta: { next_page: 2, total: 60 } } },
    });
    try {
        const report = await runDoctor({ env: envFor(server.url), retryLimit: 0 });
        const apps = step(report, "paging:listApplications");
        t.is(apps.verdict, "fail");
        t.deepEqual(apps.details, ['header Link: rel="next"']);
        t.like(apps.data, { declared: "none", items: 25 });
        t.regex(apps.fix ?? "", /pagination/);
        const scopeSigns = step(report, "paging:listScopes");
        t.is(scopeSigns.verdict, "fail");
        t.deepEqual(scopeSigns.details, ["meta.next_page: names a next page or cursor", "meta.total: 60, more than the 1 listed"]);
        t.is(doctorExitCode(report), 1);
    } finally {
        await server.stop();
    }
});

test("bad settings: every problem is listed, the later steps are skipped, and no call is made", async (t) => {
    const { emulator } = await emulatorWithApp();
    try {
        const report = await runDoctor({ env: { BRINGG_ENDPOINT: "not a url", BRINGG_TIMEOUT: "forever" } });
        const settings = step(report, "settings");
        t.is(settings.verdict, "fail");
        t.is(settings.details?.length, 4, settings.details?.join("\n"));
        t.true(report.steps.slice(1).every((s) => s.verdict === "skip"));
        const unknown = await runDoctor({ env: envFor(emulator.url), account: "eu" });
        t.regex(step(unknown, "settings").details?.join("\n") ?? "", /account "eu" is not in bringg:accounts/);
        t.is(emulator.control.counters().total, 0);
    } finally {
        await emulator.stop();
    }
});

test("the doctor's hooks refuse an admin write whatever asks for it: the request never leaves", async (t) => {
    const { emulator } = await emulatorWithApp();
    try {
        const log = new ExchangeLog();
        const client = new BringgClient({ settings: { baseUrl: emulator.url, ...demoCredentials }, hooks: log.hooks() });
        const error = await t.throwsAsync(client.setScopeTtls({ tasks_read: 600 }), { message: /ERR_DOCTOR_NEVER_WRITES/ });
        t.regex(String((error?.cause as Error | undefined)?.message), /never writes, and refused to send POST \/oauth\/scopes/);
        t.deepEqual(writesSeen(emulator), {});
        t.is(emulator.control.counters().total, 0);
    } finally {
        await emulator.stop();
    }
});

test("usage errors exit 2: an unknown option, a secret on the command line, credentials that are not two lines or JSON", (t) => {
    const run = (args: string[], input = "") =>
        spawnSync(process.execPath, [cli, "doctor", ...args], { input, encoding: "utf8", env: { PATH: process.env.PATH } });
    t.is(run(["--bogus"]).status, 2);
    const inline = run(["--client-credentials", "the-secret"]);
    t.is(inline.status, 2);
    t.false(inline.stderr.includes("the-secret"), inline.stderr);
    t.is(run(["--client-credentials", "-"], "just-one-line").status, 2);
    t.deepEqual(parseClientCredentials("id-1\nsecret-1\n"), { clientId: "id-1", clientSecret: "secret-1" });
    t.deepEqual(parseClientCredentials('{"client_id":"id-1","client_secret":"secret-1"}'), { clientId: "id-1", clientSecret: "secret-1" });
});

test("shape issues pick the alternative the reply came closest to; a list of exactly a page size is a weak sign", (t) => {
    t.deepEqual(shapeIssues(applicationList, { data: [] }), [{ path: "applications", expected: "array", got: "missing" }]);
    t.deepEqual(shapeIssues(applicationList, [{ ...listed(1)[0], scopes: 5 }]), [{ path: "[0].scopes", expected: "array or string", got: "number" }]);
    t.deepEqual(shapeIssues(scopeCatalog, [{ name: "a", ttl: "1", default_ttl: 1 }]), [{ path: "[0].ttl", expected: "number", got: "string" }]);
    t.deepEqual(pagingSigns({}, listed(50)), [{ where: "the list's length", what: "exactly 50 items, a common page size", weak: true }]);
    t.deepEqual(pagingSigns({ "x-total-count": "3" }, listed(3)), []);
    t.deepEqual(pagingSigns({}, { applications: listed(2), has_more: false, next_cursor: null }), []);
});

test("when reading the stack's config fails, the doctor says so without echoing what `pulumi config --show-secrets` printed", (t) => {
    const folder = mkdtempSync(path.join(tmpdir(), "doctor-config-"));
    try {
        const bin = path.join(folder, "bin");
        // A pulumi that prints the stack's config, secrets shown, then fails (as a half-broken backend might).
        const shown = JSON.stringify({
            "bringg:password": { value: "hunter2-long-pw", secret: true },
            "bringg:accounts": { value: JSON.stringify({ eu: { password: "s3cr3t-eu-pw" } }), secret: true },
        });
        writeFileSync(path.join(folder, "Pulumi.yaml"), "name: doctor-config\nruntime: nodejs\n");
        mkdirSync(bin);
        writeFileSync(path.join(bin, "pulumi"), `#!/bin/sh\necho '${shown}'\necho 'error: the backend said no' >&2\nexit 1\n`, { mode: 0o755 });
        const run = spawnSync(process.execPath, [cli, "doctor"], {
            cwd: folder,
            encoding: "utf8",
            env: { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` },
        });
        const output = `${run.stdout}${run.stderr}`;
        t.is(run.status, 1, output);
        t.regex(output, /the backend said no/, "the command's own error is shown");
        t.false(output.includes("hunter2-long-pw"));
        t.false(output.includes("s3cr3t-eu-pw"));
    } finally {
        rmSync(folder, { recursive: true, force: true });
    }
});

test("--record replaces an application's name and client id under the names the API profile gives them (title, uid)", async (t) => {
    const profile = path.join(__dirname, "..", "..", "..", "test", "fixtures", "api-profiles", "moved.yaml");
    const emulator = await startEmulator({ port: 0, ui: false, apiProfile: profile });
    const dir = mkdtempSync(path.join(tmpdir(), "doctor-aliases-"));
    try {
        const app = emulator.control.createApplication(demoCredentials.merchantId, { name: "project-nightingale", scopes: ["tasks_read"] });
        const recordDir = path.join(dir, "rec");
        const report = await runDoctor({ env: { ...envFor(emulator.url), BRINGG_API_PROFILE: profile }, recordDir });
        t.is(step(report, "record").verdict, "ok", JSON.stringify(step(report, "record")));
        const written = readdirSync(recordDir).map((file) => readFileSync(path.join(recordDir, file), "utf8"));
        t.true(
            written.some((text) => text.includes('"title": "<name 1>"') || text.includes('"title":"<name 1>"')),
            "the aliased name field is replaced",
        );
        for (const text of written) {
            t.false(text.includes("project-nightingale"));
            t.false(text.includes(app.client_id));
        }
    } finally {
        await emulator.stop();
        rmSync(dir, { recursive: true, force: true });
    }
});
