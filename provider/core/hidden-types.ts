/**
 * The types of the hidden inputs (./hidden.ts), written without zod: the resource classes'
 * declarations use them, and a user's `tsc` must not have to read zod's declarations (see
 * test/package/install.test.ts). ./hidden.ts checks at compile time that its zod schema parses to
 * exactly these types.
 */

/**
 * Pulumi's autonaming settings for a resource without an explicit name (`pulumi:autonaming`, with
 * `providers.bringg` taking precedence), read by the class in the program: the engine does not pass
 * them to dynamic providers.
 */
export interface AutonamingRequest {
    /** The Pulumi resource name. */
    resourceName: string;
    project?: string | undefined;
    stack?: string | undefined;
    /** `default` (pattern), `verbatim` (the resource name) or `disabled` (a name is required). */
    mode?: string | undefined;
    /** E.g. `${name}-${hex(7)}`; default: Pulumi's pattern. */
    pattern?: string | undefined;
}

/** The parsed hidden inputs a resource's check gets; each field is documented on the schema in ./hidden.ts. */
export interface HiddenInputs {
    autonaming?: AutonamingRequest | undefined;
    nameTakenBy?: string | undefined;
    discardSecret?: boolean | undefined;
    inputProblems?: Array<{ property: string; reason: string }> | undefined;
    resourceName?: string | undefined;
    overlaps?: Record<string, string> | undefined;
    deliveryTargetsTakenBy?: Record<string, string> | undefined;
}
