/**
 * The emulator's data and its rules: merchants and users, applications, scope TTL overrides and
 * issued tokens. No HTTP here; time comes from an injected clock so tests can move it.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { maxTtlSeconds, scopeName } from "../provider/api/wire";
import { Catalog, httpMethods, seedScopes, type HttpMethod, type ScopeNode } from "./catalog";
import { signJwt } from "./jwt";

const scopeNode = z.object({
    name: scopeName,
    description: z.string(),
    parent: z.string().nullable(),
    kind: z.enum(["group", "read", "write", "endpoint"]),
    method: z.enum(httpMethods).optional(),
    defaultTtl: z.number().int().optional(),
});

/** The whole persisted state; the data file holds exactly this. */
export const emulatorState = z.object({
    version: z.literal(1),
    signingKey: z.string().min(32),
    nextApplicationId: z.number().int().positive(),
    merchants: z.array(
        z.object({
            id: z.number().int(),
            name: z.string(),
            region: z.string(),
            users: z.array(z.object({ username: z.string(), password: z.string(), admin: z.boolean() })),
            /** Scope name → seconds, for scopes whose TTL differs from Bringg's default. */
            ttlOverrides: z.record(z.string(), z.number().int()),
        }),
    ),
    applications: z.array(
        z.object({
            id: z.number().int(),
            merchantId: z.number().int(),
            name: z.string(),
            clientId: z.string(),
            /** SHA-256 of the current secret: the secret itself is shown once and never stored. */
            secretHash: z.string(),
            /** Bumped by every new secret; a token carries the generation it was issued under. */
            secretGeneration: z.number().int(),
            scopes: z.array(z.string()),
            enabled: z.boolean(),
            createdAt: z.number(),
            updatedAt: z.number(),
        }),
    ),
    tokens: z.array(
        z.object({
            jti: z.string(),
            applicationId: z.number().int(),
            secretGeneration: z.number().int(),
            scopes: z.array(z.string()),
            /** Unix seconds. */
            issuedAt: z.number().int(),
            /** Unix seconds. */
            expiresAt: z.number().int(),
            revoked: z.boolean(),
        }),
    ),
    addedScopes: z.array(scopeNode),
    /** The base scope tree when it is an account's own (`--catalog`); absent: the default tree. */
    catalog: z.array(scopeNode).optional(),
});
/** The whole persisted state. */
export type EmulatorState = z.infer<typeof emulatorState>;
/** A merchant (tenant) and its users. */
export type MerchantRecord = EmulatorState["merchants"][number];
/** An application as stored. */
export type ApplicationRecord = EmulatorState["applications"][number];
/** An issued access token as stored. */
export type TokenRecord = EmulatorState["tokens"][number];

/** A rule was broken; every problem is listed so the caller can fix them all at once. */
export class DomainError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(problems.join("; "));
        this.name = "DomainError";
    }
}

/** A scope as the Scopes API lists it. */
export interface ScopeView {
    readonly name: string;
    readonly description: string;
    readonly parent: string | null;
    readonly default_ttl: number;
    readonly ttl: number;
    /** An endpoint's HTTP method, when the catalog knows it. */
    readonly method?: string;
}

/** Unix milliseconds; injected so expiry follows the test clock. */
export type Clock = () => number;

const retainExpiredSeconds = 24 * 60 * 60;

function newCredential(): string {
    return randomBytes(32).toString("base64url");
}

function hashSecret(secret: string): string {
    return createHash("sha256").update(secret).digest("hex");
}

/** The emulator's state with its operations. Every mutation calls `onChange` (persistence). */
export class Store {
    private catalogCache: Catalog | undefined;

    constructor(
        private readonly state: EmulatorState,
        private readonly clock: Clock,
        private readonly onChange: () => void = () => {},
    ) {}

    /** A deep copy of the state, for persistence. */
    snapshot(): EmulatorState {
        return structuredClone(this.state);
    }

    /** The scope tree, including scopes added after the seed. */
    catalog(): Catalog {
        this.catalogCache ??= new Catalog(this.state.catalog ?? seedScopes, this.state.addedScopes);
        return this.catalogCache;
    }

    /**
     * Replaces the scope tree with an account's own; its TTL overrides apply to every merchant,
     * except where a merchant already has one (a data file's state wins).
     */
    useCatalog(scopes: readonly ScopeNode[], ttlOverrides: Readonly<Record<string, number>>): void {
        this.state.catalog = scopes.map((node) => ({ ...node }));
        for (const merchant of this.state.merchants) merchant.ttlOverrides = { ...ttlOverrides, ...merchant.ttlOverrides };
        this.catalogCache = undefined;
        this.onChange();
    }

    /** Current time in Unix seconds. */
    nowSeconds(): number {
        return Math.floor(this.clock() / 1000);
    }

    // ---- tenancy ------------------------------------------------------------------------------

