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
import { checkInputs, containsUnknown, unknownValue, type CheckOutcome, type InputRules } from "../core/check";
import type { Deps, DiffOutcome, Props, ReadOutcome, Written } from "../core/contract";
import { tryParseDuration } from "../core/duration";
import { ProviderError } from "../core/errors";
import {
    checkWithDelivery,
    deliverOrKeep,
    deliveryReason,
    heldCredential,
    heldOf,
    keepsSecret,
    outputsWithDelivery,
    recoveredSecret,
    redeliver,
    refreshDelivery,
    targetsOf,
    withDelivery,
} from "../delivery/hooks";
import type { Receipt } from "../delivery/store";
import { canonicalTriggers, describeTriggerChange, fingerprint, changedTriggerKeys, schemaVersion, upgradeState, type RotationState } from "./mapping";
import { dueReason, PartialRotationError, probeSecret, applicationLockKey, regenerateAndVerify, wireSecret, withApplicationLock } from "./rotate";
import { secretRotationInputs, type CheckedSecretRotationInputs } from "./schema";

/** The resource type, as messages name it. */
export const kind = "SecretRotation";

/** What a rotation resource's check needs beyond the shared rules. */
export type RotationRules = Omit<
    InputRules<{ triggers?: Record<string, unknown> | undefined; rotateAfter?: string | undefined; verify?: boolean | undefined }>,
    "settings"
>;

/**
 * The check of both rotation resources: validates inputs and settings without calling Bringg;
 * every failure at once. The checked inputs have `verify` defaulted and triggers in canonical
 * (sorted) form.
 */
export function checkRotationInputs(rules: RotationRules, news: Props, settingsProblems: Deps["settingsProblems"]): CheckOutcome {
    return checkWithDelivery(news, (own) => {
        const result = checkInputs({ ...rules, settings: settingsProblems }, own);
        const failures = [...result.failures];
        const rotateAfter = result.parsed?.rotateAfter;
        if (rotateAfter !== undefined && !result.unknown.has("rotateAfter")) {
            const duration = tryParseDuration(rotateAfter);
            if (!duration.ok) failures.push({ property: "rotateAfter", reason: duration.reason });
        }
        if (!result.parsed) return { inputs: result.inputs, failures };
        const inputs: Props = { ...result.inputs, verify: result.parsed.verify ?? true };
        if (result.parsed.triggers !== undefined && !result.unknown.has("triggers")) inputs.triggers = canonicalTriggers(result.parsed.triggers);
        return { inputs, failures };
    });
}

/** Validates a SecretRotation's inputs and settings; see {@link checkRotationInputs}. */
export function check(_olds: Props, news: Props, deps: Pick<Deps, "settingsProblems">): CheckOutcome {
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
    );
}

/** Seconds of a checked `rotateAfter`, or undefined when absent or not known yet. */
function rotateAfterSeconds(news: Props): number | undefined {
    if (news.rotateAfter === undefined || news.rotateAfter === unknownValue) return undefined;
    const parsed = tryParseDuration(news.rotateAfter);
    return parsed.ok ? parsed.seconds : undefined;
}

/**
 * Why the secret must be generated again, or undefined. Triggers are compared with the triggers
 * the current secret was generated for (stored in the outputs, so that a partially failed update,
 * which the engine records with the OLD inputs, does not rotate a second time).
 */
export function rotationReason(state: Pick<RotationState, "triggers" | "rotatedAt">, news: Props, now: Date): string | undefined {
    if (containsUnknown(news.triggers)) return "triggers are not known until the deployment runs";
    const triggers = canonicalTriggers(news.triggers as Record<string, unknown> | undefined);
    if (changedTriggerKeys(state.triggers, triggers).length > 0) return describeTriggerChange(state.triggers, triggers);
    return dueReason(state.rotatedAt, rotateAfterSeconds(news), now);
}

