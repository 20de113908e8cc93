/**
 * What it takes to obtain a token from each vendor: credentials and where to send them, as strict
 * zod schemas, one per vendor. `VendorCredential` and `getAccessToken` validate with them, so both
 * accept the same fields and refuse the same mistakes with the same words.
 *
 * Hosts come from the vendors' documentation, as docs/bringg-api.md#regions and docs/vendor-apis.md
 * list it; `endpoint` (or `tokenUrl` for the generic profile) replaces them, for a proxy or the
 * emulator.
 */
import { z } from "zod";
import { regionNames } from "../api/regions";

/** The vendors this client has a profile for. */
export const vendorNames = ["bringg", "deliveryHub", "bruin", "brainysoft", "brite", "oauth2"] as const;

/** A vendor profile's name. */
export type VendorName = (typeof vendorNames)[number];

/** The vendor names as a sentence fragment: `bringg, deliveryHub, …, or oauth2`. */
export const vendorList = `${vendorNames.slice(0, -1).join(", ")} or ${vendorNames[vendorNames.length - 1]}`;

/** True for a supported vendor name. */
export function isVendorName(value: unknown): value is VendorName {
    return typeof value === "string" && (vendorNames as readonly string[]).includes(value);
}

/** Delivery Hub's regions: its OAuth page names eu2 and us2 only (docs/bringg-api.md#delivery-hub-regions). */
export const deliveryHubRegions = ["eu2", "us2"] as const;

/** Host names that count as this machine: plain http is allowed to them (the emulator, a sidecar). */
export function isLoopbackHost(hostname: string): boolean {
    const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
    return host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/**
 * Why a URL cannot receive credentials, or undefined when it can: an absolute http(s) URL, https
 * unless the host is loopback (credentials must never cross a network in clear text), and no
 * user:password, query or fragment (a query string lands in access logs).
 */
export function urlProblem(field: string, value: string): string | undefined {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return `${field} ${JSON.stringify(value)} is not an absolute URL: write it as https://host[/path]`;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
        return `${field} ${JSON.stringify(value)} must be an https:// URL`;
    }
    if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
        return `${field} ${JSON.stringify(value)} uses http:// for a host that is not this machine: credentials would cross the network unencrypted; use https:// (http:// is allowed only for localhost and 127.0.0.1)`;
    }
    if (url.username || url.password) return `${field} must not carry a user name or password: remove the "user:password@" part`;
    if (url.search || url.hash) {
        return `${field} must not have a query string or fragment: credentials always go in the request body, and URLs land in access logs`;
    }
    return undefined;
}

/**
 * The message of a credential field that is not a string. The inputs' types admit `undefined`, so
 * that another resource's output can be passed as it is; when that output is undefined (an
 * Application that does not hold its secret, a Brite credential's `clientId`), this says why.
 */
const credentialFieldError =
    (field: string, hint: string) =>
    (issue: { input?: unknown }): string =>
        issue.input === undefined ? `${field} is not set: give ${hint}${unsetBecause[field] ?? ""}` : `${field} must be a string: ${hint}`;

/** Why an output passed as a credential field can be undefined, per field. */
const unsetBecause: Readonly<Record<string, string>> = {
    clientSecret:
        ". An Application's clientSecret is undefined when the application was adopted or has keepSecretInState: false: pass a " +
        "SecretRotation's clientSecret, or read the secret from a deliverTo store",
    clientId: ". A VendorCredential's clientId is undefined for Brite: pass its publicKey",
};

const nonEmpty = (field: string, hint: string) =>
    z
        .string({ error: credentialFieldError(field, hint) })
        .trim()
        .min(1, `${field} must not be empty: ${hint}`);

/** A secret: never trimmed (a space may be part of it), never echoed in a message. */
const secretString = (field: string, hint: string) => z.string({ error: credentialFieldError(field, hint) }).min(1, `${field} must not be empty: ${hint}`);

/** An https URL (or http to loopback), without a trailing slash. */
const urlField = (field: string, description: string) =>
    z
        .string({ error: `${field} must be a URL string such as https://host` })
        .trim()
        .superRefine((value, ctx) => {
            const problem = urlProblem(field, value.replace(/\{customerKey\}/g, "customer"));
            if (problem) ctx.addIssue({ code: "custom", message: problem });
        })
        .transform((value) => value.replace(/\/+$/, ""))
        .optional()
        .meta({ description });

