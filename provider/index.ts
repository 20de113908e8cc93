/**
 * pulumi-bringg: manage Bringg OAuth applications with Pulumi, and keep credentials issued by other
 * vendors (Bruin, Brainysoft, Brite, any OAuth 2.0 server) verified with `VendorCredential`.
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
export {
    VendorCredential,
    type VendorCredentialArgs,
    type BringgCredentialArgs,
    type BruinCredentialArgs,
    type BrainysoftCredentialArgs,
    type BriteCredentialArgs,
    type OAuth2CredentialArgs,
    type CredentialChecks,
} from "./vendor-credential/resource";
export { getAccessTokenOutput, type GetAccessTokenArgs } from "./vendor-credential/access-token";
export { getAccessToken, clearTokenCache, type AccessToken } from "./vendors/access-token";
export {
    getScopes,
    getScopesOutput,
    getApplication,
    getApplicationOutput,
    getApplications,
    getApplicationsOutput,
    type GetScopesArgs,
    type GetApplicationArgs,
    type GetApplicationsArgs,
    type ScopeInfo,
    type ScopeAccess,
    type ApplicationInfo,
} from "./lookups";
export type { AccountArgs } from "./core/account-args";
