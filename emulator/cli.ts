/**
 * `npm run emulator -- [--port <n>] [--data-file <path>] [--controls] [--catalog <file>]
 * [--regions us2,eu2] [--latency-ms <n>] [--api-profile <file>] [--page-size <n> --page-style page|link|cursor|envelope]`: starts the emulator and prints its URLs (API, settings page, regional
 * hosts) and the demo admin's credentials. Stops on SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import { checkPaging, type PagedList, type Paging, type PageStyle } from "./paging";
import { demoCredentials, demoVendorCredentials, seedUsers, startEmulator } from "./server";

/** The port `npm run emulator` listens on unless told otherwise. */
export const defaultPort = 8089;

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            port: { type: "string", default: String(defaultPort) },
            host: { type: "string", default: "127.0.0.1" },
            "data-file": { type: "string" },
            controls: { type: "boolean", default: false },
            catalog: { type: "string" },
            regions: { type: "string" },
            "latency-ms": { type: "string", default: "0" },
            "api-profile": { type: "string" },
            "page-size": { type: "string" },
            "page-style": { type: "string" },
            "page-lists": { type: "string" },
            help: { type: "boolean", short: "h", default: false },
        },
        strict: true,
    });
    if (values.help) {
        console.log(
            "usage: npm run emulator -- [--port <n>] [--host <addr>] [--data-file <path>] [--controls]\n" +
                "                           [--catalog <scopes.json|scopes.yaml>] [--regions us2,eu2] [--latency-ms <n>]\n" +
                "                           [--api-profile <profile.yaml|profile.json>]\n" +
                "                           [--page-size <n> [--page-style page|link|cursor|envelope] [--page-lists listApplications,listScopes]]",
        );
        return;
    }
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, not ${values.port}`);
    const paging = pagingOf(values["page-size"], values["page-style"], values["page-lists"]);
    const emulator = await startEmulator({
        paging,
        port,
        host: values.host,
        dataFile: values["data-file"],
        controls: values.controls,
        catalog: values.catalog,
        regions: values.regions
            ?.split(",")
            .map((r) => r.trim())
            .filter(Boolean),
        latencyMs: Number(values["latency-ms"]),
        apiProfile: values["api-profile"],
    });
    console.log(`Bringg emulator listening on ${emulator.url}`);
    console.log(`  settings page: ${emulator.url}/`);
    for (const [region, url] of Object.entries(emulator.regionUrls)) console.log(`  ${region} host: ${url}`);
    if (values.catalog) console.log(`  scope catalog: ${values.catalog}`);
    if (values["api-profile"]) console.log(`  API profile: ${values["api-profile"]} (the settings page keeps the built-in routes)`);
    console.log(`  demo admin (merchant "Demo Merchant", region ${demoCredentials.region}):`);
    console.log(`    username: ${demoCredentials.username}`);
    console.log(`    password: ${demoCredentials.password}`);
    // The second merchant: a second account (docs/accounts.md), best on its own regional host (--regions us2,eu2).
    const second = seedUsers.secondAdmin;
    const secondHost = emulator.regionUrls.eu2 ? ` at ${emulator.regionUrls.eu2}` : "";
    console.log(`  second admin (merchant "Second Merchant", region eu2${secondHost}; a second account):`);
    console.log(`    username: ${second.username}`);
    console.log(`    password: ${second.password}`);
    const { bruin, brainysoft, brite } = demoVendorCredentials;
    console.log("  vendor token endpoints (in memory; see emulator/README.md):");
    console.log(`    bruin:      ${emulator.url}/bruin/identity/connect/token  client ${bruin.clientId} / ${bruin.clientSecret}`);
    console.log(`    brainysoft: ${emulator.url}/brainysoft/${brainysoft.customerKey}/oauth/token  client ${brainysoft.clientId} / ${brainysoft.clientSecret}`);
    console.log(`    brite:      ${emulator.url}/brite/api/merchant.authorize  public key ${brite.publicKey} / ${brite.secret}`);
    if (Number(values["latency-ms"]) > 0) console.log(`  simulated latency: ${values["latency-ms"]} ms per API call`);
    if (paging) console.log(`  paged lists: ${(paging.lists ?? ["listApplications"]).join(", ")}, ${paging.size} a page, style ${paging.style}`);
    if (values["data-file"]) console.log(`  state file: ${values["data-file"]}`);
    if (values.controls) console.log(`  test controls: ${emulator.url}/__control/<method> and ${emulator.url}/__control/vendors/<method>`);
    const stop = () => {
        emulator.stop().then(
            () => process.exit(0),
            () => process.exit(1),
        );
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
}

/** The paging the flags ask for: `--page-size` turns it on (style `link` unless `--page-style` says otherwise). */
function pagingOf(size: string | undefined, style: string | undefined, lists: string | undefined): Paging | undefined {
    if (size === undefined) {
        if (style !== undefined || lists !== undefined) throw new Error("--page-style and --page-lists need --page-size <n>");
        return undefined;
    }
    const named = (lists ?? "listApplications").split(",").map((list) => list.trim());
    for (const list of named) {
        if (list !== "listApplications" && list !== "listScopes") throw new Error(`--page-lists takes listApplications and listScopes, not ${list}`);
    }
    return checkPaging({ size: Number(size), style: (style ?? "link") as PageStyle, lists: named as PagedList[] });
}

main().catch((error: unknown) => {
    console.error(`emulator: ${(error as Error).message}`);
    process.exit(1);
});
