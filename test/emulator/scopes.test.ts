import test from "ava";
import { admin, callRoute, freshEmulator, sharedEmulator } from "./helpers";

const emulator = sharedEmulator(test);

interface ScopeRow {
    name: string;
    description: string;
    parent: string | null;
    default_ttl: number;
    ttl: number;
}

async function catalog(target = emulator()): Promise<ScopeRow[]> {
    const answer = await callRoute(target, "listScopes", {}, { as: admin });
    return answer.body as ScopeRow[];
}

/**
 * Service identifiers listed in Bringg's API Access Management page ("List of Oauth2.0 API URLs",
 * docs/bringg-api.md#scope-names), plus its two delivery slot rows.
 */
const seedEndpoints = [
    "create_task",
    "update_task",
    "start_task",
    "end_task",
    "cancel_task",
    "get_task",
    "get_open_tasks",
    "create_note",
    "update_note",
    "checkin",
    "checkout",
    "get_post_optimization_tasks",
    "create_customer",
    "update_customer",
    "create_user",
    "update_user",
    "get_user",
    "delete_user",
    "start_shift",
    "end_shift",
    "driver_home_events",
    "create_team",
    "update_team",
    "team_index",
    "get_team",
    "delete_team",
    "get_share",
    "get_quotes",
    "create_task_configuration",
    "get_realtime_availability",
    "generate_driver_qr_code",
    "create_delivery_block",
    "get_delivery_block",
    "assign_delivery_block",
    "unassign_delivery_block",
    "update_delivery_block",
    "delete_delivery_block",
    "users_delivery_blocks",
    "team_delivery_blocks",
    "generate_pickup_qr_code",
    "create_parking_spot",
    "update_parking_spot",
    "get_parking_spot",
    "get_by_id_parking_spot",
    "delete_parking_spot",
    "create_vehicle",
    "update_vehicle",
    "get_vehicle_by_id",
    "get_all_vehicles",
    "delete_vehicle",
    "create_task_payment_history",
    "create_delivery_slot",
    "update_delivery_slot",
];

test("the scope list gives each scope's name, description, parent, default and current TTL", async (t) => {
    const rows = await catalog();
    t.true(rows.length >= 60, `a converge test needs 50 scopes; the catalog has ${rows.length}`);
    for (const row of rows) {
        const keys = Object.keys(row)
            .filter((key) => key !== "method")
            .sort();
        t.deepEqual(keys, ["default_ttl", "description", "name", "parent", "ttl"]);
        t.true(row.description.length > 0);
    }
});

test("scopes form a tree of logical group, group read and group write, and endpoint scopes", async (t) => {
    const rows = await catalog();
    const byName = new Map(rows.map((r) => [r.name, r]));
    t.deepEqual(byName.get("teams"), { name: "teams", description: byName.get("teams")!.description, parent: null, default_ttl: 1800, ttl: 1800 });
    t.is(byName.get("teams_read")!.parent, "teams");
    t.is(byName.get("teams_write")!.parent, "teams");
    t.is(byName.get("create_team")!.parent, "teams_write");
    t.is(byName.get("team_index")!.parent, "teams_read");
    for (const row of rows) {
        if (row.parent === null) continue;
        const parent = byName.get(row.parent);
        t.truthy(parent, `${row.name}'s parent ${row.parent} exists`);
        if (parent!.parent === null) t.regex(row.name, /_(read|write)$/, `${row.name} sits directly under a logical group`);
    }
});

test("the catalog holds every endpoint identifier Bringg's API Access Management page lists, spelt as that page spells the scope", async (t) => {
    // The identifiers are URL paths; as scopes the page capitalises the customer ones (Create_customer).
    const names = new Set((await catalog()).map((r) => r.name.toLowerCase()));
    const missing = seedEndpoints.filter((name) => !names.has(name));
    t.deepEqual(missing, []);
});

test("the catalog holds Delivery Hub's order, fulfillment, shipment and return groups", async (t) => {
    const rows = await catalog();
    for (const group of ["Order", "Fulfillment", "Shipment", "Return"]) {
        t.truthy(
            rows.find((r) => r.name === group && r.parent === null),
            group,
        );
        t.true(
            rows.some((r) => r.parent === `${group}_read` || r.parent === `${group}_write`),
            `${group} has endpoints`,
        );
    }
});

