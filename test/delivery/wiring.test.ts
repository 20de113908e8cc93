/**
 * `deliverTo` and `keepSecretInState` in the hooks of Application, SecretRotation and the
 * RotatingCredentials pair, without the CLI: each hook with injected deps against the Bringg
 * emulator, moto's Secrets Manager, real files and real processes. The fault matrix lives here: a
 * failed store of each kind keeps the new secret (partial state) and the next update delivers
 * that same secret, with no second regeneration.
 */
import test from "ava";
import { randomBytes } from "node:crypto";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { demoCredentials, type RunningEmulator } from "../../emulator/server";
import type { CheckOutcome } from "../../provider/core/check";
import type { ResourceCrud } from "../../provider/core/contract";
import { BringgApiError } from "../../provider/core/errors";
import { fingerprint } from "../../provider/core/fingerprint";
import * as applicationCrud from "../../provider/application/crud";
import { awsSecretsManagerStore } from "../../provider/delivery/aws-secrets-manager";
import { noHiddenInputs } from "../../provider/core/hidden";
import { withDelivery } from "../../provider/delivery/hooks";
import type { Target } from "../../provider/delivery/schema";
import type { Receipt } from "../../provider/delivery/store";
import * as pairCrud from "../../provider/rotating-credentials/crud";
import * as rotationCrud from "../../provider/rotation/crud";
import { contextOf, withEmulator, type TestDeps } from "../helpers/deps";
import { awsTestEnv, startMoto, type RunningMoto } from "../helpers/moto";
import { tempFolder } from "./helpers";

Object.assign(process.env, awsTestEnv);

// Each resource as the adapter runs it: its logic with the delivery rules around it (the
// Application's check without its scope-catalog call, as checkLocally was used before).
const application = withDelivery({ ...applicationCrud, check: (olds, news, deps, hidden) => applicationCrud.checkLocally(olds, news, deps, hidden) });
const rotation = withDelivery(rotationCrud);
const pair = withDelivery(pairCrud);

/** A resource's check of new inputs (it makes no Bringg call: the Application's is its local check). */
async function check(resource: ResourceCrud, news: Record<string, unknown>): Promise<CheckOutcome> {
    return resource.check({}, news, { settingsProblems } as never, noHiddenInputs);
}

const merchant = demoCredentials.merchantId;
let moto: RunningMoto;

// Check reports missing settings; the hooks themselves get their client from the deps.
const { settingsProblems } = contextOf({ "bringg:endpoint": "http://127.0.0.1:9", "bringg:username": "admin", "bringg:password": "pw" });

test.before(async () => {
    moto = await startMoto();
});
test.after.always(async () => {
    await moto?.stop();
});

function aws(): Target {
    return { awsSecretsManager: { secretId: `test/wiring/${randomBytes(6).toString("hex")}`, endpoint: moto.url } };
}

/** What a Secrets Manager target holds, as AWSCURRENT and AWSPREVIOUS. */
async function stored(target: Target): Promise<{ current?: string; previous?: string | undefined }> {
    const found = await awsSecretsManagerStore.read(target.awsSecretsManager!, "json", { resource: "test" });
    if (found.status !== "present") return {};
    return { current: found.current.clientSecret, previous: found.previous?.clientSecret };
}

async function fileSecret(file: string): Promise<{ clientId: string; clientSecret: string }> {
    return JSON.parse(await readFile(file, "utf8")) as { clientId: string; clientSecret: string };
}

async function tokenWorks(deps: TestDeps, clientId: string, clientSecret: string): Promise<boolean> {
    try {
        await deps.client().requestToken({ clientId, clientSecret });
        return true;
    } catch (error) {
        if (BringgApiError.isInstance(error) && error.code === "unauthorized") return false;
        throw error;
    }
}

function enabledApp(emulator: RunningEmulator, name = "dash"): string {
    const app = emulator.control.createApplication(merchant, { name, scopes: ["tasks_read"] });
    emulator.control.setEnabled(merchant, app.client_id, true);
    return app.client_id;
}

type Partial = Error & { id?: string; properties?: Record<string, unknown>; reasons?: string[] };

