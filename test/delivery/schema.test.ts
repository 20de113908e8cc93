/**
 * The deliverTo / keepSecretInState inputs: every bad input is named by its field path, with the
 * fix; values not known until the deployment are not judged.
 */
import test from "ava";
import { z } from "zod";
import { propertyPath } from "../../provider/core/check";
import { checkDelivery, deliveryFields, refineDelivery, targetKey } from "../../provider/delivery/schema";
import { unknownValue } from "../../provider/core/check";

const good = { file: { path: "/run/secrets/bringg.json" } };

const bad: Array<[string, Record<string, unknown>, string, RegExp]> = [
    [
        "an unknown store kind",
        { deliverTo: [good, { s3: { bucket: "b" } }] },
        "deliverTo[1].s3",
        /"s3" is not a store kind: use awsSecretsManager, file or command/,
    ],
    ["an empty entry", { deliverTo: [{}] }, "deliverTo[0]", /the entry is empty: name exactly one store/],
    ["a null entry", { deliverTo: [null] }, "deliverTo[0]", /each deliverTo entry must be an object naming one store/],
    [
        "two kinds in one entry",
        { deliverTo: [{ ...good, command: { run: ["true"] } }] },
        "deliverTo[0]",
        /names file and command: name exactly one store per entry/,
    ],
    [
        "a relative file path",
        { deliverTo: [good, { file: { path: "secrets/bringg.json" } }] },
        "deliverTo[1].file.path",
        /"secrets\/bringg\.json" is a relative path: give an absolute one/,
    ],
    ["a folder as file path", { deliverTo: [{ file: { path: "/run/secrets/" } }] }, "deliverTo[0].file.path", /must name a file, not a directory/],
    ["a bad file mode", { deliverTo: [{ file: { path: "/x", mode: "rw-------" } }] }, "deliverTo[0].file.mode", /mode must be a file mode such as 0o600/],
    [
        "an unknown file field",
        { deliverTo: [{ file: { path: "/x", owner: "root" } }] },
        "deliverTo[0].file.owner",
        /"owner" is not a field of file: use path and mode/,
    ],
    [
        "a bad secretId",
        { deliverTo: [{ awsSecretsManager: { secretId: "prod bringg!" } }] },
        "deliverTo[0].awsSecretsManager.secretId",
        /"prod bringg!" is not a Secrets Manager secret name or ARN/,
    ],
    [
        "an empty secretId",
        { deliverTo: [{ awsSecretsManager: { secretId: "" } }] },
        "deliverTo[0].awsSecretsManager.secretId",
        /is not a Secrets Manager secret name or ARN/,
    ],
    [
        "a bad region",
        { deliverTo: [{ awsSecretsManager: { secretId: "a", region: "US East" } }] },
        "deliverTo[0].awsSecretsManager.region",
        /"US East" is not an AWS region/,
    ],
    [
        "a bad endpoint",
        { deliverTo: [{ awsSecretsManager: { secretId: "a", endpoint: "ftp://x" } }] },
        "deliverTo[0].awsSecretsManager.endpoint",
        /endpoint must be an http\(s\) URL/,
    ],
    ["a command with an empty argv", { deliverTo: [{ command: { run: [] } }] }, "deliverTo[0].command.run", /run must name a program/],
    ["a command with an empty program", { deliverTo: [{ command: { run: [" ", "x"] } }] }, "deliverTo[0].command.run", /run\[0\] must name the program to run/],
    ["a command given as a string", { deliverTo: [{ command: { run: "vault kv put" } }] }, "deliverTo[0].command.run", /run must be a list of arguments/],
    [
        "a bad env name",
        { deliverTo: [{ command: { run: ["x"], env: { "A-B": "1" } } }] },
        'deliverTo[0].command.env["A-B"]',
        /"A-B" is not an environment variable name/,
    ],
    ["a bad format", { deliverTo: [{ ...good, format: "yaml" }] }, "deliverTo[0].format", /format must be "json" .* or "secret"/],
    ["deliverTo not a list", { deliverTo: good }, "deliverTo", /deliverTo must be a list of store targets/],
    ["keepSecretInState: false with no target", { keepSecretInState: false }, "keepSecretInState", /needs at least one deliverTo target/],
    ["keepSecretInState: false with an empty list", { keepSecretInState: false, deliverTo: [] }, "keepSecretInState", /needs at least one deliverTo target/],
    ["keepSecretInState not a boolean", { keepSecretInState: "no" }, "keepSecretInState", /keepSecretInState must be true or false/],
    [
        "the same store twice",
        { deliverTo: [good, { file: { path: "/run/secrets/./bringg.json" }, format: "secret" }] },
        "deliverTo[1]",
        /names the same store as deliverTo\[0\]/,
    ],
];

