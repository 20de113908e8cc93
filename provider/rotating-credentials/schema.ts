/**
 * The inputs of the `CredentialPair` dynamic resource that RotatingCredentials owns, as a strict
 * zod schema (the component's own arguments are plain TypeScript: it creates the applications).
 */
import { z } from "zod";
import { rotationInputsObject } from "../secrets/schema";

/** The pair's inputs: the two applications (slot a, slot b) and when to rotate. */
export const credentialPairInputs = rotationInputsObject("CredentialPair", "clientIds", {
    clientIds: z
        .tuple([z.string().trim().min(1), z.string().trim().min(1)], {
            error: "clientIds must be the client ids of exactly two applications [slot a, slot b]",
        })
        .refine(([a, b]) => a !== b, "the two slots must be different applications")
        .meta({ description: "Client ids of the two applications: [slot a, slot b]. Changing them replaces the pair." }),
}).meta({
    title: "bringg.CredentialPair",
    description: "Two applications whose secrets are rotated alternately: each bump regenerates the standby one and makes it active.",
});

/** The inputs after check. */
export type CheckedCredentialPairInputs = z.output<typeof credentialPairInputs>;
