/**
 * Finds secrets in plain text: CLI output, `pulumi stack export` (plain), Pulumi's log folder,
 * `-v=9 --logtostderr` output. A hit names the secret by its label and shows the line with every
 * secret replaced by its label, so that a report of leaks never leaks.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";

/** A secret to look for, and what to call it in reports. */
export interface Secret {
    /** E.g. `client secret of dashboards`. */
    readonly label: string;
    readonly value: string;
}

/** Where to look: a text already in memory, or a file or folder (searched recursively). */
export type LeakSource = { readonly label: string; readonly text: string } | string;

/** One occurrence of a secret. */
export interface LeakHit {
    readonly secret: string;
    /** The source's label, or the file's path. */
    readonly where: string;
    /** 1-based line number. */
    readonly line: number;
    /** The line (at most 300 characters around the hit), with secrets replaced by `[label]`. */
    readonly excerpt: string;
}

/**
 * The spellings a secret can take in logs: as is, JSON-escaped (inside a JSON string, as gRPC
 * payloads are logged), and URL-encoded (in a form body).
 */
export function spellings(value: string): string[] {
    return [...new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)])];
}

async function* files(target: string): AsyncGenerator<string> {
    const info = await stat(target).catch(() => undefined);
    if (!info) return;
    if (info.isFile()) {
        yield target;
        return;
    }
    if (!info.isDirectory()) return;
    for (const entry of await readdir(target)) yield* files(path.join(target, entry));
}

function mask(text: string, secrets: readonly Secret[]): string {
    let masked = text;
    for (const secret of secrets) for (const form of spellings(secret.value)) masked = masked.split(form).join(`[${secret.label}]`);
    return masked;
}

/** Every occurrence of every secret in one text. */
export function scanText(text: string, where: string, secrets: readonly Secret[]): LeakHit[] {
    const hits: LeakHit[] = [];
    const lines = text.split("\n");
    lines.forEach((content, index) => {
        for (const secret of secrets) {
            for (const form of spellings(secret.value)) {
                let at = content.indexOf(form);
                while (at >= 0) {
                    const start = Math.max(0, at - 150);
                    hits.push({ secret: secret.label, where, line: index + 1, excerpt: mask(content.slice(start, at + form.length + 150), secrets) });
                    at = content.indexOf(form, at + form.length);
                }
            }
        }
    });
    return hits;
}

/**
 * Every occurrence of the secrets in the sources. Secrets shorter than 8 characters are refused:
 * they would match by chance.
 */
export async function scanForLeaks(secrets: readonly Secret[], sources: readonly LeakSource[]): Promise<LeakHit[]> {
    for (const secret of secrets) {
        if (secret.value.length < 8) throw new Error(`secret "${secret.label}" is too short to search for (${secret.value.length} characters)`);
    }
    const hits: LeakHit[] = [];
    for (const source of sources) {
        if (typeof source !== "string") {
            hits.push(...scanText(source.text, source.label, secrets));
            continue;
        }
        for await (const file of files(source)) hits.push(...scanText(await readFile(file, "utf8"), file, secrets));
    }
    return hits;
}

/** Hits counted per secret label and source. */
export function countHits(hits: readonly LeakHit[]): Record<string, Record<string, number>> {
    const counts: Record<string, Record<string, number>> = {};
    for (const hit of hits) {
        const bySource = (counts[hit.secret] ??= {});
        bySource[hit.where] = (bySource[hit.where] ?? 0) + 1;
    }
    return counts;
}
