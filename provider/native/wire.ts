/**
 * Property values between the engine's wire form (`google.protobuf.Struct`, with Pulumi's signed
 * secret wrappers, since the plugin tells `Configure` it accepts secrets) and the plain values the
 * operations take. Unknown values (the preview sentinel) pass through as the operations expect.
 */
import { Struct, Value } from "google-protobuf/google/protobuf/struct_pb";
import type { Props } from "../core/contract";
import { isWireSecret, wireSecret } from "../core/pulumi-wire";

/** Sets an own property, also for a key (`__proto__`) that plain assignment would not make one. */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A Struct as plain values, every secret wrapper replaced by the value it wraps, each secret met
 * reported to `onSecret`. Unlike `Struct.toJavaScript`, a key that names a prototype (`__proto__`)
 * stays an own key, so that check can refuse it with its path instead of it vanishing.
 */
function structValue(struct: Struct, onSecret: () => void): unknown {
    const object: Record<string, unknown> = {};
    struct.getFieldsMap().forEach((value, key) => {
        setOwn(object, key, plainValue(value, onSecret));
    });
    if (!isWireSecret(object)) return object;
    onSecret();
    return object.value;
}

function plainValue(value: Value, onSecret: () => void): unknown {
    switch (value.getKindCase()) {
        case Value.KindCase.NUMBER_VALUE:
            return value.getNumberValue();
        case Value.KindCase.STRING_VALUE:
            return value.getStringValue();
        case Value.KindCase.BOOL_VALUE:
            return value.getBoolValue();
        case Value.KindCase.STRUCT_VALUE:
            return structValue(value.getStructValue()!, onSecret);
        case Value.KindCase.LIST_VALUE:
            return value
                .getListValue()!
                .getValuesList()
                .map((item) => plainValue(item, onSecret));
        default:
            return null;
    }
}

/** Plain properties from the wire, and the top-level keys that were (or held) secrets. */
export function fromWire(struct: Struct | undefined): { props: Props; secretKeys: Set<string> } {
    const props: Props = {};
    const secretKeys = new Set<string>();
    struct?.getFieldsMap().forEach((value, key) => {
        setOwn(
            props,
            key,
            plainValue(value, () => secretKeys.add(key)),
        );
    });
    return { props, secretKeys };
}

/** Properties with the given top-level keys wrapped as secrets (once), and no undefined field. */
export function markSecrets(props: Props, secretKeys: Iterable<string>): Props {
    const secret = new Set(secretKeys);
    const marked: Props = {};
    for (const [key, value] of Object.entries(props)) {
        if (value !== undefined) marked[key] = secret.has(key) && !isWireSecret(value) ? wireSecret(value) : value;
    }
    return marked;
}

/** The wire form of properties, with the given top-level keys wrapped as secrets (once). */
export function toWire(props: Props, secretKeys: Iterable<string>): Struct {
    // Through JSON: a Struct takes no Date.
    return Struct.fromJavaScript(JSON.parse(JSON.stringify(markSecrets(props, secretKeys))));
}
