/**
 * What each dynamic-provider hook does for an `Application`, with no Pulumi imports.
 *
 * | hook   | Bringg calls                                                     |
 * |--------|------------------------------------------------------------------|
 * | check  | list scopes (shared), only when the scopes changed; else none    |
 * | diff   | none: state (outputs) against checked inputs                     |
 * | create | list (shared) + create [+ enable]; adopt: list [+ enable/disable] |
 * | read   | list, shared by every resource of the provider process          |
 * | update | enable or disable                                                |
 * | delete | delete (an application already gone counts as deleted)           |
 */
import { normalizeScopes, sharedClient, type BringgClient } from "../core/client";
import { settingsProblems } from "../core/config";
import { catalogOf, checkScopeNames } from "../core/scope-names";
import { deliveryHubWarning, missingDeliveryHubScopes } from "./delivery-hub";
import { describeApplication, toState, upgradeState, type ApplicationState } from "./mapping";
import { applicationInputs, type CheckedApplicationInputs } from "./schema";

/** Pulumi's placeholder for a value not known until apply (preview of a new dependency). */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** One invalid input: `property` is a path such as `scopes[1]`, empty for the whole resource. */
export interface Failure {
    readonly property: string;
    readonly reason: string;
}

function containsUnknown(value: unknown): boolean {
    if (value === unknownValue) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
    return false;
}

/** Stand-ins that pass validation, so that only the known parts of the inputs are judged. */
const standIns: Record<string, unknown> = {
    name: "unknown",
    scopes: ["unknown"],
    enabled: false,
    adopt: { clientId: "unknown" },
};

function propertyPath(path: readonly PropertyKey[]): string {
    return path.reduce<string>(
        (text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
        "",
    );
}

/**
 * Validates inputs and settings without calling Bringg. Returns every failure at once; values
 * unknown during preview are not judged (their stand-ins always pass).
 */
export function check(news: Record<string, unknown>): { inputs: Record<string, unknown>; failures: Failure[] } {
    const { __provider: _provider, ...raw } = news;
    const unknownFields = new Set<string>();
    const probe: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
        if (value === undefined) continue;
        if (key in standIns && containsUnknown(value)) {
            unknownFields.add(key);
            // A list with some unknown elements: judge the known ones.
            probe[key] =
                key === "scopes" && Array.isArray(value)
                    ? value.map((scope) => (scope === unknownValue ? "unknown" : scope))
                    : standIns[key];
        } else {
            probe[key] = value;
        }
    }

    const failures: Failure[] = [];
    const parsed = applicationInputs.safeParse(probe);
    if (!parsed.success) {
        for (const issue of parsed.error.issues) {
            if (issue.code === "unrecognized_keys") {
                for (const key of issue.keys) {
                    failures.push({
                        property: propertyPath([...issue.path, key]),
                        reason:
                            `${JSON.stringify(key)} is not an input of Application: ` +
                            (issue.path.length > 0 ? "adopt takes only clientId" : "use name, scopes, enabled or adopt"),
                    });
                }
            } else {
                failures.push({ property: propertyPath(issue.path), reason: issue.message });
            }
        }
    }
    for (const problem of settingsProblems()) {
        failures.push({ property: "", reason: problem.message });
    }
    if (!parsed.success) return { inputs: raw, failures };

    const inputs: Record<string, unknown> = { ...parsed.data };
    for (const key of unknownFields) inputs[key] = raw[key];
    // Bringg creates applications disabled; an adopted one keeps the state it was found in.
    if (inputs.enabled === undefined && inputs.adopt === undefined) inputs.enabled = false;
    for (const key of Object.keys(inputs)) if (inputs[key] === undefined) delete inputs[key];
    return { inputs, failures };
}

/**
 * {@link check}, then the scope names against the account's catalog (case-sensitive, with "did you
 * mean"), and a warning when an application that uses Delivery Hub scopes lacks one of its
 * required groups. The catalog is listed only when the scopes are new or changed, so an unchanged
 * program previews with no Bringg call.
 */
export async function checkWithCatalog(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    client: () => BringgClient = () => sharedClient(),
): Promise<{ inputs: Record<string, unknown>; failures: Failure[]; warnings: string[] }> {
    const result = check(news);
    const scopes = result.inputs.scopes;
    if (result.failures.length > 0 || !Array.isArray(scopes) || containsUnknown(scopes)) return { ...result, warnings: [] };
    const previous = Array.isArray(olds.scopes) ? normalizeScopes(olds.scopes as string[]) : undefined;
    if (previous && sameList(previous, scopes as string[])) return { ...result, warnings: [] };

    const resource = label(result.inputs);
    let catalog: Awaited<ReturnType<typeof catalogOf>>;
    try {
        catalog = await catalogOf(client(), resource);
    } catch (error) {
        const reason = `the scope names could not be checked against Bringg's scope catalog: ${error instanceof Error ? error.message : String(error)}`;
        return { ...result, failures: [{ property: "scopes", reason }], warnings: [] };
    }
    const written = Array.isArray(news.scopes) ? (news.scopes as unknown[]) : [];
    const failures = checkScopeNames(
        scopes as string[],
        catalog.map((scope) => scope.name),
    ).map(({ name, reason }) => ({ property: `scopes[${Math.max(0, written.indexOf(name))}]`, reason }));
    const missing = missingDeliveryHubScopes(scopes as string[], catalog);
    const warnings = failures.length === 0 && missing.length > 0 ? [deliveryHubWarning(resource, missing)] : [];
    return { inputs: failures.length > 0 ? news : result.inputs, failures, warnings };
}

