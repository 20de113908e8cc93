/**
 * Secret rotation for Bringg applications, with no Pulumi imports: deciding whether a rotation is
 * due, generating a secret without ever losing one, and checking the result.
 *
 * Bringg's rule (docs/bringg-api.md#secret-regeneration) shapes everything here: generating a new client secret kills the old
 * one AND every token issued with it, at once. So:
 * - a generated secret must reach the state even when later steps fail (see ./partial.ts);
 * - a lost reply of the (non-idempotent) regenerate call is resolved by asking Bringg whether the
 *   old secret still works, never by guessing (see {@link generateSecret});
 * - two rotations of one application must never interleave inside a provider process (see
 *   {@link withApplicationLock}).
 *
 * Used by the SecretRotation resource and by the RotatingCredentials component's pair resource.
 */
import { setTimeout as delay } from "node:timers/promises";
import type { Application, ApplicationWithSecret, BringgClient } from "../core/client";
import { formatDuration } from "../core/duration";
import type { ApplicationLocks } from "../core/context";
import type { Warn } from "../core/contract";
import { BringgApiError, mayHaveApplied, ProviderError } from "../core/errors";

// ---- time -----------------------------------------------------------------------------------------

/**
 * Why a secret generated at `rotatedAt` is due for rotation at `now` under `rotateAfter` seconds,
 * or undefined when it is not due. A state without a valid `rotatedAt` is never due: an unreadable
 * timestamp must not cause an outage.
 */
export function dueReason(rotatedAt: string, rotateAfterSeconds: number | undefined, now: Date): string | undefined {
    if (rotateAfterSeconds === undefined) return undefined;
    const last = Date.parse(rotatedAt);
    if (Number.isNaN(last)) return undefined;
    const dueAt = last + rotateAfterSeconds * 1000;
    if (now.getTime() < dueAt) return undefined;
    return `rotateAfter ${formatDuration(rotateAfterSeconds)} has passed since the last rotation at ${new Date(last).toISOString()} (due since ${new Date(dueAt).toISOString()})`;
}

// ---- per-application lock -------------------------------------------------------------------------

/** The lock key of an application: one Bringg endpoint, one client id. */
export function applicationLockKey(client: BringgClient, clientId: string): string {
    return `${client.settings.baseUrl} ${clientId}`;
}

/**
 * Runs `work` after every earlier rotation of the same application under `locks` (the provider
 * context's: one per process and configuration) has finished.
 * The engine runs independent resources in parallel, and two resources may name one application
 * (a SecretRotation and a RotatingCredentials pair, or two rotations by mistake): interleaved
 * regenerate/verify sequences would leave each believing the other's secret is the stale one.
 */
export async function withApplicationLock<T>(locks: ApplicationLocks, key: string, work: () => Promise<T>): Promise<T> {
    const previous = locks.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.then(
        () => undefined,
        () => undefined,
    );
    locks.set(key, settled);
    try {
        return await run;
    } finally {
        if (locks.get(key) === settled) locks.delete(key);
    }
}

// ---- probing a secret ------------------------------------------------------------------------------

/** What Bringg said about a secret: it issued a token, it refused it, or it could not be asked. */
export type Probe =
    | { readonly outcome: "accepted"; readonly accessToken: string }
    | { readonly outcome: "refused"; readonly message: string }
    | { readonly outcome: "unknown"; readonly message: string };

/**
 * Asks Bringg for a token with a client secret. `refused` means Bringg answered 401 (wrong secret,
 * or a disabled application); anything else that fails is `unknown`.
 */
export async function probeSecret(client: BringgClient, clientId: string, clientSecret: string, resource: string): Promise<Probe> {
    try {
        const token = await client.requestToken({ clientId, clientSecret }, { resource });
        return { outcome: "accepted", accessToken: token.access_token };
    } catch (error) {
        const message = client.secrets.redact(error instanceof Error ? error.message : String(error));
        if (BringgApiError.isInstance(error) && error.code === "unauthorized") return { outcome: "refused", message };
        return { outcome: "unknown", message };
    }
}

// ---- generating -----------------------------------------------------------------------------------

/** How often a lost regenerate reply is recovered from before giving up. */
const maxGenerateAttempts = 3;

