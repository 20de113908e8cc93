/**
 * `withDelivery(crud)`: `deliverTo` and `keepSecretInState` around the logic of a resource that
 * holds a secret Bringg issues it (Application, SecretRotation, the RotatingCredentials pair),
 * with no Pulumi imports. The resource's crud returns its state with the secret and, when Bringg
 * generated one, the new secret (`issued`); it tells how it holds it through its `holding`
 * (`SecretHolding`, provider/core/contract.ts). The decorator does the rest:
 *
 * | hook    | what the decorator adds                                                           |
 * |---------|-----------------------------------------------------------------------------------|
 * | check   | the delivery inputs ({@link checkDelivery}) and the targets another resource of the program delivers to |
 * | diff    | {@link deliveryReason}: a target without the secret, or the secret to drop/restore |
 * | create, rotation | the issued secret to every target                                        |
 * | update  | {@link redeliver}: the held secret (state, else a store) to the pending targets    |
 * | read    | {@link refreshDelivery}: receipts a store contradicts are dropped, with a warning  |
 * | all     | `keepSecretInState`, and the partial failure of a secret issued but not delivered  |
 *
 * A store that fails after Bringg generated the secret fails the update as a partial failure
 * (provider/secrets/partial.ts): the state is recorded with the secret wrapped as a Pulumi secret
 * even under `keepSecretInState: false`, and the next `pulumi up` delivers that same secret (see
 * {@link pendingTargets}).
 */
import type { CheckOutcome } from "../core/check";
import { containsUnknown } from "../core/check";
import type {
    DeliveryDeps,
    Deps,
    DiffOutcome,
    HeldCredential,
    HeldCredentials,
    Issued,
    Props,
    ReadOutcome,
    ResourceCrud,
    SecretHolding,
    Written,
} from "../core/contract";
import { ProviderError } from "../core/errors";
import { isPartialFailure, partialFailure } from "../secrets/partial";
import { deliver, DeliveryError, describeTarget, pendingTargets, recoverSecret, refreshReceipts } from "./deliver";
import { checkDelivery, targetKey, type Target } from "./schema";
import type { Credential, Delivery, DeliveryContext, Receipt } from "./store";

