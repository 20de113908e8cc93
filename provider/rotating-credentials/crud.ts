/**
 * What each dynamic-provider hook does for a `CredentialPair` (the state of RotatingCredentials),
 * with no Pulumi imports. See ./mapping.ts for how the active slot is derived.
 *
 * | hook   | Bringg calls                                                          |
 * |--------|-----------------------------------------------------------------------|
 * | check  | none                                                                  |
 * | diff   | none: state against checked inputs and the clock                      |
 * | create | per slot: list + regenerate + token (verify); then deliverTo          |
 * | update | standby slot only: token (old) + regenerate + token (new, old) + introspect; then deliverTo; or deliverTo alone |
 * | read   | list (shared): warns when an application of the pair is gone; deliverTo read back |
 * | delete | none: the applications belong to the component's Application resources |
 *
 * `withDelivery` (provider/delivery/hooks.ts) delivers `active` as the current credential and
 * `previous` as the one before it: in Secrets Manager, AWSCURRENT and AWSPREVIOUS. A store that
 * fails keeps both secrets in partial state (encrypted, even with `keepSecretInState: false`)
 * until the next update delivers them.
 */
import { containsUnknown, type CheckOutcome } from "../core/check";
import type { DeliveryDeps, Deps, DiffOutcome, Issued, Props, ReadOutcome, SecretHolding, Written } from "../core/contract";
import { noHiddenInputs, type HiddenInputs } from "../core/hidden";
import { checkRotationInputs, rotationReason } from "../secrets/inputs";
import { partialFailure } from "../secrets/partial";
import { applicationLockKey, regenerateAndVerify, withApplicationLock, type RotatedSecret } from "../secrets/rotate";
import { canonicalTriggers } from "../secrets/triggers";
import { credential, pairState, upgradeState, withoutSecret, type Credential, type PairState, type Slot } from "./mapping";
import { credentialPairInputs, type CheckedCredentialPairInputs } from "./schema";

/** The resource type, as messages name it. */
export const kind = "RotatingCredentials";

/** Validates a CredentialPair's inputs and settings; see {@link checkRotationInputs}. */
export function check(_olds: Props, news: Props, deps: Pick<Deps, "settingsProblems">, hidden: HiddenInputs = noHiddenInputs): CheckOutcome {
    return checkRotationInputs(
        {
            schema: credentialPairInputs,
            standIns: { clientIds: ["unknown-a", "unknown-b"], triggers: {}, rotateAfter: "1d", verify: true, account: "unknown" },
            unrecognized: (key) => `${JSON.stringify(key)} is not an input of CredentialPair`,
        },
        news,
        deps.settingsProblems,
        hidden,
    );
}

function slotIds(state: PairState): [string, string] {
    const bySlot = { [state.active.slot]: state.active.clientId, [state.previous.slot]: state.previous.clientId } as Record<Slot, string>;
    return [bySlot.a, bySlot.b];
}

/** Why the pair must bump (rotate the standby slot and swap), or undefined. */
function bumpReason(state: PairState, news: Props, now: Date): string | undefined {
    const reason = rotationReason({ triggers: state.triggers, rotatedAt: state.active.rotatedAt }, news, now);
    if (reason) return reason;
    if (state.verification === "failed") return "the last bump's new secret failed verification";
    return undefined;
}

/**
 * Compares state with checked inputs and the clock, without calling Bringg. Other applications
 * replace the pair; a trigger change or a due `rotateAfter` bumps it in place.
 */
export function diff(_id: string, olds: Props, news: Props, { now }: Pick<Deps, "now">): DiffOutcome {
    const state = upgradeState(olds);
    const none: DiffOutcome = { changes: false, replaces: [], deleteBeforeReplace: false };
    if (containsUnknown(news.clientIds)) {
        return { ...none, changes: true, reason: "the applications' client ids are not known until the deployment runs" };
    }
    const [a, b] = slotIds(state);
    const ids = news.clientIds as string[];
    if (ids[0] !== a || ids[1] !== b) {
        return { ...none, changes: true, replaces: ["clientIds"], reason: "the pair's applications changed: new credentials are generated for both" };
    }
    const reason = bumpReason(state, news, now());
    if (!reason) return none;
    const standby = state.previous;
    return {
        ...none,
        changes: true,
        reason: `bump ${state.generation} → ${state.generation + 1}: ${reason}; regenerating the standby slot ${standby.slot} (client id ${standby.clientId}), which then becomes active; the active slot ${state.active.slot} is not touched and becomes previous`,
    };
}

