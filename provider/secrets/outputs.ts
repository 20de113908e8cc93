/**
 * The outputs every rotating resource shares, described once for the docs (see
 * provider/rotation/outputs.ts for how the descriptions are used).
 */
import { z } from "zod";

/** The `verification` output of a rotation (see `Verification` in ./rotate.ts). */
export const verificationOutput = z.enum(["passed", "skipped", "failed"]);
