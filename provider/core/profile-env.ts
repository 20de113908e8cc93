/**
 * A stop-gap until the API profile loader is wired: the profile named by `BRINGG_API_PROFILE`, a
 * JSON file in the shape of provider/api/profile.ts (`{"operations": {"listApplications":
 * {"pagination": {"style": "link"}}}}`), read as it is; the built-in default without the variable.
 * The full loader (YAML, positions, validation, `bringg:apiProfile`) replaces this module.
 */
import { readFileSync } from "node:fs";
import { defaultProfile, type ApiProfile } from "../api/profile";

/** The profile `BRINGG_API_PROFILE` names, or the built-in default. */
export function profileFromEnvironment(env: NodeJS.ProcessEnv = process.env): ApiProfile {
    const file = env.BRINGG_API_PROFILE;
    if (!file) return defaultProfile;
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<ApiProfile>;
    if (typeof parsed.operations !== "object" || parsed.operations === null) throw new Error(`${file}: an API profile needs an "operations" object`);
    return { source: file, operations: parsed.operations };
}
