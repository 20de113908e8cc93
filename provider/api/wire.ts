/**
 * The wire shapes of Bringg's Management and OAuth APIs, as zod schemas.
 *
 * One source of truth for three consumers: the emulator validates requests with the request
 * schemas (strict: unknown fields are rejected), the provider's client parses responses with the
 * response schemas (tolerant: unknown fields pass through, so a Bringg release that adds a field
 * never breaks a deployment), and schema/openapi.json is generated from both.
 *
 * Shapes marked "inferred" in docs/bringg-api.md are guesses; they are kept here so
 * that one edit fixes the emulator, the client and the OpenAPI document together.
 */
import { z } from "zod";

/** Longest scope name accepted. */
export const maxScopeNameLength = 100;

/** The shape every scope name has: 1 to 100 characters, none of them whitespace or control. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
export const scopeNamePattern = /^[^\s\u0000-\u001f\u007f]{1,100}$/;

/**
 * A scope name as Bringg lists it: `teams_write`, `Customer_write`, `Create_customer` (Bringg's docs use
 * both spellings: docs/bringg-api.md#scope-names). Only the shape is checked; the catalog decides which names exist.
 */
export const scopeName = z.string().regex(scopeNamePattern, "a scope name is 1 to 100 characters, with no spaces or control characters");

/** Longest TTL the Scopes API accepts: 30 days, in seconds. */
export const maxTtlSeconds = 30 * 24 * 60 * 60;

/** A token lifetime in whole seconds, 1 s to 30 days. */
export const ttlSeconds = z
    .number()
    .int("a TTL is a whole number of seconds")
    .positive("a TTL must be positive")
    .max(maxTtlSeconds, `a TTL may not exceed 30 days (${maxTtlSeconds} s)`);

/** Accepts Bringg's space-separated scope string as well as an array (Doorkeeper stores a string). */
const scopeNames = z.union([z.array(z.string()), z.string().transform((s) => s.split(/\s+/).filter(Boolean))]);

// ---- Applications -------------------------------------------------------------------------------

/** An OAuth application as the Management API returns it (never with its secret). */
export const application = z.looseObject({
    /** Bringg's numeric id; the path parameter of every per-application route. */
    id: z.number().int(),
    name: z.string(),
    /** The OAuth client id: 43 URL-safe characters, fixed for the application's life. */
    client_id: z.string(),
    scopes: scopeNames,
    enabled: z.boolean(),
    created_at: z.string(),
    updated_at: z.string().optional(),
});
/** An application as returned by list, enable and disable. */
export type Application = z.infer<typeof application>;

/** An application with the client secret: only create and secret generation return one. */
export const applicationWithSecret = application.extend({ client_secret: z.string() });
/** An application and its freshly issued secret. */
export type ApplicationWithSecret = z.infer<typeof applicationWithSecret>;

/** The list of the merchant's applications; tolerates a paging wrapper Bringg may add. */
export const applicationList = z.union([z.array(application), z.looseObject({ applications: z.array(application) }).transform((page) => page.applications)]);

/** Body of create: a name and the scopes the application may request. */
export const createApplicationRequest = z.strictObject({
    name: z.string().trim().min(1, "name must not be empty").max(255),
    scopes: z.array(scopeName).min(1, "an application needs at least one scope"),
});
/** Body of create. */
export type CreateApplicationRequest = z.infer<typeof createApplicationRequest>;

// ---- Scopes -------------------------------------------------------------------------------------

/** One node of the scope tree with its token TTLs. */
export const scope = z.looseObject({
    name: z.string(),
    description: z.string().optional(),
    /** The enclosing scope, e.g. `tasks_write` for `create_task`; null for a top-level group. */
    parent: z.string().nullable().optional(),
    /** Bringg's default TTL: 1800 s for write scopes, 14400 s for read scopes. */
    default_ttl: z.number().int(),
    /**
     * The TTL in force: the override if one is set, else the default. An account that answers
     * null for "no override" is read as the default (an inferred shape: docs/bringg-api.md).
     */
    ttl: z.number().int().nullable(),
});
/** A scope and its TTLs, as the client reads them: `ttl` always a number (see {@link scopeCatalog}). */
export type Scope = z.infer<typeof scope> & { ttl: number };

/** The scope catalog. */
export const scopeCatalog = z
    .union([z.array(scope), z.looseObject({ scopes: z.array(scope) }).transform((page) => page.scopes)])
    // A null `ttl` (no override) is the default in force.
    .transform((rows): Scope[] => rows.map((row) => ({ ...row, ttl: row.ttl ?? row.default_ttl })));

/**
 * Body of the Scopes API: `{ "<scope>": seconds }` sets overrides in one call; `null` removes a
 * scope's override so that it falls back to Bringg's default (an emulator convention: Bringg's own
 * way to remove an override is not documented).
 */
export const setScopeTtlsRequest = z.record(scopeName, ttlSeconds.nullable());
/** Body of the Scopes API. */
export type SetScopeTtlsRequest = z.infer<typeof setScopeTtlsRequest>;

// ---- OAuth --------------------------------------------------------------------------------------

/** Body of `POST /oauth/token` (JSON, form-urlencoded or multipart). */
export const tokenRequest = z.looseObject({
    grant_type: z.string().optional(),
    client_id: z.string().optional(),
    client_secret: z.string().optional(),
    scope: z.string().optional(),
    ttl: z.union([z.number(), z.string()]).optional(),
});

/**
 * Body of `POST /oauth/introspect` (RFC 7662): the token to describe; the caller authenticates
 * with client credentials (here or HTTP Basic) or with another valid bearer token.
 */
export const introspectRequest = z.looseObject({
    token: z.string(),
    token_type_hint: z.string().optional(),
    client_id: z.string().optional(),
    client_secret: z.string().optional(),
});

/** Body of `POST /oauth/revoke` (RFC 7009): the token to revoke, with the owner's client credentials. */
export const revokeRequest = z.looseObject({
    token: z.string(),
    token_type_hint: z.string().optional(),
    client_id: z.string().optional(),
    client_secret: z.string().optional(),
});

/** Reply of `POST /oauth/token`. */
export const tokenResponse = z.looseObject({
    access_token: z.string(),
    token_type: z.string(),
    expires_in: z.number(),
    created_at: z.number(),
    scope: z.string().optional(),
});
/** A token as issued. */
export type TokenResponse = z.infer<typeof tokenResponse>;

/** Reply of `GET /oauth/token/info` (Doorkeeper's shape: docs/bringg-api.md#token-info). */
export const tokenInfo = z.looseObject({
    resource_owner_id: z.string(),
    scope: z.array(z.string()),
    expires_in: z.number(),
    application: z.looseObject({ uid: z.string() }),
    created_at: z.number(),
});

/** Reply of `POST /oauth/introspect` (RFC 7662). */
export const introspection = z.looseObject({
    active: z.boolean(),
    scope: z.string().optional(),
    client_id: z.string().optional(),
    token_type: z.string().optional(),
    exp: z.number().optional(),
    iat: z.number().optional(),
});

/** RFC 6749 §5.2 error body of the OAuth endpoints. */
export const oauthError = z.looseObject({
    error: z.string(),
    error_description: z.string().optional(),
});

/** Bringg's error body of the Management API (docs/bringg-api.md#management-errors); some services say `message`. */
export const bringgError = z.looseObject({
    type: z.string().optional(),
    title: z.string().optional(),
    message: z.string().optional(),
    status: z.number().optional(),
    success: z.literal(false).optional(),
});
/** Bringg's error body. */
export type BringgError = z.infer<typeof bringgError>;
