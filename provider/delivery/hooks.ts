/**
 * What the hooks of Application, SecretRotation and CredentialPair (RotatingCredentials) share
 * about `deliverTo` and `keepSecretInState`, with no Pulumi imports.
 *
 * | hook    | call                                                                             |
 * |---------|----------------------------------------------------------------------------------|
 * | check   | {@link checkWithDelivery}: the resource's own check plus the delivery inputs      |
 * | diff    | {@link deliveryReason}: a target without the secret, or the secret to drop/restore |
 * | create, rotation | {@link deliverOrKeep} to every target                                   |
 * | update  | {@link redeliver}: the held secret (state, else a store) to the pending targets    |
 * | read    | {@link refreshDelivery}: receipts a store contradicts are dropped, with a warning  |
 *
 * A store that fails after Bringg generated the secret fails the update as a partial failure
 * (`id`, `properties`, `reasons`): the resource builds the properties, with the secret wrapped as
 * a Pulumi secret even under `keepSecretInState: false`, and the next `pulumi up` delivers that
 * same secret (see {@link pendingTargets}).
 */
import type { CheckOutcome } from "../core/check";
import { containsUnknown } from "../core/check";
import type { Props } from "../core/contract";
import { ProviderError } from "../core/errors";
import { deliver, DeliveryError, describeTarget, pendingTargets, recoverSecret, refreshReceipts } from "./deliver";
import { checkDelivery, targetKey, type Target } from "./schema";
import type { Credential, Delivery, DeliveryContext, Receipt } from "./store";

/** The delivery inputs, as a check passes them on. */
export interface DeliveryInputs {
    readonly deliverTo?: Target[];
    readonly keepSecretInState?: boolean;
}

/**
 * Runs a resource's own check on its inputs without `deliverTo` and `keepSecretInState` (their
 * fields are in the resource's strict schema, for schema/, and optional), judges those two with
 * {@link checkDelivery}, and merges both: every failure at once, each naming its field path.
 */
export function checkWithDelivery(news: Props, checkRest: (rest: Props) => CheckOutcome): CheckOutcome {
    const { deliverTo, keepSecretInState, ...rest } = news;
    const own = checkRest(rest);
    const delivery = checkDelivery({ deliverTo, keepSecretInState });
    const inputs: Props = { ...own.inputs };
    for (const [key, value] of Object.entries(delivery.inputs)) if (value !== undefined) inputs[key] = value;
    return { inputs, failures: [...own.failures, ...delivery.failures] };
}

/** The checked targets of inputs (none when absent). */
export function targetsOf(inputs: Props): Target[] {
    return Array.isArray(inputs.deliverTo) ? (inputs.deliverTo as Target[]) : [];
}

/** False when the inputs ask for the secret to stay out of the state. */
export function keepsSecret(inputs: Props): boolean {
    return inputs.keepSecretInState !== false;
}

/**
 * The targets as the outputs keep them (read gets no inputs, only the state): without a command's
 * `env`, which may hold the user's own tokens and is not needed to read a store back.
 */
export function storedTargets(targets: readonly Target[]): Target[] {
    return targets.map((target) => {
        if (!target.command?.env) return target;
        const { env: _env, ...command } = target.command;
        return { ...target, command };
    });
}

/** The delivery part of a resource's outputs: none at all for a resource that never delivered. */
export function deliveryOutputs(targets: readonly Target[], receipts: readonly Receipt[]): Props {
    if (targets.length === 0 && receipts.length === 0) return {};
    return { deliverTo: storedTargets(targets), receipts: [...receipts] };
}

/** `state` with its delivery outputs replaced (see {@link deliveryOutputs}). */
export function withDelivery<T extends object>(state: T, targets: readonly Target[], receipts: readonly Receipt[]): Props {
    const { deliverTo: _targets, receipts: _receipts, ...rest } = state as Props;
    return { ...rest, ...deliveryOutputs(targets, receipts) };
}

/** The receipts in a state (none in state written before delivery existed). */
export function receiptsOf(state: Props): Receipt[] {
    return Array.isArray(state.receipts) ? (state.receipts as Receipt[]) : [];
}