/** What {@link generateSecret} needs to know about the application. */
export interface GenerateRequest {
    readonly applicationId: number;
    readonly clientId: string;
    /** The secret in use before this rotation, when known; used to tell whether a lost reply took effect. */
    readonly currentSecret?: string | undefined;
    /** E.g. `secret rotation "dash-secret"`: named in messages. */
    readonly resource: string;
}

/**
 * Generates a new secret and returns it, surviving a lost reply.
 *
 * The regenerate call is not idempotent (each call kills the previous secret), so its client never
 * repeats it blindly. When the reply is lost this asks Bringg whether the current secret still
 * works: if it is refused, the regeneration happened and its secret went down with the reply,
 * so nobody can hold it and generating again is the only way to a working secret (with a warning);
 * if it is accepted, nothing happened and the call is sent again. Without a current secret (first
 * rotation of an application whose secret Pulumi never held) a repeat is harmless.
 */
export async function generateSecret(client: BringgClient, request: GenerateRequest, warn: Warn): Promise<ApplicationWithSecret> {
    let current = request.currentSecret;
    for (let attempt = 1; ; attempt++) {
        try {
            // Replayable (the client may retry on its own) only when no secret we know of can die.
            return await client.regenerateSecret(request.applicationId, {
                resource: request.resource,
                replayable: current === undefined,
            });
        } catch (error) {
            if (!mayHaveApplied(error) || attempt >= maxGenerateAttempts) throw error;
            if (current === undefined) {
                await warn(
                    `${request.resource}: the reply to "generate a new secret" was lost; generating again (a secret lost in transit cannot be used by anyone).`,
                );
                continue;
            }
            // A regenerate applied late would still kill the secret a repeat returns: wait it out.
            await delay(client.lateWriteWindowMs);
            const probe = await probeSecret(client, request.clientId, current, request.resource);
            if (probe.outcome === "refused") {
                await warn(
                    `${request.resource}: Bringg generated a new secret but the reply was lost (the previous secret is now refused); generating another one so that the state holds a secret that works.`,
                );
                current = undefined;
            } else if (probe.outcome === "unknown") {
                throw new ProviderError(
                    request.resource,
                    `the reply to "generate a new secret" was lost and Bringg could not be asked whether it took effect (${probe.message}); the state still holds the previous secret`,
                    "run `pulumi up` again: it checks that secret and generates a new one if Bringg refuses it.",
                );
            }
            // accepted: the regeneration never happened; sending it again is safe.
        }
    }
}

// ---- verifying ------------------------------------------------------------------------------------

/**
 * How the last generated secret was checked:
 * - `passed`: a token was issued with it and the previous secret was refused;
 * - `skipped`: `verify` was false, or the application is disabled (a disabled application gets no
 *   tokens, so there is nothing to test until it is enabled);
 * - `failed`: the check did not pass; the secret is kept in state and the next `pulumi up` checks
 *   it again (and generates a new one if Bringg refuses it).
 */
export type Verification = "passed" | "skipped" | "failed";

/** The outcome of {@link verifySecret}. */
export interface VerifyOutcome {
    readonly verification: Verification;
    /** Why verification failed or was skipped; empty when it passed. */
    readonly problems: string[];
}

/** What {@link verifySecret} checks. */
export interface VerifyRequest {
    readonly clientId: string;
    readonly newSecret: string;
    /** The secret this rotation replaced, if known: it must now be refused. */
    readonly oldSecret?: string | undefined;
    /** A token issued with the old secret just before the rotation: it must now be inactive. */
    readonly oldToken?: string | undefined;
    /** False when Bringg reports the application disabled: it gets no tokens, so nothing can be tested. */
    readonly enabled: boolean;
    readonly resource: string;
    /** Waits between attempts; replaceable in tests. */
    readonly sleep?: (ms: number) => Promise<void>;
}

/** Attempts to obtain a token with the new secret before verification fails. */
const tokenAttempts = 3;

/**
 * Checks a freshly generated secret: Bringg issues a token for it (retried a few times: a token
 * costs nothing and a replica may lag), the previous secret is refused, and a token issued with the
 * previous secret is no longer active.
 */
