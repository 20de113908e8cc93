/**
 * What each dynamic-provider hook does for a `SecretRotation`, with no Pulumi imports.
 *
 * | hook   | Bringg calls                                                                      |
 * |--------|-----------------------------------------------------------------------------------|
 * | check  | none: inputs, `rotateAfter` and settings are validated locally                    |
 * | diff   | none: state (outputs) against checked inputs and the clock                        |
 * | create | list + regenerate + token (verify), then deliverTo                                 |
 * | update | token (old secret) + regenerate + token (new) + token (old) + introspect (old token), then deliverTo; or deliverTo alone |
 * | read   | list (shared): drops the rotation when its application is gone; deliverTo read back |
 * | delete | none: the application and its current secret stay as they are                    |
 *
 * Why a rotation is an in-place update (not a replacement): the resource stands for "the secret of
 * this application", whose identity (the client id) never changes; `version` counts generations and
 * `rotatedAt` moves forward, which a replacement would reset. Bringg keeps one secret per
 * application, so there is nothing a create-before-delete replacement could overlap anyway; the
 * zero-downtime story is the RotatingCredentials component.
 *
 * A verified (or unverifiable) new secret goes to every `deliverTo` target; a store that fails
 * keeps the secret in partial state (encrypted, even with `keepSecretInState: false`), and the
 * next update delivers that same secret to the targets without it: no second regeneration.
 */
import { unknownValue, type CheckOutcome } from "../core/check";
import type { DeliveryDeps, Deps, DiffOutcome, Props, ReadOutcome, SecretHolding, Written } from "../core/contract";
import { ProviderError } from "../core/errors";
import { noHiddenInputs, type HiddenInputs } from "../core/hidden";
import { fingerprint } from "../core/fingerprint";
import { checkRotationInputs, rotationReason } from "../secrets/inputs";
import { partialFailure } from "../secrets/partial";
import { probeSecret, applicationLockKey, regenerateAndVerify, withApplicationLock } from "../secrets/rotate";
import { canonicalTriggers } from "../secrets/triggers";
import { schemaVersion, upgradeState, type RotationState } from "./mapping";
import { secretRotationInputs, type CheckedSecretRotationInputs } from "./schema";

/** The resource type, as messages name it. */
export const kind = "SecretRotation";

/** Validates a SecretRotation's inputs and settings; see {@link checkRotationInputs}. */
export function check(_olds: Props, news: Props, deps: Pick<Deps, "settingsProblems">, hidden: HiddenInputs = noHiddenInputs): CheckOutcome {
    return checkRotationInputs(
        {
            schema: secretRotationInputs,
            standIns: { clientId: "unknown", triggers: {}, rotateAfter: "1d", verify: true, account: "unknown" },
            unrecognized: (key) =>
                `${JSON.stringify(key)} is not an input of SecretRotation: use application, triggers, rotateAfter, verify, deliverTo, keepSecretInState or account`,
            aliases: { clientId: "application" },
        },
        news,
        deps.settingsProblems,
        hidden,
    );
}

/**
 * Compares state with checked inputs and the clock, without calling Bringg. Another application
 * replaces the rotation; a trigger change, a due `rotateAfter`, or a secret whose check failed last
 * time updates it in place. `verify` and `rotateAfter` themselves are not stored, so changing them
 * changes nothing until they matter. (Delivery alone is `withDelivery`'s to judge.)
 */
export function diff(_id: string, olds: Props, news: Props, { now }: Pick<Deps, "now">): DiffOutcome {
    const state = upgradeState(olds);
    const none: DiffOutcome = { changes: false, replaces: [], deleteBeforeReplace: false };
    if (news.clientId === unknownValue) {
        return { ...none, changes: true, reason: "the application's client id is not known until the deployment runs" };
    }
    if (news.clientId !== state.clientId) {
        return {
            ...none,
            changes: true,
            replaces: ["clientId"],
            reason: `the application changed (client id ${state.clientId} → ${String(news.clientId)}): a rotation of the new application replaces this one`,
        };
    }
    const reason = rotationReason(state, news, now());
    if (reason) return { ...none, changes: true, reason: `${label(state.clientId)}: generating a new secret: ${reason}` };
    if (state.verification === "failed" && news.verify !== false) {
        return {
            ...none,
            changes: true,
            reason: `${label(state.clientId)}: checking again the secret whose verification failed in an earlier run (a new one is generated if Bringg refuses it)`,
        };
    }
    return none;
}

function label(clientId: string): string {
    return `secret rotation of application ${clientId}`;
}

/** How a rotation holds its secret: `clientSecret`, for `withDelivery`. */
export const holding: SecretHolding = {
    secretKeys: ["clientSecret"],
    label: (state) => label(String(state.clientId ?? "")),
    held: (state) => {
        const { clientId, fingerprint, clientSecret } = upgradeState(state);
        return { current: { clientId, fingerprint, ...(clientSecret ? { clientSecret } : {}) } };
    },
    withoutSecret: ({ clientSecret: _secret, ...state }) => state,
    withSecrets: (state, secrets) => ({ ...state, clientSecret: secrets.current?.clientSecret || state.clientSecret, schemaVersion }),
    newSecretFix: "bump a trigger to generate a new secret, which is delivered to every target",
};

interface RotateRequest {
    readonly clientId: string;
    readonly previous?: RotationState;
    readonly triggers: RotationState["triggers"];
    readonly verify: boolean;
    readonly reason: string;
    /** The checked inputs: `__provider`, which a partial failure must carry itself. */
    readonly inputs: Props;
}