/** The delivery inputs, as a check passes them on. */
export interface DeliveryInputs {
    readonly deliverTo?: Target[];
    readonly keepSecretInState?: boolean;
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
export function withDeliveryOutputs<T extends object>(state: T, targets: readonly Target[], receipts: readonly Receipt[]): Props {
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

/** Turns a delivery's failure into the partial failure that records the receipts so far (see {@link deliverOrKeep}). */
export type PartialState = (error: DeliveryError, receipts: Receipt[]) => Error;

/**
 * Delivers to the targets (all, or the indexes in `only`) and returns the merged receipts. When a
 * store fails, throws the {@link DeliveryError} as a partial failure: `partial` gets the receipts
 * of every target that holds the secret now and makes the error record the state (with the secret).
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
        throw partial(error, mergeReceipts(targets, earlier, attempted, error.receipts));
    }
}

/** What a resource holds of its delivery: its credentials and the receipts of the stores that have them. */
export interface Held extends HeldCredentials {
    readonly receipts: readonly Receipt[];
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
    partial: (error: DeliveryError, receipts: Receipt[], delivery: Delivery) => Error,
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
    const receipts = await deliverOrKeep(delivery, targets, ctx, held.receipts, (error, merged) => partial(error, merged, delivery), pending);
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

// ---- the decorator ----------------------------------------------------------------------------------

/**
 * The failures for targets another resource of the program delivers to: `taken` is the hidden input
 * `deliveryTargetsTakenBy` the resource classes compute (./claims.ts), index of `deliverTo` → the
 * resource declared earlier that delivers to the same store, e.g. `SecretRotation "dash-secret"`.
 */
export function takenTargetFailures(
    taken: Readonly<Record<string, string>> | undefined,
    targets: readonly Target[],
): Array<{ property: string; reason: string }> {
    if (taken === undefined) return [];
    return Object.entries(taken).flatMap(([index, owner]) => {
        const target = targets[Number(index)];
        if (target === undefined) return [];
        return [
            {
                property: `deliverTo[${index}]`,
                reason:
                    `${owner}, which comes earlier in the deployment, delivers to the same store (${describeTarget(target, Number(index)).replace(/^deliverTo\[\d+\] \((.*)\)$/, "$1")}): ` +
                    "two resources that write one store overwrite each other's secret on every `pulumi up`; give each its own store, " +
                    "or deliver from one of them only (for an Application and a SecretRotation of it: from the rotation)",
            },
        ];
    });
}

/** Whether the state is to keep the secret under these inputs. */
function keeps(holding: SecretHolding, inputs: Props): boolean {
    return keepsSecret(inputs) && (holding.keepsSecret?.(inputs) ?? true);
}

/** The outputs of a state with the secret: its delivery outputs, and its secrets left out when the state is not to keep them. */
function outputsOf(holding: SecretHolding, state: Props, inputs: Props, receipts: readonly Receipt[]): Props {
    const outputs = withDeliveryOutputs(state, targetsOf(inputs), receipts);
    return keeps(holding, inputs) ? outputs : holding.withoutSecret(outputs);
}

/** The partial failure that records `state` (with its secrets) and the receipts so far. */
function recording(holding: SecretHolding, error: unknown, id: string, state: Props, inputs: Props, receipts: readonly Receipt[]): Error {
    return partialFailure(error, id, withDeliveryOutputs(state, targetsOf(inputs), receipts), inputs, holding.secretKeys);
}

/**
 * The partial failure a resource's logic threw, as the engine is to record it: a state that
 * carries `receipts` (a secret issued, its delivery not begun) gets the targets of the inputs
 * beside them; one without (an application whose create was interrupted) is recorded as it is.
 */
function recorded(error: unknown, inputs: Props): unknown {
    if (!isPartialFailure(error) || !("receipts" in error.properties)) return error;
    const { __provider, ...state } = error.properties;
    return Object.assign(error, { properties: { ...withDeliveryOutputs(state, targetsOf(inputs), receiptsOf(state)), __provider } });
}

/** Runs a hook of the resource's logic, recording a partial failure it throws with the delivery outputs. */
async function recordingFailures<T>(inputs: Props, work: () => Promise<T>): Promise<T> {
    try {
        return await work();
    } catch (error) {
        throw recorded(error, inputs);
    }
}

/**
 * `deliverTo` and `keepSecretInState` around the logic of a resource that holds a secret Bringg
 * issues it (one whose crud has a `holding`); see the table at the top of this module. The
 * resource's check, diff and hooks never see the delivery inputs' rules, and its create and
 * update return the secret in the state whatever `keepSecretInState` says.
 */
export function withDelivery(crud: ResourceCrud<Deps & DeliveryDeps> & { readonly holding: SecretHolding }): ResourceCrud {
    const holding = crud.holding;
    /**
     * The deps of a hook whose resource may need a held secret read back from a store. Layered on
     * the deps (not copied), so that a dependency made on first use is still made only then.
     */
    const depsFor = (deps: Deps, state: Props, inputs: Props): Deps & DeliveryDeps => {
        const storedSecret = (credential: HeldCredential) =>
            recoveredSecret(credential, targetsOf(inputs), { resource: holding.label(state), secrets: deps.secrets });
        return Object.assign(Object.create(deps) as Deps, { storedSecret });
    };
    /** Delivers a secret just issued to every target; the outputs. */
    async function deliverIssued(written: Written, issued: Issued, inputs: Props, deps: Deps): Promise<Written> {
        const earlier = receiptsOf(written.outs);
        const ctx = { resource: holding.label(written.outs), secrets: deps.secrets };
        const receipts = await deliverOrKeep(issued, targetsOf(inputs), ctx, earlier, (error, delivered) =>
            recording(holding, error, written.id, written.outs, inputs, delivered),
        );
        return { id: written.id, outs: outputsOf(holding, written.outs, inputs, receipts) };
    }
    return {
        kind: crud.kind,
        ...(crud.checkLocally ? { checkLocally: crud.checkLocally } : {}),
        async check(olds, news, deps, hidden): Promise<CheckOutcome> {
            const { deliverTo, keepSecretInState, ...rest } = news;
            const delivery = checkDelivery({ deliverTo, keepSecretInState });
            const refusal = holding.refuseDelivery?.(news);
            const found = [...delivery.failures, ...(refusal ? [refusal] : [])];
            if (found.length === 0) found.push(...takenTargetFailures(hidden.deliveryTargetsTakenBy, targetsOf(delivery.inputs as Props)));
            // A check that calls Bringg is not run for inputs that fail already (as before the call).
            const own = found.length > 0 && crud.checkLocally ? crud.checkLocally(olds, rest, deps, hidden) : await crud.check(olds, rest, deps, hidden);
            const inputs: Props = { ...own.inputs };
            for (const [key, value] of Object.entries(delivery.inputs)) if (value !== undefined) inputs[key] = value;
            return { inputs, failures: [...own.failures, ...found] };
        },
        diff(id, olds, news, deps): DiffOutcome {
            const outcome = crud.diff(id, olds, news, deps);
            if ((outcome.replaces?.length ?? 0) > 0 || outcome.reason !== undefined) return outcome;
            const held = holding.held(olds, news);
            if (!held) return outcome;
            const why = deliveryReason(news, { ...held, receipts: receiptsOf(olds) }, keeps(holding, news));
            return why ? { ...outcome, changes: true, reason: `${holding.label(olds)}: ${why}` } : outcome;
        },
        async create(inputs, deps): Promise<Written> {
            const written = await recordingFailures(inputs, () => crud.create(inputs, depsFor(deps, {}, inputs)));
            return written.issued ? deliverIssued(written, written.issued, inputs, deps) : { id: written.id, outs: written.outs };
        },
        async update(id, olds, news, deps): Promise<Written> {
            const written = await recordingFailures(news, () => crud.update(id, olds, news, depsFor(deps, olds, news)));
            if (written.issued) return deliverIssued(written, written.issued, news, deps);
            const state = written.outs;
            const held = holding.held(state, news);
            if (!held) return { id: written.id, outs: state };
            const targets = targetsOf(news);
            const delivered = await redeliver(
                targets,
                keeps(holding, news),
                { ...held, receipts: receiptsOf(state) },
                { resource: holding.label(state), secrets: deps.secrets },
                (error, receipts, delivery) =>
                    recording(holding, error, written.id, holding.withSecrets(state, { ...delivery, previousLost: false }), news, receipts),
                holding.newSecretFix,
            );
            return { id: written.id, outs: outputsOf(holding, holding.withSecrets(state, delivered), news, delivered.receipts) };
        },
        async read(id, props, deps): Promise<ReadOutcome> {
            const outcome = await crud.read(id, props, deps);
            if (!outcome.props) return outcome;
            const delivery = await refreshDelivery(props, { resource: holding.label(outcome.props), secrets: deps.secrets });
            return {
                ...outcome,
                props: { ...withDeliveryOutputs(outcome.props, [], []), ...delivery.outputs },
                warnings: [...outcome.warnings, ...delivery.warnings],
            };
        },
        delete: (id, props, deps) => crud.delete(id, props, deps),
    };
}