export async function verifySecret(client: BringgClient, request: VerifyRequest): Promise<VerifyOutcome> {
    if (!request.enabled) {
        return {
            verification: "skipped",
            problems: ["the application is disabled, so Bringg issues no tokens for it; the new secret is checked once it is enabled"],
        };
    }
    const sleep = request.sleep ?? ((ms: number) => delay(ms));
    let fresh: Probe | undefined;
    for (let attempt = 1; attempt <= tokenAttempts; attempt++) {
        fresh = await probeSecret(client, request.clientId, request.newSecret, request.resource);
        if (fresh.outcome === "accepted") break;
        if (attempt < tokenAttempts) await sleep(500 * attempt);
    }
    const problems: string[] = [];
    if (fresh?.outcome !== "accepted") {
        problems.push(`Bringg did not issue a token for the new secret after ${tokenAttempts} attempts (${fresh?.message ?? "no answer"})`);
        return { verification: "failed", problems };
    }
    if (request.oldSecret !== undefined && request.oldSecret !== request.newSecret) {
        const old = await probeSecret(client, request.clientId, request.oldSecret, request.resource);
        if (old.outcome === "accepted") problems.push("Bringg still accepts the previous secret");
        if (old.outcome === "unknown") problems.push(`could not confirm that the previous secret is refused (${old.message})`);
    }
    if (request.oldToken !== undefined) {
        try {
            const info = await client.introspect(
                { clientId: request.clientId, clientSecret: request.newSecret, token: request.oldToken },
                { resource: request.resource },
            );
            if (info.active) problems.push("a token issued with the previous secret is still active");
        } catch (error) {
            problems.push(
                `could not confirm that tokens of the previous secret are inactive (${client.secrets.redact(error instanceof Error ? error.message : String(error))})`,
            );
        }
    }
    return { verification: problems.length === 0 ? "passed" : "failed", problems };
}

// ---- one rotation ----------------------------------------------------------------------------------

/** What {@link regenerateAndVerify} needs. */
export interface RotateApplicationRequest {
    readonly clientId: string;
    /** The secret in use, if Pulumi holds it: it must be refused afterwards. */
    readonly currentSecret?: string | undefined;
    readonly verify: boolean;
    readonly resource: string;
}

/** A generated secret and how its check went. */
export interface RotatedSecret {
    readonly app: Application;
    readonly clientSecret: string;
    /** Bringg's timestamp of the regeneration (ISO 8601); the local clock only if Bringg gave none. */
    readonly rotatedAt: string;
    readonly outcome: VerifyOutcome;
}

/**
 * One rotation of one application: look it up, take a token with the current secret (to check
 * afterwards that its tokens died too), generate a new secret surviving a lost reply, verify it.
 * Callers hold the application's lock ({@link withApplicationLock}).
 */
export async function regenerateAndVerify(client: BringgClient, request: RotateApplicationRequest, warn: Warn): Promise<RotatedSecret> {
    const { clientId, resource } = request;
    const app = await client.findApplication({ clientId }, { resource, fresh: true });
    if (!app) {
        throw new ProviderError(
            resource,
            `Bringg has no application with client id ${clientId}`,
            "pass an Application resource or the client id of an existing application (Bringg → Settings → Webhooks & API).",
        );
    }
    let currentSecret = request.currentSecret;
    let oldToken: string | undefined;
    if (currentSecret && request.verify && app.enabled) {
        const before = await probeSecret(client, clientId, currentSecret, resource);
        if (before.outcome === "accepted") oldToken = before.accessToken;
        if (before.outcome === "refused") {
            await warn(`${resource}: the secret in the state was already refused by Bringg before this rotation (was it regenerated outside Pulumi?).`);
            currentSecret = undefined;
        }
    }
    const generated = await generateSecret(client, { applicationId: app.id, clientId, currentSecret, resource }, warn);
    const outcome: VerifyOutcome = request.verify
        ? await verifySecret(client, {
              clientId,
              newSecret: generated.client_secret,
              oldSecret: currentSecret,
              oldToken,
              enabled: generated.enabled,
              resource,
          })
        : { verification: "skipped", problems: [] };
    if (outcome.verification === "skipped" && outcome.problems.length > 0) {
        await warn(`${resource}: verification skipped: ${outcome.problems.join("; ")}.`);
    }
    const time = generated.updated_at === undefined ? NaN : Date.parse(generated.updated_at);
    return {
        app,
        clientSecret: generated.client_secret,
        rotatedAt: new Date(Number.isNaN(time) ? Date.now() : time).toISOString(),
        outcome,
    };
}
