/**
 * What each dynamic-provider hook does for an `Application`, with no Pulumi imports.
 *
 * | hook   | Bringg calls                                                     |
 * |--------|------------------------------------------------------------------|
 * | check  | none: inputs and settings are validated locally                  |
 * | diff   | none: state (outputs) against checked inputs                     |
 * | create | list (shared) + create [+ enable]; adopt: list [+ enable/disable] |
 * | read   | list, shared by every resource of the provider process          |
 * | update | enable or disable                                                |
 * | delete | delete (an application already gone counts as deleted)           |
 */
import type { BringgClient } from "../core/client";
import { checkInputs, containsUnknown, unknownValue, type CheckOutcome } from "../core/check";
import { settingsProblems } from "../core/config";
import type { Deps, DiffOutcome, Props, ReadOutcome, Written } from "../core/contract";
import { ProviderError } from "../core/errors";
import { describeApplication, toState, upgradeState, type ApplicationState } from "./mapping";
import { applicationInputs, type CheckedApplicationInputs } from "./schema";

/** The resource type, as messages name it. */
export const kind = "Application";

/**
 * Validates inputs and settings without calling Bringg. Returns every failure at once; values
 * unknown during preview are not judged (their stand-ins always pass).
 */
export function check(_olds: Props, news: Props): CheckOutcome {
    const result = checkInputs(
        {
            schema: applicationInputs,
            standIns: { name: "unknown", scopes: ["unknown"], enabled: false, adopt: { clientId: "unknown" } },
            unrecognized: (key, path) =>
                `${JSON.stringify(key)} is not an input of Application: ` +
                (path.length > 0 ? "adopt takes only clientId" : "use name, scopes, enabled or adopt"),
            settings: settingsProblems,
        },
        news,
    );
    if (!result.parsed) return result;
    // Bringg creates applications disabled; an adopted one keeps the state it was found in.
    if (result.inputs.enabled === undefined && result.inputs.adopt === undefined) {
        return { ...result, inputs: { ...result.inputs, enabled: false } };
    }
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
export async function create(props: Props, { client }: Deps): Promise<Written> {
    const inputs = props as CheckedApplicationInputs;
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
    return { id: String(created.id), outs: { ...state } };
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
export async function read(id: string, props: Props, { client }: Deps): Promise<ReadOutcome> {
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
    return { id: String(found.id), props: { ...current }, warnings };
}

/** Applies a change of `enabled` (the only in-place change Bringg supports). */
export async function update(id: string, olds: Props, props: Props, { client }: Deps): Promise<Written> {
    const news = props as CheckedApplicationInputs;
    const previous = upgradeState(olds);
    if (news.enabled === undefined || news.enabled === previous.enabled) return { id, outs: { ...previous } };
    const app = await client.setEnabled(Number(id), news.enabled, { resource: describeApplication(previous) });
    return { id, outs: { ...toState(app, previous) } };
}

/** Deletes the application; one already gone counts as deleted. */
export async function remove(id: string, props: Props, { client }: Deps): Promise<"deleted" | "absent"> {
    return client.deleteApplication(Number(id), { resource: describeApplication(upgradeState(props)) });
}

export { remove as delete };