/**
 * The receipts after a delivery to `attempted` targets: the fresh ones, plus the earlier receipts
 * of targets that are still listed and were not written again. Receipts of removed targets go (the
 * store keeps what it holds; the provider never deletes from a store).
 */
export function mergeReceipts(targets: readonly Target[], earlier: readonly Receipt[], attempted: readonly number[], fresh: readonly Receipt[]): Receipt[] {
    const rewritten = new Set(attempted.map((index) => targetKey(targets[index]!)));
    const listed = new Set(targets.map(targetKey));
    const kept = earlier.filter((receipt) => listed.has(receipt.key) && !rewritten.has(receipt.key));
    return [...kept, ...fresh];
}

/** Builds a resource's partial state from the receipts recorded so far (see {@link deliverOrKeep}). */
export type PartialState = (receipts: Receipt[]) => { id: string; properties: Props };

/**
 * Delivers to the targets (all, or the indexes in `only`) and returns the merged receipts. When a
 * store fails, throws the {@link DeliveryError} as a partial failure: `partial` gets the receipts
 * of every target that holds the secret now and returns the state to record (with the secret).
 */
export async function deliverOrKeep(
    delivery: Delivery,
    targets: readonly Target[],
    ctx: DeliveryContext,
    earlier: readonly Receipt[],
    partial: PartialState,
    only?: readonly number[],
): Promise<Receipt[]> {
    const attempted = only ?? targets.map((_, index) => index);
    if (attempted.length === 0) return mergeReceipts(targets, earlier, [], []);
    try {
        return mergeReceipts(targets, earlier, attempted, await deliver(delivery, targets, ctx, attempted));
    } catch (error) {
        if (!DeliveryError.isInstance(error)) throw error;
        const { id, properties } = partial(mergeReceipts(targets, earlier, attempted, error.receipts));
        // The engine prints the reasons, not the message, for a partial failure.
        throw Object.assign(error, { id, properties, reasons: [error.message] });
    }
}

/** A credential the state knows of: always its fingerprint, its secret only when kept there. */
export interface HeldCredential {
    readonly clientId: string;
    readonly fingerprint: string;
    /** Absent (or empty) when the state does not hold it. */
    readonly clientSecret?: string;
}

/** What a resource holds of its delivery. */
export interface Held {
    readonly receipts: readonly Receipt[];
    readonly current: HeldCredential;
    /** RotatingCredentials: the credential Secrets Manager keeps as AWSPREVIOUS. */
    readonly previous?: HeldCredential;
}

/** A credential of a state as {@link Held} needs it: the secret only when the state has one. */
export function heldCredential(state: { clientId: string; fingerprint: string; clientSecret?: string }): HeldCredential {
    return { clientId: state.clientId, fingerprint: state.fingerprint, ...(state.clientSecret ? { clientSecret: state.clientSecret } : {}) };
}

/** What a state of one credential (Application, SecretRotation) holds of its delivery. */
export function heldOf(state: { clientId: string; fingerprint: string; clientSecret?: string; receipts?: Receipt[] }): Held {
    return { receipts: state.receipts ?? [], current: heldCredential(state) };
}

/**
 * The outputs of a state of one credential with its delivery outputs; `clientSecret` left out when
 * the state is not to keep it (its fingerprint stays).
 */
export function outputsWithDelivery(state: object, inputs: Props, receipts: readonly Receipt[], keep = keepsSecret(inputs)): Props {
    const outputs = withDelivery(state, targetsOf(inputs), receipts);
    if (!keep) delete outputs.clientSecret;
    return outputs;
}

/** The targets that lack the held secret(s); {@link pendingTargets} for a {@link Held}. */
export function pendingOf(targets: readonly Target[], held: Held): number[] {
    return pendingTargets(targets, held.receipts, held.current.fingerprint, held.previous?.fingerprint);
}

/**
 * Why an update must deliver without generating a new secret, for diff; undefined when nothing is
 * due. `news` are checked inputs (values not known during preview count as a change); `keep`
 * whether the state is to hold the secret.
 */
