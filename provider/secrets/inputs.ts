/**
 * The check of a rotation resource's inputs, and whether they ask for a new secret, with no Pulumi
 * imports. Shared by SecretRotation and the RotatingCredentials pair (`deliverTo` and
 * `keepSecretInState` are judged around them, by `withDelivery` in provider/delivery/hooks.ts).
 */
import { checkInputs, containsUnknown, unknownValue, type CheckOutcome, type InputRules } from "../core/check";
import type { Deps, Props } from "../core/contract";
import type { HiddenInputs } from "../core/hidden";
import { tryParseDuration } from "../core/duration";
import { dueReason } from "./rotate";
import { canonicalTriggers, changedTriggerKeys, describeTriggerChange, type Triggers } from "./triggers";

/** What a rotation resource's check needs beyond the shared rules. */
export type RotationRules = Omit<
    InputRules<{ triggers?: Record<string, unknown> | undefined; rotateAfter?: string | undefined; verify?: boolean | undefined }>,
    "settings"
>;

/**
 * The check of both rotation resources: validates inputs and settings without calling Bringg;
 * every failure at once. The checked inputs have `verify` defaulted and triggers in canonical
 * (sorted) form. `hidden` gives the failures the class found in the program's arguments.
 */
export function checkRotationInputs(rules: RotationRules, news: Props, settingsProblems: Deps["settingsProblems"], hidden: HiddenInputs): CheckOutcome {
    const result = checkInputs({ ...rules, settings: settingsProblems }, news, hidden.inputProblems);
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
export function rotationReason(state: { readonly triggers: Triggers; readonly rotatedAt: string }, news: Props, now: Date): string | undefined {
    if (containsUnknown(news.triggers)) return "triggers are not known until the deployment runs";
    const triggers = canonicalTriggers(news.triggers as Record<string, unknown> | undefined);
    if (changedTriggerKeys(state.triggers, triggers).length > 0) return describeTriggerChange(state.triggers, triggers);
    return dueReason(state.rotatedAt, rotateAfterSeconds(news), now);
}
