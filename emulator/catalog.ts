/**
 * The scope tree: logical group → `<group>_read` / `<group>_write` → endpoint scopes
 * (docs/bringg-api.md#scope-hierarchy).
 *
 * Names follow Bringg's documentation wherever it spells one (docs/bringg-api.md#scope-names):
 * `Customer`, `Customer_write`, `Create_customer` and `teams_write` (the Access Management page);
 * `Order`, `Fulfillment`, `Shipment`, `Return` (the Delivery Hub groups). Other endpoint names are
 * the Own-Fleet service identifiers the Access Management page lists; every other group and branch
 * name, and every Delivery Hub endpoint, is the emulator's invention (listed in emulator/README.md).
 * Branches without endpoints are left out. A team can replace the whole tree with its own
 * account's (`--catalog`, ./catalog-file.ts).
 */

/** Where a scope sits in the tree; it decides the default TTL. */
export type ScopeKind = "group" | "read" | "write" | "endpoint";

/** The HTTP methods an endpoint scope may be called with. */
export const httpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
/** An endpoint's HTTP method. */
export type HttpMethod = (typeof httpMethods)[number];

/** One scope of the catalog. */
export interface ScopeNode {
    readonly name: string;
    readonly description: string;
    /** The enclosing scope; null for a logical group. */
    readonly parent: string | null;
    readonly kind: ScopeKind;
    /** An endpoint's HTTP method, when known: it decides the default TTL (docs/bringg-api.md#token-lifetime). */
    readonly method?: HttpMethod | undefined;
    /** The default TTL an account's own catalog states; it wins over the emulator's rules. */
    readonly defaultTtl?: number | undefined;
}

/** Default TTL of write-oriented scopes: 30 minutes (docs/bringg-api.md#token-lifetime). */
export const writeTtlSeconds = 1800;
/** Default TTL of read-oriented scopes: 4 hours (docs/bringg-api.md#token-lifetime). */
export const readTtlSeconds = 14400;

/** An endpoint: its description, or its description and HTTP method. */
type EndpointSpec = string | { readonly description: string; readonly method: HttpMethod };

interface GroupSpec {
    readonly name: string;
    readonly title: string;
    readonly read?: Record<string, EndpointSpec>;
    readonly write?: Record<string, EndpointSpec>;
}

const groups: readonly GroupSpec[] = [
    {
        name: "tasks",
        title: "Orders (tasks)",
        read: {
            get_task: "Get Order",
            get_open_tasks: "Get Open Orders (Tasks)",
            get_post_optimization_tasks: "Get Post Optimization Orders (Tasks)",
            get_share: "Get Share",
            get_quotes: "Get Quotes",
        },
        write: {
            create_task: "Create Order (Task)",
            update_task: "Update Order",
            start_task: "Start Order",
            end_task: "End Order (Task)",
            cancel_task: "Cancel Order (Task)",
            checkin: "Arrived to Destination (Check in)",
            checkout: "Left Destination (Checkout)",
            create_task_configuration: "Create Order Configuration",
            create_task_payment_history: "Create Order Payment Details",
        },
    },
    {
        name: "notes",
        title: "Notes",
        write: { create_note: "Create Note", update_note: "Update Note" },
    },
    {
        // Bringg's Access Management page spells this group Customer, Customer_write and Create_customer.
        name: "Customer",
        title: "Customers",
        write: { Create_customer: "Create Customer", Update_customer: "Update Customer" },
    },
    {
        name: "users",
        title: "Users (drivers, dispatchers, admins)",
        read: { get_user: "Get User", get_realtime_availability: "Get Driver Availability" },
        write: {
            create_user: "Create User",
            update_user: "Update User",
            delete_user: "Delete User",
            generate_driver_qr_code: "Generate Driver QR Code",
        },
    },
    {
        name: "shifts",
        title: "Shifts",
        write: { start_shift: "Start Shift", end_shift: "End Shift", driver_home_events: "Driver Home Events" },
    },
    {
        name: "teams",
        title: "Teams",
        read: { team_index: "Show All Teams", get_team: "Get Team Details" },
        write: { create_team: "Create Team", update_team: "Update Team", delete_team: "Delete Team" },
    },
    {
        name: "delivery_blocks",
        title: "Delivery blocks",
        read: {
            get_delivery_block: "Get Delivery Block",
            users_delivery_blocks: "Get Drivers' Delivery Blocks",
            team_delivery_blocks: "Team Delivery Blocks",
        },
        write: {
            create_delivery_block: "Create Delivery Block",
            assign_delivery_block: "Assign Delivery Block to Driver",
            unassign_delivery_block: "Unassign Delivery Block from Driver",
            update_delivery_block: "Update Delivery Block",
            delete_delivery_block: "Delete Delivery Block",
        },
    },
    {
        name: "pickups",
        title: "Pickups",
        write: { generate_pickup_qr_code: "Generate Pickup QR Code" },
    },
    {
        name: "parking_spots",
        title: "Parking spots",
        read: { get_parking_spot: "Get All Parking Spots", get_by_id_parking_spot: "Get Parking Spot by ID" },
        write: {
            create_parking_spot: "Create Parking Spot",
            update_parking_spot: "Update Parking Spot",
            delete_parking_spot: "Delete Parking Spot",
        },
    },
    {
        name: "vehicles",
        title: "Vehicles",
        read: { get_vehicle_by_id: "Get Vehicle by ID", get_all_vehicles: "Get All Vehicles" },
        write: {
            create_vehicle: "Create Vehicle",
            update_vehicle: "Update Vehicle",
            delete_vehicle: "Delete Vehicle by ID",
        },
    },
    {
        name: "delivery_slots",
        title: "Delivery slots",
        write: { create_delivery_slot: "Create Delivery Slot", update_delivery_slot: "Update Delivery Slot" },
    },
    // Delivery Hub (docs/bringg-api.md#delivery-hub-scopes): the group names are its OAuth page's;
    // branches and endpoints are invented, spelt like the Customer group, each endpoint with the
    // HTTP method of its v2 API call.
    {
        name: "Order",
        title: "Delivery Hub orders",
        read: {
            Get_order: { description: "Get Order (Delivery Hub)", method: "GET" },
            List_orders: { description: "List Orders (Delivery Hub)", method: "GET" },
        },
        write: {
            Create_order: { description: "Create Order (Delivery Hub)", method: "POST" },
            Update_order: { description: "Update Order (Delivery Hub)", method: "PATCH" },
            Cancel_order: { description: "Cancel Order (Delivery Hub)", method: "POST" },
        },
    },
    {
        name: "Fulfillment",
        title: "Delivery Hub fulfillments",
        read: { Get_fulfillment: { description: "Get Fulfillment (Delivery Hub)", method: "GET" } },
        write: {
            Create_fulfillment: { description: "Create Fulfillment (Delivery Hub)", method: "POST" },
            Update_fulfillment: { description: "Update Fulfillment (Delivery Hub)", method: "PATCH" },
        },
    },
    {
        name: "Shipment",
        title: "Delivery Hub shipments",
        read: {
            Get_shipment: { description: "Get Shipment (Delivery Hub)", method: "GET" },
            List_shipments: { description: "List Shipments (Delivery Hub)", method: "GET" },
        },
        write: {
            Create_shipment: { description: "Create Shipment (Delivery Hub)", method: "POST" },
            Update_shipment: { description: "Update Shipment (Delivery Hub)", method: "PATCH" },
            Cancel_shipment: { description: "Cancel Shipment (Delivery Hub)", method: "DELETE" },
        },
    },
    {
        name: "Return",
        title: "Delivery Hub returns",
        read: { Get_return: { description: "Get Return (Delivery Hub)", method: "GET" } },
        write: {
            Create_return: { description: "Create Return (Delivery Hub)", method: "POST" },
            Update_return: { description: "Update Return (Delivery Hub)", method: "PATCH" },
        },
    },
];

