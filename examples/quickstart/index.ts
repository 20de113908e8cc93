// The quick start: what `npm run demo` deploys against the embedded Bringg emulator.
// Point the same program at real Bringg with `pulumi config set bringg:region us2` (and your
// admin credentials) instead of bringg:endpoint.
import * as bringg from "pulumi-bringg";

// An OAuth application for the dashboards team. Bringg creates applications disabled; `enabled`
// lets tokens be issued for it.
const dashboards = new bringg.Application("dashboards", {
    scopes: ["tasks_read", "users_read"],
    enabled: true,
});

export const clientId = dashboards.clientId;
/** A Pulumi secret: shown as [secret], encrypted in the state. */
export const clientSecret = dashboards.clientSecret;
