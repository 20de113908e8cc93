// One credential per vendor, each verified with one token request on `pulumi up` (and again on
// `pulumi refresh`, with verifyOnRefresh), then handed to the services that use them.
//
// Against the emulator (`npm run emulator`, which prints the demo credentials):
//   pulumi config set vendorEmulator http://127.0.0.1:8089
//   pulumi config set storeDir "$PWD/store"   (absolute: the verified credentials land there)
//   pulumi config set bringg:endpoint http://127.0.0.1:8089   (+ bringg:username, --secret bringg:password)
//   pulumi config set bruinClientId demo-bruin-client && pulumi config set --secret bruinClientSecret ...
//   (likewise brainysoftCustomerKey, brainysoftClientId, brainysoftClientSecret, britePublicKey, briteSecret)
// Against the real vendors: leave vendorEmulator unset (and set bringg:region instead of bringg:endpoint).
import * as pulumi from "@pulumi/pulumi";
import * as bringg from "pulumi-bringg";

const config = new pulumi.Config();
// The emulator serves every vendor under a path prefix of one URL; unset means the real hosts.
const emulator = config.get("vendorEmulator");
// Where the verified credentials are delivered: one JSON file per vendor (mode 0600) in this
// absolute folder, e.g. a volume the consuming services mount. Any deliverTo target works the same
// (AWS Secrets Manager, a command such as `vault kv put`); see docs/secret-stores.md.
const storeDir = config.require("storeDir");
const storeFor = (vendor: string) => [{ file: { path: `${storeDir}/${vendor}.json` } }];

// Bringg: an application made by this stack, its credential verified like any other vendor's.
const app = new bringg.Application("dispatch", { scopes: ["tasks_read"], enabled: true });
const bringgCredential = new bringg.VendorCredential("bringg", {
    vendor: "bringg",
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    ...(emulator ? { endpoint: emulator } : { region: "us2" }),
    requiredScopes: ["tasks_read"],
    verifyOnRefresh: true,
    deliverTo: storeFor("bringg"),
});

// Bruin: credentials emailed by Bruin's API support; scope public_api is required.
const bruin = new bringg.VendorCredential("bruin", {
    vendor: "bruin",
    clientId: config.require("bruinClientId"),
    clientSecret: config.requireSecret("bruinClientSecret"),
    scope: "public_api",
    requiredScopes: ["public_api"],
    minLifetime: "30m",
    ...(emulator ? { endpoint: `${emulator}/bruin` } : {}),
    verifyOnRefresh: true,
    deliverTo: storeFor("bruin"),
});

// Brainysoft: a ClientApp of your customer's authorization service (its tokens live 5 minutes).
const brainysoft = new bringg.VendorCredential("brainysoft", {
    vendor: "brainysoft",
    customerKey: config.require("brainysoftCustomerKey"),
    clientId: config.require("brainysoftClientId"),
    clientSecret: config.requireSecret("brainysoftClientSecret"),
    requiredScopes: ["core_basic"],
    ...(emulator ? { endpoint: `${emulator}/brainysoft/{customerKey}` } : {}),
    verifyOnRefresh: true,
    deliverTo: storeFor("brainysoft"),
});

// Brite: a public key and secret from Brite Back Office. A check mints a token with
// merchant.authorize and never renews one (renewing kills the token other services hold).
const brite = new bringg.VendorCredential("brite", {
    vendor: "brite",
    publicKey: config.require("britePublicKey"),
    secret: config.requireSecret("briteSecret"),
    ...(emulator ? { endpoint: `${emulator}/brite` } : { environment: "sandbox" as const }),
    minLifetime: "1h",
    verifyOnRefresh: true,
    deliverTo: storeFor("brite"),
});

const credentials = { bringg: bringgCredential, bruin, brainysoft, brite };

// What each check found (not secret).
export const status = pulumi.all(Object.values(credentials).map((c) => c.status));
export const fingerprints = pulumi.all(Object.fromEntries(Object.entries(credentials).map(([k, c]) => [k, c.fingerprint])));
export const tokenLifetimes = pulumi.all(Object.fromEntries(Object.entries(credentials).map(([k, c]) => [k, c.tokenLifetime])));
export const grantedScopes = pulumi.all(Object.fromEntries(Object.entries(credentials).map(([k, c]) => [k, c.grantedScopes])));

// Where each credential went (not secret): store, reference, version id and fingerprint.
export const receipts = pulumi.all(Object.fromEntries(Object.entries(credentials).map(([k, c]) => [k, c.receipts])));

// A script-style token for a deployment step that calls Bruin's API (a secret, cached per process).
export const bruinToken = bringg.getAccessTokenOutput({
    vendor: "bruin",
    clientId: config.require("bruinClientId"),
    clientSecret: config.requireSecret("bruinClientSecret"),
    scope: "public_api",
    ...(emulator ? { endpoint: `${emulator}/bruin` } : {}),
}).accessToken;
