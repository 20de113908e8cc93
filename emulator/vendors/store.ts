/**
 * The state of the vendor emulators (Bruin, Brainysoft, Brite): the credentials each vendor issued,
 * the tokens handed out, per-route counters, and the switches tests flip. In memory only: these
 * vendors issue credentials by email or in their own UI, so there is nothing to persist between
 * runs beyond the seeded demo credentials, which are constants.
 */
import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { ControlError } from "../controls";

/** The vendors emulated here (Bringg and Delivery Hub are the main emulator). */
export const emulatedVendors = ["bruin", "brainysoft", "brite"] as const;

/** An emulated vendor. */
export type EmulatedVendor = (typeof emulatedVendors)[number];

/** A credential as the vendor issued it. `id` is the client_id (Brite: the public_key). */
export interface VendorCredentialRecord {
    readonly vendor: EmulatedVendor;
    readonly id: string;
    readonly secret: string;
    /** Scopes the client may request (Bruin, Brainysoft); empty for Brite. */
    readonly scopes: readonly string[];
    /** Brainysoft: the customer whose auth service knows this ClientApp. */
    readonly customerKey?: string;
    revoked: boolean;
}

/** A token handed out. */
export interface VendorTokenRecord {
    readonly vendor: EmulatedVendor;
    readonly credentialId: string;
    readonly token: string;
    readonly expiresAt: number;
    /** Brite: the refresh token issued with it (single use) and when it expires. */
    refreshToken?: string;
    refreshExpiresAt?: number;
    /** Killed by a Brite renewal or a revocation. */
    dead: boolean;
}

/** Switches for behaviour the vendors' docs leave open. */
export interface VendorSwitches {
    /**
     * What a Brite renewal (`merchant.token`) does to the old access token: `invalidate` (the older
     * Brite page, the default) or `keep` (the newer Brite page: valid until its own expiry); see
     * docs/vendor-apis.md#brite-renewal.
     */
    briteRenewal: "invalidate" | "keep";
    /** `expires` as `1652708597` (seed 004's example, the default) or `1741903012.0` (the newer page). */
    briteExpires: "float" | "int";
    /** Status of Brite's bad-credential reply (undocumented; 401 is a guess). */
    briteErrorStatus: number;
    /** Brainysoft's `token_type`: `Bearer` as its docs show (default) or Spring's `bearer` (docs/vendor-apis.md#brainysoft-token-reply). */
    brainysoftTokenType: "Bearer" | "bearer";
}

/** The demo credentials every emulator starts with (printed by `npm run emulator`). */
export const demoVendorCredentials = {
    bruin: { clientId: "demo-bruin-client", clientSecret: "demo-bruin-secret-5e1f0c", scopes: ["public_api"] },
    brainysoft: {
        customerKey: "demo",
        clientId: "f81f7fb9-2c4e-4d0b-9a51-3c7d0e6a1b22",
        clientSecret: "6jsHY5demo-brainysoft-secret",
        scopes: ["core_basic", "admin:read", "admin:write", "account:read", "account:write"],
    },
    brite: { publicKey: "sandbox-demo-public-key", secret: "demo-brite-secret-8c2a71" },
} as const;

/**
 * Seconds: Bruin's token lifetime, Brainysoft's (299 reported), Brite's access and refresh tokens'
 * (docs/vendor-apis.md#bruin-token-reply, #brainysoft-token-reply, #brite-lifetimes).
 */
export const lifetimes = { bruin: 3600, brainysoft: 300, brite: 6 * 3600, briteRefresh: 7 * 3600 } as const;

function sameText(a: string, b: string): boolean {
    const left = Buffer.from(a);
    const right = Buffer.from(b);
    return left.length === right.length && timingSafeEqual(left, right);
}

/** The vendor emulators' state. */
export class VendorStore {
    private readonly credentials = new Map<string, VendorCredentialRecord>();
    private readonly tokens = new Map<string, VendorTokenRecord>();
    private readonly refreshTokens = new Map<string, VendorTokenRecord>();
    private readonly down = new Map<EmulatedVendor, number>();
    private readonly counts = new Map<string, number>();
    readonly switches: VendorSwitches = { briteRenewal: "invalidate", briteExpires: "int", briteErrorStatus: 401, brainysoftTokenType: "Bearer" };

    constructor(readonly now: () => number) {
        const { bruin, brainysoft, brite } = demoVendorCredentials;
        this.add({ vendor: "bruin", id: bruin.clientId, secret: bruin.clientSecret, scopes: bruin.scopes, revoked: false });
        this.add({
            vendor: "brainysoft",
            id: brainysoft.clientId,
            secret: brainysoft.clientSecret,
            scopes: brainysoft.scopes,
            customerKey: brainysoft.customerKey,
            revoked: false,
        });
        this.add({ vendor: "brite", id: brite.publicKey, secret: brite.secret, scopes: [], revoked: false });
    }

