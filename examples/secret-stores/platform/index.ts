// The platform team's stack: it owns the Bringg application, and publishes its credential as
// stack outputs. Other stacks read them through a StackReference (../consumer); the secret stays a
// Pulumi secret all the way (encrypted in both states, `[secret]` in every CLI output).
//
//   pulumi config set bringg:endpoint http://127.0.0.1:8089   (or bringg:region us2)
//   pulumi config set bringg:username admin@demo-merchant.example
//   pulumi config set --secret bringg:password '...'
import * as bringg from "pulumi-bringg";

const app = new bringg.Application("dashboards", { scopes: ["tasks_read"], enabled: true });

export const clientId = app.clientId;
export const clientSecret = app.clientSecret; // a Pulumi secret
