/**
 * `npm run export-scopes > scopes.json`: writes the account's scope catalog, as the Scopes API lists
 * it, for `npm run emulator -- --catalog scopes.json`. Settings come from BRINGG_REGION (or
 * BRINGG_ENDPOINT), BRINGG_USERNAME and BRINGG_PASSWORD, as for the provider; the call is the
 * provider's own (route `listScopes` of provider/api/routes.ts).
 */
import { createProviderContext } from "../provider/core/context";

async function main(): Promise<void> {
    // No stack config here: the environment's settings only.
    const scopes = await createProviderContext(() => undefined)
        .client()
        .listScopes();
    process.stdout.write(`${JSON.stringify(scopes, null, 2)}\n`);
}

main().catch((error: unknown) => {
    console.error(`export-scopes: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
});
