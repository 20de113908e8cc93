/**
 * Delivery over a target list: receipts, partial failures, what re-delivery must cover, and
 * recovering a secret that the state does not hold.
 */
import test from "ava";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fingerprint } from "../../provider/core/fingerprint";
import { deliver, DeliveryError, pendingTargets, recoverSecret } from "../../provider/delivery/deliver";
import type { Target } from "../../provider/delivery/schema";
import { credential, tempFolder } from "./helpers";

const ctx = { resource: 'SecretRotation "api"' };

test("one receipt per target, in target order, none holding the secret", async (t) => {
    const dir = await tempFolder(t);
    const current = credential();
    const targets: Target[] = [{ file: { path: path.join(dir, "a.json") } }, { file: { path: path.join(dir, "b") }, format: "secret" }];
    const receipts = await deliver({ current }, targets, ctx);
    t.deepEqual(
        receipts.map((receipt) => [receipt.target, receipt.format, receipt.fingerprint]),
        [
            [0, "json", fingerprint(current.clientSecret)],
            [1, "secret", fingerprint(current.clientSecret)],
        ],
    );
    t.false(JSON.stringify(receipts).includes(current.clientSecret));
});

test("a failed target does not stop the others: the error lists it and carries the receipts of those written", async (t) => {
    const dir = await tempFolder(t);
    await writeFile(path.join(dir, "file"), "");
    const current = credential();
    const targets: Target[] = [
        { file: { path: path.join(dir, "ok.json") } },
        { file: { path: path.join(dir, "file", "x.json") } },
        { command: { run: ["false"] } },
    ];
    const error = (await t.throwsAsync(deliver({ current }, targets, ctx))) as DeliveryError;
    t.true(DeliveryError.isInstance(error));
    t.is(error.code, "delivery_failed");
    t.deepEqual(
        error.receipts.map((receipt) => receipt.target),
        [0],
    );
    t.deepEqual(
        error.failures.map((failure) => [failure.target, failure.store, failure.code]),
        [
            [1, "file", "io"],
            [2, "command", "command_failed"],
        ],
    );
    t.regex(
        error.message,
        /was delivered to 1 of 3 targets; 2 failed:\n {2}deliverTo\[1\] \(file .*\n {2}deliverTo\[2\] \(command "false"\): run failed: "false" exited with 1 and wrote nothing to stderr/,
    );
    t.regex(error.message, /the next `pulumi up` delivers the same secret without generating a new one\.$/);
    t.false(error.message.includes(current.clientSecret));
});

test("only the targets asked for are written (re-delivery after a partial failure)", async (t) => {
    const dir = await tempFolder(t);
    const targets: Target[] = [{ file: { path: path.join(dir, "a.json") } }, { file: { path: path.join(dir, "b.json") } }];
    const receipts = await deliver({ current: credential() }, targets, ctx, [1]);
    t.deepEqual(
        receipts.map((receipt) => receipt.target),
        [1],
    );
});

test("pending targets: a new target, a new secret, a new previous secret; not a reordering", async (t) => {
    const dir = await tempFolder(t);
    const current = credential();
    const previous = credential();
    const file: Target = { file: { path: path.join(dir, "a.json") } };
    const aws: Target = { awsSecretsManager: { secretId: "prod/bringg", endpoint: "http://127.0.0.1:1" } };
    const receipts = await deliver({ current }, [file], ctx);
    const secret = fingerprint(current.clientSecret);
    t.deepEqual(pendingTargets([file], receipts, secret), []);
    t.deepEqual(pendingTargets([aws, file], receipts, secret), [0], "a target added to the list");
    t.deepEqual(pendingTargets([file], receipts, fingerprint(credential().clientSecret)), [0], "a new secret");
    t.deepEqual(pendingTargets([{ ...file, format: "secret" }], receipts, secret), [0], "a new format");
    // Files hold no previous secret: a new previous one leaves a file's receipt current.
    t.deepEqual(pendingTargets([file], receipts, secret, fingerprint(previous.clientSecret)), []);
});

test("a secret can be recovered by fingerprint from a target that holds it", async (t) => {
    const dir = await tempFolder(t);
    const current = credential();
    const targets: Target[] = [
        { file: { path: path.join(dir, "gone.json") } },
        { command: { run: ["true"] } },
        { file: { path: path.join(dir, "kept") }, format: "secret" },
    ];
    await deliver({ current }, targets, ctx);
    await rm(path.join(dir, "gone.json"));
    t.is(await recoverSecret(targets, fingerprint(current.clientSecret), ctx), current.clientSecret);
    t.is(await recoverSecret(targets, fingerprint("another secret"), ctx), undefined);
});
