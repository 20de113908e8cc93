// Bringg scope TTLs as reviewed code: the policy lives in ttl-policy.yaml, CI converges Bringg to it
// (.github/workflows/bringg-ttl.yml). Run locally against the emulator (`npm run emulator`, then
// `pulumi config set bringg:endpoint http://127.0.0.1:8089` plus the demo admin's credentials) or
// against real Bringg (`pulumi config set bringg:region us2`).
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as bringg from "pulumi-bringg";
import { parse } from "yaml";

// Values are passed through as written ("15m", 7200): the provider checks each one at preview and
// reports a bad line by its scope name (`ttls.tasks_write: "15x" is not a duration`).
const ttls = (parse(readFileSync(path.join(__dirname, "ttl-policy.yaml"), "utf8")) ?? {}) as Record<string, string | number>;

const policy = new bringg.ScopeTtls("policy", { ttls });

/** The TTL in force per managed scope, in seconds. */
export const scopeTtls = policy.ttls;
/** What each managed scope reverts to if it is removed from the policy. */
export const bringgDefaults = policy.defaults;
