/**
 * Helpers of the contract tests: the published examples of test/fixtures/contract/, a local server
 * that answers with one of them and records what it was sent, and a comparison of two JSON values'
 * shapes (keys and value types, never values).
 */
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

/** The folder of the contract fixtures (the tests run from dist/test/contract/). */
export const contractRoot = path.resolve(__dirname, "..", "..", "..", "test", "fixtures", "contract");

/** A fixture, parsed: `name` is its path under test/fixtures/contract/, e.g. `bringg/token-reply.json`. */
// biome-ignore lint/suspicious/noExplicitAny: fixtures are arbitrary published JSON.
export function fixture(name: string): any {
    return JSON.parse(readFileSync(path.join(contractRoot, name), "utf8"));
}

/** Every JSON file under a folder of the fixtures, as paths relative to test/fixtures/contract/. */
export function fixtureFiles(folder = ""): string[] {
    return readdirSync(path.join(contractRoot, folder), { recursive: true, encoding: "utf8" })
        .filter((file) => file.endsWith(".json"))
        .map((file) => path.join(folder, file).split(path.sep).join("/"))
        .sort();
}

/** A request as the stub server saw it. */
export interface Seen {
    readonly method: string;
    readonly url: string;
    readonly headers: IncomingHttpHeaders;
    readonly body: string;
}

/** A local server that answers every request with `reply` and keeps what it was sent. */
export async function stub(reply: {
    status?: number;
    headers?: Record<string, string>;
    body: unknown;
}): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
    const seen: Seen[] = [];
    const server: Server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
            seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
            res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers }).end(JSON.stringify(reply.body));
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        seen,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}

function typeName(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    return typeof value;
}

/**
 * How `actual`'s shape differs from `published`'s: keys missing or added, and values of another
 * JSON type, as `path: published X, got Y`. Values themselves (tokens, times, ids) are ignored.
 * Arrays compare their elements' shapes when both have elements (a published example may show an
 * array with its elements stripped).
 */
export function shapeDifferences(published: unknown, actual: unknown, at = "reply"): string[] {
    const expected = typeName(published);
    const got = typeName(actual);
    if (expected !== got) return [`${at}: published ${expected}, got ${got}`];
    if (Array.isArray(published) && Array.isArray(actual)) {
        if (published.length === 0 || actual.length === 0) return [];
        return actual.flatMap((item, i) => shapeDifferences(published[0], item, `${at}[${i}]`));
    }
    if (expected !== "object") return [];
    const left = published as Record<string, unknown>;
    const right = actual as Record<string, unknown>;
    const differences: string[] = [];
    for (const key of Object.keys(left)) {
        if (!(key in right)) differences.push(`${at}.${key}: published, missing`);
        else differences.push(...shapeDifferences(left[key], right[key], `${at}.${key}`));
    }
    for (const key of Object.keys(right)) if (!(key in left)) differences.push(`${at}.${key}: not in the published example`);
    return differences;
}

/** A JWT's claims, read without checking the signature. */
export function jwtClaims(jwt: string): Record<string, unknown> {
    return JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8"));
}

/** An unsigned JWT of a header and claims (for parsing only: no signature, nothing checks it). */
export function unsignedJwt(header: unknown, claims: unknown): string {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    return `${encode(header)}.${encode(claims)}.`;
}
