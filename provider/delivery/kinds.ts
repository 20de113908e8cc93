/**
 * The store kinds and payload formats, as plain types: the public type declarations (the
 * receipts of ./store.ts) import them, and must not import zod (./schema.ts holds the schemas).
 */

/** The store kinds a target can name, in the order messages list them. */
export const storeKinds = ["awsSecretsManager", "file", "command"] as const;

/** A store kind. */
export type StoreKind = (typeof storeKinds)[number];

/** A payload format. */
export type Format = "json" | "secret";
