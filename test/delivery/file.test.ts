/**
 * Delivery to a file: atomic, private by default, readable back, and its failures named.
 */
import test from "ava";
import { readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fingerprint } from "../../provider/core/fingerprint";
import { deliver, DeliveryError, inspect, refreshReceipts } from "../../provider/delivery/deliver";
import type { Target } from "../../provider/delivery/schema";
import { credential, tempFolder } from "./helpers";

const ctx = { resource: 'Application "dashboards"' };

test("a file gets the credential JSON with mode 0600, and no temporary file is left beside it", async (t) => {
    const dir = await tempFolder(t);
    const file = path.join(dir, "bringg.json");
    const current = credential();
    const [receipt] = await deliver({ current }, [{ file: { path: file } }], ctx);
    t.deepEqual(JSON.parse(await readFile(file, "utf8")), current);
    t.is((await stat(file)).mode & 0o777, 0o600);
    t.deepEqual(await readdir(dir), ["bringg.json"]);
    t.like(receipt, { store: "file", reference: file, fingerprint: fingerprint(current.clientSecret), format: "json" });
});

test('format "secret" writes the bare secret, and mode sets the file\'s permissions', async (t) => {
    const dir = await tempFolder(t);
    const current = credential();
    const bare = path.join(dir, "secret");
    const shared = path.join(dir, "shared.json");
    await deliver({ current }, [{ file: { path: bare, mode: 0o400 }, format: "secret" }, { file: { path: shared, mode: 0o640 } }], ctx);
    t.is(await readFile(bare, "utf8"), current.clientSecret);
    t.is((await stat(bare)).mode & 0o777, 0o400);
    t.is((await stat(shared)).mode & 0o777, 0o640);
});

test("a new secret replaces the file by rename (a reader never sees half a file), and missing folders are created private", async (t) => {
    const dir = await tempFolder(t);
    const file = path.join(dir, "run", "secrets", "bringg.json");
    await deliver({ current: credential() }, [{ file: { path: file } }], ctx);
    t.is((await stat(path.dirname(file))).mode & 0o777, 0o700);
    const before = await stat(file);
    const next = credential();
    await deliver({ current: next }, [{ file: { path: file } }], ctx);
    t.not((await stat(file)).ino, before.ino, "a new inode: the old file was replaced, not rewritten in place");
    t.deepEqual(JSON.parse(await readFile(file, "utf8")), next);
});

test("refresh sees a file that was overwritten or deleted, and keeps the receipt of an intact one", async (t) => {
    const dir = await tempFolder(t);
    const targets: Target[] = ["intact", "overwritten", "deleted"].map((name) => ({ file: { path: path.join(dir, `${name}.json`) } }));
    const current = credential();
    const receipts = await deliver({ current }, targets, ctx);
    await writeFile(path.join(dir, "overwritten.json"), "not a credential");
    await rm(path.join(dir, "deleted.json"));

    const seen = await inspect(targets, ctx);
    t.like(seen[0]!.inspection, { status: "present", fingerprint: fingerprint(current.clientSecret) });
    t.like(seen[1]!.inspection, { status: "present", fingerprint: fingerprint("not a credential") });
    t.deepEqual(seen[2]!.inspection, { status: "absent" });

    const refreshed = await refreshReceipts(targets, receipts, ctx);
    t.deepEqual(
        refreshed.receipts.map((receipt) => receipt.target),
        [0],
    );
    t.regex(refreshed.warnings[0]!, /^Application "dashboards": deliverTo\[1\] \(file ".*overwritten\.json"\) holds another secret/);
    t.regex(refreshed.warnings[1]!, /deliverTo\[2\] \(file ".*deleted\.json"\) no longer holds the delivered secret .* it was deleted/);
});

test("an unwritable path fails naming the target and the cause, with no secret in the message and no temporary file left", async (t) => {
    const dir = await tempFolder(t);
    // A file where a folder is needed: unwritable even for root, which ignores permission bits.
    await writeFile(path.join(dir, "not-a-folder"), "");
    const file = path.join(dir, "not-a-folder", "bringg.json");
    const current = credential();
    const error = await t.throwsAsync(deliver({ current }, [{ file: { path: file } }], ctx));
    t.true(DeliveryError.isInstance(error));
    t.like((error as DeliveryError).failures[0], { target: 0, store: "file", reference: file, code: "io" });
    t.regex(
        error!.message,
        /deliverTo\[0\] \(file ".*not-a-folder\/bringg\.json"\): mkdir failed: (ENOTDIR|EEXIST): .* Fix: a part of the path is a file where a folder is needed/,
    );
    t.false(error!.message.includes(current.clientSecret));
    t.deepEqual(await readdir(dir), ["not-a-folder"]);
});