/**
 * Compares state with checked inputs and the clock, without calling Bringg. Another application
 * replaces the rotation; a trigger change, a due `rotateAfter`, or a secret whose check failed last
 * time updates it in place. `verify` and `rotateAfter` themselves are not stored, so changing them
 * changes nothing until they matter.
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
    const delivery = deliveryReason(news, heldOf(state));
    if (delivery) return { ...none, changes: true, reason: `${label(state.clientId)}: ${delivery}` };
    return none;
}

function label(clientId: string): string {
    return `secret rotation of application ${clientId}`;
}

/** The partial state of a rotation: the secret stays (a Pulumi secret) whatever keepSecretInState says. */
function partialProperties(state: RotationState, inputs: Props, receipts: readonly Receipt[]): Props {
    return { ...withDelivery(state, targetsOf(inputs), receipts), clientSecret: wireSecret(state.clientSecret), __provider: inputs.__provider };
}

interface RotateRequest {
    readonly clientId: string;
    readonly previous?: RotationState;
    readonly triggers: RotationState["triggers"];
    readonly verify: boolean;
    readonly reason: string;
    /** The checked inputs: `deliverTo`, `keepSecretInState` and `__provider` (which partial results must carry themselves). */
    readonly inputs: Props;
}

/**
 * Generates, verifies and records a new secret under the application's lock. A verification
 * failure throws {@link PartialRotationError} carrying the new state, so the secret is never lost.
 */
async function rotate(request: RotateRequest, deps: Deps): Promise<Written> {
    const client = deps.client();
    const { warn } = deps;
    const resource = label(request.clientId);
    const targets = targetsOf(request.inputs);
    const ctx = { resource };
    return withApplicationLock(deps.applicationLocks, applicationLockKey(client, request.clientId), async () => {
        // Kept out of the state, the current secret is read back from a store, so that the check
        // can confirm Bringg refuses it afterwards.
        const previous = request.previous;
        const currentSecret = previous ? previous.clientSecret || (await recoveredSecret(heldCredential(previous), targets, ctx)) : undefined;
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
        const earlier = previous?.receipts ?? [];
        if (outcome.verification === "failed") {
            const message =
                `${resource}: a new secret was generated (version ${state.version}, fingerprint ${state.fingerprint}) but its verification failed: ${outcome.problems.join("; ")}. ` +
                "The new secret is kept in the state (the previous one no longer works, whatever the outcome). " +
                "Fix: check that the application is enabled and Bringg's token endpoint is reachable, then run `pulumi up` again: " +
                "it checks the kept secret again and generates a new one only if Bringg refuses it.";
            // The engine prints the reasons, not the message, for a partial failure: the whole
            // explanation goes in the one reason.
            throw new PartialRotationError(message, request.clientId, partialProperties(state, request.inputs, earlier), [message]);
        }
        const receipts = await deliverOrKeep(
            { current: { clientId: state.clientId, clientSecret: state.clientSecret } },
            targets,
            ctx,
            earlier,
            (delivered) => ({ id: request.clientId, properties: partialProperties(state, request.inputs, delivered) }),
        );
        return { id: request.clientId, outs: outputsWithDelivery(state, request.inputs, receipts) };
    });
}

/** Creates the rotation: generates the first secret this resource manages (version 1). */
export async function create(props: Props, deps: Deps): Promise<Written> {
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
 * verification failed earlier (generating a new one only if Bringg refuses it); then delivers the
 * current secret to the targets that lack it (no new secret).
 */
export async function update(_id: string, olds: Props, props: Props, deps: Deps): Promise<Written> {
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
    const targets = targetsOf(news);
    const current = state;
    const delivered = await redeliver(
        targets,
        keepsSecret(news),
        heldOf(current),
        { resource: label(current.clientId) },
        (receipts, delivery) => ({
            id: current.clientId,
            properties: partialProperties({ ...current, clientSecret: delivery.current.clientSecret }, news, receipts),
        }),
        "bump a trigger to generate a new secret, which is delivered to every target",
    );
    const secret = delivered.current?.clientSecret || state.clientSecret;
    return { id: state.clientId, outs: outputsWithDelivery({ ...state, clientSecret: secret, schemaVersion }, news, delivered.receipts) };
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
    const delivery = await refreshDelivery(props, { resource: label(state.clientId) });
    const kept = withDelivery({ ...state, applicationId: app.id }, [], []);
    if (!state.clientSecret) delete kept.clientSecret;
    return { id, props: { ...kept, ...delivery.outputs }, warnings: delivery.warnings };
}

/** Nothing to do in Bringg: the application and its current secret stay valid. */
async function remove(): Promise<void> {}
export { remove as delete };
