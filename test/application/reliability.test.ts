/**
 * What the engine must show when a create cannot be confirmed, when the program's arguments carry
 * prototype keys, and how generated names behave across runs: through the real Pulumi CLI.
 */
import test from "ava";
import { demoCredentials, type RunningEmulator } from "../../emulator/server";
import { BringgClient } from "../../provider/core/client";
import { startBringgStack } from "../helpers/bringg";
import { resourcesOfType, type TestStack } from "../helpers/pulumi";

let emulator: RunningEmulator;
let stack: TestStack;
let dispose: (() => Promise<void>) | undefined;

const program = `
import * as bringg from "pulumi-bringg";
const app = new bringg.Application("dash", { scopes: ["tasks_read"], enabled: true });
export const name = app.name;
export const clientId = app.clientId;
export const clientSecret = app.clientSecret;
`;

test.before(async () => {
    ({ emulator, stack, dispose } = await startBringgStack({ name: "app-reliability", program }));
});

test.after.always(async () => {
    await dispose?.();
});

test.serial("a create that cannot be confirmed fails up as pending, and the next up settles it with one application", async (t) => {
    emulator.control.injectFault("createApplication", { dropResponse: true });
    emulator.control.injectFault("listApplications", { status: 500, times: 50 });
    const failed = await stack.run(["up", "--yes", "--skip-preview"]);
    t.not(failed.code, 0);
    t.regex(failed.output, /create of application "dash-[0-9a-f]{7}": its reply was lost .* the create is recorded as pending\. Fix: run `pulumi up` again/);
    const [recorded] = resourcesOfType((await stack.exportState()).deployment, "Application");
    t.regex(recorded?.id ?? "", /^pending:dash-[0-9a-f]{7}$/, "the engine keeps the pending create in the state");
    emulator.control.clearFaults();

    const up = await stack.ok(["up", "--yes", "--skip-preview"]);
    t.regex(up.output, /~ 1 updated/);
    const outputs = (await stack.outputs({ showSecrets: true })) as { name: string; clientId: string; clientSecret: string };
    t.regex(outputs.name, /^dash-[0-9a-f]{7}$/);
    const client = new BringgClient({ settings: { baseUrl: emulator.url, ...demoCredentials } });
    const apps = await client.listApplications({ fresh: true });
    t.deepEqual(
        apps.map((app) => app.name),
        [outputs.name],
        "one application, no duplicate, no orphan",
    );
    t.truthy(await client.requestToken({ clientId: outputs.clientId, clientSecret: outputs.clientSecret }));
    await stack.ok(["preview", "--expect-no-changes"]);
});

test.serial("a generated name is kept by later runs, and pulumi:autonaming verbatim applies to new applications", async (t) => {
    const before = (await stack.outputs()) as { name: string };
    await stack.ok(["config", "set", "--path", "pulumi:autonaming.mode", "verbatim"]);
    await stack.setProgram(`${program}
export const otherName = new bringg.Application("other", { scopes: ["tasks_read"] }).name;
`);
    await stack.ok(["up", "--yes", "--skip-preview"]);
    const after = (await stack.outputs()) as { name: string; otherName: string };
    t.is(after.name, before.name, "an existing application keeps its generated name: no replace");
    t.is(after.otherName, "other");
    await stack.ok(["config", "rm", "--path", "pulumi:autonaming.mode"]);
    await stack.setProgram(program);
    await stack.ok(["up", "--yes", "--skip-preview"]);
});

test.serial("arguments with prototype keys (as YAML parsers produce them) fail preview naming the key, with no SDK crash and no write", async (t) => {
    emulator.control.resetCounters();
    await stack.setProgram(`
import * as bringg from "pulumi-bringg";
new bringg.ScopeTtls("ttls", { ttls: JSON.parse('{"tasks_write": 900, "__proto__": {"users_read": 60}}') });
new bringg.Application("proto", JSON.parse('{"scopes": ["tasks_read"], "__proto__": {"enabled": true}}'));
`);
    const preview = await stack.run(["preview"]);
    t.not(preview.code, 0);
    t.regex(preview.output, /property (ttls\.)?__proto__ .*"__proto__" is not allowed as a key: it names a JavaScript object's prototype/);
    t.notRegex(preview.output, /TypeError|at Object\.|\.js:\d+:\d+/, "no stack trace");
    const { byRoute } = emulator.control.counters();
    t.is(byRoute.setScopeTtls ?? 0, 0);
    t.is(byRoute.createApplication ?? 0, 0);
    await stack.setProgram(program);
});
