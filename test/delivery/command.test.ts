/**
 * Delivery through a command: the credential arrives on stdin and nowhere else, and a failing
 * command fails the delivery with its stderr, redacted.
 */
import test from "ava";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { deliver, DeliveryError, inspect } from "../../provider/delivery/deliver";
import { credential, tempFolder } from "./helpers";

const ctx = { resource: 'SecretRotation "api"' };

/** A program that records what it was given: stdin, argv and environment, into $RECORD. */
const recorder = `
const fs = require("node:fs");
const stdin = fs.readFileSync(0, "utf8");
fs.writeFileSync(process.env.RECORD, JSON.stringify({ stdin, argv: process.argv, env: process.env }));
`;

test("the command gets the credential JSON on stdin, and the secret is neither in its arguments nor its environment", async (t) => {
    const dir = await tempFolder(t);
    const record = path.join(dir, "record.json");
    const current = credential();
    process.env.BRINGG_PASSWORD = "admin-password-123";
    t.teardown(() => delete process.env.BRINGG_PASSWORD);
    const [receipt] = await deliver({ current }, [{ command: { run: [process.execPath, "-e", recorder], env: { RECORD: record } } }], ctx);
    const seen = JSON.parse(await readFile(record, "utf8")) as { stdin: string; argv: string[]; env: Record<string, string | undefined> };
    t.deepEqual(JSON.parse(seen.stdin), current);
    t.false(JSON.stringify(seen.argv).includes(current.clientSecret));
    t.false(JSON.stringify(seen.env).includes(current.clientSecret));
    t.is(seen.env.BRINGG_PASSWORD, undefined, "the Bringg admin password is withheld from the command");
    t.like(receipt, { store: "command", reference: path.basename(process.execPath) });
});

test('format "secret" gives the bare secret on stdin', async (t) => {
    const dir = await tempFolder(t);
    const record = path.join(dir, "record.json");
    const current = credential();
    await deliver({ current }, [{ command: { run: [process.execPath, "-e", recorder], env: { RECORD: record } }, format: "secret" }], ctx);
    t.is((JSON.parse(await readFile(record, "utf8")) as { stdin: string }).stdin, current.clientSecret);
});

test("a command that exits 1 fails the delivery with its stderr, from which the secret is redacted", async (t) => {
    const current = credential();
    // Echoes its input to stderr, as a careless script might.
    const script = `const input = require("node:fs").readFileSync(0, "utf8"); console.error("vault: permission denied; got " + input); process.exit(1);`;
    const error = await t.throwsAsync(deliver({ current }, [{ command: { run: [process.execPath, "-e", script] } }], ctx));
    t.true(DeliveryError.isInstance(error));
    t.like((error as DeliveryError).failures[0], { target: 0, store: "command", code: "command_failed" });
    t.regex(error!.message, /deliverTo\[0\] \(command "node"\): run failed: ".*node" exited with 1; its stderr: "vault: permission denied; got/);
    t.false(error!.message.includes(current.clientSecret));
});

test("a program that does not exist fails naming it", async (t) => {
    const error = await t.throwsAsync(deliver({ current: credential() }, [{ command: { run: ["no-such-program-bringg"] } }], ctx));
    t.regex(
        error!.message,
        /deliverTo\[0\] \(command "no-such-program-bringg"\): run failed: "no-such-program-bringg" was not found\. Fix: install the program/,
    );
});

test("a command whose arguments contain the secret is refused before it runs", async (t) => {
    const current = credential();
    const dir = await tempFolder(t);
    const record = path.join(dir, "record.json");
    const error = await t.throwsAsync(
        deliver({ current }, [{ command: { run: [process.execPath, "-e", recorder, `--secret=${current.clientSecret}`], env: { RECORD: record } } }], ctx),
    );
    t.like((error as DeliveryError).failures[0], { code: "config" });
    t.regex(error!.message, /appears in the command's arguments or env.*the command was not run/);
    t.false(error!.message.includes(current.clientSecret));
    await t.throwsAsync(readFile(record), { code: "ENOENT" });
});

test("refresh cannot read a command target back, and says so", async (t) => {
    const [seen] = await inspect([{ command: { run: ["true"] } }], ctx);
    t.deepEqual(seen!.inspection, { status: "unknown", reason: "a command target cannot be read back" });
});