    /** The merchant and user for a username and password, or undefined. */
    login(username: string, password: string): { merchant: MerchantRecord; admin: boolean } | undefined {
        for (const merchant of this.state.merchants) {
            const user = merchant.users.find((u) => u.username === username);
            if (user && equalText(user.password, password)) return { merchant, admin: user.admin };
        }
        return undefined;
    }

    /** Changes a user's password, as the user would in Bringg's web UI; false when no such user. */
    setPassword(username: string, password: string): boolean {
        for (const merchant of this.state.merchants) {
            const user = merchant.users.find((u) => u.username === username);
            if (!user) continue;
            user.password = password;
            this.onChange();
            return true;
        }
        return false;
    }

    /** A merchant by id. */
    merchant(id: number): MerchantRecord | undefined {
        return this.state.merchants.find((m) => m.id === id);
    }

    // ---- applications -------------------------------------------------------------------------

    /** The merchant's applications, oldest first. */
    applications(merchantId: number): ApplicationRecord[] {
        return this.state.applications.filter((a) => a.merchantId === merchantId);
    }

    /** One of the merchant's applications by numeric id; another merchant's is never returned. */
    application(merchantId: number, id: number): ApplicationRecord | undefined {
        return this.state.applications.find((a) => a.merchantId === merchantId && a.id === id);
    }

    /** An application by client_id, in any merchant (OAuth calls carry no merchant). */
    applicationByClientId(clientId: string): ApplicationRecord | undefined {
        return this.state.applications.find((a) => a.clientId === clientId);
    }

    /** Creates a disabled application; the secret is returned here and never again. */
    createApplication(merchantId: number, name: string, scopes: readonly string[]) {
        const catalog = this.catalog();
        const unknown = scopes.filter((s) => !catalog.has(s));
        if (unknown.length > 0) {
            throw new DomainError([`unknown scope${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`]);
        }
        const now = this.clock();
        const secret = newCredential();
        const application: ApplicationRecord = {
            id: this.state.nextApplicationId++,
            merchantId,
            name,
            clientId: newCredential(),
            secretHash: hashSecret(secret),
            secretGeneration: 1,
            scopes: [...new Set(scopes)],
            enabled: false,
            createdAt: now,
            updatedAt: now,
        };
        this.state.applications.push(application);
        this.onChange();
        return { application, secret };
    }

    /** Enables or disables; a disabled application gets no tokens and its tokens stop working. */
    setEnabled(application: ApplicationRecord, enabled: boolean): void {
        if (application.enabled === enabled) return;
        application.enabled = enabled;
        application.updatedAt = this.clock();
        this.onChange();
    }

    /** Replaces the secret; the old one and every token issued under it stop working. */
    regenerateSecret(application: ApplicationRecord): string {
        const secret = newCredential();
        application.secretHash = hashSecret(secret);
        application.secretGeneration++;
        application.updatedAt = this.clock();
        this.onChange();
        return secret;
    }

    /** Deletes the application and its tokens. */
    deleteApplication(application: ApplicationRecord): void {
        this.state.applications = this.state.applications.filter((a) => a !== application);
        this.state.tokens = this.state.tokens.filter((t) => t.applicationId !== application.id);
        this.onChange();
    }

    /**
     * True when an enabled application of the merchant covers the endpoint scope: from then on the
     * endpoint refuses calls without a token (docs/bringg-api.md#protected-endpoints: enabling an app
     * "will instantly stop unauthenticated access to any API endpoints covered by scopes included in your app").
     */
    requiresToken(merchantId: number, endpoint: string): boolean {
        const catalog = this.catalog();
        return this.applications(merchantId).some((a) => a.enabled && a.scopes.some((granted) => catalog.covers(granted, endpoint)));
    }

    /** True when `secret` is the application's current secret. */
    checkSecret(application: ApplicationRecord, secret: string): boolean {
        return equalText(application.secretHash, hashSecret(secret));
    }

    // ---- scopes -------------------------------------------------------------------------------

    /** The TTL in force for a scope at a merchant: its override, else Bringg's default. */
    scopeTtl(merchant: MerchantRecord, scope: string): number {
        return Object.hasOwn(merchant.ttlOverrides, scope) ? merchant.ttlOverrides[scope]! : this.catalog().defaultTtl(scope);
    }

    /** The merchant's view of the catalog, in tree order. */
    scopes(merchant: MerchantRecord): ScopeView[] {
        const catalog = this.catalog();
        return catalog.list().map((node) => ({
            name: node.name,
            description: node.description,
            parent: node.parent,
            default_ttl: catalog.defaultTtl(node.name),
            ttl: this.scopeTtl(merchant, node.name),
            ...(node.method ? { method: node.method } : {}),
        }));
    }

