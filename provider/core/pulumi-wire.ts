/**
 * The marker of a Pulumi secret on the wire, in exported state and in structured config:
 * `{ "4dabf…": "1b470…", value | plaintext | ciphertext }`.
 *
 * The Pulumi SDK exports the same two strings (`specialSigKey` and `specialSecretSig` of
 * `@pulumi/pulumi/runtime`), but the modules that read or write the marker are Pulumi-free, so
 * they take them from here; test/core/pulumi-wire.test.ts keeps the two copies equal.
 */

/** The key that marks a special (signed) value: a secret, an asset, a resource reference. */
export const secretSignatureKey = "4dabf18193072939515e22adb298388d";

/** The value of {@link secretSignatureKey} that marks a secret. */
export const secretSignature = "1b47061264138c4ac30d75fd1eb44270";

/** A value wrapped as a Pulumi secret on the wire. */
export function wireSecret(value: unknown): Record<string, unknown> {
    return { [secretSignatureKey]: secretSignature, value };
}

/** Whether a wire value is a secret's wrapper (see {@link wireSecret}). */
export function isWireSecret(value: unknown): value is { value?: unknown } {
    return value !== null && typeof value === "object" && (value as Record<string, unknown>)[secretSignatureKey] === secretSignature;
}
