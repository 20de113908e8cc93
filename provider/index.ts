/**
 * pulumi-bringg: manage Bringg OAuth applications with Pulumi.
 *
 * Settings: `bringg:region` (or `bringg:endpoint`), `bringg:username`, `bringg:password` (secret),
 * or the `BRINGG_*` environment variables.
 */
export { Application, type ApplicationArgs } from "./application/resource";
export { deliveryHubScopes } from "./application/delivery-hub";
export { ScopeTtls, type ScopeTtlsArgs, type Ttl } from "./scope-ttls/resource";
export { SecretRotation, type SecretRotationArgs, type HasClientId } from "./rotation/resource";
export {
    RotatingCredentials,
    type RotatingCredentialsArgs,
    CredentialPair,
    type CredentialPairArgs,
    type Credential,
} from "./rotating-credentials/resource";
