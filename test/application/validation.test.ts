/**
 * Bad inputs and bad settings fail `pulumi preview` with a message that names the field and the
 * fix, and without a single call to Bringg.
 *
 * The whole table is judged by the check itself (fast, no CLI); the real CLI proves, once each, what
 * only the engine can show: that a check failure is printed per property and fails the preview,
 * that bad settings name the config key, and that a valid program previews cleanly.
 */
import test from "ava";
import { demoCredentials, type RunningEmulator } from "../../emulator/server";
import * as crud from "../../provider/application/crud";
import { validateSettings, type RawSettings } from "../../provider/core/config";
import { startBringgStack } from "../helpers/bringg";
import { contextOf } from "../helpers/deps";
import type { TestStack } from "../helpers/pulumi";

const valid = { scopes: ["tasks_read"], enabled: true };

/** What the program passes, the properties refused (the first one's reason is matched), the reason. */
const badInputs: Array<[string, unknown, string | string[], RegExp]> = [
    ["an empty name", { ...valid, name: "" }, "name", /^name must not be empty: set a display name, or leave name out/],
    ["a name that is not a string", { ...valid, name: 42 }, "name", /^name must be a string/],
    ["a name longer than Bringg allows", { ...valid, name: "x".repeat(300) }, "name", /^name is longer than 255 characters: shorten it/],
    [
        "scopes that are not a list",
        { ...valid, scopes: "tasks_read" },
        "scopes",
        /^scopes must be a list of scope names, e\.g\. \["tasks_read", "users_read"\]/,
    ],
    ["an empty list of scopes", { ...valid, scopes: [] }, "scopes", /^scopes must name at least one scope/],
    ["a scope name Bringg cannot have", { ...valid, scopes: ["tasks_read", "Tasks Read!"] }, "scopes[1]", /"Tasks Read!" is not a Bringg scope name/],
    ["enabled that is not a boolean", { ...valid, enabled: "yes" }, "enabled", /^enabled must be true or false/],
    [
        "a misspelt input",
        { scope: ["tasks_read"] },
        ["scope", "scopes"],
        /^"scope" is not an input of Application: use name, scopes, enabled, adopt, deliverTo, keepSecretInState or account/,
    ],
    ["neither scopes nor adopt", { enabled: true }, "scopes", /^scopes is required: list the scopes the application may use, .* or set adopt/],
    ["adopt without a client id", { adopt: {} }, "adopt.clientId", /^adopt\.clientId must be a string/],
    ["adopt with an empty client id", { adopt: { clientId: " " } }, "adopt.clientId", /^adopt\.clientId must not be empty: copy the client id from Bringg/],
    ["adopt that is not an object", { adopt: "abc" }, "adopt", /^adopt must be an object \{ clientId: "<client id>" \}/],
];

const complete = { endpoint: "http://127.0.0.1:9", username: "admin", password: "pw" };

const { settingsProblems } = contextOf({ "bringg:endpoint": complete.endpoint, "bringg:username": "admin", "bringg:password": "pw" });

for (const [what, args, property, reason] of badInputs) {
    test(`check refuses ${what}, naming the field and the fix`, (t) => {
        const { failures } = crud.checkLocally({}, { __provider: "x", ...(args as object) }, { settingsProblems });
        t.deepEqual(
            failures.map((f) => f.property),
            [property].flat(),
        );
        t.regex(failures[0]!.reason, reason);
    });
}

const badSettings: Array<[string, RawSettings, string, RegExp]> = [
    [
        "an unknown region",
        { ...complete, endpoint: undefined, region: "us9" },
        "bringg:region",
        /^bringg:region "us9" is not a Bringg region: set `pulumi config set bringg:region us2` \(one of us1, us2, us3, eu1, eu2, eu3\)/,
    ],
    [
        "both a region and an endpoint",
        { ...complete, region: "us2" },
        "bringg:endpoint",
        /^bringg:region and bringg:endpoint are both set and contradict each other/,
    ],
    ["neither a region nor an endpoint", { ...complete, endpoint: undefined }, "bringg:region", /^neither bringg:region nor bringg:endpoint is set/],
    [
        "an endpoint that is not a URL",
        { ...complete, endpoint: "bringg.example" },
        "bringg:endpoint",
        /^bringg:endpoint "bringg.example" is not an http\(s\) URL/,
    ],
    [
        "no admin username",
        { ...complete, username: undefined },
        "bringg:username",
        /^bringg:username is not set: set it with `pulumi config set bringg:username <admin user>` or the BRINGG_USERNAME/,
    ],
    [
        "no admin password",
        { ...complete, password: undefined },
        "bringg:password",
        /^bringg:password is not set: set it with `pulumi config set --secret bringg:password <password>` or the BRINGG_PASSWORD/,
    ],
];

for (const [what, raw, key, message] of badSettings) {
    test(`settings with ${what} are refused, naming the key to set`, (t) => {
        const result = validateSettings(raw);
        t.false(result.ok);
        const problems = result.ok ? [] : result.problems;
        t.deepEqual(
            problems.map((p) => p.key),
            [key],
        );
        t.regex(problems[0]!.message, message);
    });
}

// ---- through the real CLI ---------------------------------------------------------------------

let emulator: RunningEmulator;
let stack: TestStack;
let dispose: (() => Promise<void>) | undefined;

const program = `
import * as pulumi from "@pulumi/pulumi";
import * as bringg from "pulumi-bringg";
new bringg.Application("app", JSON.parse(new pulumi.Config().require("args")));
`;

test.before(async () => {
    ({ emulator, stack, dispose } = await startBringgStack({
        name: "app-validation",
        program,
        config: { args: JSON.stringify(valid) },
        // The settings case must not be rescued by the environment.
        env: { BRINGG_REGION: "", BRINGG_ENDPOINT: "", BRINGG_USERNAME: "", BRINGG_PASSWORD: "" },
    }));
});

test.after.always(async () => {
    await dispose?.();
});

test.serial("preview prints every bad input by its property, fails, and calls nobody", async (t) => {
    await stack.setConfig("args", JSON.stringify({ name: "", scopes: ["tasks_read", "Tasks Read!"], enabled: "yes" }));
    const preview = await stack.run(["preview"]);
    t.not(preview.code, 0, "preview fails");
    t.regex(preview.output, /property name value \{\} has a problem: name must not be empty/);
    t.regex(preview.output, /property scopes\[1\] value .* has a problem: "Tasks Read!" is not a Bringg scope name/);
    t.regex(preview.output, /property enabled value \{yes\} has a problem: enabled must be true or false/);
    t.is(emulator.control.counters().total, 0);
});

test.serial("preview with a missing admin password names the config key to set, never printing a password", async (t) => {
    await stack.setConfig("args", JSON.stringify(valid));
    await stack.run(["config", "rm", "bringg:password"]);
    const preview = await stack.run(["preview"]);
    await stack.setConfig("bringg:password", demoCredentials.password, { secret: true });
    t.not(preview.code, 0);
    t.regex(preview.output, /has a problem: bringg:password is not set: set it with `pulumi config set --secret bringg:password <password>`/);
    t.false(preview.output.includes(demoCredentials.password));
    t.is(emulator.control.counters().total, 0);
});

test.serial("valid inputs preview cleanly, with one scope-catalog list and no write", async (t) => {
    await stack.setConfig("args", JSON.stringify(valid));
    const preview = await stack.ok(["preview"]);
    t.regex(preview.output, /\+ 2 to create/);
    // New scopes are checked against the account's catalog: one list, no write.
    t.deepEqual(emulator.control.counters(), { total: 1, byRoute: { listScopes: 1 } });
});
