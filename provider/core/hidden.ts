/**
 * The hidden inputs: what a resource class, running in the program, tells the provider beyond the
 * program's own arguments. The engine hands a dynamic provider neither the resource's URN nor the
 * stack's autonaming settings nor the order in which the program declared its resources, so each
 * class computes what its check needs and passes it under ONE input key, {@link hiddenKey}, whose
 * value {@link hiddenInputs} describes. The adapter (./hooks.ts) parses it once, with
 * {@link splitHiddenInputs}, and hands the resource's check the parsed {@link HiddenInputs}
 * beside inputs that no longer carry it; no other module reads a hidden input from the wire.
 *
 * Hidden inputs are never stored: check consumes them. What a provider keeps is state, and stays
 * where 0.1.0 put it, as flat keys of the checked inputs (and outputs), because every later
 * refresh, destroy and `pulumi-bringg recover` reads state written by any release:
 * - `__uniqueName` (Application, checked inputs): the generated name has a random part;
 * - `__discardSecret` (Application, checked inputs): copied from the hidden input of the same name;
 * - `__resourceName` (ScopeTtls, checked inputs and outputs): copied from the hidden input.
 * A state key named like a hidden field is a copy check made, not a hidden input.
 *
 * 0.1.0 passed each hidden input as a key of its own (`__autonaming`, `__nameTakenBy`, ...):
 * {@link splitHiddenInputs} reads those keys too, so that inputs in that layout (a program on an
 * older copy of the package) still work. A new hidden input is one line in {@link hiddenInputs}.
 * No Pulumi imports.
 */
import { z } from "zod";
import { containsUnknown } from "./check";
import type { Props } from "./contract";
import type { HiddenInputs } from "./hidden-types";

/** The one input key the resource classes pass their hidden inputs under. */
export const hiddenKey = "__bringg";

/**
 * Pulumi's autonaming settings for a resource without an explicit name (`pulumi:autonaming`, with
 * `providers.bringg` taking precedence), read by the class in the program: the engine does not pass
 * them to dynamic providers.
 */
const autonaming = z.object({
    /** The Pulumi resource name. */
    resourceName: z.string().min(1),
    project: z.string().optional(),
    stack: z.string().optional(),
    /** `default` (pattern), `verbatim` (the resource name) or `disabled` (a name is required). */
    mode: z.string().optional(),
    /** E.g. `${name}-${hex(7)}`; default: Pulumi's pattern. */
    pattern: z.string().optional(),
});

/** A failure the class found in the program's arguments (see `withoutPrototypeKeys` in ./check.ts). */
const failure = z.object({ property: z.string(), reason: z.string() });

/**
 * Every hidden input, each optional: a class passes only those that say something. Each field is
 * parsed on its own (see {@link splitHiddenInputs}), so a malformed one is ignored, never fatal.
 */
export const hiddenInputs = z.object({
    /** Application without a name: the autonaming settings (see provider/application/naming.ts). */
    autonaming: autonaming.optional(),
    /** Application: the resource name of one declared earlier in the program with the same name and account. */
    nameTakenBy: z.string().optional(),
    /** Application of RotatingCredentials with `keepSecretInState: false`: its first secret is never kept. */
    discardSecret: z.boolean().optional(),
    /** Any resource: keys of the program's arguments that name a prototype, dropped by the class. */
    inputProblems: z.array(failure).optional(),
    /** ScopeTtls: its Pulumi resource name, for ownership messages (dynamic providers get no URN). */
    resourceName: z.string().optional(),
    /** ScopeTtls: scope → resource name of a ScopeTtls declared earlier in the program that lists it too. */
    overlaps: z.record(z.string(), z.string()).optional(),
    /**
     * A resource with `deliverTo`: index of `deliverTo` → the resource declared earlier in the
     * program that delivers to the same store, e.g. `SecretRotation "dash-secret"` (see
     * provider/delivery/claims.ts).
     */
    deliveryTargetsTakenBy: z.record(z.string(), z.string()).optional(),
});

export type { AutonamingRequest, HiddenInputs } from "./hidden-types";

/** True when A and B are the same type. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** The schema parses to exactly the zod-free types of ./hidden-types.ts (a compile error otherwise). */
const schemaMatchesTypes: Same<z.output<typeof hiddenInputs>, HiddenInputs> = true;
void schemaMatchesTypes;

/** No hidden inputs: what a check gets when the class passed none. */
export const noHiddenInputs: HiddenInputs = Object.freeze({});

/** The hidden inputs 0.1.0 passed as keys of their own, each `__` + the field's name. */
const keysOf010 = ["autonaming", "nameTakenBy", "discardSecret", "inputProblems", "resourceName", "overlaps"] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Splits the engine's inputs into the hidden inputs (from {@link hiddenKey}, and from the keys
 * 0.1.0 used; the envelope wins where both give a field) and the inputs without any of those keys.
 * A field that is malformed, or still unknown during preview, is left out: every hidden input is
 * computed from the program's values, and an unknown one says nothing yet.
 */
export function splitHiddenInputs(news: Props): { readonly hidden: HiddenInputs; readonly inputs: Props } {
    const { [hiddenKey]: envelope, ...inputs } = news;
    const given: Record<string, unknown> = {};
    for (const field of keysOf010) {
        const key = `__${field}`;
        if (!Object.hasOwn(inputs, key)) continue;
        given[field] = inputs[key];
        delete inputs[key];
    }
    if (isRecord(envelope)) for (const [field, value] of Object.entries(envelope)) if (value !== undefined) given[field] = value;
    const hidden: Record<string, unknown> = {};
    for (const [field, schema] of Object.entries(hiddenInputs.shape)) {
        const value = given[field];
        if (value === undefined || containsUnknown(value)) continue;
        const parsed = schema.safeParse(value);
        if (parsed.success && parsed.data !== undefined) hidden[field] = parsed.data;
    }
    return { hidden: hidden as HiddenInputs, inputs };
}

/**
 * The input a resource class registers for its hidden inputs: `{ __bringg: {...} }` with the fields
 * that say something (neither undefined nor an empty list), or nothing at all (each registered key
 * costs time in every preview). A value may still be an Output or a promise: the SDK resolves it.
 */
export function hiddenInput(fields: { readonly [K in keyof HiddenInputs]?: unknown }): Props {
    const given = Object.entries(fields).filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0));
    return given.length === 0 ? {} : { [hiddenKey]: Object.fromEntries(given) };
}
