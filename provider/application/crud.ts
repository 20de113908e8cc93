/**
 * What each dynamic-provider hook does for an `Application`, with no Pulumi imports.
 *
 * | hook   | Bringg calls                                                                  |
 * |--------|-------------------------------------------------------------------------------|
 * | check  | list scopes (shared), only when the scopes changed; the autoname is generated  |
 * | diff   | none: state (outputs) against checked inputs                                  |
 * | create | create [+ enable] (+ list first for an explicit name), then deliverTo; adopt: list [+ enable] |
 * | read   | list, shared by every resource of the provider process; deliverTo stores read back |
 * | update | enable or disable; a pending create: list, then new secret (or create); deliverTo |
 * | delete | delete (an application already gone counts as deleted)                        |
 *
 * A create whose reply was lost and could not be settled is recorded as pending (partial state:
 * name, scopes, no id); update, read and delete settle it by finding the application by name.
 *
 * The secret Bringg issues at create (and when a pending create is settled, which generates one)
 * is returned for `withDelivery` (provider/delivery/hooks.ts) to deliver; a store that fails keeps
 * the secret in partial state (encrypted, even with `keepSecretInState: false`) and the next
 * update delivers the same secret. An adopted application's secret is unknown, so `deliverTo` with
 * `adopt` is refused by check (see {@link holding}): the way to a delivered secret is a
 * SecretRotation with `deliverTo`.
 */
import { normalizeScopes, type BringgClient } from "../core/client";
import { checkInputs, containsUnknown, unknownValue, type CheckOutcome } from "../core/check";
import type { Deps, DiffOutcome, Props, ReadOutcome, SecretHolding, Written } from "../core/contract";
import { ProviderError, UnconfirmedCreateError } from "../core/errors";
import { noHiddenInputs, type HiddenInputs } from "../core/hidden";
import { partialFailure } from "../secrets/partial";
import { describeApplication, pendingState, toState, upgradeState, type ApplicationState, type PendingCreate } from "./mapping";
import { checkScopeNames } from "../core/scope-names";
import { deliveryHubWarning, missingDeliveryHubScopes } from "./delivery-hub";
import { autoname } from "./naming";
import { applicationInputs, type CheckedApplicationInputs } from "./schema";

/** The resource type, as messages name it. */
export const kind = "Application";

/**
 * Validates inputs and settings without calling Bringg (see {@link check} for the scope catalog).
 * Returns every failure at once; values
 * unknown during preview are not judged (their stand-ins always pass). Without a `name`, the name
 * stored by an earlier check is kept (so is the resource name that earlier releases used), else one
 * is generated (see ./naming.ts) from the hidden input `autonaming`. State kept in the checked
 * inputs: `__uniqueName` (the generated name has a random part) and `__discardSecret`.
 */
export function checkLocally(olds: Props, news: Props, deps: Pick<Deps, "settingsProblems">, hidden: HiddenInputs = noHiddenInputs): CheckOutcome {
    const result = checkInputs(
        {
            schema: applicationInputs,
            standIns: { name: "unknown", scopes: ["unknown"], enabled: false, adopt: { clientId: "unknown" }, account: "unknown" },
            unrecognized: (key, path) =>
                `${JSON.stringify(key)} is not an input of Application: ` +
                (path.length > 0 ? "adopt takes only clientId" : "use name, scopes, enabled, adopt, deliverTo, keepSecretInState or account"),
            settings: deps.settingsProblems,
        },
        news,
        hidden.inputProblems,
    );
    const failures = [...result.failures];
    if (hidden.nameTakenBy !== undefined) {
        failures.push({
            property: "name",
            reason:
                `Application ${JSON.stringify(hidden.nameTakenBy)}, which comes earlier in the deployment, has the same name: two applications of ` +
                "one name make a lost create reply ambiguous; give each its own name, or leave name out to have one generated",
        });
    }
    if (failures.length > 0) return { inputs: result.inputs, failures };
    const inputs: Props = { ...result.inputs };
    // Set by RotatingCredentials (keepSecretInState: false), whose pair replaces this secret at once.
    if (hidden.discardSecret === true) inputs.__discardSecret = true;
    if (inputs.name === undefined && inputs.adopt === undefined) {
        if (typeof olds.name === "string" && olds.name !== "") {
            inputs.name = olds.name;
        } else {
            const named = autoname(hidden.autonaming ?? { resourceName: "application" });
            if (named.ok) {
                inputs.name = named.name;
                if (named.unique) inputs.__uniqueName = true;
            } else {
                failures.push({ property: "name", reason: named.reason });
            }
        }
    }
    if (olds.__uniqueName === true && inputs.name === olds.name) inputs.__uniqueName = true;
    // Bringg creates applications disabled; an adopted one keeps the state it was found in.
    if (inputs.enabled === undefined && inputs.adopt === undefined) inputs.enabled = false;
    return { inputs, failures };
}

