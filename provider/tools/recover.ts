/**
 * The state repair after a killed `pulumi up`: interrupted application creates become pending
 * creates this provider settles, every other interrupted operation is dropped.
 *
 * A killed `pulumi up` leaves `pending_operations` in the state. For an `Application` create the
 * engine cannot know whether Bringg made the application; `pulumi refresh --clear-pending-creates`
 * drops the record, and the next `up` then makes a second application (with a new autoname) and
 * leaves the first one orphaned. The record still holds the create's checked inputs, the name
 * included, which is all this provider needs: turned into a resource in the pending-create shape
 * (id `pending:<name>`, see `ApplicationState.pendingCreate`), the next `pulumi up` finds the
 * application by that name and scopes and takes it over with a new secret, or creates it when
 * Bringg has none. The applications the stack already manages are excluded from that search.
 *
 * Other interrupted operations need nothing from the state: a dropped create of another kind is
 * made again by the next `up` (each is idempotent or converges: TTL overrides, rotations,
 * credentials), and an interrupted update or delete leaves its resource in the state with its
 * last known outputs, which the next `up` brings to the program again (an application already
 * gone counts as deleted).
 *
 * No Pulumi imports: the input and output are the JSON text of `pulumi stack export`.
 */
import { pendingState } from "../application/mapping";
import { bringgTypeOf, plainString, type ExportedResource } from "./orphans";

/** One interrupted operation and what the repair did with it. */
export interface Interrupted {
    readonly urn: string;
    /** The engine's word for the operation: `creating`, `updating`, `deleting`, ... */
    readonly operation: string;
    /** `kept`: now a pending create that `pulumi up` settles; `dropped`: removed from the state. */
    readonly outcome: "kept" | "dropped";
    /** The application name, for a kept create. */
    readonly name?: string;
}

/** The outcome of {@link recoverState}. */
export interface Recovery {
    /** The repaired export, for `pulumi stack import`. */
    readonly text: string;
    readonly interrupted: Interrupted[];
}

interface PendingOperation {
    readonly resource: ExportedResource & Record<string, unknown>;
    readonly type: string;
}

interface Deployment {
    resources?: Array<ExportedResource & Record<string, unknown>>;
    pending_operations?: PendingOperation[];
    [key: string]: unknown;
}

/**
 * Repairs one stack export (its JSON text) after a killed `pulumi up`; see the module comment.
 *
 * @throws Error when the text is not a stack export.
 */
export function recoverState(text: string, source = "the export"): Recovery {
    let parsed: { deployment?: Deployment; [key: string]: unknown };
    try {
        parsed = JSON.parse(text) as typeof parsed;
    } catch (error) {
        throw new Error(`${source} is not JSON (${(error as Error).message}): give the output of \`pulumi stack export\``);
    }
    const deployment = parsed?.deployment;
    if (!deployment || typeof deployment !== "object") throw new Error(`${source} has no "deployment": give the output of \`pulumi stack export\``);

    const resources = [...(deployment.resources ?? [])];
    // Applications the stack manages are never the interrupted create's, whatever their names.
    const managed = resources.filter((r) => bringgTypeOf(r.type) === "Application").flatMap((r) => applicationIdOf(r) ?? []);
    const interrupted: Interrupted[] = [];
    for (const operation of deployment.pending_operations ?? []) {
        const resource = operation.resource;
        const kept = operation.type === "creating" ? pendingResource(resource, managed) : undefined;
        if (!kept) {
            interrupted.push({ urn: resource.urn, operation: operation.type, outcome: "dropped" });
            continue;
        }
        // A create that replaces a resource: the old one is now the one to delete, as the engine
        // marks it once a replacement exists.
        const old = resources.findIndex((r) => r.urn === resource.urn && r.delete !== true);
        if (old >= 0) resources.splice(old, 1, { ...resources[old]!, delete: true }, kept.resource);
        else resources.push(kept.resource);
        interrupted.push({ urn: resource.urn, operation: operation.type, outcome: "kept", name: kept.name });
    }
    const repaired: Deployment = { ...deployment, resources };
    delete repaired.pending_operations;
    return { text: `${JSON.stringify({ ...parsed, deployment: repaired }, null, 4)}\n`, interrupted };
}

/** Bringg's id of an Application resource: its id, or (once a pending create is settled) its output. */
function applicationIdOf(resource: ExportedResource): number | undefined {
    if (resource.id !== undefined && /^\d+$/.test(resource.id)) return Number(resource.id);
    const output = resource.outputs?.applicationId;
    return typeof output === "number" && output > 0 ? output : undefined;
}

/**
 * The pending-create resource for an interrupted create, or undefined when it is not an
 * application create that could have made an application (another kind, or an adoption).
 */
function pendingResource(
    resource: ExportedResource & Record<string, unknown>,
    managed: readonly number[],
): { resource: ExportedResource & Record<string, unknown>; name: string } | undefined {
    const inputs = resource.inputs ?? {};
    if (bringgTypeOf(resource.type) !== "Application" || inputs.adopt !== undefined) return undefined;
    const name = plainString(inputs.name);
    const scopes = Array.isArray(inputs.scopes) ? inputs.scopes.map(plainString) : undefined;
    if (name === undefined || scopes === undefined || scopes.some((s) => s === undefined)) return undefined;
    const account = plainString(inputs.account);
    const outputs = {
        ...pendingState({ name, scopes: scopes as string[], existing: [...managed] }),
        ...(account === undefined ? {} : { account }),
        __provider: inputs.__provider,
    };
    return { resource: { ...resource, id: `pending:${name}`, outputs }, name };
}

/** The report printed by `pulumi-bringg recover`. */
export function formatRecovery(interrupted: readonly Interrupted[], imported: boolean): string {
    if (interrupted.length === 0) return "The state has no interrupted operations: nothing to recover. Run `pulumi up` as usual.";
    const lines = interrupted.map((i) =>
        i.outcome === "kept"
            ? `  kept     ${i.urn}: the create of application ${JSON.stringify(i.name)} is now pending; \`pulumi up\` takes the application over, or creates it if Bringg has none`
            : `  dropped  ${i.urn} (${i.operation}): \`pulumi up\` brings it to the program again`,
    );
    const next = imported ? "The state is repaired. Now run `pulumi up`." : "Nothing was written (--dry-run).";
    return [`${interrupted.length} interrupted operation(s) in the state:`, ...lines, "", next].join("\n");
}
