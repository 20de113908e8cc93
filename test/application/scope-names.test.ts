/**
 * Scope names as Bringg lists them: any spelling the account's catalog has (Bringg's documentation
 * writes both `Customer_write` and `teams_write`: docs/bringg-api.md#scope-names), checked against
 * that catalog with "did you mean" for a wrong case or a typo; and the Delivery Hub groups Delivery
 * Hub requires (docs/bringg-api.md#delivery-hub-scopes). Logic first, then the real CLI.
 */
import test from "ava";
import { testDeps } from "../helpers/deps";
import { demoCredentials, startEmulator, type RunningEmulator } from "../../emulator/server";
import * as crud from "../../provider/application/crud";
import { deliveryHubScopes, missingDeliveryHubScopes } from "../../provider/application/delivery-hub";
import { BringgClient } from "../../provider/core/client";
import { checkScopeNames, scopeNameProblem } from "../../provider/core/scope-names";
import { startBringgStack } from "../helpers/bringg";

const catalog = ["Customer", "Customer_write", "Create_customer", "teams", "teams_write", "tasks_read", "get_open_tasks"];

test("a scope name is judged by shape only: any case, no whitespace or control characters, at most 100 characters", (t) => {
    for (const good of ["Customer_write", "teams_write", "Create_customer", "fleet", "Order"]) t.is(scopeNameProblem(good), undefined, good);
    t.regex(scopeNameProblem("") ?? "", /must not be empty/);
    t.regex(scopeNameProblem("tasks read") ?? "", /no spaces or control characters/);
    t.regex(scopeNameProblem("tasks\u0007") ?? "", /no spaces or control characters/);
    t.regex(scopeNameProblem("x".repeat(101)) ?? "", /at most 100 characters/);
});

test("a name that differs from the catalog's only in case gets did you mean with the catalog's spelling", (t) => {
    const [failure] = checkScopeNames(["customer_write"], catalog);
    t.is(failure!.name, "customer_write");
    t.regex(failure!.reason, /"customer_write" is not a scope of this Bringg account; did you mean Customer_write\? Scope names are case-sensitive/);
    t.deepEqual(checkScopeNames(["Customer_write", "teams_write"], catalog), []);
});

test("a typo gets the closest catalog names, ignoring case; a name far from all gets how to list them", (t) => {
    t.regex(checkScopeNames(["Custmer_write"], catalog)[0]!.reason, /did you mean Customer_write/);
    t.regex(checkScopeNames(["create_costumer"], catalog)[0]!.reason, /did you mean Create_customer/);
    t.regex(checkScopeNames(["zzzzzzzzzz"], catalog)[0]!.reason, /none of its 7 scopes is close \(list them with GET \/oauth\/scopes\)/);
});

test("an application using a Delivery Hub scope lacks the groups it does not list; others lack none", (t) => {
    const hub = [
        { name: "Order", parent: null },
        { name: "Order_write", parent: "Order" },
        { name: "Create_order", parent: "Order_write" },
        { name: "Fulfillment", parent: null },
        { name: "Shipment", parent: null },
        { name: "Return", parent: null },
        { name: "tasks", parent: null },
    ];
    t.deepEqual(missingDeliveryHubScopes(["Create_order"], hub), ["Order", "Fulfillment", "Shipment", "Return"]);
    t.deepEqual(missingDeliveryHubScopes(["Order", "Shipment"], hub), ["Fulfillment", "Return"]);
    t.deepEqual(missingDeliveryHubScopes([...deliveryHubScopes], hub), []);
    t.deepEqual(missingDeliveryHubScopes(["tasks"], hub), []);
});

// ---- check against the emulator's catalog --------------------------------------------------------

let emulator: RunningEmulator;
test.before(async () => {
    emulator = await startEmulator({ port: 0 });
    process.env.BRINGG_ENDPOINT = emulator.url;
    process.env.BRINGG_USERNAME = demoCredentials.username;
    process.env.BRINGG_PASSWORD = demoCredentials.password;
});
test.after.always(async () => {
    await emulator?.stop();
});

