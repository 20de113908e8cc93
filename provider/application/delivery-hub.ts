/**
 * Delivery Hub's rule for OAuth apps (docs/bringg-api.md#delivery-hub-scopes): "All Order,
 * Fulfillment, Shipment, and Return scopes are required for Delivery Hub APIs, including all scopes
 * added to these groups in the future". Selecting a group covers every scope under it, later ones
 * included (docs/bringg-api.md#scope-hierarchy), so the required set is the four groups.
 */

/**
 * The scopes an application meant for Delivery Hub needs: the four groups Delivery Hub's OAuth page
 * names, spelt as it spells them (how a real account spells them is for its catalog to say).
 */
export const deliveryHubScopes: readonly string[] = ["Order", "Fulfillment", "Shipment", "Return"];

/** A catalog entry, as far as this check needs it. */
interface CatalogScope {
    readonly name: string;
    readonly parent?: string | null | undefined;
}

/**
 * For an application that uses a Delivery Hub scope (a group or anything under one), the groups it
 * does not list; empty for any other application. Groups the account's catalog lacks are not
 * asked for.
 */
export function missingDeliveryHubScopes(scopes: readonly string[], catalog: readonly CatalogScope[]): string[] {
    const parents = new Map(catalog.map((scope) => [scope.name, scope.parent ?? null]));
    const groups = deliveryHubScopes.filter((group) => parents.has(group));
    const groupOf = (name: string): string | undefined => {
        for (let at: string | null | undefined = name, hops = 0; at && hops < 50; at = parents.get(at), hops++) {
            if (groups.includes(at)) return at;
        }
        return undefined;
    };
    if (!scopes.some((scope) => groupOf(scope) !== undefined)) return [];
    return groups.filter((group) => !scopes.includes(group));
}

/** The warning for an application that lacks Delivery Hub groups. */
export function deliveryHubWarning(application: string, missing: readonly string[]): string {
    return (
        `${application} uses Delivery Hub scopes but lacks ${missing.join(", ")}: Delivery Hub requires all Order, ` +
        "Fulfillment, Shipment and Return scopes, including scopes added to these groups later. Fix: list the groups " +
        "(spread bringg.deliveryHubScopes into scopes)."
    );
}
