/**
 * The `triggers` of a rotating resource in canonical form, and how two sets differ, with no Pulumi
 * imports. Shared by SecretRotation, the RotatingCredentials pair and VendorCredential.
 */

/** Triggers in canonical form: the values as written, a missing value as null. */
export type Triggers = Record<string, string | number | boolean | null>;

/** Triggers in canonical form: keys sorted, so that order never makes a diff. */
export function canonicalTriggers(triggers: Record<string, unknown> | undefined): Triggers {
    const result: Triggers = {};
    for (const key of Object.keys(triggers ?? {}).sort()) {
        const value = triggers![key];
        result[key] = value === undefined ? null : (value as string | number | boolean | null);
    }
    return result;
}

/**
 * Which trigger keys differ between two maps, for messages: `trigger "quarter" changed`.
 * Empty when they are equal.
 */
export function changedTriggerKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].sort().filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}

/** Describes trigger changes: `triggers "quarter" changed, "team" added`. */
export function describeTriggerChange(before: Record<string, unknown>, after: Record<string, unknown>): string {
    const parts = changedTriggerKeys(before, after).map((key) => {
        const what = !(key in before) ? "added" : !(key in after) ? "removed" : "changed";
        return `${JSON.stringify(key)} ${what}`;
    });
    return `trigger ${parts.join(", ")}`;
}
