import test from "ava";
import { demoCredentials, seedUsers, startEmulator, type RunningEmulator } from "../../emulator/server";
import { BringgClient } from "../../provider/core/client";
import { BringgApiError, SecretRegistry } from "../../provider/core/errors";
import { retryAfterMs } from "../../provider/core/http";
import { scopeCatalog } from "../../provider/api/wire";

const fast = { backoffLimitMs: 20 };

async function withEmulator(
    run: (emulator: RunningEmulator, client: BringgClient) => Promise<void>,
    credentials: { username: string; password: string } = demoCredentials,
): Promise<void> {
    const emulator = await startEmulator({ port: 0 });
    try {
        const client = new BringgClient({ settings: { baseUrl: emulator.url, ...credentials }, retry: fast, lateWriteWindowMs: 300 });
        await run(emulator, client);
    } finally {
        await emulator.stop();
    }
}

test("an application's whole life goes through the route table: create, enable, token, new secret, delete", async (t) => {
    await withEmulator(async (emulator, client) => {
        const created = await client.createApplication({ name: "dashboards", scopes: ["tasks_read"] });
        t.is(created.name, "dashboards");
        t.false(created.enabled, "Bringg creates applications disabled");
        t.is(typeof created.client_secret, "string");

        const enabled = await client.setEnabled(created.id, true);
        t.true(enabled.enabled);
        const token = await client.requestToken({ clientId: created.client_id, clientSecret: created.client_secret });
        t.deepEqual(await client.getOpenTasks(token.access_token), { success: true, tasks: [] });

        const rotated = await client.regenerateSecret(created.id);
        t.not(rotated.client_secret, created.client_secret);
        const refused = await t.throwsAsync(client.requestToken({ clientId: created.client_id, clientSecret: created.client_secret }));
        t.true(BringgApiError.isInstance(refused));
        t.is((refused as BringgApiError).code, "unauthorized");

        t.is(await client.deleteApplication(created.id), "deleted");
        t.is(await client.deleteApplication(created.id), "absent", "an application already gone counts as deleted");
        t.is(await client.findApplication({ id: created.id }, { fresh: true }), undefined);
        t.is(emulator.control.counters().byRoute.deleteApplication, 2);
    });
});

test("concurrent and recent readers share one list call, and a write makes the next reader fetch again", async (t) => {
    await withEmulator(async (emulator, client) => {
        emulator.control.createApplication(demoCredentials.merchantId, { name: "ui-made", scopes: ["tasks_read"] });
        const lists = await Promise.all(Array.from({ length: 20 }, () => client.listApplications()));
        t.true(lists.every((list) => list.length === 1));
        t.is(emulator.control.counters().byRoute.listApplications, 1);

        await client.setEnabled(lists[0]![0]!.id, true);
        const after = await client.findApplication({ id: lists[0]![0]!.id });
        t.true(after?.enabled, "the list after a write shows the write");
        t.is(emulator.control.counters().byRoute.listApplications, 2);
    });
});

test("an application write leaves the shared scope catalog in place, and a TTL write leaves the application list", async (t) => {
    await withEmulator(async (emulator, client) => {
        await client.listScopes();
        await client.listApplications();
        const created = await client.createApplication({ name: "dash-1a2b3c4", scopes: ["tasks_read"] }, { unique: true });
        await client.setEnabled(created.id, true);
        await client.listScopes();
        t.is(emulator.control.counters().byRoute.listScopes, 1, "creating and enabling an application does not change the scope catalog");
        t.true((await client.findApplication({ id: created.id }))?.enabled, "the application list is fetched again and shows the writes");
        t.is(emulator.control.counters().byRoute.listApplications, 2);

        await client.setScopeTtls({ tasks_read: 600 });
        t.is((await client.listScopes()).find((scope) => scope.name === "tasks_read")?.ttl, 600, "the catalog after a TTL write shows it");
        t.is(emulator.control.counters().byRoute.listScopes, 2);
        await client.listApplications();
        t.is(emulator.control.counters().byRoute.listApplications, 2, "a TTL write does not change the application list");
    });
});