test("write scopes default to 30 minutes and read scopes to 4 hours", async (t) => {
    const rows = await catalog();
    const ttl = (name: string) => rows.find((r) => r.name === name)!.default_ttl;
    t.is(ttl("tasks_write"), 1800);
    t.is(ttl("create_task"), 1800);
    t.is(ttl("tasks_read"), 14400);
    t.is(ttl("get_open_tasks"), 14400);
    t.is(ttl("teams_write"), 1800);
    t.is(ttl("team_index"), 14400);
});

test("a Delivery Hub endpoint's default TTL follows its HTTP method: 4 hours for GET, 30 minutes otherwise (the Delivery Hub page)", async (t) => {
    const rows = await catalog();
    const row = (name: string) => rows.find((r) => r.name === name)!;
    t.like(row("Get_order"), { method: "GET", default_ttl: 14400 });
    t.like(row("Create_order"), { method: "POST", default_ttl: 1800 });
    t.like(row("Update_order"), { method: "PATCH", default_ttl: 1800 });
    t.like(row("Cancel_shipment"), { method: "DELETE", default_ttl: 1800 });
    const fresh = await freshEmulator(t);
    fresh.control.addScope({ name: "Get_order_label", parent: "Order_write", method: "GET" });
    t.like(
        (await catalog(fresh)).find((r) => r.name === "Get_order_label"),
        { default_ttl: 14400 },
    );
});

test("one POST of a JSON map sets several scope TTLs and returns the whole catalog", async (t) => {
    const fresh = await freshEmulator(t);
    const answer = await callRoute(fresh, "setScopeTtls", {}, { as: admin, json: { teams_write: 1000, get_task: 600 } });
    t.is(answer.status, 200);
    const rows = answer.body as ScopeRow[];
    t.is(rows.length, (await catalog(fresh)).length);
    t.like(
        rows.find((r) => r.name === "teams_write"),
        { ttl: 1000, default_ttl: 1800 },
    );
    t.like(
        rows.find((r) => r.name === "get_task"),
        { ttl: 600, default_ttl: 14400 },
    );
    t.like(
        (await catalog(fresh)).find((r) => r.name === "teams_write"),
        { ttl: 1000 },
    );
});

test("fifty scope TTLs converge in one call", async (t) => {
    const fresh = await freshEmulator(t);
    const names = (await catalog(fresh)).slice(0, 50).map((r) => r.name);
    const answer = await callRoute(
        fresh,
        "setScopeTtls",
        {},
        {
            as: admin,
            json: Object.fromEntries(names.map((name, i) => [name, 100 + i])),
        },
    );
    t.is(answer.status, 200);
    for (const [i, name] of names.entries()) t.is((answer.body as ScopeRow[]).find((r) => r.name === name)!.ttl, 100 + i);
});

test("null removes a TTL override, back to the default", async (t) => {
    const fresh = await freshEmulator(t);
    await callRoute(fresh, "setScopeTtls", {}, { as: admin, json: { teams_write: 1000 } });
    const answer = await callRoute(fresh, "setScopeTtls", {}, { as: admin, json: { teams_write: null } });
    t.is(answer.status, 200);
    t.like(
        (answer.body as ScopeRow[]).find((r) => r.name === "teams_write"),
        { ttl: 1800, default_ttl: 1800 },
    );
});

test("bad TTL values are rejected, each one named, and nothing is applied", async (t) => {
    const fresh = await freshEmulator(t);
    const answer = await callRoute(
        fresh,
        "setScopeTtls",
        {},
        {
            as: admin,
            json: {
                teams_write: 1000,
                tasks_read: 0,
                get_task: -5,
                create_task: 12.5,
                update_task: 30 * 24 * 3600 + 1,
                no_such_scope: 100,
                checkin: "600",
            },
        },
    );
    t.is(answer.status, 400);
    const title: string = answer.body.title;
    for (const bad of ["tasks_read", "get_task", "create_task", "update_task", "no_such_scope", "checkin"]) {
        t.true(title.includes(`${bad}:`), `${bad} is named in: ${title}`);
    }
    t.false(title.includes("teams_write"));
    t.regex(title, /unknown scope/);
    t.regex(title, /30 days/);
    t.like(
        (await catalog(fresh)).find((r) => r.name === "teams_write"),
        { ttl: 1800 },
    );
});

test("the Scopes API takes a JSON object only", async (t) => {
    for (const json of [[{ teams_write: 1 }], "teams_write", 5]) {
        const answer = await callRoute(emulator(), "setScopeTtls", {}, { as: admin, json });
        t.is(answer.status, 400);
        t.regex(answer.body.title, /JSON object/);
    }
});