/** Deps for a fresh client of `url` (no shared list between tests), collecting warnings. */
const depsFor = (url: string) => testDeps(new BringgClient({ settings: { baseUrl: url, ...demoCredentials }, retry: { limit: 0 } }));

test.serial("check lists the catalog for new scopes, and makes no call when the scopes did not change", async (t) => {
    emulator.control.resetCounters();
    const deps = depsFor(emulator.url);
    const fresh = await crud.check({}, { scopes: ["Customer_write", "tasks_read"] }, deps);
    t.deepEqual(fresh.failures, []);
    t.is(emulator.control.counters().byRoute.listScopes, 1);
    emulator.control.resetCounters();
    const same = await crud.check(fresh.inputs, { scopes: ["tasks_read", "Customer_write"] }, deps);
    t.deepEqual(same.failures, []);
    t.is(emulator.control.counters().total, 0);
});

test.serial("check names the scope with the wrong case by its index, with did you mean", async (t) => {
    const { failures } = await crud.check({}, { scopes: ["tasks_read", "customer_write"] }, depsFor(emulator.url));
    t.deepEqual(
        failures.map((f) => f.property),
        ["scopes[1]"],
    );
    t.regex(failures[0]!.reason, /did you mean Customer_write\?/);
});

test.serial("check warns when an application with Delivery Hub scopes lacks a required group", async (t) => {
    const partialDeps = depsFor(emulator.url);
    const partial = await crud.check({}, { scopes: ["Order", "Create_shipment"] }, partialDeps);
    t.deepEqual(partial.failures, []);
    t.is(partialDeps.warnings.length, 1);
    t.regex(partialDeps.warnings[0]!, /uses Delivery Hub scopes but lacks Fulfillment, Shipment, Return/);
    const completeDeps = depsFor(emulator.url);
    await crud.check({}, { scopes: [...deliveryHubScopes] }, completeDeps);
    t.deepEqual(completeDeps.warnings, []);
});

test.serial("a catalog that cannot be listed fails check clearly instead of crashing", async (t) => {
    const { failures } = await crud.check({}, { scopes: ["tasks_read"] }, depsFor("http://127.0.0.1:9"));
    t.is(failures.length, 1);
    t.is(failures[0]!.property, "scopes");
    t.regex(failures[0]!.reason, /could not be checked against Bringg's scope catalog/);
});

// ---- the real CLI -------------------------------------------------------------------------------

test.serial("an Application with Bringg's documented Customer_write deploys through the real CLI; a case typo fails preview with did you mean", async (t) => {
    const { stack, dispose } = await startBringgStack({
        name: "app-scope-names",
        program: `
import * as bringg from "pulumi-bringg";
const crm = new bringg.Application("crm", { scopes: ["Customer_write"], enabled: true });
export const scopes = crm.scopes;
`,
        emulator: await startEmulator({ port: 0 }),
    });
    t.teardown(dispose);
    await stack.ok(["up", "--yes", "--skip-preview"]);
    t.deepEqual((await stack.outputs()).scopes, ["Customer_write"]);
    await stack.setProgram(`
import * as bringg from "pulumi-bringg";
new bringg.Application("crm", { scopes: ["customer_write"], enabled: true });
`);
    const preview = await stack.run(["preview"]);
    t.not(preview.code, 0);
    t.regex(preview.output, /property scopes\[0\] .*"customer_write" is not a scope of this Bringg account; did you mean Customer_write\?/);
    await stack.setProgram(`
import * as bringg from "pulumi-bringg";
new bringg.Application("crm", { scopes: ["Customer_write"], enabled: true });
new bringg.Application("hub", { scopes: ["Order", "Shipment"] });
`);
    const warned = await stack.ok(["preview"]);
    t.regex(warned.output.replace(/\s+/g, " "), /uses Delivery Hub scopes but lacks Fulfillment, Return/);
});
