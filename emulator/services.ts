/**
 * The protected APIs a token is for (docs/bringg-api.md#protected-endpoints):
 *
 * - Bringg's services, `POST /services/<id>` for every service identifier seed 000 (Access
 *   Management) lists, each guarded by the catalog scope of its name (one handler for all of them);
 * - Delivery Hub's v2 API, `POST /v2/orders` (seed 001), which needs every Delivery Hub group.
 *
 * Only `get_open_tasks` is in provider/api/routes.ts (the provider calls it); the others are served
 * beside the route table, like the vendor emulators, so that the table stays the provider's.
 * What the services do is not emulated: a call that passes the checks answers `{success: true}`
 * (`get_open_tasks` adds an empty `tasks` list), an invention.
 */
import { insufficientScope, invalidToken, requireBearer } from "./bearer";
import type { Catalog } from "./catalog";
import { ApiError, bearerToken, type Handler } from "./http";
import type { Store } from "./store";

/**
 * Every service identifier seed 000 lists ("List of Oauth2.0 API URLs"), in its order. Its last two
 * entries, "Create Delivery Slot" and "Update Delivery Slot", come without an identifier and so
 * without a URL: they are not served.
 */
export const serviceIds = [
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
] as const;

const servicePrefix = "/services/";

/**
 * The catalog scope guarding a service: the scope of its name, else the one spelt so in another
 * case (seed 000 spells the service `create_customer` and the scope `Create_customer`). That a
 * service's identifier is also its scope's name is inferred (emulator/README.md, Scope names).
 */
export function serviceScope(catalog: Catalog, id: string): string | undefined {
    if (catalog.has(id)) return id;
    return catalog.list().find((node) => node.kind === "endpoint" && node.name.toLowerCase() === id.toLowerCase())?.name;
}

/**
 * The merchant a token-less call names with `company_id`, standing in for Bringg's pre-OAuth
 * authentication, which the emulator does not model beyond "this call carries no token".
 */
function legacyMerchant(body: unknown): number | undefined {
    const id = typeof body === "object" && body !== null ? (body as { company_id?: unknown }).company_id : undefined;
    return typeof id === "number" ? id : undefined;
}

/**
 * One service: 200 for a token whose scopes cover the service's scope, 403 insufficient_scope
 * otherwise (seed 000: scopes "refer to specific API endpoints"). A token-less call naming its
 * merchant is served until an enabled application of that merchant covers the service (seed 000:
 * "enabling an app will instantly stop unauthenticated access to any API endpoints covered by
 * scopes included in your app").
 */
export function serviceHandler(store: Store, id: string): Handler {
    const served = id === "get_open_tasks" ? { success: true, tasks: [] } : { success: true };
    return {
        accepts: ["json"],
        handle: (ctx) => {
            const scope = serviceScope(store.catalog(), id);
            const legacy = legacyMerchant(ctx.body);
            if (!bearerToken(ctx.req) && legacy !== undefined && store.merchant(legacy)) {
                if (scope === undefined || !store.requiresToken(legacy, scope)) return { status: 200, body: served };
                throw invalidToken(`an enabled OAuth application covers ${id}: send Authorization: Bearer <token>`);
            }
            const token = requireBearer(store, ctx);
            const catalog = store.catalog();
            if (scope === undefined || !token.scopes.some((granted) => catalog.covers(granted, scope))) {
                throw insufficientScope(`the token's scopes do not cover ${id}`, [scope ?? id]);
            }
            return { status: 200, body: served };
        },
    };
}

/** Seed 001: "All Order, Fulfillment, Shipment, and Return scopes are required for Delivery Hub APIs". */
export const deliveryHubGroups = ["Order", "Fulfillment", "Shipment", "Return"] as const;

/** The Delivery Hub API paths seed 001 names (`https://api.bringg.com/v2/orders`, called with POST). */
export const deliveryHubPaths = ["/v2/orders"] as const;

/**
 * A Delivery Hub API call: the token must hold every Delivery Hub group the catalog has (holding a
 * group is the only way to cover "all scopes added to these groups in the future"), else 403
 * insufficient_scope naming the missing ones. A catalog without any of them (an account's own,
 * without Delivery Hub) answers 404.
 */
export function deliveryHubHandler(store: Store): Handler {
    return {
        accepts: ["json"],
        handle: (ctx) => {
            const catalog = store.catalog();
            const required = deliveryHubGroups.filter((group) => catalog.has(group));
            if (required.length === 0) throw new ApiError(404, "not_found", "this account's scope catalog has no Delivery Hub groups");
            const token = requireBearer(store, ctx);
            const missing = required.filter((group) => !token.scopes.some((granted) => catalog.covers(granted, group)));
            if (missing.length > 0) {
                throw insufficientScope(
                    `Delivery Hub APIs need all Order, Fulfillment, Shipment and Return scopes; the token lacks ${missing.join(", ")}`,
                    required,
                );
            }
            return { status: 200, body: { success: true } };
        },
    };
}

/** A protected API served beside the route table: its method and handler. */
export interface ServiceRoute {
    readonly method: "POST";
    readonly handler: Handler;
}

/** Finds the service or Delivery Hub API a path names, if any. */
export function serviceRoutes(store: Store): (pathname: string) => ServiceRoute | undefined {
    const services = new Map<string, ServiceRoute>(serviceIds.map((id) => [`${servicePrefix}${id}`, { method: "POST", handler: serviceHandler(store, id) }]));
    const deliveryHub: ServiceRoute = { method: "POST", handler: deliveryHubHandler(store) };
    for (const path of deliveryHubPaths) services.set(path, deliveryHub);
    return (pathname) => services.get(pathname);
}