    /**
     * Applies `{scope: seconds | null}`: a number sets an override, null removes it. The whole map
     * is checked first; if any entry is bad, nothing changes and every bad entry is reported.
     */
    setScopeTtls(merchant: MerchantRecord, changes: Readonly<Record<string, unknown>>): void {
        const catalog = this.catalog();
        const problems: string[] = [];
        for (const [scope, value] of Object.entries(changes)) {
            if (!catalog.has(scope)) problems.push(`${scope}: unknown scope`);
            else if (value === null) continue;
            else if (typeof value !== "number" || !Number.isFinite(value)) {
                problems.push(`${scope}: a TTL is a number of seconds or null, not ${JSON.stringify(value)}`);
            } else if (!Number.isInteger(value)) problems.push(`${scope}: a TTL is a whole number of seconds (${value})`);
            else if (value <= 0) problems.push(`${scope}: a TTL must be positive (${value})`);
            else if (value > maxTtlSeconds) {
                problems.push(`${scope}: a TTL may not exceed 30 days (${maxTtlSeconds} s), got ${value}`);
            }
        }
        if (problems.length > 0) throw new DomainError(problems);
        if (Object.keys(changes).length === 0) return;
        for (const [scope, value] of Object.entries(changes)) {
            if (value === null) delete merchant.ttlOverrides[scope];
            else merchant.ttlOverrides[scope] = value as number;
        }
        this.onChange();
    }

    /** Adds a scope under an existing read or write branch, as a Bringg release would. */
    addScope(node: { name: string; parent: string; description?: string; method?: HttpMethod }): void {
        const catalog = this.catalog();
        const parent = catalog.get(node.parent);
        if (catalog.has(node.name)) throw new DomainError([`scope ${node.name} already exists`]);
        if (!parent || (parent.kind !== "read" && parent.kind !== "write")) {
            throw new DomainError([`${node.parent} is not a read or write branch`]);
        }
        const added: ScopeNode = {
            name: node.name,
            description: node.description ?? node.name,
            parent: node.parent,
            kind: "endpoint",
            ...(node.method ? { method: node.method } : {}),
        };
        this.state.addedScopes.push(added);
        this.catalogCache = undefined;
        this.onChange();
    }

    // ---- tokens -------------------------------------------------------------------------------

    /** Issues a signed token for the scopes, living `lifetime` seconds from now. */
    issueToken(application: ApplicationRecord, scopes: readonly string[], lifetime: number) {
        const merchant = this.merchant(application.merchantId);
        const now = this.nowSeconds();
        const record: TokenRecord = {
            jti: randomBytes(16).toString("hex"),
            applicationId: application.id,
            secretGeneration: application.secretGeneration,
            scopes: [...scopes],
            issuedAt: now,
            expiresAt: now + lifetime,
            revoked: false,
        };
        this.state.tokens = this.state.tokens.filter((t) => t.expiresAt > now - retainExpiredSeconds);
        this.state.tokens.push(record);
        this.onChange();
        const jwt = signJwt(
            {
                aut: "oauth2",
                jti: record.jti,
                sub: `A:${application.id}`,
                tid: application.merchantId,
                iat: record.issuedAt,
                exp: record.expiresAt,
                sli: 0,
                aud: [application.clientId],
                iss: "urn:x-bringg:service:api",
                reg: merchant?.region ?? "",
                scp: record.scopes,
                ver: "2.0",
            },
            this.signingKey(),
        );
        return { jwt, record };
    }

    /** The server's HMAC key. */
    signingKey(): Buffer {
        return Buffer.from(this.state.signingKey, "base64url");
    }

    /** A token record by its id. */
    token(jti: string): TokenRecord | undefined {
        return this.state.tokens.find((t) => t.jti === jti);
    }

    /**
     * Why a token no longer works, or undefined when it is active: revoked, expired, its
     * application deleted or disabled, or issued under a secret that has since been replaced.
     */
    inactiveReason(token: TokenRecord): string | undefined {
        const application = this.state.applications.find((a) => a.id === token.applicationId);
        if (token.revoked) return "The access token was revoked";
        if (!application) return "The access token's application was deleted";
        if (application.secretGeneration !== token.secretGeneration) {
            return "The access token was issued with a client secret that has been replaced";
        }
        if (!application.enabled) return "The access token's application is disabled";
        if (token.expiresAt <= this.nowSeconds()) return "The access token expired";
        return undefined;
    }

    /** The application a token was issued to. */
    applicationOf(token: TokenRecord): ApplicationRecord | undefined {
        return this.state.applications.find((a) => a.id === token.applicationId);
    }

    /** Marks a token revoked. */
    revokeToken(token: TokenRecord): void {
        if (token.revoked) return;
        token.revoked = true;
        this.onChange();
    }
}

function equalText(a: string, b: string): boolean {
    const left = Buffer.from(a);
    const right = Buffer.from(b);
    return left.length === right.length && timingSafeEqual(left, right);
}
