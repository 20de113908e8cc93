/**
 * What an API profile (./profile.ts) does to a call, as pure functions of the profile: the route
 * an operation is served at (method and path), the request body as the account names its fields,
 * and the reply as the client's schemas (./wire.ts) read it. The client applies the forward
 * transforms, the emulator their inverses, so that a client and an emulator given one profile
 * speak to each other. No I/O, no Pulumi imports.
 */
import { defaultProfile, type ApiProfile, type OperationProfile } from "./profile";
import { routes, type Route, type RouteName } from "./routes";

/** An operation's route under a profile: the built-in route with the profile's method and path. */
export interface ProfiledRoute extends Route {
    readonly name: RouteName;
    /** The profile's entry for the operation (empty when it has none). */
    readonly profile: OperationProfile;
    /** True when the profile changes the method or path. */
    readonly moved: boolean;
}

/** The profile's entry for an operation; empty when the profile leaves it as built in. */
export function operationProfile(profile: ApiProfile, name: RouteName): OperationProfile {
    return profile.operations[name] ?? {};
}

/** An operation's route under a profile (the built-in default when none is given). */
export function profiledRoute(name: RouteName, profile: ApiProfile = defaultProfile): ProfiledRoute {
    const route: Route = routes[name];
    const op = operationProfile(profile, name);
    const method = op.method ?? route.method;
    const path = op.path ?? route.path;
    return { ...route, method, path, name, profile: op, moved: method !== route.method || path !== route.path };
}

/** Fills a path template's `{id}` (and any other `{key}`) from `params`, e.g. `/apps/{id}` → `/apps/7`. */
export function fillPath(name: RouteName, template: string, params: Record<string, string | number> = {}): string {
    return template.replace(/\{(\w+)\}/g, (_, key: string) => {
        const value = params[key];
        if (value === undefined) throw new Error(`route ${name} needs the path parameter "${key}"`);
        return encodeURIComponent(String(value));
    });
}

// ---- dotted paths -----------------------------------------------------------------------------

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value at a dotted path (`data.applications`); undefined when any step is missing. */
export function getPath(value: unknown, dotted: string): unknown {
    let at = value;
    for (const key of dotted.split(".")) {
        if (!isObject(at) || !Object.hasOwn(at, key)) return undefined;
        at = at[key];
    }
    return at;
}

/** Sets the value at a dotted path, making the objects on the way. */
function setPath(target: Json, dotted: string, value: unknown): void {
    const keys = dotted.split(".");
    let at = target;
    for (const key of keys.slice(0, -1)) {
        if (!isObject(at[key])) at[key] = {};
        at = at[key] as Json;
    }
    at[keys[keys.length - 1]!] = value;
}

/** Removes the value at a dotted path (objects on the way are kept). */
function deletePath(target: Json, dotted: string): void {
    const keys = dotted.split(".");
    const parent = keys.length === 1 ? target : getPath(target, keys.slice(0, -1).join("."));
    if (isObject(parent)) delete parent[keys[keys.length - 1]!];
}

/** Moves each `from` → `to` of a renaming in a copy of an object; other fields stay. */
function renamed(value: unknown, renames: readonly (readonly [from: string, to: string])[]): unknown {
    if (!isObject(value) || renames.length === 0) return value;
    const copy = structuredClone(value);
    const moved = renames.flatMap(([from, to]) => {
        const found = getPath(copy, from);
        return found === undefined ? [] : [[from, to, found] as const];
    });
    for (const [from] of moved) deletePath(copy, from);
    for (const [, to, found] of moved) setPath(copy, to, found);
    return copy;
}

/** Renames an object, or each object of a list. */
function renamedEach(value: unknown, renames: readonly (readonly [string, string])[]): unknown {
    return Array.isArray(value) ? value.map((item) => renamed(item, renames)) : renamed(value, renames);
}

// ---- client side ------------------------------------------------------------------------------

/** A request body as the account names its fields (ours → theirs); the body itself when nothing is renamed. */
export function requestAsSent(op: OperationProfile, body: unknown): unknown {
    return renamed(body, Object.entries(op.requestFields ?? {}));
}

/**
 * The payload of a reply as the client's schemas read it: taken out of the profile's envelope, then
 * its fields (each item's, for a list) renamed from the account's names to ours. Where the envelope
 * is missing the payload is undefined, so that the schema says what was expected.
 */
export function replyAsRead(op: OperationProfile, body: unknown): unknown {
    const payload = op.envelope === undefined ? body : getPath(body, op.envelope);
    const aliases = Object.entries(op.aliases ?? {}).map(([ours, theirs]) => [theirs, ours] as const);
    return renamedEach(payload, aliases);
}

// ---- server side (the emulator) ---------------------------------------------------------------

/** A request body as received under a profile, with our field names (theirs → ours). */
export function requestAsReceived(op: OperationProfile, body: unknown): unknown {
    return renamed(
        body,
        Object.entries(op.requestFields ?? {}).map(([ours, theirs]) => [theirs, ours] as const),
    );
}

/**
 * A reply in the profile's shape: the payload's fields (each item's, for a list) renamed from ours
 * to the account's, put at the envelope's path. `beside` adds fields at dotted paths from the
 * reply's root, beside the payload (a page's `meta.next_page`, say); they need an envelope, or a
 * payload that is an object.
 */
export function replyAsSent(op: OperationProfile, payload: unknown, beside: Readonly<Record<string, unknown>> = {}): unknown {
    const shaped = renamedEach(payload, Object.entries(op.aliases ?? {}));
    const extra = Object.entries(beside);
    if (op.envelope === undefined) {
        if (extra.length === 0) return shaped;
        if (!isObject(shaped)) throw new Error("fields beside a list payload need an envelope in the profile");
        const copy = structuredClone(shaped);
        for (const [at, value] of extra) setPath(copy, at, value);
        return copy;
    }
    const reply: Json = {};
    setPath(reply, op.envelope, shaped);
    for (const [at, value] of extra) setPath(reply, at, value);
    return reply;
}
