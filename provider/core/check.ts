/**
 * The one input check every resource uses: mask values unknown during preview, parse with the
 * resource's strict zod schema, turn zod issues into failures on Pulumi property paths, and add the
 * settings problems.
 *
 * A resource's `check` is then its schema, its stand-ins and a sentence for a misspelt input: the
 * masking, the path style and the settings rule are written once, here. No Pulumi imports.
 */
import type { z } from "zod";
import type { ConfigurationProblem } from "./config";

/**
 * Pulumi's placeholder for an input that is not known until the deployment runs (preview of a value
 * that comes from another resource's output). Equal to `pulumi.runtime.unknownValue` (a test holds
 * them equal); spelt here so that the implementation modules need not load the SDK to compare.
 */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when a value is, or contains, the preview's unknown placeholder. */
export function containsUnknown(value: unknown): boolean {
    if (value === unknownValue) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
    return false;
}

/** One invalid input: `property` is a Pulumi property path (`scopes[1]`, `ttls.tasks_write`), empty for the whole resource. */
export interface Failure {
    readonly property: string;
    readonly reason: string;
}

/** What every check returns: the checked inputs the engine stores, and every failure at once. */
export interface CheckOutcome {
    readonly inputs: Record<string, unknown>;
    readonly failures: Failure[];
}

/**
 * A property path in Pulumi's notation: `.name` for identifier keys, `[1]` for indexes and
 * `["odd key"]` for any other key, so one path style is used in every message.
 */
export function propertyPath(path: readonly PropertyKey[]): string {
    return path.reduce<string>((text, key) => {
        if (typeof key === "number") return `${text}[${key}]`;
        const name = String(key);
        if (/^[A-Za-z_$][\w$]*$/.test(name)) return text ? `${text}.${name}` : name;
        return `${text}[${JSON.stringify(name)}]`;
    }, "");
}

/** Keys that would reach an object's prototype if a map were built from them with `obj[key] = ...`. */
const prototypeKeys = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Failures for every key anywhere in `value` that names an object's prototype (`__proto__`,
 * `constructor`, `prototype`). Such keys come from parsed YAML or JSON; accepted, they would change
 * a map's prototype or vanish from it instead of reaching Bringg as written.
 */
export function prototypeKeyFailures(value: unknown, path: readonly PropertyKey[] = []): Failure[] {
    if (Array.isArray(value)) return value.flatMap((item, i) => prototypeKeyFailures(item, [...path, i]));
    if (value === null || typeof value !== "object") return [];
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
        // What a "__proto__" key becomes once a map has been rebuilt with `map[key] = value`.
        return [{ property: propertyPath([...path, "__proto__"]), reason: prototypeKeyReason("__proto__") }];
    }
    return Object.keys(value).flatMap((key) => {
        const here = [...path, key];
        if (prototypeKeys.has(key)) return [{ property: propertyPath(here), reason: prototypeKeyReason(key) }];
        return prototypeKeyFailures((value as Record<string, unknown>)[key], here);
    });
}

function prototypeKeyReason(key: string): string {
    return (
        `${JSON.stringify(key)} is not allowed as a key: it names a JavaScript object's prototype, so the value ` +
        "would not reach Bringg as written (YAML and JSON parsers produce such keys); remove or rename it"
    );
}

/**
 * The program-side half of the prototype-key rule, for resource classes: a copy of `args` without
 * any key that names a prototype (own `__proto__` keys from YAML or JSON, and a prototype set by an
 * object literal's `__proto__`), and the failures that check must report for them. Such keys never
 * reach the engine intact (the SDK drops or chokes on them), so the class passes the failures as
 * the hidden input `inputProblems` (./hidden.ts). Only plain objects and arrays are walked: Outputs, promises
 * and resources are left as they are.
 */
export function withoutPrototypeKeys<T>(args: T): { clean: T; problems: Failure[] } {
    const problems: Failure[] = [];
    const walk = (value: unknown, path: PropertyKey[]): unknown => {
        if (Array.isArray(value)) return value.map((item, i) => walk(item, [...path, i]));
        if (value === null || typeof value !== "object") return value;
        const prototype: unknown = Object.getPrototypeOf(value);
        const plain = prototype === Object.prototype || prototype === null;
        // `{ __proto__: {...} }` makes a plain object the prototype; a class's prototype (Output,
        // Resource, Promise) owns its `constructor`, and such values are not the program's data.
        const literalPrototype =
            !plain &&
            typeof prototype === "object" &&
            Object.getPrototypeOf(prototype) === Object.prototype &&
            !Object.hasOwn(prototype as object, "constructor");
        if (!plain && !literalPrototype) return value;
        if (literalPrototype) problems.push({ property: propertyPath([...path, "__proto__"]), reason: prototypeKeyReason("__proto__") });
        const copy: Record<string, unknown> = {};
        for (const key of Object.keys(value)) {
            if (prototypeKeys.has(key)) {
                problems.push({ property: propertyPath([...path, key]), reason: prototypeKeyReason(key) });
                continue;
            }
            copy[key] = walk((value as Record<string, unknown>)[key], [...path, key]);
        }
        return copy;
    };
    return { clean: walk(args, []) as T, problems };
}

