// The native provider plugin from TypeScript: the SDK generated from the package schema
// (`@pulumi-bringg/sdk`) instead of the dynamic resources of `pulumi-bringg`. Same resources and
// checks; in addition `pulumi import`, explicit providers and ~1 KB less state per resource.
// docs/native-provider.md says how to install the plugin and the SDK.
//
//   pulumi config set bringg:endpoint http://127.0.0.1:8089       # or bringg:region us2
//   pulumi config set bringg:username admin@demo-merchant.example
//   pulumi config set --secret bringg:password demo-admin-secret
//   # the second merchant, through an explicit provider:
//   pulumi config set euEndpoint http://127.0.0.1:8089
//   pulumi config set euUsername admin@second-merchant.example
//   pulumi config set --secret euPassword second-admin-secret
import * as bringg from "@pulumi-bringg/sdk";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();

// An application on the default provider (the bringg:* stack config).
const dashboards = new bringg.Application("dashboards", {
    scopes: ["tasks_read", "users_read"],
    enabled: true,
});

// Token lifetimes kept in the repository.
const policy = new bringg.ScopeTtls("ttl-policy", {
    ttls: { tasks_write: "15m", users_read: "2h" },
});

// Rotate the dashboards secret by changing `quarter`.
const secret = new bringg.SecretRotation("dashboards-secret", {
    clientId: dashboards.clientId,
    triggers: { quarter: config.get("quarter") ?? "2026-Q1" },
});

// A second merchant: an explicit provider instead of a named account.
const eu = new bringg.Provider("eu", {
    endpoint: config.require("euEndpoint"),
    username: config.require("euUsername"),
    password: config.requireSecret("euPassword"),
});
const euReports = new bringg.Application("eu-reports", { scopes: ["tasks_read"], enabled: true }, { provider: eu });

// Lookups are invokes of the plugin.
const scopes = bringg.getScopesOutput({});
const found = bringg.getApplicationOutput({ clientId: dashboards.clientId });

export const dashboardsClientId = secret.clientId;
export const dashboardsClientSecret = secret.clientSecret; // a Pulumi secret
export const secretVersion = secret.version;
export const ttls = policy.ttls;
export const euClientId = euReports.clientId;
export const scopeCount = scopes.scopes.apply((list) => list.length);
export const foundName = found.name;
