/**
 * Secret delivery over a `deliverTo` list: what the resources' hooks call.
 *
 * | hook                           | call                                                         |
 * |--------------------------------|--------------------------------------------------------------|
 * | create, verified rotation      | {@link deliver} → receipts in the outputs                    |
 * | ... when a store failed        | {@link DeliveryError}: partial state keeps the secret        |
 * | diff, update (re-delivery)     | {@link pendingTargets} → {@link deliver} to those only       |
 * | read (refresh)                 | {@link refreshReceipts}: drops receipts a store contradicts  |
 * | secret kept out of state       | {@link recoverSecret} from a store that still holds it       |
 */
import { BrandedError, redact, SecretRegistry } from "../core/errors";
import { fingerprint } from "../core/fingerprint";
import { awsSecretsManagerStore } from "./aws-secrets-manager";
import { commandStore } from "./command";
import { fileStore } from "./file";
import { kindOf, targetKey, type StoreKind, type Target } from "./schema";
import {
    inspection,
    registerDelivery,
    StoreError,
    type Delivery,
    type DeliveryContext,
    type Inspection,
    type Receipt,
    type Store,
    type StoreErrorCode,
} from "./store";

const stores: { [K in StoreKind]: Store<NonNullable<Target[K]>> } = {
    awsSecretsManager: awsSecretsManagerStore,
    file: fileStore,
    command: commandStore,
};

/** A target's store module and its own settings (`{ path, mode }` of a file target, ...). */
function resolve(target: Target): { store: Store<unknown>; settings: unknown; kind: StoreKind } {
    const kind = kindOf(target);
    return { store: stores[kind] as Store<unknown>, settings: target[kind], kind };
}

/** How messages name a target: `deliverTo[1] (file "/run/secrets/bringg.json")`. */
export function describeTarget(target: Target, index: number): string {
    const { store, settings, kind } = resolve(target);
    return `deliverTo[${index}] (${kind} ${JSON.stringify(store.reference(settings))})`;
}

/** One target a delivery could not write. */
export interface TargetFailure {
    readonly target: number;
    readonly key: string;
    readonly store: StoreKind;
    readonly reference: string;
    readonly code: StoreErrorCode;
    /** The redacted reason and fix. */
    readonly message: string;
}

/**
 * Some targets could not be written. `receipts` are those of the targets that were; `failures`
 * name the others. The caller keeps the secret (partial state) until every target has it.
 */
export class DeliveryError extends BrandedError {
    override readonly name = "DeliveryError";
    readonly code = "delivery_failed";
    readonly receipts: readonly Receipt[];
    readonly failures: readonly TargetFailure[];

    constructor(resource: string, secretFingerprint: string, attempted: number, receipts: readonly Receipt[], failures: readonly TargetFailure[]) {
        const lines = failures.map((failure) => `  deliverTo[${failure.target}] (${failure.store} ${JSON.stringify(failure.reference)}): ${failure.message}`);
        super(
            `${resource}: the client secret (fingerprint ${secretFingerprint}) was delivered to ${receipts.length} of ${attempted} ` +
                `target${attempted === 1 ? "" : "s"}; ${failures.length} failed:\n${lines.join("\n")}\n` +
                "Nothing is lost: the secret stays (encrypted) in the state until every target has it, and the next `pulumi up` " +
                "delivers the same secret without generating a new one.",
        );
        this.receipts = receipts;
        this.failures = failures;
    }
}

function asFailure(target: Target, index: number, error: unknown, secrets: SecretRegistry): TargetFailure {
    const { store, settings, kind } = resolve(target);
    const storeError = StoreError.isInstance(error)
        ? error
        : new StoreError({
              code: "rejected",
              kind,
              reference: store.reference(settings),
              operation: "write",
              detail: (error as Error)?.message ?? String(error),
              fix: "see the message; this is likely a bug in pulumi-bringg, please report it",
          });
    return {
        target: index,
        key: targetKey(target),
        store: kind,
        reference: storeError.reference,
        code: storeError.code,
        message: secrets.redact(`${storeError.operation} failed: ${storeError.detail}. Fix: ${storeError.fix}`),
    };
}

/**
 * Writes the delivery to the targets (all of them, or the indexes in `only`), concurrently.
 * Resolves to one receipt per target written, in target order; rejects with a
 * {@link DeliveryError} when any target failed (after every target was tried). The delivery's
 * secrets are registered in `ctx.secrets` (else in a registry of this delivery), and every failure
 * is redacted with it.
 */
export async function deliver(delivery: Delivery, targets: readonly Target[], context: DeliveryContext, only?: readonly number[]): Promise<Receipt[]> {
    const secrets = context.secrets ?? new SecretRegistry();
    const ctx = { ...context, secrets };
    registerDelivery(delivery, secrets);
    const indexes = only ?? targets.map((_, index) => index);
    const outcomes = await Promise.allSettled(
        indexes.map(async (index): Promise<Receipt> => {
            const target = targets[index]!;
            const { store, settings, kind } = resolve(target);
            const format = target.format ?? "json";
            const versionId = await store.write(delivery, settings, format, ctx);
            return {
                target: index,
                key: targetKey(target),
                store: kind,
                reference: store.reference(settings),
                versionId,
                format,
                fingerprint: fingerprint(delivery.current.clientSecret),
                ...(delivery.previous && kind === "awsSecretsManager" ? { previousFingerprint: fingerprint(delivery.previous.clientSecret) } : {}),
                clientId: delivery.current.clientId,
                deliveredAt: new Date().toISOString(),
            };
        }),
    );
    const receipts: Receipt[] = [];
    const failures: TargetFailure[] = [];
    outcomes.forEach((outcome, position) => {
        const index = indexes[position]!;
        if (outcome.status === "fulfilled") receipts.push(outcome.value);
        else failures.push(asFailure(targets[index]!, index, outcome.reason, secrets));
    });
    if (failures.length > 0) {
        throw new DeliveryError(ctx.resource, fingerprint(delivery.current.clientSecret), indexes.length, receipts, failures);
    }
    return receipts;
}