test("idempotent calls are retried on 503, 429 with Retry-After and dropped connections", async (t) => {
    await withEmulator(async (emulator, client) => {
        emulator.control.injectFault("listApplications", { status: 503 });
        emulator.control.injectFault("listApplications", { status: 429, retryAfter: 1 });
        emulator.control.injectFault("listApplications", { reset: true });
        const started = Date.now();
        t.deepEqual(await client.listApplications(), []);
        t.true(Date.now() - started >= 1000, "Retry-After: 1 was honoured");
        t.is(emulator.control.counters().byRoute.listApplications, 4);
    });
});

test("a non-idempotent call is not repeated after a 503: regenerating a secret twice would lock out its user", async (t) => {
    await withEmulator(async (emulator, client) => {
        const app = await client.createApplication({ name: "rotating", scopes: ["tasks_read"] });
        emulator.control.injectFault("regenerateSecret", { status: 503 });
        const error = await t.throwsAsync(client.regenerateSecret(app.id, { resource: 'application "rotating"' }));
        t.true(BringgApiError.isInstance(error));
        t.is((error as BringgApiError).code, "server");
        t.is(emulator.control.counters().byRoute.regenerateSecret, 1);
        t.regex(
            error!.message,
            /^regenerateSecret for application "rotating" failed: POST \/oauth\/applications\/\d+\/regenerate_secret returned 503 Service Unavailable: "server error \(injected fault\)" \[request id [\w-]+\]\. Fix: /,
        );
    });
});

test("a create whose reply is lost is reconciled by listing, not repeated: one application, with a working secret", async (t) => {
    await withEmulator(async (emulator, client) => {
        // Same name made earlier in the UI: reconciliation must not take it for ours.
        emulator.control.createApplication(demoCredentials.merchantId, { name: "orders", scopes: ["tasks_read"] });
        emulator.control.injectFault("createApplication", { dropResponse: true });
        const app = await client.createApplication({ name: "orders", scopes: ["tasks_read"] });
        const all = await client.listApplications({ fresh: true });
        t.is(all.filter((a) => a.name === "orders").length, 2, "the UI's app and ours, no duplicate");
        t.is(emulator.control.counters().byRoute.createApplication, 1);
        t.is(emulator.control.counters().byRoute.regenerateSecret, 1, "the lost secret is replaced");
        await client.setEnabled(app.id, true);
        const token = await client.requestToken({ clientId: app.client_id, clientSecret: app.client_secret });
        t.truthy(token.access_token);
    });
});

test("a create refused with 503 before it took effect is sent again, and only one application exists", async (t) => {
    await withEmulator(async (emulator, client) => {
        emulator.control.injectFault("createApplication", { status: 503 });
        await client.createApplication({ name: "retry-me", scopes: ["tasks_read"] });
        t.is((await client.listApplications({ fresh: true })).length, 1);
        t.is(emulator.control.counters().byRoute.createApplication, 2);
    });
});

test("a rejected admin password gives an unauthorized error that names the fix and never the password", async (t) => {
    const wrong = { username: demoCredentials.username, password: "wrong-password-123" };
    await withEmulator(async (emulator, client) => {
        const error = await t.throwsAsync(client.listApplications({ resource: 'application "x"' }));
        t.is((error as BringgApiError).code, "unauthorized");
        t.is((error as BringgApiError).status, 401);
        t.regex(
            error!.message,
            /listApplications for application "x" failed: GET \/oauth\/applications returned 401 Unauthorized: "invalid username or password" \[request id [\w-]+\]\. Fix: check bringg:username and bringg:password/,
        );
        t.truthy((error as BringgApiError).requestId, "Bringg's request id is kept for support tickets");
        t.false(error!.message.includes(wrong.password));
        t.false(JSON.stringify(error).includes(wrong.password));
        t.is(emulator.control.counters().byRoute.listApplications, 1, "a 401 is not retried");
    }, wrong);
});