/**
 * A scope list as the vendor takes it: a space-separated string or a list of names; normalized to
 * the space-joined string with duplicates removed.
 */
const scopeField = (description: string) =>
    z
        .union([z.string(), z.array(z.string())], { error: 'scope must be a space-separated string or a list of scope names, e.g. "public_api"' })
        .transform((value) => joinScopes(Array.isArray(value) ? value : value.split(/\s+/)))
        .optional()
        .meta({ description });

/** Scope names space-joined, duplicates and blanks removed, order kept (the vendor's order). */
export function joinScopes(scopes: readonly string[]): string {
    return [...new Set(scopes.map((s) => s.trim()).filter(Boolean))].join(" ");
}

/** The scope names of a space-separated string. */
export function splitScopes(scope: string | undefined): string[] {
    return scope ? joinScopes(scope.split(/\s+/)).split(" ").filter(Boolean) : [];
}

const clientId = (where: string) => nonEmpty("clientId", `the client id ${where}`).meta({ description: `The OAuth client id (${where}). Not secret.` });
const clientSecret = (where: string) =>
    secretString("clientSecret", `the client secret ${where}`).meta({
        description: `The client secret (${where}). A Pulumi secret: encrypted in the state, never shown or logged.`,
    });

/** Bringg's and Delivery Hub's optional `ttl` (docs/bringg-api.md#token-ttl-parameter). */
const bringgTtl = z
    .number({ error: "ttl must be a whole number of seconds" })
    .int("ttl must be a whole number of seconds")
    .positive("ttl must be positive: it is the token lifetime in seconds, shorter than the scopes' TTL")
    .optional()
    .meta({ description: "Token lifetime to ask for, in seconds; must be shorter than the scopes' TTL." });

/** How a Bringg token request is encoded. */
const bringgBodyEncoding = z
    .enum(["json", "form"], { error: 'bodyEncoding must be "json" or "form"' })
    .optional()
    .meta({ description: 'How the token request is encoded: `"json"` (default, Bringg\'s Get Token page) or `"form"`.' });