function label(clientIds: readonly string[]): string {
    return `rotating credentials (applications ${clientIds.join(", ")})`;
}

async function rotateSlot(
    deps: Pick<Deps, "client" | "warn" | "applicationLocks">,
    clientId: string,
    currentSecret: string | undefined,
    verify: boolean,
    resource: string,
): Promise<RotatedSecret> {
    const client = deps.client();
    return withApplicationLock(deps.applicationLocks, applicationLockKey(client, clientId), () =>
        regenerateAndVerify(client, { clientId, currentSecret, verify, resource: `${resource}, slot ${clientId}` }, deps.warn),
    );
}

/** A credential in the outputs: its secret only when known. */
function credentialOut(credential: Credential): Props {
    return credential.clientSecret ? { ...credential } : { ...withoutSecret(credential) };
}

/** The outputs, with the secrets `withDelivery` may leave out (their fingerprints stay). */
function outputsOf(state: PairState): Props {
    const { previousLost: _lost, ...rest } = state;
    return {
        ...rest,
        active: credentialOut(state.active),
        previous: credentialOut(state.previous),
        ...(state.previousLost ? { previousLost: true } : {}),
    };
}

/** How a pair holds its credentials: `active` and `previous` (whole objects), for `withDelivery`. */
export const holding: SecretHolding = {
    secretKeys: ["active", "previous"],
    label: (state) => label(slotIds(upgradeState(state))),
    held: (props) => {
        const state = upgradeState(props);
        const held = (credential: Credential) => ({
            clientId: credential.clientId,
            fingerprint: credential.fingerprint,
            ...(credential.clientSecret ? { clientSecret: credential.clientSecret } : {}),
        });
        return { current: held(state.active), ...(state.previousLost ? {} : { previous: held(state.previous) }) };
    },
    withoutSecret: (state) => ({
        ...state,
        active: withoutSecret(state.active as Credential),
        previous: withoutSecret(state.previous as Credential),
    }),
    withSecrets: (props, secrets) => {
        const state = upgradeState(props);
        const active = { ...state.active, clientSecret: secrets.current?.clientSecret ?? state.active.clientSecret };
        const previous = { ...state.previous, clientSecret: secrets.previous?.clientSecret ?? state.previous.clientSecret };
        const lost = state.previousLost === true || secrets.previousLost;
        return outputsOf({ ...state, active, previous, ...(lost ? { previousLost: true } : {}) });
    },
    newSecretFix: "bump a trigger: the standby application gets a new secret, and both credentials are delivered again",
};

/** The secrets of a pair to deliver: `active` current, `previous` before it (when known). */
function issuedOf(active: Credential, previous: Credential): Issued {
    const current = { clientId: active.clientId, clientSecret: active.clientSecret };
    return previous.clientSecret ? { current, previous: { clientId: previous.clientId, clientSecret: previous.clientSecret } } : { current };
}

/**
 * Freshly generated credentials, issued for delivery; `earlier` are the receipts of the stores
 * that hold the credentials before them.
 */
function issuing(id: string, state: PairState, inputs: Props, earlier: readonly unknown[]): Written {
    const issued = issuedOf(state.active, state.previous);
    const final: PairState = { ...state };
    delete final.previousLost;
    if (!issued.previous && Array.isArray(inputs.deliverTo) && inputs.deliverTo.length > 0) final.previousLost = true;
    return { id, outs: { ...outputsOf(final), receipts: [...earlier] }, issued };
}

/** The partial failure of a bump whose new secret failed its check: both secrets stay (Pulumi secrets) whatever keepSecretInState says. */
function partial(resource: string, state: PairState, problems: string[], inputs: Props, id: string): Error {
    const message =
        `${resource}: the standby application got a new secret (fingerprint ${state.previous.fingerprint}) but its verification failed: ${problems.join("; ")}. ` +
        `The active credential (slot ${state.active.slot}, fingerprint ${state.active.fingerprint}) is unchanged and still published as active; the new secret is kept in the state as previous. ` +
        "Fix: check that the applications are enabled and Bringg's token endpoint is reachable, then run `pulumi up` again: it regenerates the standby slot and completes the bump.";
    return partialFailure(new Error(message), id, { ...outputsOf(state), receipts: state.receipts ?? [] }, inputs, holding.secretKeys);
}