test("a non-admin user is told that the Management API needs an admin", async (t) => {
    await withEmulator(async (_emulator, client) => {
        const error = await t.throwsAsync(client.listApplications());
        t.is((error as BringgApiError).code, "forbidden");
        t.regex(error!.message, /must be a Bringg admin/);
    }, seedUsers.demoDispatcher);
});

test("an unreachable endpoint gives a network error after retrying, without credentials in the message", async (t) => {
    const client = new BringgClient({
        settings: { baseUrl: "http://127.0.0.1:9", username: "someone", password: "network-secret-pw" },
        retry: { ...fast, limit: 2 },
    });
    const error = await t.throwsAsync(client.listApplications());
    t.is((error as BringgApiError).code, "network");
    t.is((error as BringgApiError).attempts, 3);
    t.regex(error!.message, /GET \/oauth\/applications got no reply: "ECONNREFUSED" \(after 3 attempts\)\. Fix: check bringg:region or bringg:endpoint/);
    t.false(error!.message.includes("network-secret-pw"));
});

test("a Retry-After longer than the policy allows fails at once with the wait Bringg asked for", async (t) => {
    await withEmulator(async (emulator, client) => {
        emulator.control.injectFault("listApplications", { status: 429, retryAfter: 3600 });
        const error = await t.throwsAsync(client.listApplications());
        t.is((error as BringgApiError).code, "rate_limited");
        t.regex(error!.message, /wait 3600 s/);
        t.is(emulator.control.counters().byRoute.listApplications, 1);
    });
});

test("Retry-After is read as seconds or as an HTTP date", (t) => {
    t.is(retryAfterMs("7"), 7000);
    t.is(retryAfterMs(new Date(10_000).toUTCString(), 4_000), 6_000);
    t.is(retryAfterMs(undefined), undefined);
    t.is(retryAfterMs("soon"), undefined);
});

test("redaction removes registered secrets and credential shapes from any text", (t) => {
    const secrets = new SecretRegistry();
    secrets.register("s3cr3t-value-xyz");
    const text =
        'failed with s3cr3t-value-xyz; Authorization: Basic YWRtaW46cGFzcw== and Bearer abc.def.ghi; {"client_secret":"zzz123"} password=hunter22 eyJhbGciOi.eyJzdWIi.sig';
    const clean = secrets.redact(text);
    for (const leaked of ["s3cr3t-value-xyz", "YWRtaW46cGFzcw==", "abc.def.ghi", "zzz123", "hunter22", "eyJhbGciOi"]) {
        t.false(clean.includes(leaked), `${leaked} was removed`);
    }
    t.true(clean.includes("[redacted]"));
});

test("a scope whose ttl is null (no override) reads as its default TTL", (t) => {
    const parsed = scopeCatalog.parse([
        { name: "tasks_read", default_ttl: 14400, ttl: null },
        { name: "tasks_write", default_ttl: 1800, ttl: 600 },
    ]);
    t.deepEqual(
        parsed.map((scope) => [scope.name, scope.ttl]),
        [
            ["tasks_read", 14400],
            ["tasks_write", 600],
        ],
    );
});

test("a reply the schemas cannot read names the field of the closest alternative, not zod's bare 'Invalid input'", async (t) => {
    const { createServer } = await import("node:http");
    // A list whose items name the client id `uid` and the name `title`: an account that needs aliases.
    const server = createServer((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify([{ id: 1, uid: "abc", title: "x", scopes: ["tasks_read"], enabled: true, created_at: "2026-01-01T00:00:00Z" }]));
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    try {
        const { port } = server.address() as import("node:net").AddressInfo;
        const client = new BringgClient({ settings: { baseUrl: `http://127.0.0.1:${port}`, ...demoCredentials }, retry: { limit: 0 } });
        const error = await t.throwsAsync(client.listApplications());
        t.regex(error!.message, /0\.(name|client_id): /);
        t.notRegex(error!.message, /reply: Invalid input/);
    } finally {
        server.close();
    }
});