/** Fields of each vendor's profile, before the cross-field rules. */
export const vendorShapes = {
    bringg: {
        vendor: z.literal("bringg"),
        clientId: clientId("shown when the app is created in Bringg → Settings → Webhooks & API"),
        clientSecret: clientSecret("shown once when the app is created"),
        region: z
            .enum(regionNames as [string, ...string[]], { error: `region must be one of ${regionNames.join(", ")} (Bringg's regional OAuth hosts)` })
            .optional()
            .meta({ description: `Bringg region whose admin-api host issues the tokens: ${regionNames.join(", ")}. Set region or endpoint.` }),
        endpoint: urlField("endpoint", "Base URL instead of a region (a proxy, the emulator); `/oauth/token` is appended."),
        scope: scopeField("Scopes to request, space-separated or a list; blank or left out requests every scope of the app."),
        ttl: bringgTtl,
        bodyEncoding: bringgBodyEncoding,
    },
    deliveryHub: {
        vendor: z.literal("deliveryHub"),
        clientId: clientId("shown when the app is added in Delivery Hub → Settings → Integrations → API"),
        clientSecret: clientSecret("the Client Secret Key, shown once when the app is saved"),
        region: z
            .enum(deliveryHubRegions, { error: "region must be eu2 or us2 (the Delivery Hub token hosts)" })
            .optional()
            .meta({ description: "eu2 or us2, the Delivery Hub token hosts. Set region or endpoint." }),
        endpoint: urlField("endpoint", "Base URL instead of a region (a proxy, the emulator); `/oauth/token` is appended."),
        scope: scopeField("Scopes to request, space-separated or a list; left out requests every scope of the app."),
        ttl: bringgTtl,
        bodyEncoding: bringgBodyEncoding,
    },
    bruin: {
        vendor: z.literal("bruin"),
        clientId: clientId("emailed by Bruin's API support, APIsupport@bruin.com"),
        clientSecret: clientSecret("emailed by Bruin's API support"),
        scope: scopeField('Required by Bruin\'s identity server: `"public_api"`.'),
        clientAuth: z.enum(["body", "basic"], { error: 'clientAuth must be "body" or "basic"' }).optional().meta({
            description: 'Where the credentials go: `"body"` (default, as Bruin\'s integration guide shows) or `"basic"` (HTTP Basic, not URL-encoded).',
        }),
        endpoint: urlField("endpoint", "Base URL instead of https://id.bruin.com; `/identity/connect/token` is appended."),
    },
    brainysoft: {
        vendor: z.literal("brainysoft"),
        clientId: clientId("the ClientApp's login, shown once when it is created"),
        clientSecret: clientSecret("the ClientApp's password, shown once when it is created"),
        customerKey: z
            .string({ error: "customerKey must be a string: your Brainysoft customer key, as in https://{customer-key}-auth.brainysoft.ru" })
            .trim()
            .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i, {
                error: (issue) =>
                    `customerKey ${JSON.stringify(issue.input)} is not a customer key: letters, digits and inner hyphens only (it becomes part of the host name {customer-key}-auth.brainysoft.ru)`,
            })
            .optional()
            .meta({ description: "Your customer key; the token host is https://{customerKey}-auth.brainysoft.ru. Required." }),
        scope: scopeField("Scopes to request, space-separated or a list; left out grants the ClientApp's scopes."),
        endpoint: urlField(
            "endpoint",
            "Base URL instead of https://{customerKey}-auth.brainysoft.ru; `{customerKey}` in it is replaced; `/oauth/token` is appended.",
        ),
    },
    brite: {
        vendor: z.literal("brite"),
        publicKey: nonEmpty("publicKey", "the public key from Brite Back Office (sandbox keys start with sandbox-)").meta({
            description: "The merchant's public key from Brite Back Office. Not secret.",
        }),
        secret: secretString("secret", "the secret from Brite Back Office").meta({
            description: "The merchant's secret from Brite Back Office. A Pulumi secret: encrypted in the state, never shown or logged.",
        }),
        environment: z.enum(["sandbox", "production"], { error: 'environment must be "sandbox" or "production"' }).optional().meta({
            description:
                '`"sandbox"` (https://sandbox.britepaymentgroup.com) or `"production"` (https://production.britepaymentgroup.com, inferred). Set environment or endpoint.',
        }),
        endpoint: urlField("endpoint", "Base URL instead of an environment; `/api/merchant.authorize` is appended."),
    },
    oauth2: {
        vendor: z.literal("oauth2"),
        clientId: clientId("issued by the authorization server"),
        clientSecret: clientSecret("issued by the authorization server"),
        tokenUrl: urlField("tokenUrl", "The token endpoint (RFC 6749 §3.2): https, http only to a loopback host. Required."),
        clientAuth: z
            .enum(["client_secret_basic", "client_secret_post"], { error: 'clientAuth must be "client_secret_basic" or "client_secret_post"' })
            .optional()
            .meta({ description: '`"client_secret_basic"` (default; every server must support it, RFC 6749 §2.3.1) or `"client_secret_post"`.' }),
        scope: scopeField("Scopes to request, space-separated or a list (optional)."),
        audience: z
            .string({ error: "audience must be a string" })
            .trim()
            .min(1, "audience must not be empty: leave it out or name the API")
            .optional()
            .meta({ description: "An `audience` parameter, for servers that want one (Auth0 and others)." }),
    },
} as const satisfies Record<VendorName, z.ZodRawShape>;

/** One problem with a vendor's settings, naming the field. */
export interface SettingsIssue {
    readonly path: string;
    readonly message: string;
}

/**
 * The rules that span fields: where tokens come from must be named exactly once, Bruin needs a
 * scope, Brainysoft a customer key, the generic profile a token URL.
 */
