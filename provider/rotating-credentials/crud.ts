/**
 * What each dynamic-provider hook does for a `CredentialPair` (the state of RotatingCredentials),
 * with no Pulumi imports. See ./mapping.ts for how the active slot is derived.
 *
 * | hook   | Bringg calls                                                          |
 * |--------|-----------------------------------------------------------------------|
 * | check  | none                                                                  |
 * | diff   | none: state against checked inputs and the clock                      |
 * | create | per slot: list + regenerate + token (verify)                          |
 * | update | standby slot only: token (old) + regenerate + token (new, old) + introspect |
 * | read   | list (shared): warns when an application of the pair is gone           |
 * | delete | none: the applications belong to the component's Application resources |
 */
import type { BringgClient } from "../core/client";
import { containsUnknown, type CheckOutcome } from "../core/check";
import type { Deps, DiffOutcome, Props, ReadOutcome, Warn, Written } from "../core/contract";
import { checkRotationInputs, rotationReason } from "../rotation/crud";
import { canonicalTriggers } from "../rotation/mapping";
import {
    applicationLockKey,
    PartialRotationError,
    regenerateAndVerify,
    wireSecret,
    withApplicationLock,
    type RotatedSecret,
} from "../rotation/rotate";
import { credential, pairState, upgradeState, type Credential, type PairState, type Slot } from "./mapping";
import { credentialPairInputs, type CheckedCredentialPairInputs } from "./schema";

/** The resource type, as messages name it. */
export const kind = "RotatingCredentials";

/** Validates a CredentialPair's inputs and settings; see {@link checkRotationInputs}. */
export function check(_olds: Props, news: Props): CheckOutcome {
    return checkRotationInputs(
        {
            schema: credentialPairInputs,
            standIns: { clientIds: ["unknown-a", "unknown-b"], triggers: {}, rotateAfter: "1d", verify: true },
            unrecognized: (key) => `${JSON.stringify(key)} is not an input of CredentialPair`,
        },
        news,
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
    { client, warn }: { client: BringgClient; warn: Warn },
    clientId: string,
    currentSecret: string | undefined,
    verify: boolean,
    resource: string,
): Promise<RotatedSecret> {
    return withApplicationLock(applicationLockKey(client, clientId), () =>
        regenerateAndVerify(client, { clientId, currentSecret, verify, resource: `${resource}, slot ${clientId}` }, warn),
    );
}

function partial(resource: string, state: PairState, problems: string[], provider: unknown, id: string): PartialRotationError {
    const message =
        `${resource}: the standby application got a new secret (fingerprint ${state.previous.fingerprint}) but its verification failed: ${problems.join("; ")}. ` +
        `The active credential (slot ${state.active.slot}, fingerprint ${state.active.fingerprint}) is unchanged and still published as active; the new secret is kept in the state as previous. ` +
        "Fix: check that the applications are enabled and Bringg's token endpoint is reachable, then run `pulumi up` again: it regenerates the standby slot and completes the bump.";
    return new PartialRotationError(
        message,
        id,
        { ...state, active: wireSecret(state.active), previous: wireSecret(state.previous), __provider: provider },
        [message],
    );
}

/** Creates the pair: a new secret for each slot; slot a starts active (generation 0). */
export async function create(props: Props, deps: Deps): Promise<Written> {
    const inputs = props as CheckedCredentialPairInputs & Props;
    const [a, b] = inputs.clientIds;
    const resource = label(inputs.clientIds);
    const verify = inputs.verify !== false;
    const id = `${a}+${b}`;
    const first = await rotateSlot(deps, a, undefined, verify, resource);
    const second = await rotateSlot(deps, b, undefined, verify, resource);
    const triggers = canonicalTriggers(inputs.triggers);
    const state = pairState(0, credential("a", a, first.clientSecret, first.rotatedAt), credential("b", b, second.clientSecret, second.rotatedAt), triggers, "created");
    const problems = [...first.outcome.problems, ...second.outcome.problems];
    if (first.outcome.verification === "failed" || second.outcome.verification === "failed") {
        throw partial(resource, { ...state, verification: "failed" }, problems, inputs.__provider, id);
    }
    return { id, outs: { ...state, verification: first.outcome.verification === "passed" && second.outcome.verification === "passed" ? "passed" : "skipped" } };
}

/**
 * Bumps when a trigger changed, `rotateAfter` passed or the last bump failed verification:
 * regenerates the standby slot only, then makes it active. Otherwise records nothing new.
 */
export async function update(id: string, olds: Props, props: Props, deps: Deps): Promise<Written> {
    const news = props as CheckedCredentialPairInputs & Props;
    const state = upgradeState(olds);
    const reason = bumpReason(state, news, deps.now());
    if (!reason) return { id, outs: { ...state } };
    const resource = label(news.clientIds);
    const standby = state.previous;
    const rotated = await rotateSlot(deps, standby.clientId, standby.clientSecret || undefined, news.verify !== false, resource);
    const fresh: Credential = credential(standby.slot, standby.clientId, rotated.clientSecret, rotated.rotatedAt);
    if (rotated.outcome.verification === "failed") {
        // Roles unchanged: consumers stay on the active credential, which this bump never touched.
        throw partial(resource, { ...pairState(state.generation, state.active, fresh, state.triggers, reason), verification: "failed" }, rotated.outcome.problems, news.__provider, id);
    }
    const next = pairState(state.generation + 1, fresh, state.active, canonicalTriggers(news.triggers), reason);
    return { id, outs: { ...next, verification: rotated.outcome.verification } };
}

/** Refresh: keeps the state; warns when an application of the pair no longer exists. */
export async function read(id: string, props: Props, { client }: Deps): Promise<ReadOutcome> {
    const state = upgradeState(props);
    const warnings: string[] = [];
    for (const clientId of slotIds(state)) {
        if (!(await client.findApplication({ clientId }, { resource: label(slotIds(state)) }))) {
            warnings.push(`${label(slotIds(state))}: application ${clientId} no longer exists in Bringg; its Application resource recreates it on the next up, with new credentials for both slots.`);
        }
    }
    return { id, props: { ...state, verification: props.verification ?? "passed" }, warnings };
}

/** Nothing to do in Bringg: the applications belong to the component's Application resources. */
async function remove(): Promise<void> {}
export { remove as delete };
