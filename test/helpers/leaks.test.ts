/** The leak scan helper finds every spelling of a secret and never prints one. */
import test from "ava";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { countHits, scanForLeaks } from "./leaks";

const secret = { label: "client secret", value: 'abc"def/ghi+jkl' };

test("a secret is found as is, JSON-escaped and URL-encoded, in texts and in files of nested folders", async (t) => {
    const dir = await mkdtemp(path.join(tmpdir(), "leaks-"));
    try {
        await mkdir(path.join(dir, "nested"));
        await writeFile(path.join(dir, "nested", "log.txt"), `line one\nbody=${encodeURIComponent(secret.value)}\n`);
        const hits = await scanForLeaks([secret], [{ label: "stderr", text: `x\n{"s":${JSON.stringify(secret.value)}} and ${secret.value}` }, dir]);
        t.deepEqual(countHits(hits), { "client secret": { stderr: 2, [path.join(dir, "nested", "log.txt")]: 1 } });
        t.deepEqual(
            hits.map((h) => h.line),
            [2, 2, 2],
        );
        for (const hit of hits) t.false(hit.excerpt.includes("def"), hit.excerpt);
        t.true(hits[0]!.excerpt.includes("[client secret]"));
    } finally {
        await rm(dir, { recursive: true, force: true });
    }
});

test("clean sources give no hits, and a secret too short to search for is refused", async (t) => {
    t.deepEqual(await scanForLeaks([secret], [{ label: "out", text: "nothing here" }, "/nonexistent-folder"]), []);
    await t.throwsAsync(scanForLeaks([{ label: "pin", value: "1234" }], []), { message: /too short/ });
});