export function crossFieldIssues(settings: Record<string, unknown>): SettingsIssue[] {
    const issues: SettingsIssue[] = [];
    const exactlyOne = (a: string, b: string, example: string) => {
        if (settings[a] === undefined && settings[b] === undefined) {
            issues.push({ path: a, message: `${a} or ${b} is required for ${settings.vendor}: set ${example}` });
        } else if (settings[a] !== undefined && settings[b] !== undefined) {
            issues.push({ path: b, message: `${a} and ${b} are both set and contradict each other: keep one` });
        }
    };
    switch (settings.vendor) {
        case "bringg":
            exactlyOne("region", "endpoint", 'region: "us2" (the region of your Bringg account)');
            break;
        case "deliveryHub":
            exactlyOne("region", "endpoint", 'region: "eu2" or "us2"');
            break;
        case "brite":
            exactlyOne("environment", "endpoint", 'environment: "sandbox" or "production"');
            break;
        case "bruin":
            if (!settings.scope) {
                issues.push({
                    path: "scope",
                    message: 'scope is required for bruin: Bruin\'s identity server refuses a token request without one; set scope: "public_api"',
                });
            }
            break;
        case "brainysoft":
            if (settings.customerKey === undefined) {
                issues.push({
                    path: "customerKey",
                    message: "customerKey is required for brainysoft: the token host is https://{customerKey}-auth.brainysoft.ru",
                });
            }
            break;
        case "oauth2":
            if (settings.tokenUrl === undefined) {
                issues.push({
                    path: "tokenUrl",
                    message: "tokenUrl is required for oauth2: the authorization server's token endpoint, e.g. https://auth.example.com/oauth/token",
                });
            }
            break;
    }
    return issues;
}

/** The settings object of each vendor, with the cross-field rules. */
function settingsSchema<V extends VendorName>(vendor: V) {
    return z.strictObject(vendorShapes[vendor]).superRefine((value, ctx) => {
        for (const issue of crossFieldIssues(value)) ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
    });
}

/** Each vendor's settings schema, by vendor. */
export const vendorSettings = {
    bringg: settingsSchema("bringg"),
    deliveryHub: settingsSchema("deliveryHub"),
    bruin: settingsSchema("bruin"),
    brainysoft: settingsSchema("brainysoft"),
    brite: settingsSchema("brite"),
    oauth2: settingsSchema("oauth2"),
};

/** Bringg's settings, checked. */
export type BringgSettings = z.output<(typeof vendorSettings)["bringg"]> | z.output<(typeof vendorSettings)["deliveryHub"]>;
/** Bruin's settings, checked. */
export type BruinSettings = z.output<(typeof vendorSettings)["bruin"]>;
/** Brainysoft's settings, checked. */
export type BrainysoftSettings = z.output<(typeof vendorSettings)["brainysoft"]>;
/** Brite's settings, checked. */
export type BriteSettings = z.output<(typeof vendorSettings)["brite"]>;
/** The generic profile's settings, checked. */
export type OAuth2Settings = z.output<(typeof vendorSettings)["oauth2"]>;

/** Any vendor's settings, checked: what the token client takes. */
export type VendorSettings = BringgSettings | BruinSettings | BrainysoftSettings | BriteSettings | OAuth2Settings;

/** The fields of any vendor's settings that hold a secret. */
export const secretFields = ["clientSecret", "secret"] as const;

/**
 * Validates settings for a token request: the checked settings, or every problem naming its field.
 * An unknown vendor is one problem on `vendor`.
 */
export function parseVendorSettings(raw: unknown): { ok: true; settings: VendorSettings } | { ok: false; issues: SettingsIssue[] } {
    const vendor = (raw as { vendor?: unknown } | undefined)?.vendor;
    if (!isVendorName(vendor)) return { ok: false, issues: [unknownVendorIssue(vendor)] };
    const parsed = vendorSettings[vendor].safeParse(raw);
    if (parsed.success) return { ok: true, settings: parsed.data as VendorSettings };
    return { ok: false, issues: parsed.error.issues.flatMap(issueLines) };
}

/** The problem of a missing or unsupported `vendor`. */
export function unknownVendorIssue(vendor: unknown): SettingsIssue {
    return {
        path: "vendor",
        message: vendor === undefined ? `vendor is required: one of ${vendorList}` : `vendor ${JSON.stringify(vendor)} is not supported: use ${vendorList}`,
    };
}

/** A zod issue as lines naming their field (one per unknown key). */
export function issueLines(issue: z.core.$ZodIssue): SettingsIssue[] {
    if (issue.code === "unrecognized_keys") {
        return issue.keys.map((key) => ({ path: [...issue.path.map(String), key].join("."), message: `${JSON.stringify(key)} is not a field of this vendor` }));
    }
    return [{ path: issue.path.map(String).join("."), message: issue.message }];
}