/** The dynamic-provider diff result. */
export interface Diff {
    changes: boolean;
    replaces: string[];
    deleteBeforeReplace: false;
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
export function diff(olds: Record<string, unknown>, news: Record<string, unknown>): Diff {
    const state = upgradeState(olds);
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

/** A create or update result. */
export interface Created {
    id: string;
    outs: ApplicationState;
}

function label(inputs: { name?: unknown; adopt?: { clientId?: string } }): string {
    if (typeof inputs.name === "string") return describeApplication({ name: inputs.name });
    return describeApplication({ clientId: inputs.adopt?.clientId });
}

/**
 * An error that tells the engine the application exists although the step failed, so that it is
 * recorded in state (and deleted or retried later) instead of leaking.
 */
function partialFailure(error: unknown, state: ApplicationState): Error {
    const failure = error instanceof Error ? error : new Error(String(error));
    return Object.assign(failure, {
        id: String(state.applicationId),
        properties: state,
        reasons: [failure.message],
    });
}

/** Creates the application (or adopts an existing one) and applies `enabled`. */
export async function create(
    inputs: CheckedApplicationInputs,
    client: BringgClient = sharedClient(),
): Promise<Created> {
    const resource = label(inputs);
    if (inputs.adopt) return adopt(inputs, inputs.adopt.clientId, client);

    const created = await client.createApplication({ name: inputs.name!, scopes: inputs.scopes! }, { resource });
    let state = toState(created, { clientSecret: created.client_secret });
    if (inputs.enabled === true && !created.enabled) {
        try {
            state = toState(await client.setEnabled(created.id, true, { resource }), state);
        } catch (error) {
            throw partialFailure(error, state);
        }
    }
    return { id: String(created.id), outs: state };
}

async function adopt(inputs: CheckedApplicationInputs, clientId: string, client: BringgClient): Promise<Created> {
    const resource = describeApplication({ clientId });
    const found = await client.findApplication({ clientId }, { resource, fresh: true });
    if (!found) {
        throw new Error(
            `adopt: no application with client id ${clientId} exists for this merchant. Fix: copy the client id ` +
                "from Bringg → Settings → Webhooks & API, and check that bringg:username belongs to the same merchant.",
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
        throw new Error(
            `adopt: ${describeApplication({ name: found.name, clientId })} does not match the program: ${mismatches.join("; ")}. ` +
                "Fix: Bringg cannot change an application's name or scopes, so set them as they are in Bringg (or leave them out), " +
                "or remove adopt to create a new application.",
        );
    }
    let state = toState(found, {});
    if (inputs.enabled !== undefined && inputs.enabled !== found.enabled) {
        state = toState(await client.setEnabled(found.id, inputs.enabled, { resource }), {});
    }
    return { id: String(found.id), outs: state };
}

/** What refresh found: the current state, or nothing (deleted in Bringg), and what to tell the user. */
export interface ReadOutcome {
    id: string;
    props?: ApplicationState;
    warnings: string[];
}

/**
 * Re-reads the application from the shared list (one list call for all resources of the process).
 * A deleted application is dropped from the stack with a warning that names it.
 */
export async function read(
    id: string,
    props: Record<string, unknown>,
    client: BringgClient = sharedClient(),
): Promise<ReadOutcome> {
    const previous = upgradeState(props);
    const previousName = describeApplication(previous);
    const found = await client.findApplication({ id: Number(id) }, { resource: previousName });
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
    return { id: String(found.id), props: current, warnings };
}

/** Applies a change of `enabled` (the only in-place change Bringg supports). */
export async function update(
    id: string,
    olds: Record<string, unknown>,
    news: CheckedApplicationInputs,
    client: BringgClient = sharedClient(),
): Promise<{ outs: ApplicationState }> {
    const previous = upgradeState(olds);
    if (news.enabled === undefined || news.enabled === previous.enabled) return { outs: previous };
    const app = await client.setEnabled(Number(id), news.enabled, { resource: describeApplication(previous) });
    return { outs: toState(app, previous) };
}

/** Deletes the application; one already gone counts as deleted. */
export async function remove(
    id: string,
    props: Record<string, unknown>,
    client: BringgClient = sharedClient(),
): Promise<"deleted" | "absent"> {
    return client.deleteApplication(Number(id), { resource: describeApplication(upgradeState(props)) });
}
