/**
 * Bringg's application object → the resource's outputs (its state), and old state → current shape.
 *
 * The state shape is a compatibility promise: every later version of this provider reads state that
 * earlier versions wrote (refresh and destroy even run the old `__provider`). `schemaVersion` says
 * which shape a state has, and {@link upgradeState} reads all of them, so that an upgrade of the
 * provider never shows up as a diff, let alone a replacement.
 */
import type { Application } from "../core/client";
import { normalizeScopes } from "../core/client";
import { fingerprint } from "../core/fingerprint";
import type { Target } from "../delivery/schema";
import type { Receipt } from "../delivery/store";

/** The state shape this version writes. */
export const schemaVersion = 1;

/** The Application's outputs. */
export interface ApplicationState {
    /** Bringg's numeric id of the application (also the resource id, as a string). */
    applicationId: number;
    /** The OAuth client id; fixed for the application's life. */
    clientId: string;
    /**
     * The client secret (a Pulumi secret). Absent when unknown (an adopted application's secret was
     * shown once, in Bringg's UI, and Pulumi never saw it) or kept out (`keepSecretInState: false`).
     */
    clientSecret?: string;
    /** False when the secret is unknown (adopted applications) until the secret is rotated. */
    clientSecretKnown: boolean;
    /** First 12 hex digits of SHA-256 of the secret (not secret); absent when the secret is unknown. */
    fingerprint?: string;
    /** The `deliverTo` targets (a command's `env` left out); absent when the secret is delivered nowhere. */
    deliverTo?: Target[];
    /** One receipt per target that holds the secret (provider/delivery/store.ts `Receipt`). */
    receipts?: Receipt[];
    name: string;
    /** Sorted, without duplicates. */
    scopes: string[];
    enabled: boolean;
    /** When Bringg created the application (ISO 8601). */
    createdAt: string;
    /** Shape version of this state; see {@link upgradeState}. */
    schemaVersion: number;
    /**
     * Set while a create whose reply was lost is not settled: the next `pulumi up` finds the
     * application by this name and scopes (ignoring `existing`, which predate the create), takes it
     * over with a new secret, or creates it if Bringg has none.
     */
    pendingCreate?: PendingCreate;
}

/** A create that may have been applied; see {@link ApplicationState.pendingCreate}. */
export interface PendingCreate {
    name: string;
    scopes: string[];
    /** Ids of applications of that name and scopes that existed before the create. */
    existing: number[];
}

/** The state of a create that could not be settled: no id, no secret, only what finds it again. */
export function pendingState(pending: PendingCreate): ApplicationState {
    return {
        applicationId: 0,
        clientId: "",
        clientSecretKnown: false,
        name: pending.name,
        scopes: normalizeScopes(pending.scopes),
        enabled: false,
        createdAt: "",
        schemaVersion,
        pendingCreate: { ...pending, scopes: normalizeScopes(pending.scopes) },
    };
}

/**
 * The outputs for an application as Bringg shows it. The secret is never in Bringg's list, so it
 * (or, kept out of the state, its fingerprint) is carried over from the previous state (or from
 * create's reply). Delivery outputs are the caller's to add.
 */
export function toState(app: Application, secret: { clientSecret?: string; fingerprint?: string }): ApplicationState {
    const print = secret.clientSecret !== undefined ? fingerprint(secret.clientSecret) : secret.fingerprint;
    const state: ApplicationState = {
        applicationId: app.id,
        clientId: app.client_id,
        clientSecretKnown: print !== undefined,
        name: app.name,
        scopes: normalizeScopes(app.scopes),
        enabled: app.enabled,
        createdAt: app.created_at,
        schemaVersion,
    };
    // Never `clientSecret: undefined`: an undefined value in a provider result fails the whole
    // gRPC reply ("Unexpected struct type") after the application was already created.
    if (secret.clientSecret !== undefined) state.clientSecret = secret.clientSecret;
    if (print !== undefined) state.fingerprint = print;
    return state;
}

/**
 * Reads state written by any version of this provider. Version 1 is the first; later versions add
 * their conversions here, oldest first.
 */
export function upgradeState(props: Record<string, unknown>): ApplicationState {
    const clientSecret = typeof props.clientSecret === "string" ? props.clientSecret : undefined;
    const pending = props.pendingCreate as Partial<PendingCreate> | undefined;
    return {
        ...(pending && typeof pending === "object" && typeof pending.name === "string"
            ? {
                  pendingCreate: {
                      name: pending.name,
                      scopes: Array.isArray(pending.scopes) ? normalizeScopes(pending.scopes.map(String)) : [],
                      existing: Array.isArray(pending.existing) ? pending.existing.map(Number) : [],
                  },
              }
            : {}),
        applicationId: Number(props.applicationId),
        clientId: String(props.clientId ?? ""),
        ...(clientSecret === undefined ? {} : { clientSecret }),
        clientSecretKnown: typeof props.clientSecretKnown === "boolean" ? props.clientSecretKnown : clientSecret !== undefined,
        ...(typeof props.fingerprint === "string"
            ? { fingerprint: props.fingerprint }
            : clientSecret === undefined
              ? {}
              : { fingerprint: fingerprint(clientSecret) }),
        ...(Array.isArray(props.deliverTo) ? { deliverTo: props.deliverTo as Target[] } : {}),
        ...(Array.isArray(props.receipts) ? { receipts: props.receipts as Receipt[] } : {}),
        name: String(props.name ?? ""),
        scopes: Array.isArray(props.scopes) ? normalizeScopes(props.scopes.map(String)) : [],
        enabled: props.enabled === true,
        createdAt: String(props.createdAt ?? ""),
        schemaVersion,
    };
}

/** How an application is named in messages: `application "dashboards" (client id abc…)`. */
export function describeApplication(app: { name?: string | undefined; clientId?: string | undefined; applicationId?: number | undefined }): string {
    const name = app.name ? `application ${JSON.stringify(app.name)}` : "application";
    const ids = [
        app.applicationId !== undefined && !Number.isNaN(app.applicationId) ? `id ${app.applicationId}` : undefined,
        app.clientId ? `client id ${app.clientId}` : undefined,
    ].filter(Boolean);
    return ids.length > 0 ? `${name} (${ids.join(", ")})` : name;
}
