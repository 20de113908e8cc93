/**
 * The `file` store: the credential in a local file, for CI jobs and container secrets.
 *
 * The write is atomic: a temporary file in the same folder (created with the target mode, so the
 * secret is never readable by others, not even briefly), flushed, then renamed over the target.
 * A reader sees the old content or the new, never a half-written file.
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { FileTarget, Format } from "./schema";
import { parsePayload, payload, StoreError, versionToken, type Delivery, type Store, type Stored } from "./store";

/** The mode a delivered file gets unless the target says otherwise: owner read/write only. */
export const defaultFileMode = 0o600;

function failure(target: FileTarget, operation: string, error: unknown): StoreError {
    const code = (error as NodeJS.ErrnoException).code;
    const fix =
        code === "EACCES" || code === "EPERM" || code === "EROFS"
            ? "make the folder writable by the user running `pulumi`, or choose another path"
            : code === "ENOTDIR" || code === "EISDIR" || (code === "EEXIST" && operation === "mkdir")
              ? "a part of the path is a file where a folder is needed (or the path is a folder): choose another path"
              : code === "ENOSPC"
                ? "free space on the file system"
                : "check the path";
    return new StoreError({
        code: "io",
        kind: "file",
        reference: target.path,
        operation,
        // Node's messages already start with the code ("ENOTDIR: not a directory, open '...'").
        detail: code && !(error as Error).message.startsWith(code) ? `${code}: ${(error as Error).message}` : (error as Error).message,
        fix,
        cause: error,
    });
}

/** The file store. */
export const fileStore: Store<FileTarget> = {
    kind: "file",

    reference(target) {
        return target.path;
    },

    async write(delivery: Delivery, target: FileTarget, format: Format): Promise<string> {
        const content = payload(delivery.current, format);
        const mode = target.mode ?? defaultFileMode;
        const folder = path.dirname(target.path);
        const temporary = path.join(folder, `.${path.basename(target.path)}.${randomBytes(6).toString("hex")}.tmp`);
        try {
            await fs.mkdir(folder, { recursive: true, mode: 0o700 });
        } catch (error) {
            throw failure(target, "mkdir", error);
        }
        let step = "open";
        try {
            const handle = await fs.open(temporary, "wx", mode);
            try {
                // The umask may have narrowed the mode at open; the target gets exactly what was asked.
                step = "chmod";
                await handle.chmod(mode);
                step = "write";
                await handle.writeFile(content, "utf8");
                step = "fsync";
                await handle.sync();
            } finally {
                await handle.close();
            }
            step = "rename";
            await fs.rename(temporary, target.path);
        } catch (error) {
            await fs.rm(temporary, { force: true }).catch(() => undefined);
            throw failure(target, step, error);
        }
        return versionToken(content);
    },

    async read(target: FileTarget, format: Format): Promise<Stored> {
        let content: string;
        try {
            content = await fs.readFile(target.path, "utf8");
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === "ENOENT") return { status: "absent" };
            throw failure(target, "read", error);
        }
        return { status: "present", current: parsePayload(content, format), versionId: versionToken(content) };
    },
};