/** A partial failure's properties as the engine hands them back on the next run (secrets unwrapped). */
function recorded(error: Partial): Record<string, unknown> {
    const unwrap = (value: unknown): unknown =>
        value && typeof value === "object" && "value" in value && Object.keys(value).length === 2 ? (value as { value: unknown }).value : value;
    const { __provider: _provider, ...rest } = error.properties!;
    return Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, unwrap(value)]));
}

test.serial(
    "an application created with deliverTo writes its secret to Secrets Manager and a file; with keepSecretInState false only fingerprint and receipts stay",
    async (t) => {
        await withEmulator(async (_emulator, deps) => {
            const store = aws();
            const file = path.join(await tempFolder(t), "app.json");
            const inputs = { name: "reports", scopes: ["tasks_read"], enabled: true, deliverTo: [store, { file: { path: file } }], keepSecretInState: false };
            const checked = await check(application, inputs);
            t.deepEqual(checked.failures, []);
            const { id, outs } = await application.create(checked.inputs, deps);
            t.false("clientSecret" in outs, "the secret is not an output");
            const receipts = outs.receipts as Receipt[];
            t.deepEqual(
                receipts.map((r) => r.store),
                ["awsSecretsManager", "file"],
            );
            t.true(receipts.every((r) => r.fingerprint === outs.fingerprint));
            const fromAws = (await stored(store)).current!;
            t.is<unknown, unknown>((await fileSecret(file)).clientSecret, fromAws);
            t.is<unknown, unknown>(fingerprint(fromAws), outs.fingerprint);
            t.true(await tokenWorks(deps, outs.clientId as string, fromAws), "the delivered secret gets a token");
            t.false(JSON.stringify(outs).includes(fromAws), "no form of the secret in the outputs");
            t.false(application.diff(id, outs, checked.inputs, deps).changes, "nothing to do once delivered");
        });
    },
);

test.serial("refresh sees a store that was overwritten; the next update delivers the secret again from another store, without a new one", async (t) => {
    await withEmulator(async (emulator, deps) => {
        const store = aws();
        const file = path.join(await tempFolder(t), "app.json");
        const inputs = (
            await check(application, {
                name: "drift",
                scopes: ["tasks_read"],
                enabled: true,
                deliverTo: [store, { file: { path: file } }],
                keepSecretInState: false,
            })
        ).inputs;
        const { id, outs } = await application.create(inputs, deps);
        const secret = (await fileSecret(file)).clientSecret;
        await writeFile(file, JSON.stringify({ clientId: "someone", clientSecret: "else" }));

        const refreshed = await application.read(id, outs, deps);
        t.regex(refreshed.warnings.join("\n"), /deliverTo\[1\] \(file .*\) holds another secret .* it was overwritten; `pulumi up` delivers it again/);
        t.deepEqual(
            (refreshed.props!.receipts as Receipt[]).map((r) => r.store),
            ["awsSecretsManager"],
        );
        const diff = application.diff(id, refreshed.props!, inputs, deps);
        t.true(diff.changes);
        t.deepEqual(diff.replaces, []);
        t.regex(diff.reason!, /delivering the current secret \(fingerprint [0-9a-f]{12}\) to deliverTo\[1\] \(file .*\), without generating a new one/);

        const updated = await application.update(id, refreshed.props!, inputs, deps);
        t.is<unknown, unknown>((await fileSecret(file)).clientSecret, secret, "the same secret, read back from Secrets Manager");
        t.false("clientSecret" in updated.outs);
        t.is<unknown, unknown>((updated.outs.receipts as Receipt[]).length, 2);
        t.is<unknown, unknown>(emulator.control.counters().byRoute.regenerateSecret ?? 0, 0, "no secret was generated");
    });
});

test.serial("keepSecretInState true → false drops the secret from the state; false → true reads it back from a store", async (t) => {
    await withEmulator(async (_emulator, deps) => {
        const file = path.join(await tempFolder(t), "app.json");
        const kept = (await check(application, { name: "flip", scopes: ["tasks_read"], deliverTo: [{ file: { path: file } }] })).inputs;
        const { id, outs } = await application.create(kept, deps);
        t.is<unknown, unknown>(typeof outs.clientSecret, "string", "kept by default");
        const dropped = { ...kept, keepSecretInState: false };
        t.regex(application.diff(id, outs, dropped, deps).reason!, /removing the secret from the state/);
        const without = (await application.update(id, outs, dropped, deps)).outs;
        t.false("clientSecret" in without);
        t.regex(application.diff(id, without, kept, deps).reason!, /putting the secret back into the state, read from a store that holds it/);
        const back = (await application.update(id, without, kept, deps)).outs;
        t.is<unknown, unknown>(back.clientSecret, outs.clientSecret);
    });
});

