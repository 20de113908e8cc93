/**
 * Property values between the engine's wire form (`google.protobuf.Struct`, with Pulumi's signed
 * secret wrappers, since the plugin tells `Configure` it accepts secrets) and the plain values the
 * operations take. Unknown values (the preview sentinel) pass through as the operations expect.
 */
import { Struct, Value } from "google-protobuf/google/protobuf/struct_pb";
import type { Props } from "../core/contract";
import { secretSignature, secretSignatureKey } from "../core/pulumi-wire";

function isSecretWrapper(value: unknown): value is { value?: unknown } {
    return value !== null && typeof value === "object" && (value as Record<string, unknown>)[secretSignatureKey] === secretSignature;
}

/** A value with every secret wrapper replaced by the value it wraps. */
function unwrapped(value: unknown): unknown {
    if (isSecretWrapper(value)) return unwrapped(value.value);
    if (Array.isArray(value)) return value.map(unwrapped);
    if (value !== null && typeof value === "object") {
        const object: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(value))
            Object.defineProperty(object, key, { value: unwrapped(item), enumerable: true, writable: true, configurable: true });
        return object;
    }
    return value;
}

/** True when a value is, or holds, a secret. */
function holdsSecret(value: unknown): boolean {
    if (isSecretWrapper(value)) return true;
    if (Array.isArray(value)) return value.some(holdsSecret);
    if (value !== null && typeof value === "object") return Object.values(value).some(holdsSecret);
    return false;
}

/**
 * A Struct as plain values. Unlike `Struct.toJavaScript`, a key that names a prototype
 * (`__proto__`) stays an own key, so that check can refuse it with its path instead of it vanishing.
 */
function structValue(struct: Struct): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    struct.getFieldsMap().forEach((value, key) => {
        Object.defineProperty(object, key, { value: plainValue(value), enumerable: true, writable: true, configurable: true });
    });
    return object;
}

function plainValue(value: Value): unknown {
    switch (value.getKindCase()) {
        case Value.KindCase.NUMBER_VALUE:
            return value.getNumberValue();
        case Value.KindCase.STRING_VALUE:
            return value.getStringValue();
        case Value.KindCase.BOOL_VALUE:
            return value.getBoolValue();
        case Value.KindCase.STRUCT_VALUE:
            return structValue(value.getStructValue()!);
        case Value.KindCase.LIST_VALUE:
            return value.getListValue()!.getValuesList().map(plainValue);
        default:
            return null;
    }
}

/** Plain properties from the wire, and the top-level keys that were (or held) secrets. */
export function fromWire(struct: Struct | undefined): { props: Props; secretKeys: Set<string> } {
    const raw = struct ? structValue(struct) : {};
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