function expand(spec: GroupSpec): ScopeNode[] {
    const nodes: ScopeNode[] = [{ name: spec.name, description: `${spec.title}: every scope below`, parent: null, kind: "group" }];
    for (const access of ["read", "write"] as const) {
        const endpoints = spec[access];
        if (!endpoints) continue;
        const branch = `${spec.name}_${access}`;
        nodes.push({ name: branch, description: `${spec.title}: ${access} endpoints`, parent: spec.name, kind: access });
        for (const [name, spec] of Object.entries(endpoints)) {
            const { description, method } = typeof spec === "string" ? { description: spec, method: undefined } : spec;
            nodes.push({ name, description, parent: branch, kind: "endpoint", ...(method ? { method } : {}) });
        }
    }
    return nodes;
}

/** The emulator's default scope tree, in tree order. */
export const seedScopes: readonly ScopeNode[] = groups.flatMap(expand);

/**
 * The scope tree with its lookups. Built from a base tree (the default, or an account's own) plus
 * any scopes added later (a test control models Bringg adding an endpoint to a branch), so coverage
 * is always decided by walking the tree.
 */
export class Catalog {
    private readonly byName = new Map<string, ScopeNode>();
    private readonly ordered: ScopeNode[];

    constructor(base: readonly ScopeNode[] = seedScopes, added: readonly ScopeNode[] = []) {
        for (const node of [...base, ...added]) this.byName.set(node.name, node);
        this.ordered = this.treeOrder();
    }

    /** True when the scope exists. */
    has(name: string): boolean {
        return this.byName.has(name);
    }

    /** The scope, or undefined. */
    get(name: string): ScopeNode | undefined {
        return this.byName.get(name);
    }

    /** Every scope, each parent directly followed by its subtree. */
    list(): readonly ScopeNode[] {
        return this.ordered;
    }

    /** True when granting `granted` gives access to `wanted`: it is the scope itself or an ancestor. */
    covers(granted: string, wanted: string): boolean {
        for (let node = this.byName.get(wanted); node; node = node.parent ? this.byName.get(node.parent) : undefined) {
            if (node.name === granted) return true;
        }
        return false;
    }

    /**
     * Bringg's default TTL: the one the account's catalog states, if it does; else 30 min for
     * write-oriented and 4 h for read-oriented scopes. An endpoint whose HTTP method is known goes by
     * it, GET being read-oriented and POST, PUT, PATCH, DELETE write-oriented (both:
     * docs/bringg-api.md#token-lifetime); any other endpoint takes its branch's; a logical group
     * takes the write default because it grants write access too.
     */
    defaultTtl(name: string): number {
        let node = this.byName.get(name);
        if (node?.defaultTtl !== undefined) return node.defaultTtl;
        if (node?.kind === "endpoint" && node.method) return node.method === "GET" ? readTtlSeconds : writeTtlSeconds;
        while (node?.kind === "endpoint" && node.parent) node = this.byName.get(node.parent);
        return node?.kind === "read" ? readTtlSeconds : writeTtlSeconds;
    }

    private treeOrder(): ScopeNode[] {
        const children = new Map<string | null, ScopeNode[]>();
        for (const node of this.byName.values()) {
            const siblings = children.get(node.parent) ?? [];
            siblings.push(node);
            children.set(node.parent, siblings);
        }
        const out: ScopeNode[] = [];
        const visit = (parent: string | null): void => {
            for (const node of children.get(parent) ?? []) {
                out.push(node);
                visit(node.name);
            }
        };
        visit(null);
        return out;
    }
}