/** The three kinds of failing store, and how each is mended. */
const faults: Array<[string, (dir: string) => Promise<{ target: Target; mend: () => Promise<void>; message: RegExp }>]> = [
    [
        "Secrets Manager down",
        async () => {
            const target = aws();
            await moto.stop();
            return {
                target,
                mend: () => moto.restart(),
                message: /deliverTo\[0\] \(awsSecretsManager "test\/wiring\/[0-9a-f]+"\): \w+ failed: no reply from http:\/\/127\.0\.0\.1:\d+/,
            };
        },
    ],
    [
        "a file that cannot be written",
        async (dir) => {
            // A file where the folder should be: ENOTDIR, whoever runs the test (root ignores modes).
            const blocker = path.join(dir, "secrets");
            await writeFile(blocker, "");
            return {
                target: { file: { path: path.join(blocker, "secret.json") } },
                mend: () => rm(blocker),
                message: /deliverTo\[0\] \(file ".*secret\.json"\): .*failed/,
            };
        },
    ],
    [
        "a command that exits 1",
        async (dir) => {
            const flag = path.join(dir, "broken");
            await writeFile(flag, "");
            const script = `if [ -e ${flag} ]; then echo "vault: permission denied" >&2; exit 1; fi; cat > ${path.join(dir, "out.json")}`;
            return {
                target: { command: { run: ["sh", "-c", script] } },
                mend: () => rm(flag),
                message: /deliverTo\[0\] \(command "sh"\): .*exit.*1.*vault: permission denied/s,
            };
        },
    ],
];

for (const [what, arrange] of faults) {
    test.serial(
        `a rotation whose store fails (${what}) keeps the new secret as partial state, and the next update delivers it without regenerating`,
        async (t) => {
            await withEmulator(async (emulator, deps) => {
                const clientId = enabledApp(emulator);
                const dir = await tempFolder(t);
                const good = path.join(dir, "good.json");
                const { target, mend, message } = await arrange(dir);
                const inputs = {
                    ...(await check(rotation, { clientId, triggers: { q: "1" }, deliverTo: [target, { file: { path: good } }], keepSecretInState: false }))
                        .inputs,
                    __provider: "shim",
                };

                const error = (await t.throwsAsync(rotation.create(inputs, deps))) as Partial;
                await mend();
                t.regex(error.message, message);
                t.regex(error.message, /delivered to 1 of 2 targets; 1 failed[\s\S]*Nothing is lost/);
                t.is<unknown, unknown>(error.id, clientId);
                t.deepEqual(error.reasons, [error.message]);
                t.is<unknown, unknown>(error.properties!.__provider, "shim");
                const secret = (await fileSecret(good)).clientSecret;
                t.false(error.message.includes(secret), "the message carries no secret");
                t.deepEqual(
                    error.properties!.clientSecret,
                    { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: secret },
                    "kept as a Pulumi secret",
                );

                const state = recorded(error);
                const diff = rotation.diff(clientId, state, inputs, deps);
                t.true(diff.changes);
                t.regex(diff.reason!, /delivering the current secret .* to deliverTo\[0\] .*without generating a new one/);
                const { outs } = await rotation.update(clientId, state, inputs, deps);
                t.false("clientSecret" in outs, "delivered: the secret leaves the state");
                t.is<unknown, unknown>((outs.receipts as Receipt[]).length, 2);
                t.is<unknown, unknown>(emulator.control.counters().byRoute.regenerateSecret, 1, "exactly one secret was generated");
                t.false(rotation.diff(clientId, outs, inputs, deps).changes);
                t.true(await tokenWorks(deps, clientId, secret));
                if (target.awsSecretsManager) t.is<unknown, unknown>((await stored(target)).current, secret);
                if (target.command) t.is<unknown, unknown>((await fileSecret(path.join(dir, "out.json"))).clientSecret, secret);
                if (target.file) t.is<unknown, unknown>((await fileSecret(target.file.path)).clientSecret, secret);
            });
        },
    );
}