/**
 * {@link checkInputs}, then the scope names against the account's catalog (case-sensitive, with
 * "did you mean"), and a warning when an application that uses Delivery Hub scopes lacks one of
 * its required groups. The catalog is listed only when the scopes are new or changed (and the
 * settings complete), so an unchanged program previews with no Bringg call.
 */
export async function check(
    olds: Props,
    news: Props,
    deps: Pick<Deps, "client" | "settingsProblems" | "warn">,
    hidden: HiddenInputs = noHiddenInputs,
): Promise<CheckOutcome> {
    const result = checkLocally(olds, news, deps, hidden);
    const scopes = result.inputs.scopes;
    if (result.failures.length > 0 || !Array.isArray(scopes) || containsUnknown(scopes)) return result;
    const previous = Array.isArray(olds.scopes) ? normalizeScopes(olds.scopes as string[]) : undefined;
    if (previous && sameList(previous, scopes as string[])) return result;

    const resource = label(result.inputs);
    let catalog: Awaited<ReturnType<BringgClient["listScopes"]>>;
    try {
        // The client is asked for only here: with incomplete settings check never gets this far.
        catalog = await deps.client().listScopes({ resource });
    } catch (error) {
        const reason = `the scope names could not be checked against Bringg's scope catalog: ${error instanceof Error ? error.message : String(error)}`;
        return { inputs: news, failures: [{ property: "scopes", reason }] };
    }
    const written = Array.isArray(news.scopes) ? (news.scopes as unknown[]) : [];
    const failures = checkScopeNames(
        scopes as string[],
        catalog.map((scope) => scope.name),
    ).map(({ name, reason }) => ({ property: `scopes[${Math.max(0, written.indexOf(name))}]`, reason }));
    if (failures.length > 0) return { inputs: news, failures };
    const missing = missingDeliveryHubScopes(scopes as string[], catalog);
    if (missing.length > 0) await deps.warn(deliveryHubWarning(resource, missing));
    return result;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
    return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Compares the state with checked inputs, without calling Bringg. Name, scopes and the adopted
 * client id replace (Bringg cannot change them); `enabled` updates in place. An input left out
 * (an adopted application's name or scopes) is not managed and never differs. Unknown inputs
 * (preview) count as changes, since they may differ.
 */
export function diff(_id: string, olds: Props, news: Props): DiffOutcome {
    const state = upgradeState(olds);
    if (
        state.pendingCreate &&
        news.adopt === undefined &&
        news.name === state.name &&
        Array.isArray(news.scopes) &&
        sameList(news.scopes as string[], state.scopes)
    ) {
        return { changes: true, replaces: [], deleteBeforeReplace: false, reason: `${describeApplication(state)}: settling the create that was not confirmed` };
    }
    const replaces: string[] = [];
    let update = false;

    if (news.name !== undefined && (news.name === unknownValue || news.name !== state.name)) replaces.push("name");
    if (news.scopes !== undefined) {
        const scopes = news.scopes;
        if (!Array.isArray(scopes) || containsUnknown(scopes) || !sameList([...new Set(scopes as string[])].sort(), state.scopes)) {
            replaces.push("scopes");
        }
    }
    const adopt = news.adopt as { clientId?: string } | typeof unknownValue | undefined;
    if (adopt !== undefined && (containsUnknown(adopt) || (adopt as { clientId?: string }).clientId !== state.clientId)) {
        replaces.push("adopt");
    }
    if (news.enabled !== undefined && news.enabled !== state.enabled) update = true;

    // A replacement creates the new application first and deletes the old one after, so that
    // whoever holds the old credentials keeps working until the switch.
    return { changes: update || replaces.length > 0, replaces, deleteBeforeReplace: false };
}

function label(inputs: { name?: unknown; adopt?: { clientId?: string } | undefined }): string {
    if (typeof inputs.name === "string") return describeApplication({ name: inputs.name });
    return describeApplication({ clientId: inputs.adopt?.clientId });
}

/**
 * How an application holds its secret: `clientSecret`, for `withDelivery`. An adopted application's
 * secret is unknown (no fingerprint), so there is nothing to deliver, and `deliverTo` is refused.
 */
export const holding: SecretHolding = {
    secretKeys: ["clientSecret"],
    label: (state) => describeApplication(upgradeState(state)),
    held: (state, inputs) => {
        const { clientId, fingerprint, clientSecret } = upgradeState(state);
        if (fingerprint === undefined || inputs.adopt !== undefined) return undefined;
        return { current: { clientId, fingerprint, ...(clientSecret ? { clientSecret } : {}) } };
    },
    // Set by RotatingCredentials (keepSecretInState: false), whose pair replaces this secret at once.
    keepsSecret: (inputs) => inputs.__discardSecret !== true,
    refuseDelivery: (inputs) =>
        inputs.adopt !== undefined && (inputs.deliverTo !== undefined || inputs.keepSecretInState !== undefined)
            ? {
                  property: inputs.deliverTo !== undefined ? "deliverTo" : "keepSecretInState",
                  reason:
                      "an adopted application's secret is unknown to Pulumi (Bringg showed it once, in its UI), so there is nothing to deliver " +
                      "or keep: remove deliverTo and keepSecretInState here, and give them to a SecretRotation of this application, whose new secret they then cover",
              }
            : undefined,
    withoutSecret: ({ clientSecret: _secret, ...state }) => state,
    withSecrets: (state, secrets) => {
        const secret = secrets.current?.clientSecret ?? state.clientSecret;
        return { ...state, ...(secret === undefined ? {} : { clientSecret: secret }) };
    },
    newSecretFix:
        "an Application cannot generate a new secret itself: put the secret back into a store by hand, or add a SecretRotation " +
        "of this application with the same deliverTo (its first secret replaces this one)",
};

/** The state of an application Bringg just created (or gave a new secret), with the secret issued for delivery. */
function issuing(state: ApplicationState): Written {
    return {
        id: String(state.applicationId),
        outs: { ...state },
        ...(state.clientSecret === undefined ? {} : { issued: { current: { clientId: state.clientId, clientSecret: state.clientSecret } } }),
    };
}

/**
 * An error that tells the engine the application exists although the step failed, so that it is
 * recorded in state (and deleted or retried later) instead of leaking; the secret stays, as a
 * Pulumi secret, whatever `keepSecretInState` says (it is the only copy).
 */
function existsFailure(error: unknown, state: ApplicationState, inputs: Props): Error {
    return partialFailure(error, String(state.applicationId), { ...state }, inputs, holding.secretKeys);
}

/** Creates the application (or adopts an existing one) and applies `enabled`. */
export async function create(props: Props, deps: Deps): Promise<Written> {
    const client = deps.client();
    const inputs = props as CheckedApplicationInputs & { __uniqueName?: boolean };
    const resource = label(inputs);
    if (inputs.adopt) return adopt(inputs, inputs.adopt.clientId, client);
    const request = { name: inputs.name!, scopes: inputs.scopes! };
    let created;
    try {
        created = await client.createApplication(request, { resource, unique: inputs.__uniqueName === true });
    } catch (error) {
        if (error instanceof UnconfirmedCreateError) throw pendingFailure(error, { ...request, existing: [...error.existing] }, props);
        throw error;
    }
    return issuing(await applyEnabled(client, toState(created, { clientSecret: created.client_secret }), inputs.enabled, resource, props));
}

/** Enables a just-created application when the program asks; a failure keeps the application in state. */
async function applyEnabled(
    client: BringgClient,
    state: ApplicationState,
    enabled: boolean | undefined,
    resource: string,
    inputs: Props,
): Promise<ApplicationState> {
    if (enabled !== true || state.enabled) return state;
    try {
        return toState(await client.setEnabled(state.applicationId, true, { resource }), state);
    } catch (error) {
        throw existsFailure(error, state, inputs);
    }
}

/**
 * The partial failure of a create that may have been applied: the engine records the pending
 * state (no id of Bringg's yet), and the next `pulumi up` settles it (see {@link settlePending}).
 */
function pendingFailure(error: UnconfirmedCreateError, pending: PendingCreate, inputs: Props): Error {
    return partialFailure(error, `pending:${pending.name}`, { ...pendingState(pending) }, inputs, holding.secretKeys);
}

/**
 * Settles a pending create: the one application of its name and scopes that did not exist before
 * is taken over (with a new secret: the first one was lost); several are refused (the user deletes
 * the extra ones); when there is none, Bringg is watched through the late-write window (the
 * create may still be arriving, e.g. from a killed `pulumi up`) before one is created.
 */
async function settlePending(client: BringgClient, pending: PendingCreate, inputs: Props): Promise<ApplicationState> {
    const resource = describeApplication({ name: pending.name });
    const request = { name: pending.name, scopes: pending.scopes };
    const candidates = (await client.sameApplications(request, { resource }, true)).filter((id) => !pending.existing.includes(id));
    if (candidates.length > 1) {
        throw new ProviderError(
            `settling the create of ${resource}`,
            `Bringg has ${candidates.length} applications of this name and scopes that did not exist before the create (ids ${candidates.join(", ")}); this provider does not guess which is its own`,
            "delete the extra applications in Bringg (Settings → Webhooks & API), keeping one, then run `pulumi up` again.",
        );
    }
    try {
        const found = candidates[0] ?? (await client.awaitCreated(request, pending.existing, { resource }))?.id;
        const app =
            found === undefined ? await client.createApplication(request, { resource }) : await client.regenerateSecret(found, { resource, replayable: true });
        return toState(app, { clientSecret: app.client_secret });
    } catch (error) {
        if (error instanceof UnconfirmedCreateError) throw pendingFailure(error, pending, inputs);
        throw error;
    }
}

async function adopt(inputs: CheckedApplicationInputs, clientId: string, client: BringgClient): Promise<Written> {
    const resource = describeApplication({ clientId });
    const found = await client.findApplication({ clientId }, { resource, fresh: true });
    if (!found) {
        throw new ProviderError(
            `adopt of ${resource}`,
            "no application with this client id exists for this merchant",
            "copy the client id from Bringg → Settings → Webhooks & API, and check that bringg:username belongs to the same merchant.",
        );
    }
    const mismatches: string[] = [];
    if (inputs.name !== undefined && inputs.name !== found.name) {
        mismatches.push(`its name is ${JSON.stringify(found.name)}, not ${JSON.stringify(inputs.name)}`);
    }
    const scopes = [...new Set(found.scopes)].sort();
    if (inputs.scopes !== undefined && !sameList(inputs.scopes, scopes)) {
        mismatches.push(`its scopes are ${JSON.stringify(scopes)}, not ${JSON.stringify(inputs.scopes)}`);
    }
    if (mismatches.length > 0) {
        throw new ProviderError(
            `adopt of ${describeApplication({ name: found.name, clientId })}`,
            `it does not match the program: ${mismatches.join("; ")}`,
            "Bringg cannot change an application's name or scopes, so set them as they are in Bringg (or leave them out), " +
                "or remove adopt to create a new application.",
        );
    }
    let state = toState(found, {});
    if (inputs.enabled !== undefined && inputs.enabled !== found.enabled) {
        state = toState(await client.setEnabled(found.id, inputs.enabled, { resource }), {});
    }
    return { id: String(found.id), outs: { ...state } };
}

/**
 * Re-reads the application from the shared list (one list call for all resources of the process).
 * A deleted application is dropped from the stack with a warning that names it.
 */
export async function read(id: string, props: Props, deps: Deps): Promise<ReadOutcome> {
    const client = deps.client();
    if (isImport(props)) return importApplication(id, client);
    const previous = upgradeState(props);
    const previousName = describeApplication(previous);
    if (previous.pendingCreate) {
        // Read has no side effects: taking the application over (a new secret) is up's to do.
        const ids = await client.sameApplications(previous.pendingCreate, { resource: previousName });
        const found = ids.filter((appId) => !previous.pendingCreate!.existing.includes(appId));
        return {
            id,
            props: { ...previous },
            warnings: [
                `${previousName}: a create was not confirmed (${found.length === 0 ? "Bringg lists no such application yet" : `Bringg lists ${found.length} (id ${found.join(", ")})`}); ` +
                    "`pulumi up` settles it without creating a second one.",
            ],
        };
    }
    const found = await client.findApplication({ id: previous.applicationId }, { resource: previousName });
    if (!found || (previous.clientId && found.client_id !== previous.clientId)) {
        return {
            id: "",
            warnings: [
                `${previousName} no longer exists in Bringg (deleted outside Pulumi); it is removed from the stack. ` +
                    "Run `pulumi up` to create it again, or remove it from the program.",
            ],
        };
    }
    const current = toState(found, previous);
    const warnings: string[] = [];
    if (current.enabled !== previous.enabled) {
        warnings.push(
            `${describeApplication(current)} was ${current.enabled ? "enabled" : "disabled"} outside Pulumi; ` +
                "`pulumi up` sets it back to the program's `enabled`.",
        );
    }
    return { id, props: { ...current }, warnings };
}

/** A read with no state: `pulumi import` of an application made outside this stack. */
function isImport(props: Props): boolean {
    return props.applicationId === undefined && props.pendingCreate === undefined;
}

/**
 * Reads an application by its client id (what Bringg's UI shows) or its numeric id, for `pulumi
 * import`: its state, without the secret (Bringg shows a secret once, at creation or rotation, so
 * the state says it is unknown until a rotation), and the inputs that describe it as it is, so that
 * the next `pulumi up` of a program declaring those changes nothing.
 */
async function importApplication(id: string, client: BringgClient): Promise<ReadOutcome> {
    const byNumber = /^[0-9]+$/.test(id) ? Number(id) : undefined;
    const apps = await client.listApplications({ resource: `Application ${JSON.stringify(id)}`, fresh: true });
    const found = apps.find((app) => app.client_id === id) ?? apps.find((app) => app.id === byNumber);
    if (!found) {
        throw new ProviderError(
            `Application import ${JSON.stringify(id)}`,
            `Bringg lists no application with this client id or numeric id (${apps.length} applications in the account)`,
            "give the client id Bringg's UI shows for the application, or run `npx pulumi-bringg doctor` to check which account the settings reach",
        );
    }
    const state = toState(found, {});
    return {
        id: String(found.id),
        props: { ...state },
        inputs: { name: state.name, scopes: state.scopes, enabled: state.enabled },
        warnings: [],
    };
}

/**
 * Applies a change of `enabled` (the only in-place change Bringg supports); `withDelivery` then
 * delivers the secret to the targets that lack it (no new secret).
 */
export async function update(id: string, olds: Props, props: Props, deps: Deps): Promise<Written> {
    const client = deps.client();
    const news = props as CheckedApplicationInputs;
    const previous = upgradeState(olds);
    const resource = describeApplication(previous);
    if (previous.pendingCreate) {
        const settled = await settlePending(client, previous.pendingCreate, props);
        return issuing(await applyEnabled(client, settled, news.enabled, resource, props));
    }
    let state = previous;
    if (news.enabled !== undefined && news.enabled !== previous.enabled) {
        state = { ...toState(await client.setEnabled(previous.applicationId, news.enabled, { resource }), previous), ...pick(previous) };
    }
    return { id, outs: { ...state } };
}

/** The delivery outputs of a state, to carry across a rebuilt state. */
function pick(state: ApplicationState): Pick<ApplicationState, "deliverTo" | "receipts"> {
    return { ...(state.deliverTo ? { deliverTo: state.deliverTo } : {}), ...(state.receipts ? { receipts: state.receipts } : {}) };
}

/** Deletes the application; one already gone counts as deleted. */
export async function remove(_id: string, props: Props, deps: Deps): Promise<"deleted" | "absent"> {
    const client = deps.client();
    const state = upgradeState(props);
    const resource = describeApplication(state);
    if (!state.pendingCreate) return client.deleteApplication(state.applicationId, { resource });
    const ids = (await client.sameApplications(state.pendingCreate, { resource }, true)).filter((appId) => !state.pendingCreate!.existing.includes(appId));
    if (ids.length > 1) {
        throw new ProviderError(
            `delete of ${resource}`,
            `its create was never confirmed and Bringg has ${ids.length} applications of its name and scopes (ids ${ids.join(", ")})`,
            "delete the ones that are not another stack's in Bringg (Settings → Webhooks & API), then run the command again.",
        );
    }
    return ids.length === 1 ? client.deleteApplication(ids[0]!, { resource }) : "absent";
}

export { remove as delete };
