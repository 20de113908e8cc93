/**
 * The checks across resources, for the native plugin: two Applications with one explicit name in
 * one account, two ScopeTtls listing one scope, two resources delivering to one store. The dynamic
 * resource classes judge these in the program, by declaration order, and pass the verdict as
 * hidden inputs (provider/core/hidden.ts); a native provider sees no program, so the plugin judges
 * them from the checks it receives, in the order it receives them (the engine checks resources in
 * the order the program registers them), and passes the same hidden inputs. The first resource
 * checked keeps the name, scope or store; checking a resource again (preview, then update) is never
 * a clash with itself. One registry per provider (per plugin process). No Pulumi imports.
 */
import { accountOf } from "../core/account";
import { containsUnknown } from "../core/check";
import type { Props } from "../core/contract";
import type { HiddenInputs } from "../core/hidden-types";
import { storeOf } from "../delivery/schema";
import { holders, overlaps } from "../scope-ttls/overlaps";

/** What one checked resource holds. */
interface Declared {
    /** As messages name it, e.g. `SecretRotation "dash-secret"`. */
    readonly label: string;
    readonly resourceName: string;
    readonly account: string | undefined;
    /** An Application's explicit display name. */
    readonly name?: string | undefined;
    /** A ScopeTtls' scopes. */
    readonly scopes?: readonly string[] | undefined;
    /** The stores of `deliverTo`, by index (undefined: an entry check refuses anyway). */
    readonly stores?: ReadonlyArray<string | undefined> | undefined;
}

function known<T>(value: T): T | undefined {
    return value === undefined || containsUnknown(value) ? undefined : value;
}

/** The registry of one provider: what each resource checked so far holds, by URN, in check order. */
export class CheckedDeclarations {
    readonly #byUrn = new Map<string, Declared>();

    /**
     * Records what the resource `urn` of `type` (e.g. `bringg:index:Application`) declares with
     * `inputs`, and returns the hidden inputs that say what resources checked before it hold.
     */
    judge(urn: string, type: string, resourceName: string, inputs: Props): HiddenInputs {
        const kind = type.split(":").pop() ?? type;
        const ttls = known(inputs.ttls);
        const deliverTo = known(inputs.deliverTo);
        const mine: Declared = {
            label: `${kind} ${JSON.stringify(resourceName)}`,
            resourceName,
            account: accountOf(inputs),
            name: kind === "Application" && typeof known(inputs.name) === "string" ? (inputs.name as string).trim() : undefined,
            scopes: kind === "ScopeTtls" && ttls !== null && typeof ttls === "object" && !Array.isArray(ttls) ? Object.keys(ttls) : undefined,
            stores: Array.isArray(deliverTo) ? deliverTo.map(storeOf) : undefined,
        };
        // A resource checked again keeps its place: only those checked before it count.
        this.#byUrn.set(urn, mine);
        const earlier: Declared[] = [];
        for (const [other, declared] of this.#byUrn) {
            if (other === urn) break;
            earlier.push(declared);
        }
        const hidden: { -readonly [K in keyof HiddenInputs]: HiddenInputs[K] } = {};

        if (mine.name !== undefined) {
            hidden.nameTakenBy = earlier.find((other) => other.name === mine.name && other.account === mine.account)?.resourceName;
        }
        if (mine.scopes !== undefined) {
            const held = holders(
                earlier.flatMap((other) => (other.scopes ? [{ owner: other.resourceName, account: other.account, scopes: other.scopes }] : [])),
            );
            const found = overlaps({ owner: resourceName, account: mine.account, scopes: mine.scopes }, held);
            if (found.length > 0) hidden.overlaps = Object.fromEntries(found.map((overlap) => [overlap.scope, overlap.owner]));
        }
        const taken: Record<string, string> = {};
        mine.stores?.forEach((store, index) => {
            const first = store === undefined ? undefined : earlier.find((other) => other.stores?.includes(store));
            if (first) taken[String(index)] = first.label;
        });
        if (Object.keys(taken).length > 0) hidden.deliveryTargetsTakenBy = taken;
        return Object.fromEntries(Object.entries(hidden).filter(([, value]) => value !== undefined)) as HiddenInputs;
    }
}