/** Creates the pair: a new secret for each slot; slot a starts active (generation 0). */
export async function create(props: Props, deps: Deps & DeliveryDeps): Promise<Written> {
    const inputs = props as CheckedCredentialPairInputs & Props;
    const [a, b] = inputs.clientIds;
    const resource = label(inputs.clientIds);
    const verify = inputs.verify !== false;
    const id = `${a}+${b}`;
    const first = await rotateSlot(deps, a, undefined, verify, resource);
    const second = await rotateSlot(deps, b, undefined, verify, resource);
    const triggers = canonicalTriggers(inputs.triggers);
    const state = pairState(
        0,
        credential("a", a, first.clientSecret, first.rotatedAt),
        credential("b", b, second.clientSecret, second.rotatedAt),
        triggers,
        "created",
    );
    const problems = [...first.outcome.problems, ...second.outcome.problems];
    if (first.outcome.verification === "failed" || second.outcome.verification === "failed") {
        throw partial(resource, { ...state, verification: "failed" }, problems, inputs, id);
    }
    const verification = first.outcome.verification === "passed" && second.outcome.verification === "passed" ? "passed" : "skipped";
    return issuing(id, { ...state, verification }, inputs, []);
}

/**
 * Bumps when a trigger changed, `rotateAfter` passed or the last bump failed verification:
 * regenerates the standby slot only, then makes it active. Otherwise records nothing new.
 */
export async function update(id: string, olds: Props, props: Props, deps: Deps & DeliveryDeps): Promise<Written> {
    const news = props as CheckedCredentialPairInputs & Props;
    const state = upgradeState(olds);
    const reason = bumpReason(state, news, deps.now());
    const resource = label(news.clientIds);
    // Nothing to bump: `withDelivery` delivers the held credentials to the targets that lack them.
    if (!reason) return { id, outs: outputsOf(state) };
    // Kept out of the state, the secrets are read back from a store: the standby one so that the
    // check can confirm Bringg refuses it, the active one to deliver it as previous.
    const standby = {
        ...state.previous,
        clientSecret: state.previous.clientSecret || ((await deps.storedSecret?.(state.previous)) ?? ""),
    };
    const active = { ...state.active, clientSecret: state.active.clientSecret || ((await deps.storedSecret?.(state.active)) ?? "") };
    const rotated = await rotateSlot(deps, standby.clientId, standby.clientSecret || undefined, news.verify !== false, resource);
    const fresh: Credential = credential(standby.slot, standby.clientId, rotated.clientSecret, rotated.rotatedAt);
    if (rotated.outcome.verification === "failed") {
        // Roles unchanged: consumers stay on the active credential, which this bump never touched.
        const unchanged = { ...pairState(state.generation, active, fresh, state.triggers, reason), verification: "failed" as const, ...pickDelivery(state) };
        throw partial(resource, unchanged, rotated.outcome.problems, news, id);
    }
    const next = { ...pairState(state.generation + 1, fresh, active, canonicalTriggers(news.triggers), reason), verification: rotated.outcome.verification };
    return issuing(id, next, news, state.receipts ?? []);
}

function pickDelivery(state: PairState): Pick<PairState, "deliverTo" | "receipts"> {
    return { ...(state.deliverTo ? { deliverTo: state.deliverTo } : {}), ...(state.receipts ? { receipts: state.receipts } : {}) };
}

/** Refresh: keeps the state; warns when an application of the pair no longer exists. */
export async function read(id: string, props: Props, deps: Deps): Promise<ReadOutcome> {
    const client = deps.client();
    const state = upgradeState(props);
    const warnings: string[] = [];
    for (const clientId of slotIds(state)) {
        if (!(await client.findApplication({ clientId }, { resource: label(slotIds(state)) }))) {
            warnings.push(
                `${label(slotIds(state))}: application ${clientId} no longer exists in Bringg; its Application resource recreates it on the next up, with new credentials for both slots.`,
            );
        }
    }
    const outputs = outputsOf(state);
    return { id, props: state.active.clientSecret !== "" ? outputs : holding.withoutSecret(outputs), warnings };
}

/** Nothing to do in Bringg: the applications belong to the component's Application resources. */
async function remove(): Promise<void> {}
export { remove as delete };
