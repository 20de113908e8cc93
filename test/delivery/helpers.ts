/**
 * What the delivery tests share: fresh credentials and throwaway folders.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Credential } from "../../provider/delivery/store";

/** A credential that no other test uses, with a secret long enough to be redacted by value. */
export function credential(): Credential {
    return { clientId: `client-${randomBytes(4).toString("hex")}`, clientSecret: `s3cr3t-${randomBytes(16).toString("hex")}` };
}

/** A new empty folder, removed when the test ends. */
export async function tempFolder(t: { teardown(fn: () => Promise<void>): void }): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), "bringg-delivery-"));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    return dir;
}
