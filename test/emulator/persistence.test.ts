import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "ava";
import { startEmulator } from "../../emulator/server";
import { admin, callRoute, createApp, tokenFor } from "./helpers";

function dataFile(): string {
    return join(mkdtempSync(join(tmpdir(), "bringg-emulator-")), "state.json");
}

test("with a data file, applications, TTLs and tokens survive a restart", async (t) => {
    const file = dataFile();
    const first = await startEmulator({ port: 0, dataFile: file });
    const app = await createApp(first, ["teams_write"]);
    await callRoute(first, "setScopeTtls", {}, { as: admin, json: { teams_write: 1000 } });
    const token = await tokenFor(first, app);
    await first.stop();

    const second = await startEmulator({ port: 0, dataFile: file });
    t.teardown(() => second.stop());
    const list = await callRoute(second, "listApplications", {}, { as: admin });
    t.like(list.body[0], { id: app.id, client_id: app.client_id, enabled: true });
    const info = await callRoute(second, "tokenInfo", {}, { bearer: token });
    t.is(info.status, 200, "a token issued before the restart still works");
    t.is(
        (
            await callRoute(
                second,
                "token",
                {},
                {
                    form: { grant_type: "client_credentials", client_id: app.client_id, client_secret: app.client_secret },
                },
            )
        ).body.expires_in,
        1000,
    );
    const next = await createApp(second, ["tasks"]);
    t.true(next.id > app.id, "ids keep counting after a restart");
});

test("the data file is replaced atomically and never holds a client secret", async (t) => {
    const file = dataFile();
    const emulator = await startEmulator({ port: 0, dataFile: file });
    t.teardown(() => emulator.stop());
    const app = await createApp(emulator, ["tasks"]);
    const text = readFileSync(file, "utf8");
    t.notThrows(() => JSON.parse(text));
    t.false(text.includes(app.client_secret));
    t.deepEqual(readdirSync(join(file, "..")), ["state.json"], "no temporary file is left behind");
});

test("without a data file, state lives in memory only", async (t) => {
    const first = await startEmulator({ port: 0 });
    await createApp(first, ["tasks"]);
    await first.stop();
    const second = await startEmulator({ port: 0 });
    t.teardown(() => second.stop());
    t.deepEqual((await callRoute(second, "listApplications", {}, { as: admin })).body, []);
});

test("a corrupt data file stops startup with a clear error", async (t) => {
    const file = dataFile();
    writeFileSync(file, "{not json");
    await t.throwsAsync(startEmulator({ port: 0, dataFile: file }), { message: /is not JSON/ });
    writeFileSync(file, JSON.stringify({ version: 9 }));
    await t.throwsAsync(startEmulator({ port: 0, dataFile: file }), { message: /is not emulator state/ });
});
