/**
 * Bad inputs and bad settings fail `pulumi preview` with a message that names the field and the
 * fix, and without a single call to Bringg. One stack; each case sets the program's arguments (a
 * JSON stack config value) or the provider settings, then previews.
 */
import test from "ava";
import { demoCredentials, type RunningEmulator } from "../../emulator/server";
import type { TestStack } from "../helpers/pulumi";
import { startBringgStack } from "../helpers/bringg";

let emulator: RunningEmulator;
let stack: TestStack;
let dispose: (() => Promise<void>) | undefined;

const program = `
import * as pulumi from "@pulumi/pulumi";
import * as bringg from "pulumi-bringg";
new bringg.Application("app", JSON.parse(new pulumi.Config().require("args")));
`;

const valid = { scopes: ["tasks_read"], enabled: true };

test.before(async () => {
    ({ emulator, stack, dispose } = await startBringgStack({
        name: "app-validation",
        program,
        config: {
            args: JSON.stringify(valid),
        },
        // The settings cases must not be rescued by the environment.
        env: { BRINGG_REGION: "", BRINGG_ENDPOINT: "", BRINGG_USERNAME: "", BRINGG_PASSWORD: "" },
    }));
});

test.after.always(async () => {
    await dispose?.();
});

async function expectPreviewFailure(t: import("ava").ExecutionContext, expected: RegExp): Promise<void> {
    const preview = await stack.run(["preview"]);
    t.not(preview.code, 0, "preview fails");
    t.regex(preview.output, expected);
    t.false(preview.output.includes(demoCredentials.password), "the admin password is never printed");
}

const badInputs: Array<[string, unknown, RegExp]> = [
    ["an empty name", { ...valid, name: "" }, /property name value \{\} has a problem: name must not be empty: set a display name, or leave name out/],
    ["a name that is not a string", { ...valid, name: 42 }, /property name value \{42\} has a problem: name must be a string/],
    ["a name longer than Bringg allows", { ...valid, name: "x".repeat(300) }, /property name value .* has a problem: name is longer than 255 characters: shorten it/],
    ["scopes that are not a list", { ...valid, scopes: "tasks_read" }, /property scopes value \{tasks_read\} has a problem: scopes must be a list of scope names, e\.g\. \["tasks_read", "users_read"\]/],
    ["an empty list of scopes", { ...valid, scopes: [] }, /property scopes value .* has a problem: scopes must name at least one scope/],
    ["a scope name Bringg cannot have", { ...valid, scopes: ["tasks_read", "Tasks Read!"] }, /property scopes\[1\] value .* has a problem: "Tasks Read!" is not a Bringg scope name: a scope name has no spaces or control characters; use the names Bringg lists/],
    ["enabled that is not a boolean", { ...valid, enabled: "yes" }, /property enabled value \{yes\} has a problem: enabled must be true or false/],
    ["a misspelt input", { scope: ["tasks_read"] }, /property scope value .* has a problem: "scope" is not an input of Application: use name, scopes, enabled or adopt/],
    ["neither scopes nor adopt", { enabled: true }, /property scopes .*has a problem: scopes is required: list the scopes the application may use, .* or set adopt/],
    ["adopt without a client id", { adopt: {} }, /property adopt\.clientId .*has a problem: adopt\.clientId must be a string/],
    ["adopt with an empty client id", { adopt: { clientId: " " } }, /property adopt\.clientId .*has a problem: adopt\.clientId must not be empty: copy the client id from Bringg/],
    ["adopt that is not an object", { adopt: "abc" }, /property adopt value \{abc\} has a problem: adopt must be an object \{ clientId: "<client id>" \}/],
];

for (const [what, args, expected] of badInputs) {
    test.serial(`preview refuses ${what}, naming the field and the fix`, async (t) => {
        await stack.setConfig("args", JSON.stringify(args));
        await expectPreviewFailure(t, expected);
    });
}

const badSettings: Array<[string, Record<string, string | null>, RegExp]> = [
    ["an unknown region", { "bringg:endpoint": null, "bringg:region": "us9" }, /has a problem: bringg:region "us9" is not a Bringg region: set `pulumi config set bringg:region us2` \(one of us1, us2, us3, eu1, eu2, eu3\)/],
    ["both a region and an endpoint", { "bringg:region": "us2", "bringg:endpoint": "http://127.0.0.1:9" }, /has a problem: bringg:region and bringg:endpoint are both set and contradict each other/],
    ["neither a region nor an endpoint", { "bringg:region": null, "bringg:endpoint": null }, /has a problem: neither bringg:region nor bringg:endpoint is set/],
    ["an endpoint that is not a URL", { "bringg:endpoint": "bringg.example" }, /has a problem: bringg:endpoint "bringg.example" is not an http\(s\) URL/],
    ["no admin username", { "bringg:username": null }, /has a problem: bringg:username is not set: set it with `pulumi config set bringg:username <admin user>` or the BRINGG_USERNAME/],
    ["no admin password", { "bringg:password": null }, /has a problem: bringg:password is not set: set it with `pulumi config set --secret bringg:password <password>` or the BRINGG_PASSWORD/],
];

for (const [what, changes, expected] of badSettings) {
    test.serial(`preview refuses settings with ${what}, naming the key to set`, async (t) => {
        await stack.setConfig("args", JSON.stringify(valid));
        for (const [key, value] of Object.entries(changes)) {
            if (value === null) await stack.run(["config", "rm", key]);
            else await stack.setConfig(key, value);
        }
        await expectPreviewFailure(t, expected);
        // Back to working settings for the next case.
        await stack.run(["config", "rm", "bringg:region"]);
        await stack.setConfig("bringg:endpoint", emulator.url);
        await stack.setConfig("bringg:username", demoCredentials.username);
        await stack.setConfig("bringg:password", demoCredentials.password, { secret: true });
    });
}

test.serial("none of the refused previews called Bringg, and valid inputs preview cleanly after one scope-catalog list", async (t) => {
    t.is(emulator.control.counters().total, 0);
    await stack.setConfig("args", JSON.stringify(valid));
    const preview = await stack.ok(["preview"]);
    t.regex(preview.output, /\+ 2 to create/);
    // New scopes are checked against the account's catalog: one list, no write.
    t.deepEqual(emulator.control.counters(), { total: 1, byRoute: { listScopes: 1 } });
});