test.serial("a failed verification with keepSecretInState false keeps the secret until it is checked again and delivered", async (t) => {
    await withEmulator(async (emulator, deps) => {
        const clientId = enabledApp(emulator);
        const file = path.join(await tempFolder(t), "secret.json");
        const inputs = { ...(await check(rotation, { clientId, deliverTo: [{ file: { path: file } }], keepSecretInState: false })).inputs, __provider: "shim" };
        emulator.control.injectFault("token", { status: 503, times: 20 });
        const error = (await t.throwsAsync(rotation.create(inputs, deps))) as Partial;
        emulator.control.clearFaults("token");
        t.regex(error.message, /verification failed/);
        const state = recorded(error);
        t.is<unknown, unknown>(typeof state.clientSecret, "string", "the unverified secret is kept (encrypted)");
        const { outs } = await rotation.update(clientId, state, inputs, deps);
        t.is<unknown, unknown>(outs.verification, "passed");
        t.false("clientSecret" in outs);
        t.is<unknown, unknown>((await fileSecret(file)).clientSecret, state.clientSecret, "the re-checked secret is delivered");
        t.is<unknown, unknown>(emulator.control.counters().byRoute.regenerateSecret, 1);
    });
});

test.serial("a rotation with keepSecretInState false reads the current secret back from a store, so the old secret is checked as refused", async (t) => {
    await withEmulator(async (emulator, deps) => {
        const clientId = enabledApp(emulator);
        const store = aws();
        const inputs = (await check(rotation, { clientId, triggers: { q: "1" }, deliverTo: [store], keepSecretInState: false })).inputs;
        const first = await rotation.create(inputs, deps);
        const old = (await stored(store)).current!;
        const bumped = { ...inputs, triggers: { q: "2" } };
        const { outs } = await rotation.update(clientId, first.outs, bumped, deps);
        t.is<unknown, unknown>(outs.version, 2);
        t.is<unknown, unknown>(outs.verification, "passed");
        const now = await stored(store);
        t.not(now.current, old);
        t.is<unknown, unknown>(fingerprint(now.current!), outs.fingerprint);
        t.false(await tokenWorks(deps, clientId, old), "the old secret is refused");
        t.is<unknown, unknown>(emulator.control.counters().byRoute.introspect, 1, "the old secret's token was checked too");
    });
});

test.serial("a credential pair delivers active as AWSCURRENT and previous as AWSPREVIOUS, and a bump moves them", async (t) => {
    await withEmulator(async (emulator, deps) => {
        const a = enabledApp(emulator, "a");
        const b = enabledApp(emulator, "b");
        const store = aws();
        const file = path.join(await tempFolder(t), "active.json");
        const inputs = (
            await check(pair, { clientIds: [a, b], triggers: { bump: "0" }, deliverTo: [store, { file: { path: file } }], keepSecretInState: false })
        ).inputs;
        const created = await pair.create(inputs, deps);
        const active0 = created.outs.active as Record<string, unknown>;
        t.false("clientSecret" in active0);
        t.false("clientSecret" in (created.outs.previous as object));
        const first = await stored(store);
        t.is<unknown, unknown>(fingerprint(first.current!), active0.fingerprint);
        t.is<unknown, unknown>(fingerprint(first.previous!), created.outs.previousFingerprint);
        t.is<unknown, unknown>((await fileSecret(file)).clientSecret, first.current);

        const bumped = await pair.update(created.id, created.outs, { ...inputs, triggers: { bump: "1" } }, deps);
        const second = await stored(store);
        t.is<unknown, unknown>(fingerprint(second.current!), bumped.outs.activeFingerprint);
        t.is<unknown, unknown>(second.previous, first.current, "the formerly active secret is AWSPREVIOUS");
        t.is<unknown, unknown>((await fileSecret(file)).clientSecret, second.current);
        t.true(await tokenWorks(deps, b, second.current!));
        t.true(await tokenWorks(deps, a, second.previous!), "previous still works");
        t.false(pair.diff(created.id, bumped.outs, { ...inputs, triggers: { bump: "1" } }, deps).changes);
        t.is<unknown, unknown>(emulator.control.counters().byRoute.regenerateSecret, 3);
    });
});

