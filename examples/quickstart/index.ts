// The quick start: what `npm run demo` deploys against the embedded Bringg emulator. It shows the
// three jobs the provider is for. Point the same program at real Bringg with
// `pulumi config set bringg:region us2` (and your admin credentials) instead of bringg:endpoint.
import * as bringg from "pulumi-bringg";

// 1. An OAuth application for the dashboards team. Bringg creates applications disabled;
//    `enabled: true` lets tokens be issued for it.
const dashboards = new bringg.Application("dashboards", {
    scopes: ["tasks_read", "users_read"],
    enabled: true,
});

// 2. Scope token TTLs kept in the repository: only the scopes listed here are managed; removing
//    one reverts it to Bringg's default.
const policy = new bringg.ScopeTtls("ttl-policy", {
    ttls: { tasks_write: "15m", users_read: "2h" },
});

// 3. Secret rotation by bumping a property: change `quarter` and the next `pulumi up` generates
//    a new secret, checks it works and that the old one is refused.
const secret = new bringg.SecretRotation("dashboards-secret", {
    application: dashboards,
    triggers: { quarter: "2026-Q4" },
});

export const clientId = secret.clientId;
/** The credential to hand to a secret store: a Pulumi secret, encrypted in the state. */
export const clientSecret = secret.clientSecret;
/** Non-secret, for audit: which secret is live, and how many rotations it took. */
export const secretFingerprint = secret.fingerprint;
export const secretVersion = secret.version;
export const ttls = policy.ttls;