/**
 * Generates, verifies and records a new secret under the application's lock; the state, with the
 * new secret issued for delivery. A verification failure throws a partial failure carrying the new
 * state, so the secret is never lost.
 */
async function rotate(request: RotateRequest, deps: Deps & DeliveryDeps): Promise<Written> {
    const client = deps.client();
    const { warn, storedSecret } = deps;
    const resource = label(request.clientId);
    return withApplicationLock(deps.applicationLocks, applicationLockKey(client, request.clientId), async () => {
        // Kept out of the state, the current secret is read back from a store, so that the check
        // can confirm Bringg refuses it afterwards.
        const previous = request.previous;
        const currentSecret = previous ? previous.clientSecret || (await storedSecret?.(previous)) : undefined;
        const generated = await regenerateAndVerify(client, { clientId: request.clientId, currentSecret, verify: request.verify, resource }, warn);
        const { app, outcome } = generated;
        const state: RotationState = {
            clientId: request.clientId,
            applicationId: app.id,
            clientSecret: generated.clientSecret,
            rotatedAt: generated.rotatedAt,
            version: (request.previous?.version ?? 0) + 1,
            fingerprint: fingerprint(generated.clientSecret),
            triggers: request.triggers,
            verification: outcome.verification,
            reason: request.reason,
            schemaVersion,
        };
        // The receipts of the previous secret: stores not written again keep them.
        const outs = { ...state, receipts: previous?.receipts ?? [] };
        if (outcome.verification === "failed") {
            const message =
                `${resource}: a new secret was generated (version ${state.version}, fingerprint ${state.fingerprint}) but its verification failed: ${outcome.problems.join("; ")}. ` +
                "The new secret is kept in the state (the previous one no longer works, whatever the outcome). " +
                "Fix: check that the application is enabled and Bringg's token endpoint is reachable, then run `pulumi up` again: " +
                "it checks the kept secret again and generates a new one only if Bringg refuses it.";
            // The engine prints the reasons, not the message, for a partial failure: the whole
            // explanation goes in the one reason.
            throw partialFailure(new Error(message), request.clientId, outs, request.inputs, holding.secretKeys);
        }
        return { id: request.clientId, outs, issued: { current: { clientId: state.clientId, clientSecret: state.clientSecret } } };
    });
}

/** Creates the rotation: generates the first secret this resource manages (version 1). */
export async function create(props: Props, deps: Deps & DeliveryDeps): Promise<Written> {
    const inputs = props as CheckedSecretRotationInputs & Props;
    return rotate(
        {
            clientId: inputs.clientId,
            triggers: canonicalTriggers(inputs.triggers),
            verify: inputs.verify !== false,
            reason: "first secret generated by this rotation",
            inputs,
        },
        deps,
    );
}

/**
 * Rotates when a trigger changed or `rotateAfter` passed; otherwise re-checks a secret whose
 * verification failed earlier (generating a new one only if Bringg refuses it). Otherwise the state
 * stays as it is (`withDelivery` delivers the current secret to the targets that lack it).
 */
export async function update(_id: string, olds: Props, props: Props, deps: Deps & DeliveryDeps): Promise<Written> {
    const news = props as CheckedSecretRotationInputs & Props;
    const client = deps.client();
    const { warn } = deps;
    let state = upgradeState(olds);
    const verify = news.verify !== false;
    const triggers = canonicalTriggers(news.triggers);
    let reason = rotationReason(state, news, deps.now());
    if (!reason && state.verification === "failed" && verify) {
        const resource = label(state.clientId);
        const probe = await withApplicationLock(deps.applicationLocks, applicationLockKey(client, state.clientId), () =>
            probeSecret(client, state.clientId, state.clientSecret, resource),
        );
        if (probe.outcome === "accepted") state = { ...state, verification: "passed" };
        if (probe.outcome === "unknown") {
            throw new ProviderError(
                resource,
                `could not check the secret whose verification failed earlier (${probe.message})`,
                "make sure Bringg's token endpoint is reachable and run `pulumi up` again.",
            );
        }
        if (probe.outcome === "refused") {
            await warn(`${resource}: Bringg refuses the secret in the state (${probe.message}); generating a new one.`);
            reason = "the secret in the state was refused by Bringg";
        }
    }
    if (reason) return rotate({ clientId: String(news.clientId), previous: state, triggers, verify, reason, inputs: news }, deps);
    return { id: state.clientId, outs: { ...state, schemaVersion } };
}

/**
 * Refresh: keeps the state unless the application is gone, in which case the rotation is dropped
 * from the stack (there is nothing left to rotate).
 */
export async function read(id: string, props: Props, deps: Deps): Promise<ReadOutcome> {
    const client = deps.client();
    const state = upgradeState(props);
    const app = await client.findApplication({ clientId: state.clientId }, { resource: label(state.clientId) });
    if (!app) {
        return {
            id: "",
            warnings: [`${label(state.clientId)}: the application no longer exists in Bringg; the rotation is removed from the stack.`],
        };
    }
    const kept: Props = { ...state, applicationId: app.id };
    if (!state.clientSecret) delete kept.clientSecret;
    return { id, props: kept, warnings: [] };
}

/** Nothing to do in Bringg: the application and its current secret stay valid. */
async function remove(): Promise<void> {}
export { remove as delete };