/**
 * The targets that do not hold the delivery yet: no receipt for the target's store and format, or
 * a receipt for another secret. A diff that finds any plans a re-delivery (no new secret); an
 * update delivers to exactly these.
 */
export function pendingTargets(targets: readonly Target[], receipts: readonly Receipt[], secretFingerprint: string, previousFingerprint?: string): number[] {
    return targets.flatMap((target, index) => {
        const key = targetKey(target);
        const wantsPrevious = previousFingerprint !== undefined && kindOf(target) === "awsSecretsManager";
        const done = receipts.some(
            (receipt) =>
                receipt.key === key && receipt.fingerprint === secretFingerprint && (!wantsPrevious || receipt.previousFingerprint === previousFingerprint),
        );
        return done ? [] : [index];
    });
}

/** What refresh found at one target. */
export interface TargetInspection {
    readonly target: number;
    readonly key: string;
    readonly inspection: Inspection;
}

/** `text` redacted with the context's secret registry, when it has one. */
function redacted(ctx: DeliveryContext, text: string): string {
    return ctx.secrets ? ctx.secrets.redact(text) : redact(text);
}

/** Reads what every target holds now, as fingerprints; a store that cannot be read is `unknown`. */
export async function inspect(targets: readonly Target[], ctx: DeliveryContext): Promise<TargetInspection[]> {
    return Promise.all(
        targets.map(async (target, index): Promise<TargetInspection> => {
            const { store, settings } = resolve(target);
            try {
                return { target: index, key: targetKey(target), inspection: inspection(await store.read(settings, target.format ?? "json", ctx)) };
            } catch (error) {
                return { target: index, key: targetKey(target), inspection: { status: "unknown", reason: redacted(ctx, (error as Error).message) } };
            }
        }),
    );
}

/**
 * Refresh: checks each receipt against its store. A store that holds another secret (overwritten)
 * or none (deleted) loses its receipt, with a warning, so that the next `pulumi up` delivers the
 * secret again; a store that cannot be read keeps its receipt, with a warning. Receipts of targets
 * no longer in `deliverTo` are dropped.
 */
export async function refreshReceipts(
    targets: readonly Target[],
    receipts: readonly Receipt[],
    ctx: DeliveryContext,
): Promise<{ receipts: Receipt[]; warnings: string[] }> {
    const found = await inspect(targets, ctx);
    const kept: Receipt[] = [];
    const warnings: string[] = [];
    for (const receipt of receipts) {
        const at = found.find((entry) => entry.key === receipt.key);
        if (!at) continue;
        const where = `${ctx.resource}: ${describeTarget(targets[at.target]!, at.target)}`;
        const again = "`pulumi up` delivers it again (no new secret is generated)";
        const seen = at.inspection;
        if (seen.status === "unknown") {
            if (receipt.store !== "command") warnings.push(`${where} could not be checked: ${seen.reason}`);
            kept.push(receipt);
        } else if (seen.status === "absent") {
            warnings.push(`${where} no longer holds the delivered secret (fingerprint ${receipt.fingerprint}): it was deleted; ${again}.`);
        } else if (seen.fingerprint !== receipt.fingerprint) {
            warnings.push(
                `${where} holds another secret (fingerprint ${seen.fingerprint}) than the one delivered (${receipt.fingerprint}): ` +
                    `it was overwritten; ${again}.`,
            );
        } else if (receipt.previousFingerprint !== undefined && seen.previousFingerprint !== receipt.previousFingerprint) {
            warnings.push(`${where} no longer holds the previous secret (fingerprint ${receipt.previousFingerprint}) as AWSPREVIOUS; ${again}.`);
        } else {
            kept.push(receipt);
        }
    }
    return { receipts: kept, warnings };
}

/**
 * Reads a secret back from the first target that holds it (as its current value or, in Secrets
 * Manager, as AWSPREVIOUS), by fingerprint: how a resource whose state holds no secret re-delivers
 * it to a store that lost it. Undefined when no readable target holds it (then only a new secret
 * can be delivered).
 */
export async function recoverSecret(targets: readonly Target[], secretFingerprint: string, ctx: DeliveryContext): Promise<string | undefined> {
    for (const target of targets) {
        const { store, settings } = resolve(target);
        let stored;
        try {
            stored = await store.read(settings, target.format ?? "json", ctx);
        } catch {
            continue;
        }
        if (stored.status !== "present") continue;
        for (const credential of [stored.current, stored.previous]) {
            if (credential && fingerprint(credential.clientSecret) === secretFingerprint) return credential.clientSecret;
        }
    }
    return undefined;
}
