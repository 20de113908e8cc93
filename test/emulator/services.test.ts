/**
 * The protected APIs a token is for: every `/services/<id>` seed 000 (Access Management, "List of
 * Oauth2.0 API URLs") lists, and the Delivery Hub v2 API seed 001 (Delivery Hub OAuth) names.
 */
import test from "ava";
import { serviceIds } from "../../emulator/services";
import { seedUsers } from "../../emulator/server";
import { call, createApp, sharedEmulator, tokenFor } from "./helpers";

const emulator = sharedEmulator(test);
const service = (id: string) => `/services/${id}`;

test("every service identifier seed 000 lists is served at /services/<id> and answers a token whose scopes cover it", async (t) => {
    t.is(serviceIds.length, 51, "seed 000 lists 51 identifiers (and two delivery-slot entries without one)");
    const everything = await createApp(emulator(), [
        "tasks",
        "notes",
        "Customer",
        "users",
        "shifts",
        "teams",
        "delivery_blocks",
        "pickups",
        "parking_spots",
        "vehicles",
    ]);
    const token = await tokenFor(emulator(), everything);
    for (const id of serviceIds) {
        const answer = await call(emulator().url, service(id), { method: "POST", bearer: token });
        t.is(answer.status, 200, id);
        t.is(answer.body.success, true, id);
    }
});

test("seed 000: a token's scopes limit the services it may call, each service checked against the catalog (403 insufficient_scope)", async (t) => {
    const reader = await createApp(emulator(), ["tasks_read"]);
    const token = await tokenFor(emulator(), reader);
    t.is((await call(emulator().url, service("get_task"), { method: "POST", bearer: token })).status, 200);
    const refused = await call(emulator().url, service("create_task"), { method: "POST", bearer: token });
    t.is(refused.status, 403);
    t.is(refused.body.error, "insufficient_scope");
    t.regex(refused.headers.get("www-authenticate") ?? "", /error="insufficient_scope", scope="create_task"/);
    t.is((await call(emulator().url, service("create_team"), { method: "POST", bearer: token })).status, 403);
});

test("seed 000: a single endpoint scope covers its own service only", async (t) => {
    const app = await createApp(emulator(), ["create_vehicle"]);
    const token = await tokenFor(emulator(), app);
    t.is((await call(emulator().url, service("create_vehicle"), { method: "POST", bearer: token })).status, 200);
    t.is((await call(emulator().url, service("update_vehicle"), { method: "POST", bearer: token })).status, 403);
});

test("seed 000: the customer services are guarded by the scopes spelt Create_customer and Update_customer", async (t) => {
    const app = await createApp(emulator(), ["Create_customer"]);
    const token = await tokenFor(emulator(), app);
    t.is((await call(emulator().url, service("create_customer"), { method: "POST", bearer: token })).status, 200);
    const other = await call(emulator().url, service("update_customer"), { method: "POST", bearer: token });
    t.is(other.status, 403);
    t.regex(other.headers.get("www-authenticate") ?? "", /scope="Update_customer"/);
});

test("a service refuses a call without a token (401) or with an invalid one (401 invalid_token), as get_open_tasks does", async (t) => {
    const none = await call(emulator().url, service("create_task"), { method: "POST" });
    t.is(none.status, 401);
    t.is(none.body.error, "invalid_token");
    t.is((await call(emulator().url, service("create_task"), { method: "POST", bearer: "not-a-token" })).status, 401);
});

test("seed 000: enabling an app stops unauthenticated access to every service its scopes cover, not to the others", async (t) => {
    const merchant = { json: { company_id: seedUsers.secondAdmin.merchantId } };
    // The second merchant starts without applications (only this test gives it one): token-less calls naming it are served.
    t.is((await call(emulator().url, service("create_vehicle"), { method: "POST", ...merchant })).status, 200);
    await createApp(emulator(), ["vehicles_write"], { as: seedUsers.secondAdmin });
    t.is((await call(emulator().url, service("create_vehicle"), { method: "POST", ...merchant })).status, 401);
    t.is((await call(emulator().url, service("get_all_vehicles"), { method: "POST", ...merchant })).status, 200, "vehicles_read is not covered");
});

test("a service is called with POST, as seed 000's get_open_tasks example; another method gets 405 with Allow (inferred)", async (t) => {
    const answer = await call(emulator().url, service("create_task"), { method: "GET" });
    t.is(answer.status, 405);
    t.is(answer.headers.get("allow"), "POST");
});

test("a path under /services/ that seed 000 does not list answers 404", async (t) => {
    t.is((await call(emulator().url, service("create_delivery_slot"), { method: "POST" })).status, 404);
    t.is((await call(emulator().url, service("no_such_service"), { method: "POST" })).status, 404);
});

const deliveryHub = ["Order", "Fulfillment", "Shipment", "Return"];

test("seed 001: a token with all Order, Fulfillment, Shipment and Return scopes works on the Delivery Hub API (POST /v2/orders)", async (t) => {
    const app = await createApp(emulator(), deliveryHub);
    const token = await tokenFor(emulator(), app);
    const answer = await call(emulator().url, "/v2/orders", { method: "POST", bearer: token, json: {} });
    t.is(answer.status, 200);
});

test("seed 001: the Delivery Hub API refuses a token lacking any of the four groups with 403 naming the missing ones", async (t) => {
    const orderOnly = await createApp(emulator(), ["Order"]);
    const answer = await call(emulator().url, "/v2/orders", { method: "POST", bearer: await tokenFor(emulator(), orderOnly) });
    t.is(answer.status, 403);
    t.is(answer.body.error, "insufficient_scope");
    t.regex(answer.body.error_description, /Fulfillment, Shipment, Return$/);
    t.regex(answer.headers.get("www-authenticate") ?? "", /scope="Order Fulfillment Shipment Return"/);
    const threeOfFour = await createApp(emulator(), ["Order", "Fulfillment", "Shipment"]);
    t.is((await call(emulator().url, "/v2/orders", { method: "POST", bearer: await tokenFor(emulator(), threeOfFour) })).status, 403);
});

test("seed 001: every scope under the groups is not enough: the Delivery Hub API needs the groups themselves (they include future scopes)", async (t) => {
    const branches = await createApp(emulator(), ["Order_read", "Order_write", "Fulfillment", "Shipment", "Return"]);
    const answer = await call(emulator().url, "/v2/orders", { method: "POST", bearer: await tokenFor(emulator(), branches) });
    t.is(answer.status, 403);
    t.regex(answer.body.error_description, /lacks Order$/);
});

test("seed 001: a token narrowed with scope= to fewer groups is refused by the Delivery Hub API", async (t) => {
    const app = await createApp(emulator(), deliveryHub);
    const narrowed = await tokenFor(emulator(), app, { scope: "Order Fulfillment" });
    t.is((await call(emulator().url, "/v2/orders", { method: "POST", bearer: narrowed })).status, 403);
});

test("the Delivery Hub API refuses a call without a token with 401 invalid_token (seed 001: pass the token in the header)", async (t) => {
    const answer = await call(emulator().url, "/v2/orders", { method: "POST" });
    t.is(answer.status, 401);
    t.is(answer.body.error, "invalid_token");
});

test.serial("calls to the services beside the route table and to the Delivery Hub API count in the total", async (t) => {
    const before = emulator().control.counters().total;
    await call(emulator().url, "/v2/orders", { method: "POST" });
    await call(emulator().url, service("get_team"), { method: "POST" });
    t.is(emulator().control.counters().total, before + 2);
});
