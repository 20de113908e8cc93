/**
 * An account's own scope catalog (`--catalog scopes.json|yaml`): the file the Scopes API lists
 * loads as the emulator's tree, with the account's spelling, defaults and TTLs.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import test, { type ExecutionContext } from "ava";
import { stringify as toYaml } from "yaml";
import { catalogFromData, CatalogFileError } from "../../emulator/catalog-file";
import { admin, callRoute, createApp, freshEmulator, requestToken, tokenFor, decodeJwt } from "./helpers";

/** A small account catalog in Bringg's documented spelling (docs/bringg-api.md#scope-names), as `GET /oauth/scopes` would list it. */
const accountCatalog = [
    { name: "Customer", description: "Customers", parent: null, default_ttl: 1800, ttl: 1800 },
    { name: "Customer_write", description: "Customers: write", parent: "Customer", default_ttl: 1800, ttl: 1800 },
    { name: "Create_customer", description: "Create Customer", parent: "Customer_write", default_ttl: 1800, ttl: 900 },
    { name: "Update_customer", description: "Update Customer", parent: "Customer_write", default_ttl: 1800, ttl: 1800 },
    { name: "teams", description: "Teams", parent: null, default_ttl: 1800, ttl: 1800 },
    { name: "teams_read", description: "Teams: read", parent: "teams", default_ttl: 14400, ttl: 14400 },
    { name: "team_index", description: "Show All Teams", parent: "teams_read", default_ttl: 14400, ttl: 3600 },
    { name: "get_open_tasks", description: "Get Open Orders", parent: "teams_read", default_ttl: 14400, ttl: 14400 },
];

async function catalogFile(t: ExecutionContext, name: string, text: string): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), "bringg-catalog-"));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    const file = path.join(dir, name);
    await writeFile(file, text);
    return file;
}

for (const [format, name, text] of [
    ["JSON", "scopes.json", JSON.stringify(accountCatalog, null, 2)],
    ["YAML", "scopes.yaml", toYaml({ scopes: accountCatalog })],
] as const) {
    test(`a ${format} catalog file using the seed's capitalised names loads as the emulator's scope tree`, async (t) => {
        const emulator = await freshEmulator(t, { catalog: await catalogFile(t, name, text) });
        const listed = await callRoute(emulator, "listScopes", {}, { as: admin });
        t.is(listed.status, 200);
        t.deepEqual(
            listed.body.map((s: { name: string }) => s.name),
            ["Customer", "Customer_write", "Create_customer", "Update_customer", "teams", "teams_read", "team_index", "get_open_tasks"],
        );
        t.like(
            listed.body.find((s: { name: string }) => s.name === "Create_customer"),
            { default_ttl: 1800, ttl: 900 },
        );
        t.like(
            listed.body.find((s: { name: string }) => s.name === "team_index"),
            { default_ttl: 14400, ttl: 3600 },
        );
    });
}

test("an application with a group of the loaded catalog covers its endpoints, with the account's TTLs", async (t) => {
    const emulator = await freshEmulator(t, { catalog: catalogFromData(accountCatalog) });
    const app = await createApp(emulator, ["Customer_write"]);
    const token = await tokenFor(emulator, app, { scope: "Create_customer" });
    t.deepEqual(decodeJwt(token).claims.scp, ["Create_customer"]);
    t.is((await requestToken(emulator, app, { scope: "Create_customer" })).body.expires_in, 900);
    const wrongCase = await callRoute(emulator, "createApplication", {}, { as: admin, json: { name: "x", scopes: ["customer_write"] } });
    t.is(wrongCase.status, 400, "scope names are case-sensitive");
    t.regex(wrongCase.body.title, /unknown scope: customer_write/);
});

test("the scope list of one emulator loads as another's catalog unchanged (export, then --catalog)", async (t) => {
    const source = await freshEmulator(t);
    await callRoute(source, "setScopeTtls", {}, { as: admin, json: { teams_write: 1000 } });
    const exported = (await callRoute(source, "listScopes", {}, { as: admin })).body;
    const copy = await freshEmulator(t, { catalog: catalogFromData(exported) });
    t.deepEqual((await callRoute(copy, "listScopes", {}, { as: admin })).body, exported);
});

test("a catalog file's problems are all reported, naming the file", (t) => {
    const error = t.throws(
        () =>
            catalogFromData(
                [
                    { name: "Customer", parent: null },
                    { name: "Customer", parent: null },
                    { name: "Create_customer", parent: "Customer_write" },
                    { name: "a", parent: "b" },
                    { name: "b", parent: "a" },
                ],
                "scopes.json",
            ),
        { instanceOf: CatalogFileError },
    );
    t.regex(error!.message, /^scope catalog scopes\.json: /);
    t.regex(error!.message, /Customer is listed twice/);
    t.regex(error!.message, /Create_customer: its parent Customer_write is not in the file/);
    t.regex(error!.message, /a: its parents form a loop/);
    t.throws(() => catalogFromData([{ name: "bad name" }]), { message: /0\.name: a scope name is 1 to 100 characters/ });
    t.throws(() => catalogFromData({ nothing: true }), { instanceOf: CatalogFileError });
});

test("an endpoint's HTTP method decides its default TTL where the catalog gives one (the Delivery Hub page)", (t) => {
    const { scopes } = catalogFromData([
        { name: "Order", parent: null },
        { name: "Order_write", parent: "Order" },
        { name: "Get_order_status", parent: "Order_write", method: "get" },
        { name: "Create_order", parent: "Order_write", method: "POST" },
    ]);
    t.like(
        scopes.find((s) => s.name === "Get_order_status"),
        { kind: "endpoint", method: "GET" },
    );
    t.like(
        scopes.find((s) => s.name === "Order_write"),
        { kind: "write" },
    );
    t.like(
        scopes.find((s) => s.name === "Order"),
        { kind: "group" },
    );
});

test("export-scopes writes the account's catalog in a form --catalog loads", async (t) => {
    const { execFile } = await import("node:child_process");
    const source = await freshEmulator(t);
    const script = path.resolve(__dirname, "..", "..", "scripts", "export-scopes.js");
    const env = { ...process.env, BRINGG_REGION: "", BRINGG_ENDPOINT: source.url, BRINGG_USERNAME: admin.username, BRINGG_PASSWORD: admin.password };
    const stdout = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, [script], { env }, (error, out, err) => (error ? reject(new Error(err)) : resolve(out))),
    );
    const file = await catalogFile(t, "scopes.json", stdout);
    const copy = await freshEmulator(t, { catalog: file });
    t.deepEqual((await callRoute(copy, "listScopes", {}, { as: admin })).body, JSON.parse(stdout));
});
