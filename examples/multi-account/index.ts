// Two Bringg merchants in one program: a US account and an EU account, each with its own region
// and admin user, named in the stack config (passwords as secrets):
//
//   pulumi config set --path bringg:accounts.us.region us2
//   pulumi config set --path bringg:accounts.us.username admin@us.example.com
//   pulumi config set --secret --path bringg:accounts.us.password <password>
//   pulumi config set --path bringg:accounts.eu.region eu2
//   pulumi config set --path bringg:accounts.eu.username admin@eu.example.com
//   pulumi config set --secret --path bringg:accounts.eu.password <password>
//
// Against the emulator (`npm run emulator -- --regions us2,eu2`), set `.endpoint` to the regional
// URLs it prints instead of `.region`; its US admin is the demo merchant's, its EU admin the
// second merchant's. To take over an application someone made in Bringg's web UI, name it:
// `pulumi config set legacyApplication "<its name>"` (it must live in the EU account).
import * as pulumi from "@pulumi/pulumi";
import * as bringg from "pulumi-bringg";

const config = new pulumi.Config();
const quarter = config.get("quarter") ?? "2026-Q4";

// The same setup in each account; TTL policy differs per region.
const policy = { us: { tasks_write: "15m", users_read: "2h" }, eu: { tasks_write: "10m", users_read: "1h" } };

const rotations: Record<string, bringg.SecretRotation> = {};
for (const account of ["us", "eu"] as const) {
    const dashboards = new bringg.Application(`${account}-dashboards`, { account, scopes: ["tasks_read", "users_read"], enabled: true });
    new bringg.ScopeTtls(`${account}-ttls`, { account, ttls: policy[account] });
    // Follows the application's account.
    rotations[account] = new bringg.SecretRotation(`${account}-dashboards-secret`, { application: dashboards, triggers: { quarter } });
}

export const usClientId = rotations.us!.clientId;
export const usClientSecret = rotations.us!.clientSecret; // a Pulumi secret
export const euClientId = rotations.eu!.clientId;
export const euClientSecret = rotations.eu!.clientSecret; // a Pulumi secret

// Lookups read what exists: the EU catalog's TTLs in force, and an application made by hand.
export const euTasksWriteDefault = bringg.getScopesOutput({ account: "eu" }).apply((scopes) => scopes.find((s) => s.name === "tasks_write")?.defaultTtlSeconds);

const legacyName = config.get("legacyApplication");
const legacy = legacyName
    ? new bringg.Application("eu-legacy", {
          account: "eu",
          adopt: { clientId: bringg.getApplicationOutput({ name: legacyName, account: "eu" }).clientId },
      })
    : undefined;
export const legacyClientId = legacy?.clientId;