    private add(record: VendorCredentialRecord): VendorCredentialRecord {
        this.credentials.set(`${record.vendor}:${record.id}`, record);
        return record;
    }

    /** Issues a new credential, as the vendor's support or UI would. */
    issue(vendor: EmulatedVendor, options: { scopes?: readonly string[]; customerKey?: string } = {}): VendorCredentialRecord {
        const id =
            vendor === "brite"
                ? `sandbox-${randomBytes(12).toString("hex")}`
                : vendor === "brainysoft"
                  ? randomUUID()
                  : `client-${randomBytes(8).toString("hex")}`;
        const scopes = vendor === "brite" ? [] : (options.scopes ?? (vendor === "bruin" ? ["public_api"] : demoVendorCredentials.brainysoft.scopes));
        return this.add({
            vendor,
            id,
            secret: randomBytes(24).toString("base64url"),
            scopes,
            ...(vendor === "brainysoft" ? { customerKey: options.customerKey ?? demoVendorCredentials.brainysoft.customerKey } : {}),
            revoked: false,
        });
    }

    /** The credential if id and secret match and it is not revoked. */
    authenticate(vendor: EmulatedVendor, id: string, secret: string): VendorCredentialRecord | undefined {
        const record = this.credentials.get(`${vendor}:${id}`);
        return record && !record.revoked && sameText(record.secret, secret) ? record : undefined;
    }

    /** Revokes a credential, as the vendor would; its tokens stop working. */
    revoke(vendor: EmulatedVendor, id: string): void {
        const record = this.credentials.get(`${vendor}:${id}`);
        if (!record) throw new ControlError(`no ${vendor} credential ${id}`);
        record.revoked = true;
        for (const token of this.tokens.values()) if (token.vendor === vendor && token.credentialId === id) token.dead = true;
    }

    /** Hands out a token (and for Brite a refresh token). */
    mint(
        vendor: EmulatedVendor,
        credentialId: string,
        token: string,
        lifetimeSeconds: number,
        refresh?: { token: string; lifetimeSeconds: number },
    ): VendorTokenRecord {
        const record: VendorTokenRecord = { vendor, credentialId, token, expiresAt: this.now() + lifetimeSeconds * 1000, dead: false };
        if (refresh) {
            record.refreshToken = refresh.token;
            record.refreshExpiresAt = this.now() + refresh.lifetimeSeconds * 1000;
            this.refreshTokens.set(refresh.token, record);
        }
        this.tokens.set(token, record);
        return record;
    }

    /** The live token record, or undefined (unknown, expired, killed). */
    live(vendor: EmulatedVendor, token: string): VendorTokenRecord | undefined {
        const record = this.tokens.get(token);
        return record && record.vendor === vendor && !record.dead && record.expiresAt > this.now() ? record : undefined;
    }

    /** The token a refresh token was issued with, consuming the refresh token. */
    takeRefresh(refreshToken: string): VendorTokenRecord | undefined {
        const record = this.refreshTokens.get(refreshToken);
        if (!record || (record.refreshExpiresAt ?? 0) <= this.now()) return undefined;
        this.refreshTokens.delete(refreshToken);
        return record;
    }

    /** Whether a Brainysoft customer key has an authorization service here (any ClientApp issued for it). */
    knowsCustomer(customerKey: string): boolean {
        return [...this.credentials.values()].some((c) => c.vendor === "brainysoft" && c.customerKey === customerKey);
    }

    /** Whether a credential is revoked (unknown ones count as revoked). */
    isRevoked(vendor: EmulatedVendor, id: string): boolean {
        return this.credentials.get(`${vendor}:${id}`)?.revoked ?? true;
    }

    /** Whether any vendor's token is live. */
    tokenActive(token: string): boolean {
        const record = this.tokens.get(token);
        return record !== undefined && this.live(record.vendor, token) !== undefined;
    }

    /** Every token and refresh token handed out (for leak scans). */
    issuedTokens(): string[] {
        return [...this.tokens.values()].flatMap((t) => (t.refreshToken ? [t.token, t.refreshToken] : [t.token]));
    }

    /** Makes a vendor answer every call with this status (503: down), or serve again with null. */
    setDown(vendor: EmulatedVendor, status: number | null): void {
        if (status === null) this.down.delete(vendor);
        else this.down.set(vendor, status);
    }

    /** The status a downed vendor answers with. */
    downStatus(vendor: EmulatedVendor): number | undefined {
        return this.down.get(vendor);
    }

    /** Counts a request to `<vendor>.<route>`. */
    count(route: string): void {
        this.counts.set(route, (this.counts.get(route) ?? 0) + 1);
    }

    /** Requests per `<vendor>.<route>` since the start (or the last reset). */
    counters(): Record<string, number> {
        return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
    }

    /** Sets every counter to zero. */
    resetCounters(): void {
        this.counts.clear();
    }
}
