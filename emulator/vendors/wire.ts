/**
 * The request and reply shapes the vendor emulators share, and the helpers that read credentials
 * and write replies (the vendors' replies differ too much from Bringg's for emulator/http.ts's
 * `send`: Brite's `expires` float must be written as text, Bruin's 415 is not an OAuth body).
 */
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import { basicCredentials } from "../http";
import type { EmulatedVendor, VendorStore } from "./store";

/** A request to a vendor emulator: the path is relative to the vendor's prefix. */
export interface VendorRequest {
    readonly method: string;
    /** E.g. `/identity/connect/token` for `/bruin/identity/connect/token`. */
    readonly path: string;
    readonly query: URLSearchParams;
    readonly headers: IncomingHttpHeaders;
    readonly body: Buffer;
}

/** A reply: `body` is written as JSON, `text` as given (with a JSON content type). */
export interface VendorReply {
    readonly status: number;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: unknown;
    readonly text?: string;
}

/** One vendor's emulator. */
export interface VendorEmulator {
    readonly vendor: EmulatedVendor;
    handle(store: VendorStore, request: VendorRequest): VendorReply;
}

/** Writes a reply. */
export function writeReply(res: ServerResponse, reply: VendorReply): void {
    const text = reply.text ?? (reply.body === undefined ? "" : JSON.stringify(reply.body));
    const headers: Record<string, string> = { ...reply.headers };
    if (text) {
        headers["content-type"] ??= "application/json; charset=utf-8";
        headers["content-length"] = String(Buffer.byteLength(text));
    }
    res.writeHead(reply.status, headers).end(text);
}

/** The media type of a request, lower-case without parameters. */
export function mediaType(headers: IncomingHttpHeaders): string | undefined {
    return headers["content-type"]?.split(";")[0]?.trim().toLowerCase() || undefined;
}

/** The fields of a form body (the first of a repeated field wins). */
export function formFields(body: Buffer): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(body.toString("utf8"))) if (!(key in fields)) fields[key] = value;
    return fields;
}

/** HTTP Basic credentials as sent, not URL-decoded (IdentityServer3 and Spring both split at the first colon). */
export function basicPair(headers: IncomingHttpHeaders): { id: string; secret: string } | undefined {
    const pair = basicCredentials({ headers } as never);
    return pair ? { id: pair.user, secret: pair.password } : undefined;
}