export function deliveryReason(news: Props, held: Held, keep = keepsSecret(news)): string | undefined {
    if (containsUnknown(news.deliverTo) || containsUnknown(news.keepSecretInState)) {
        return "deliverTo or keepSecretInState is not known until the deployment runs";
    }
    const targets = targetsOf(news);
    const parts: string[] = [];
    const pending = pendingOf(targets, held);
    if (pending.length > 0) {
        parts.push(
            `delivering the current secret (fingerprint ${held.current.fingerprint}) to ${pending.map((i) => describeTarget(targets[i]!, i)).join(", ")}, ` +
                "without generating a new one",
        );
    }
    const inState = Boolean(held.current.clientSecret);
    if (!keep && inState) parts.push("removing the secret from the state (keepSecretInState: false)");
    if (keep && !inState && targets.length > 0) parts.push("putting the secret back into the state, read from a store that holds it");
    return parts.length > 0 ? parts.join("; ") : undefined;
}

/** What {@link redeliver} found and wrote. */
export interface Redelivered {
    readonly receipts: Receipt[];
    /** The secrets, when they had to be known (from the state or a store). */
    readonly current?: Credential;
    readonly previous?: Credential;
    /** True when a previous credential was asked for and no store holds it any more. */
    readonly previousLost: boolean;
}

/**
 * The update of a resource whose secret is not due for rotation: delivers the held secret to the
 * targets that lack it (from the state or, with `keepSecretInState: false`, read back from a store
 * that still holds it), and reads it back for a state that must hold it again. A secret that no
 * store holds any more cannot be delivered: that fails with the fix (a new secret).
 */
export async function redeliver(
    targets: readonly Target[],
    keep: boolean,
    held: Held,
    ctx: DeliveryContext,
    partial: (receipts: Receipt[], delivery: Delivery) => { id: string; properties: Props },
    newSecretFix: string,
): Promise<Redelivered> {
    const pending = pendingOf(targets, held);
    const needed = pending.length > 0 || (keep && !held.current.clientSecret && targets.length > 0);
    if (!needed) return { receipts: mergeReceipts(targets, held.receipts, [], []), previousLost: false };
    const current = await secretOf(held.current, targets, ctx);
    if (!current) {
        throw new ProviderError(
            ctx.resource,
            `the state does not hold the client secret (keepSecretInState: false) and no store in deliverTo holds it any more (fingerprint ${held.current.fingerprint}), ` +
                "so it can be neither delivered again nor put back into the state",
            newSecretFix,
        );
    }
    const previous = held.previous ? await secretOf(held.previous, targets, ctx) : undefined;
    const delivery: Delivery = previous ? { current, previous } : { current };
    const receipts = await deliverOrKeep(delivery, targets, ctx, held.receipts, (merged) => partial(merged, delivery), pending);
    return { receipts, current, ...(previous ? { previous } : {}), previousLost: held.previous !== undefined && previous === undefined };
}

/** A held credential with its secret: from the state, else from a store that holds it. */
async function secretOf(held: HeldCredential, targets: readonly Target[], ctx: DeliveryContext): Promise<Credential | undefined> {
    const secret = held.clientSecret || (await recoverSecret(targets, held.fingerprint, ctx));
    return secret === undefined ? undefined : { clientId: held.clientId, clientSecret: secret };
}

/** A held credential's secret read back from the targets (keepSecretInState: false), or undefined. */
export async function recoveredSecret(held: HeldCredential, targets: readonly Target[], ctx: DeliveryContext): Promise<string | undefined> {
    return (await secretOf(held, targets, ctx))?.clientSecret;
}

/**
 * Refresh: the receipts each store still backs (see {@link refreshReceipts}), with warnings for
 * those it contradicts. State without targets is returned as it is, without reading any store.
 */
export async function refreshDelivery(state: Props, ctx: DeliveryContext): Promise<{ outputs: Props; warnings: string[] }> {
    const targets = targetsOf(state);
    const receipts = receiptsOf(state);
    if (targets.length === 0 && receipts.length === 0) return { outputs: {}, warnings: [] };
    const refreshed = await refreshReceipts(targets, receipts, ctx);
    return { outputs: deliveryOutputs(targets, refreshed.receipts), warnings: refreshed.warnings };
}
