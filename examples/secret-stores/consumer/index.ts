// A consumer stack: it reads the platform stack's credential through a StackReference and gets a
// Bringg token with it. Nothing here can change the application; the platform stack owns it.
//
//   pulumi config set platformStack organization/secret-stores-platform/dev   (the platform stack)
//   pulumi config set bringgEndpoint http://127.0.0.1:8089                    (or bringgRegion us2)
import * as pulumi from "@pulumi/pulumi";
import * as bringg from "pulumi-bringg";

const config = new pulumi.Config();
const platform = new pulumi.StackReference(config.require("platformStack"));
const clientId = platform.requireOutput("clientId") as pulumi.Output<string>;
// A secret output of the other stack stays a secret Output here.
const clientSecret = platform.requireOutput("clientSecret") as pulumi.Output<string>;

const endpoint = config.get("bringgEndpoint");
const token = bringg.getAccessTokenOutput({
    vendor: "bringg",
    clientId,
    clientSecret,
    ...(endpoint ? { endpoint } : { region: config.get("bringgRegion") ?? "us2" }),
});

export const platformClientId = clientId;
export const accessToken = token.accessToken; // [secret]
export const tokenScopes = token.scopes;
