// Client-secret rotation, three ways. Run it against the emulator (`npm run emulator`, then
// `pulumi config set bringg:endpoint http://127.0.0.1:8089` with the demo admin's credentials)
// or against real Bringg (`pulumi config set bringg:region us2`).
//
// Bump a rotation:   pulumi config set quarter 2027-Q1 && pulumi up
// See what is due:   BRINGG_ROTATION_NOW=2027-03-01T00:00:00Z pulumi preview
import * as pulumi from "@pulumi/pulumi";
import * as bringg from "pulumi-bringg";

const config = new pulumi.Config();
const quarter = config.get("quarter") ?? "2026-Q4";

// 1. Plain bump, plus a time limit. One application, one secret: every rotation kills the old
//    secret and its tokens at once, so consumers must pick up the new one promptly.
const dashboards = new bringg.Application("dashboards", { scopes: ["tasks_read", "users_read"], enabled: true });
const dashboardsSecret = new bringg.SecretRotation("dashboards-secret", {
    application: dashboards,
    triggers: { quarter },
    rotateAfter: "90d", // also rotate on the first `pulumi up` after 90 days
});

// Publish THESE two values (not dashboards.clientSecret, which dies at the first rotation).
export const dashboardsClientId = dashboardsSecret.clientId;
export const dashboardsClientSecret = dashboardsSecret.clientSecret; // a Pulumi secret
export const dashboardsFingerprint = dashboardsSecret.fingerprint; // not secret: for audit logs
export const dashboardsRotatedAt = dashboardsSecret.rotatedAt;

// 2. Zero downtime: two applications rotated alternately. After each bump `active` is new and
//    `previous` (the credential that was active until now) keeps working until the next bump.
const integration = new bringg.RotatingCredentials("integration", {
    scopes: ["tasks_read"],
    triggers: { quarter },
});

export const integrationActive = integration.active; // { clientId, clientSecret, ... }, a Pulumi secret
export const integrationPrevious = integration.previous;
export const integrationGeneration = integration.generation;
