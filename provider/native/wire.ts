/**
 * Property values between the engine's wire form (`google.protobuf.Struct`, with Pulumi's signed
 * secret wrappers, since the plugin tells `Configure` it accepts secrets) and the plain values the
 * operations take. Unknown values (the preview sentinel) pass through as the operations expect.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { Props } from "../core/contract";
import { secretSignature, secretSignatureKey } from "../core/pulumi-wire";

function isSecretWrapper(value: unknown): value is { value?: unknown } {
    return value !== null && typeof value === "object" && (value as Record<string, unknown>)[secretSignatureKey] === secretSignature;
}

/** A value with every secret wrapper replaced by the value it wraps. */
function unwrapped(value: unknown): unknown {
    if (isSecretWrapper(value)) return unwrapped(value.value);
    if (Array.isArray(value)) return value.map(unwrapped);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapped(v)]));
    return value;
}

/** True when a value is, or holds, a secret. */
function holdsSecret(value: unknown): boolean {
    if (isSecretWrapper(value)) return true;
    if (Array.isArray(value)) return value.some(holdsSecret);
    if (value !== null && typeof value === "object") return Object.values(value).some(holdsSecret);
    return false;
}

/** Plain properties from the wire, and the top-level keys that were (or held) secrets. */
export function fromWire(struct: Struct | undefined): { props: Props; secretKeys: Set<string> } {
    const raw = (struct?.toJavaScript() ?? {}) as Props;
    const secretKeys = new Set(Object.keys(raw).filter((key) => holdsSecret(raw[key])));
    return { props: unwrapped(raw) as Props, secretKeys };
}

/** The wire form of properties, with the given top-level keys wrapped as secrets. */
export function toWire(props: Props, secretKeys: Iterable<string>): Struct {
    const secret = new Set(secretKeys);
    const wire: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(props)) {
        if (value === undefined) continue;
        wire[key] = secret.has(key) && !isSecretWrapper(value) ? { [secretSignatureKey]: secretSignature, value } : value;
    }
    // Through JSON: a Struct takes no undefined (a field left out) and no Date.
    return Struct.fromJavaScript(JSON.parse(JSON.stringify(wire)));
}