for (const [what, inputs, property, reason] of bad) {
    test(`check names ${property} for ${what}`, (t) => {
        const { failures } = checkDelivery(inputs);
        t.is(failures.length, 1, JSON.stringify(failures));
        t.is(failures[0]!.property, property);
        t.regex(failures[0]!.reason, reason);
    });
}

test("check reports every problem at once", (t) => {
    const { failures } = checkDelivery({ deliverTo: [{ file: { path: "x" } }, { command: { run: [] } }, {}], keepSecretInState: "no" });
    t.deepEqual(
        failures.map((failure) => failure.property),
        ["deliverTo[0].file.path", "deliverTo[1].command.run", "deliverTo[2]", "keepSecretInState"],
    );
});

test("check accepts every kind and normalizes the file mode; other inputs are ignored", (t) => {
    const { inputs, failures } = checkDelivery({
        scopes: ["tasks_read"],
        keepSecretInState: false,
        deliverTo: [
            { awsSecretsManager: { secretId: "prod/bringg/dashboards", region: "eu-west-1", endpoint: "http://127.0.0.1:5000" } },
            { awsSecretsManager: { secretId: "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/bringg-AbCdEf" } },
            { file: { path: "/run/secrets/bringg.json", mode: "0640" }, format: "secret" },
            { command: { run: ["vault", "kv", "put", "secret/bringg", "-"], env: { VAULT_ADDR: "http://127.0.0.1:8200" } } },
        ],
    });
    t.deepEqual(failures, []);
    t.is(inputs.deliverTo![2]!.file!.mode, 0o640);
    t.is(inputs.keepSecretInState, false);
    t.false("scopes" in inputs);
});

test("values not known until the deployment are not judged", (t) => {
    t.deepEqual(checkDelivery({ deliverTo: unknownValue, keepSecretInState: false }).failures, []);
    t.deepEqual(checkDelivery({ deliverTo: [unknownValue, { file: { path: unknownValue } }] }).failures, []);
    t.deepEqual(checkDelivery({ deliverTo: [{ command: { run: [unknownValue] } }] }).failures, []);
    // Known parts next to unknown ones are still judged.
    const { failures } = checkDelivery({ deliverTo: [{ file: { path: unknownValue } }, { file: { path: "relative" } }] });
    t.deepEqual(
        failures.map((failure) => failure.property),
        ["deliverTo[1].file.path"],
    );
});

test("a resource can add the fields to its own strict inputs and get the same paths", (t) => {
    const inputs = z.strictObject({ name: z.string(), ...deliveryFields }).superRefine(refineDelivery);
    const parsed = inputs.safeParse({ name: "x", keepSecretInState: false, deliverTo: [{ file: { path: "rel" } }] });
    t.false(parsed.success);
    t.deepEqual(
        parsed.error!.issues.map((issue) => propertyPath(issue.path)),
        ["deliverTo[0].file.path"],
    );
    const empty = inputs.safeParse({ name: "x", keepSecretInState: false });
    t.deepEqual(
        empty.error!.issues.map((issue) => propertyPath(issue.path)),
        ["keepSecretInState"],
    );
});

test("a target's key names its store and format, not its env values, and survives reordering", (t) => {
    const command = { command: { run: ["vault", "kv", "put", "secret/x", "-"], env: { VAULT_TOKEN: "token-1" } } };
    t.is(targetKey(command), targetKey({ command: { ...command.command, env: { VAULT_TOKEN: "token-2" } } }));
    t.not(targetKey(command), targetKey({ ...command, format: "secret" }));
    t.regex(targetKey(command), /^[0-9a-f]{16}$/);
});
