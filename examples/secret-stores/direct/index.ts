// Bringg credentials delivered by the provider itself, with no form of any secret in the state
// (keepSecretInState: false): consumers read AWS Secrets Manager or a file, never the stack.
//
//   pulumi config set secretsDir /run/secrets/bringg        (an absolute folder for the files)
//   pulumi config set quarter 2026-Q4                       (bump it to rotate)
//   pulumi config set awsEndpoint http://127.0.0.1:5000     (optional: moto or a VPC endpoint)
// AWS credentials come from the standard chain (AWS_PROFILE, AWS_ACCESS_KEY_ID, SSO, roles).
import * as pulumi from "@pulumi/pulumi";
import * as bringg from "pulumi-bringg";

const config = new pulumi.Config();
const secretsDir = config.require("secretsDir");
const endpoint = config.get("awsEndpoint");
const aws = (secretId: string) => ({ awsSecretsManager: { secretId, ...(endpoint ? { endpoint } : {}) } });

// One application; its secret goes to Secrets Manager and to a file, once, at create.
const reports = new bringg.Application("reports", {
    scopes: ["tasks_read"],
    enabled: true,
    deliverTo: [aws("bringg/reports"), { file: { path: `${secretsDir}/reports.json` } }],
    keepSecretInState: false,
});

// Zero-downtime rotation: each bump of `quarter` makes the standby application active. Secrets
// Manager holds `active` as AWSCURRENT and `previous` (still valid) as AWSPREVIOUS; the file holds
// `active`.
const integration = new bringg.RotatingCredentials("integration", {
    scopes: ["tasks_read"],
    triggers: { quarter: config.require("quarter") },
    deliverTo: [aws("bringg/integration"), { file: { path: `${secretsDir}/integration.json` } }],
    keepSecretInState: false,
});

// Not secret: what was delivered where, by fingerprint.
export const reportsClientId = reports.clientId;
export const reportsFingerprint = reports.fingerprint;
export const reportsReceipts = reports.receipts;
export const integrationGeneration = integration.generation;
export const integrationFingerprint = integration.activeFingerprint;
export const integrationReceipts = integration.pair.receipts;