test.serial("a pair bump whose store is down keeps both secrets as partial state; the next update delivers them, with no second bump", async (t) => {
    await withEmulator(async (emulator, deps) => {
        const a = enabledApp(emulator, "a");
        const b = enabledApp(emulator, "b");
        const store = aws();
        const file = path.join(await tempFolder(t), "active.json");
        const deliverTo = [store, { file: { path: file } }];
        const inputs = {
            ...(await check(pair, { clientIds: [a, b], triggers: { bump: "0" }, deliverTo, keepSecretInState: false })).inputs,
            __provider: "shim",
        };
        const created = await pair.create(inputs, deps);
        const before = await stored(store);
        const next = { ...inputs, triggers: { bump: "1" } };
        // The bump reads the active secret (AWSPREVIOUS-to-be) back from the file while Secrets Manager is down.
        await moto.stop();
        const error = (await t.throwsAsync(pair.update(created.id, created.outs, next, deps))) as Partial;
        await moto.restart();
        t.regex(error.message, /delivered to 1 of 2 targets; 1 failed/);
        const state = recorded(error);
        t.is<unknown, unknown>((state.active as { clientId: string }).clientId, b, "the bump happened");
        t.is<unknown, unknown>(typeof (state.active as { clientSecret?: string }).clientSecret, "string");
        t.is<unknown, unknown>(emulator.control.counters().byRoute.regenerateSecret, 3);
        t.regex(pair.diff(created.id, state, next, deps).reason!, /delivering the current secret/);
        const { outs } = await pair.update(created.id, state, next, deps);
        t.false("clientSecret" in (outs.active as object));
        t.is<unknown, unknown>(emulator.control.counters().byRoute.regenerateSecret, 3, "no second bump");
        const after = await stored(store);
        t.is<unknown, unknown>(fingerprint(after.current!), outs.activeFingerprint);
        t.is<unknown, unknown>(after.previous, before.current);
        t.is<unknown, unknown>((await fileSecret(file)).clientSecret, after.current);
    });
});

const badInputs: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["an unknown kind", { deliverTo: [{ s3: { bucket: "b" } }] }, "deliverTo[0].s3", /"s3" is not a store kind: use awsSecretsManager, file or command/],
    ["an empty entry", { deliverTo: [{}] }, "deliverTo[0]", /the entry is empty/],
    ["a relative file path", { deliverTo: [{ file: { path: "secrets/app.json" } }] }, "deliverTo[0].file.path", /is a relative path/],
    [
        "a bad secretId",
        { deliverTo: [{ awsSecretsManager: { secretId: "has spaces" } }] },
        "deliverTo[0].awsSecretsManager.secretId",
        /is not a Secrets Manager secret name or ARN/,
    ],
    ["a command with an empty argv", { deliverTo: [{ command: { run: [] } }] }, "deliverTo[0].command.run", /run must name a program/],
    ["keepSecretInState false with no target", { keepSecretInState: false }, "keepSecretInState", /needs at least one deliverTo target/],
];

for (const [what, delivery, property, reason] of badInputs) {
    test(`check of each resource refuses ${what}, naming ${property}`, async (t) => {
        const outcomes = {
            Application: await check(application, { name: "x", scopes: ["tasks_read"], ...delivery }),
            SecretRotation: await check(rotation, { clientId: "c", ...delivery }),
            CredentialPair: await check(pair, { clientIds: ["a", "b"], ...delivery }),
        };
        for (const [resource, outcome] of Object.entries(outcomes)) {
            t.deepEqual(
                outcome.failures.map((f) => f.property),
                [property],
                resource,
            );
            t.regex(outcome.failures[0]!.reason, reason, resource);
        }
    });
}

test("check refuses deliverTo on an adopted application: its secret is unknown", async (t) => {
    const { failures } = await check(application, { adopt: { clientId: "abc" }, deliverTo: [{ file: { path: "/tmp/x.json" } }] });
    t.deepEqual(
        failures.map((f) => f.property),
        ["deliverTo"],
    );
    t.regex(failures[0]!.reason, /an adopted application's secret is unknown to Pulumi .* give them to a SecretRotation/);
});
