/**
 * The vendor emulators plugged into the Bringg emulator's server, one path prefix each:
 *
 * | prefix | stands for |
 * |---|---|
 * | `/bruin/identity/connect/token` | `https://id.bruin.com/identity/connect/token` |
 * | `/brainysoft/<customerKey>/oauth/token` | `https://<customerKey>-auth.brainysoft.ru/oauth/token` |
 * | `/brite/api/<resource.verb>` | `https://sandbox.britepaymentgroup.com/api/<resource.verb>` |
 *
 * So a provider setting `endpoint` is the emulator's URL plus the prefix (Brainysoft:
 * `<url>/brainysoft/{customerKey}`). Test controls: in-process as `RunningEmulator.vendors`, over
 * HTTP as `POST /__control/vendors/<method>` with a JSON array of arguments.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { readBody } from "../http";
import { brainysoftEmulator } from "./brainysoft";
import { briteEmulator } from "./brite";
import { bruinEmulator } from "./bruin";
import { emulatedVendors, VendorStore, type EmulatedVendor, type VendorSwitches } from "./store";
import { writeReply, type VendorEmulator } from "./wire";

export { demoVendorCredentials, emulatedVendors, type EmulatedVendor } from "./store";

const emulators: Record<EmulatedVendor, VendorEmulator> = { bruin: bruinEmulator, brainysoft: brainysoftEmulator, brite: briteEmulator };

/** Path prefix of the vendor controls. */
export const vendorControlPrefix = "/__control/vendors/";

/** The vendor an API path belongs to, and the path under its prefix; undefined for Bringg's paths. */
export function vendorOf(pathname: string): { vendor: EmulatedVendor; path: string } | undefined {
    for (const vendor of emulatedVendors) {
        if (pathname.startsWith(`/${vendor}/`)) return { vendor, path: pathname.slice(vendor.length + 1) };
    }
    return undefined;
}

/** Serves one request to a vendor emulator. */
export async function serveVendor(store: VendorStore, vendor: EmulatedVendor, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator");
    const body = await readBody(req).catch(() => Buffer.alloc(0));
    writeReply(res, emulators[vendor].handle(store, { method: req.method ?? "GET", path, query: url.searchParams, headers: req.headers, body }));
}

/** A credential as issued: field names as the vendor calls them. */
export interface IssuedCredential {
    readonly vendor: EmulatedVendor;
    /** client_id (Bruin, Brainysoft) or public_key (Brite). */
    readonly id: string;
    readonly secret: string;
    readonly scopes: readonly string[];
    readonly customerKey?: string;
}

/** The vendor emulators' test controls. */
export interface VendorControl {
    /** Issues a new credential, as the vendor's support (Bruin) or UI (Brainysoft, Brite) would. */
    issueCredential(vendor: EmulatedVendor, options?: { scopes?: string[]; customerKey?: string }): IssuedCredential;
    /** Revokes a credential: the token endpoint refuses it, and its tokens stop working. */
    revokeCredential(vendor: EmulatedVendor, id: string): void;
    /** Makes a vendor answer every call with a status (e.g. 503), or serve again with null. */
    setVendorDown(vendor: EmulatedVendor, status: number | null): void;
    /** Changes the behaviour the vendors' docs leave open (see {@link VendorSwitches}). */
    configureVendors(switches: Partial<VendorSwitches>): VendorSwitches;
    /** Whether a token handed out by any vendor emulator still works. */
    tokenActive(token: string): boolean;
    /** Every access and refresh token handed out, for leak scans. */
    issuedTokens(): string[];
    /** Requests per `<vendor>.<route>`, e.g. `{ "brite.merchant.authorize": 2 }`. */
    vendorCounters(): Record<string, number>;
    /** Sets every vendor counter to zero. */
    resetVendorCounters(): void;
}

/** The controls over a store. */
export function vendorControl(store: VendorStore): VendorControl {
    return {
        issueCredential: (vendor, options) => {
            const record = store.issue(vendor, options);
            return { vendor, id: record.id, secret: record.secret, scopes: record.scopes, ...(record.customerKey ? { customerKey: record.customerKey } : {}) };
        },
        revokeCredential: (vendor, id) => store.revoke(vendor, id),
        setVendorDown: (vendor, status) => store.setDown(vendor, status),
        configureVendors: (switches) => Object.assign(store.switches, switches),
        tokenActive: (token) => store.tokenActive(token),
        issuedTokens: () => store.issuedTokens(),
        vendorCounters: () => store.counters(),
        resetVendorCounters: () => store.resetCounters(),
    };
}

const vendor = z.enum(emulatedVendors);

/** Argument schemas of each vendor control, for the HTTP endpoint. */
export const vendorControlArguments = {
    issueCredential: z.union([
        z.tuple([vendor]),
        z.tuple([vendor, z.strictObject({ scopes: z.array(z.string()).optional(), customerKey: z.string().min(1).optional() })]),
    ]),
    revokeCredential: z.tuple([vendor, z.string().min(1)]),
    setVendorDown: z.tuple([vendor, z.union([z.number().int().min(400).max(599), z.null()])]),
    configureVendors: z.tuple([
        z.strictObject({
            briteRenewal: z.enum(["invalidate", "keep"]).optional(),
            briteExpires: z.enum(["float", "int"]).optional(),
            briteErrorStatus: z.number().int().min(200).max(599).optional(),
            brainysoftTokenType: z.enum(["Bearer", "bearer"]).optional(),
        }),
    ]),
    tokenActive: z.tuple([z.string()]),
    issuedTokens: z.tuple([]),
    vendorCounters: z.tuple([]),
    resetVendorCounters: z.tuple([]),
} as const satisfies Record<keyof VendorControl, z.ZodType>;

export { VendorStore };