/** What {@link checkInputs} needs to know about a resource. */
export interface InputRules<Output> {
    /** The resource's strict input schema. */
    readonly schema: z.ZodType<Output>;
    /**
     * For each input that may be unknown during preview, a value that passes the schema, so that only
     * the known inputs are judged. An array input with some unknown elements is judged element by
     * element, each unknown element replaced by the array stand-in's element at its index (or first).
     */
    readonly standIns: Readonly<Record<string, unknown>>;
    /** The sentence for an input the resource does not have, e.g. `use name, scopes or enabled`. */
    unrecognized(key: string, path: readonly PropertyKey[]): string;
    /** Renames an input in messages when the program calls it something else (`clientId` → `application`). */
    readonly aliases?: Readonly<Record<string, string>>;
    /**
     * Problems with the settings of an account (undefined: the default settings; from stack config
     * and environment), each a failure of the whole resource.
     */
    readonly settings: (account?: string) => readonly ConfigurationProblem[];
}

/** {@link checkInputs}'s result: the parsed inputs when every known input passed. */
export interface CheckedInputs<Output> extends CheckOutcome {
    /** The schema's output for the known inputs; undefined when any input failed. */
    readonly parsed?: Output;
    /** The inputs that were unknown (their raw values are kept in `inputs`). */
    readonly unknown: ReadonlySet<string>;
}

/**
 * Validates `news` (the engine's inputs, with `__provider`) without calling anyone. Every failure is
 * returned at once; unknown values are never judged and are passed through as they are. `reported`
 * are the failures the resource class found in the program's arguments (the hidden input
 * `inputProblems`): with any, the schema is not applied to what is left of them.
 */
export function checkInputs<Output extends object>(
    rules: InputRules<Output>,
    news: Record<string, unknown>,
    reported: readonly Failure[] = [],
): CheckedInputs<Output> {
    const { __provider: _provider, ...raw } = news;
    const unknown = new Set<string>();
    const probe: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
        if (value === undefined) continue;
        if (key in rules.standIns && containsUnknown(value)) {
            unknown.add(key);
            const standIn = rules.standIns[key];
            probe[key] =
                Array.isArray(value) && Array.isArray(standIn) ? value.map((item, i) => (containsUnknown(item) ? (standIn[i] ?? standIn[0]) : item)) : standIn;
        } else {
            probe[key] = value;
        }
    }

    const failures: Failure[] = [...reported, ...prototypeKeyFailures(probe)];
    const parsed = failures.length === 0 ? rules.schema.safeParse(probe) : undefined;
    if (parsed && !parsed.success) {
        for (const issue of parsed.error.issues) {
            if (issue.code === "unrecognized_keys") {
                for (const key of issue.keys) {
                    const path = [...issue.path, key];
                    failures.push({ property: named(rules, path), reason: rules.unrecognized(key, issue.path) });
                }
            } else {
                failures.push({ property: named(rules, issue.path), reason: issue.message });
            }
        }
    }
    failures.push(...settingsFailures(raw.account, rules.settings));
    if (!parsed?.success) return { inputs: raw, failures, unknown };

    const inputs: Record<string, unknown> = { ...(parsed.data as Record<string, unknown>) };
    for (const key of unknown) inputs[key] = raw[key];
    for (const key of Object.keys(inputs)) if (inputs[key] === undefined) delete inputs[key];
    return { inputs, failures, parsed: parsed.data, unknown };
}

/**
 * The problems with the settings of the account an `account` input names (absent or empty: the
 * default settings), each a failure: of `account` for a named account, of the whole resource
 * otherwise. None while the account is unknown (preview): there is nothing to judge.
 */
export function settingsFailures(account: unknown, settings: InputRules<unknown>["settings"]): Failure[] {
    if (account === unknownValue) return [];
    const named = typeof account === "string" && account !== "" ? account : undefined;
    return settings(named).map((problem) => ({ property: named === undefined ? "" : "account", reason: problem.message }));
}

function named(rules: InputRules<unknown>, path: readonly PropertyKey[]): string {
    const [first, ...rest] = path;
    const alias = typeof first === "string" ? rules.aliases?.[first] : undefined;
    return propertyPath(alias === undefined ? path : [alias, ...rest]);
}

/** Characters a display name must not contain: controls (NUL, newline, ...) and bidirectional overrides. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const unsafeNameCharacters = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** The reason a name is refused for its characters, or undefined when it is fine. */
export function unsafeNameReason(name: string, field: string): string | undefined {
    const found = unsafeNameCharacters.exec(name);
    if (!found) return undefined;
    const code = found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    return (
        `${field} contains U+${code}, a control or text-direction character: such names print differently from ` +
        "what they are (in Bringg's UI, logs and reviews); remove it"
    );
}
