/**
 * The scope tree: logical group → `<group>_read` / `<group>_write` → endpoint scopes (seed 000).
 *
 * Endpoint names are the Own-Fleet service identifiers listed in seed 000; the grouping around them
 * and every Delivery Hub endpoint name are the emulator's guesses (only `teams_write` is a scope
 * name Bringg has published). Branches without endpoints are left out.
 */

/** Where a scope sits in the tree; it decides the default TTL. */
export type ScopeKind = "group" | "read" | "write" | "endpoint";

/** One scope of the catalog. */
export interface ScopeNode {
    readonly name: string;
    readonly description: string;
    /** The enclosing scope; null for a logical group. */
    readonly parent: string | null;
    readonly kind: ScopeKind;
}

/** Default TTL of write-oriented scopes: 30 minutes (seed 000). */
export const writeTtlSeconds = 1800;
/** Default TTL of read-oriented scopes: 4 hours (seed 000). */
export const readTtlSeconds = 14400;

interface GroupSpec {
    readonly name: string;
    readonly title: string;
    readonly read?: Record<string, string>;
    readonly write?: Record<string, string>;
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
        name: "customers",
        title: "Customers",
        write: { create_customer: "Create Customer", update_customer: "Update Customer" },
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
    {
        name: "orders",
        title: "Delivery Hub orders",
        read: { get_order: "Get Order (Delivery Hub)", list_orders: "List Orders (Delivery Hub)" },
        write: {
            create_order: "Create Order (Delivery Hub)",
            update_order: "Update Order (Delivery Hub)",
            cancel_order: "Cancel Order (Delivery Hub)",
        },
    },
    {
        name: "fulfillments",
        title: "Delivery Hub fulfillments",
        read: { get_fulfillment: "Get Fulfillment (Delivery Hub)" },
        write: {
            create_fulfillment: "Create Fulfillment (Delivery Hub)",
            update_fulfillment: "Update Fulfillment (Delivery Hub)",
        },
    },
    {
        name: "shipments",
        title: "Delivery Hub shipments",
        read: { get_shipment: "Get Shipment (Delivery Hub)", list_shipments: "List Shipments (Delivery Hub)" },
        write: {
            create_shipment: "Create Shipment (Delivery Hub)",
            update_shipment: "Update Shipment (Delivery Hub)",
            cancel_shipment: "Cancel Shipment (Delivery Hub)",
        },
    },
    {
        name: "returns",
        title: "Delivery Hub returns",
        read: { get_return: "Get Return (Delivery Hub)" },
        write: { create_return: "Create Return (Delivery Hub)", update_return: "Update Return (Delivery Hub)" },
    },
];

function expand(spec: GroupSpec): ScopeNode[] {
    const nodes: ScopeNode[] = [
        { name: spec.name, description: `${spec.title}: every scope below`, parent: null, kind: "group" },
    ];
    for (const access of ["read", "write"] as const) {
        const endpoints = spec[access];
        if (!endpoints) continue;
        const branch = `${spec.name}_${access}`;
        nodes.push({ name: branch, description: `${spec.title}: ${access} endpoints`, parent: spec.name, kind: access });
        for (const [name, description] of Object.entries(endpoints)) {
            nodes.push({ name, description, parent: branch, kind: "endpoint" });
        }
    }
    return nodes;
}

/** The scopes Bringg ships, in tree order. */
export const seedScopes: readonly ScopeNode[] = groups.flatMap(expand);

/**
 * The scope tree with its lookups. Built from the seed plus any scopes added later (a test control
 * models Bringg adding an endpoint to a branch), so coverage is always decided by walking the tree.
 */
export class Catalog {
    private readonly byName = new Map<string, ScopeNode>();
    private readonly ordered: ScopeNode[];

    constructor(added: readonly ScopeNode[] = []) {
        for (const node of [...seedScopes, ...added]) this.byName.set(node.name, node);
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
     * Bringg's default TTL: 30 min for write scopes, 4 h for read scopes; an endpoint takes its
     * branch's; a logical group takes the write default because it grants write access too.
     */
    defaultTtl(name: string): number {
        let node = this.byName.get(name);
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
