/**
 * The client under the faults the soak found: lost creates whose recovery fails, writes applied
 * after the client gave up, Retry-After on non-idempotent calls, and an endpoint that never answers.
 */
import test from "ava";
import { createServer, type Socket } from "node:net";
import { demoCredentials, startEmulator, type RunningEmulator } from "../../emulator/server";
import { BringgClient, type ClientOptions } from "../../provider/core/client";
import { BringgApiError, UnconfirmedCreateError } from "../../provider/core/errors";
import { generateSecret } from "../../provider/secrets/rotate";

async function withEmulator(options: Partial<ClientOptions>, run: (emulator: RunningEmulator, client: BringgClient) => Promise<void>): Promise<void> {
    const emulator = await startEmulator({ port: 0 });
    try {
        await run(
            emulator,
            new BringgClient({ settings: { baseUrl: emulator.url, ...demoCredentials }, retry: { backoffLimitMs: 20 }, lateWriteWindowMs: 300, ...options }),
        );
    } finally {
        await emulator.stop();
    }
}

const dash = { name: "dash-3f9a2c1", scopes: ["tasks_read"] };

test("a create whose 500s are followed by a dropped reply yields one application with a working secret", async (t) => {
    await withEmulator({}, async (emulator, client) => {
        emulator.control.injectFault("createApplication", { status: 500, times: 4 });
        emulator.control.injectFault("createApplication", { dropResponse: true });
        const app = await client.createApplication(dash, { unique: true });
        const all = await client.listApplications({ fresh: true });
        t.is(all.length, 1, "no duplicate, no orphan");
        t.is(all[0]!.id, app.id);
        await client.setEnabled(app.id, true);
        t.truthy(await client.requestToken({ clientId: app.client_id, clientSecret: app.client_secret }));
    });
});

test("a lost create whose check fails is reported as unconfirmed, to be settled later, never as created or absent", async (t) => {
    await withEmulator({}, async (emulator, client) => {
        emulator.control.injectFault("createApplication", { dropResponse: true });
        emulator.control.injectFault("listApplications", { status: 500, times: 20 });
        const error = await t.throwsAsync(client.createApplication(dash, { unique: true }));
        t.true(error instanceof UnconfirmedCreateError);
        t.regex(
            error!.message,
            /create of application "dash-3f9a2c1": its reply was lost and Bringg's applications could not be listed .* the create is recorded as pending\. Fix: run `pulumi up` again/,
        );
        emulator.control.clearFaults();
        t.is((await client.listApplications({ fresh: true })).length, 1, "the application does exist: it must not be created again");
    });
});

test("a create applied after the client gave up is found within the late-write window, not created twice", async (t) => {
    await withEmulator({ timeoutMs: 1_000, lateWriteWindowMs: 3_000 }, async (emulator, client) => {
        // The backend applies the create 1.5 s after it was sent; the client gives up after 1 s.
        emulator.control.injectFault("createApplication", { latencyMs: 1_500 });
        const app = await client.createApplication(dash, { unique: true });
        const all = await client.listApplications({ fresh: true });
        t.deepEqual(
            all.map((a) => a.id),
            [app.id],
        );
        t.is(emulator.control.counters().byRoute.createApplication, 1, "the create was never sent twice");
        await client.setEnabled(app.id, true);
        t.truthy(await client.requestToken({ clientId: app.client_id, clientSecret: app.client_secret }));
    });
});

test("several new applications with the name of a lost create are not guessed between", async (t) => {
    await withEmulator({}, async (emulator, client) => {
        emulator.control.injectFault("createApplication", { dropResponse: true });
        // Another stack made one of the same explicit name and scopes at the same moment.
        const existing = await client.sameApplications(dash, {});
        const racing = client.createApplication(dash);
        emulator.control.createApplication(demoCredentials.merchantId, dash);
        const error = await t.throwsAsync(racing);
        t.true(error instanceof UnconfirmedCreateError);
        t.deepEqual(existing, []);
        t.regex(error!.message, /2 new applications have its name and scopes .*this provider does not guess/);
    });
});

test("a regenerate applied late is waited out: the secret that ends in the state is the one that works", async (t) => {
    await withEmulator({ timeoutMs: 1_000, lateWriteWindowMs: 2_500 }, async (emulator, client) => {
        const app = await client.createApplication(dash, { unique: true });
        await client.setEnabled(app.id, true);
        emulator.control.injectFault("regenerateSecret", { latencyMs: 1_500 });
        const warnings: string[] = [];
        const generated = await generateSecret(
            client,
            { applicationId: app.id, clientId: app.client_id, currentSecret: app.client_secret, resource: "rotation" },
            (message) => void warnings.push(message),
        );
        t.is(emulator.control.counters().byRoute.regenerateSecret, 2, "the late one, then one after it");
        t.regex(warnings[0]!, /Bringg generated a new secret but the reply was lost/);
        // Long after every call has landed, the secret returned still works.
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        t.truthy(await client.requestToken({ clientId: app.client_id, clientSecret: generated.client_secret }));
    });
});

test("Retry-After is honoured for create and regenerate, which were not processed", async (t) => {
    await withEmulator({}, async (emulator, client) => {
        emulator.control.injectFault("createApplication", { status: 429, retryAfter: 1, times: 2 });
        const started = Date.now();
        const app = await client.createApplication(dash, { unique: true });
        t.true(Date.now() - started >= 2_000, "waited Retry-After twice");
        t.is(emulator.control.counters().byRoute.createApplication, 3);
        t.is((await client.listApplications({ fresh: true })).length, 1);

        emulator.control.injectFault("regenerateSecret", { status: 429, retryAfter: 1 });
        const rotated = await client.regenerateSecret(app.id);
        t.not(rotated.client_secret, app.client_secret);
        t.is(emulator.control.counters().byRoute.regenerateSecret, 2);
    });
});

test("an endpoint that accepts connections but never answers fails at the deadline, naming bringg:timeout", async (t) => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as { port: number };
    try {
        const client = new BringgClient({ settings: { baseUrl: `http://127.0.0.1:${port}`, username: "u", password: "silent-pw-1" }, timeoutMs: 2_000 });
        const error = await t.throwsAsync(client.listApplications());
        t.true(BringgApiError.isInstance(error));
        t.is((error as BringgApiError).code, "network");
        t.regex(error!.message, /GET \/oauth\/applications got no reply: "no reply within 2 s".*Fix: Bringg did not answer within bringg:timeout \(2 s\)/);
    } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => silent.close(resolve));
    }
});
