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
 * Bringg has none. The applications the stack already manages (in the same account) are excluded
 * from that search. Only autonamed applications are kept so: their names have a random part no
 * one else uses. An application with an explicit name may share it with another stack's, which
 * must never be taken over; such a create is dropped, and the report says to look for an orphan.
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
import { applicationIdOf, bringgTypeOf, parseStackExport, plainString, type ExportedResource } from "./orphans";

/** One interrupted operation and what the repair did with it. */
export interface Interrupted {
    /** The resource's URN. */
    readonly urn: string;
    /** The engine's word for the operation: `creating`, `updating`, `deleting`, ... */
    readonly operation: string;
    /**
     * `kept`: now a pending create that `pulumi up` settles; `dropped`: removed from the state;
     * `check`: an application create removed from the state that may have made an application
     * this provider cannot safely take over (an explicit name, or a name or scopes kept secret).
     */
    readonly outcome: "kept" | "dropped" | "check";
    /** The application name, when the create shows it. */
    readonly name?: string;
}

/** The outcome of {@link recoverState}. */
export interface Recovery {
    /** The repaired export, for `pulumi stack import`. */
    readonly text: string;
    /** Every interrupted operation the state held, in its order. */
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
    const parsed = parseStackExport<{ deployment?: Deployment; [key: string]: unknown }>(text, source);
    const deployment = parsed.deployment;

    const resources = [...(deployment.resources ?? [])];
    const interrupted: Interrupted[] = [];
    for (const operation of deployment.pending_operations ?? []) {
        const resource = operation.resource;
        const create = operation.type === "creating" ? applicationCreate(resource) : undefined;
        if (!create?.unique) {
            const name = create?.name === undefined ? {} : { name: create.name };
            interrupted.push({ urn: resource.urn, operation: operation.type, outcome: create ? "check" : "dropped", ...name });
            continue;
        }
        const kept = pendingResource(resource, create, managedIn(resources, create.account));
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

/** What an interrupted create of an application shows of itself. */
interface ApplicationCreate {
    readonly name?: string | undefined;
    readonly scopes?: string[] | undefined;
    readonly account?: string | undefined;
    /** Whether the name was generated with a random part (the inputs' `__uniqueName`) and is readable. */
    readonly unique: boolean;
}

/** The interrupted create of an application that could have made one, or undefined (another kind, an adoption). */
function applicationCreate(resource: ExportedResource): ApplicationCreate | undefined {
    const inputs = resource.inputs ?? {};
    if (bringgTypeOf(resource.type) !== "Application" || inputs.adopt !== undefined) return undefined;
    const name = plainString(inputs.name);
    const listed = Array.isArray(inputs.scopes) ? inputs.scopes.map(plainString) : undefined;
    const scopes = listed?.every((s) => s !== undefined) ? (listed as string[]) : undefined;
    return { name, scopes, account: plainString(inputs.account), unique: inputs.__uniqueName === true && name !== undefined && scopes !== undefined };
}

/** Bringg's ids of the applications a state manages in one account (undefined: the default settings). */
function managedIn(resources: readonly ExportedResource[], account: string | undefined): number[] {
    return resources
        .filter((r) => bringgTypeOf(r.type) === "Application" && plainString(r.outputs?.account ?? r.inputs?.account) === account)
        .flatMap((r) => applicationIdOf(r) ?? []);
}

/** The pending-create resource for an interrupted create of an autonamed application. */
function pendingResource(
    resource: ExportedResource & Record<string, unknown>,
    create: ApplicationCreate,
    managed: readonly number[],
): { resource: ExportedResource & Record<string, unknown>; name: string } {
    const name = create.name!;
    const outputs = {
        ...pendingState({ name, scopes: create.scopes!, existing: [...managed] }),
        ...(create.account === undefined ? {} : { account: create.account }),
        __provider: resource.inputs?.__provider,
    };
    return { resource: { ...resource, id: `pending:${name}`, outputs }, name };
}

/** The report printed by `pulumi-bringg recover`. */
export function formatRecovery(interrupted: readonly Interrupted[], imported: boolean): string {
    if (interrupted.length === 0) return "The state has no interrupted operations: nothing to recover. Run `pulumi up` as usual.";
    const lines = interrupted.map((i) => {
        const name = i.name === undefined ? "" : ` ${JSON.stringify(i.name)}`;
        switch (i.outcome) {
            case "kept":
                return `  kept     ${i.urn}: the create of application${name} is now pending; \`pulumi up\` takes the application over, or creates it if Bringg has none`;
            case "check":
                return (
                    `  CHECK    ${i.urn}: the create of application${name} was dropped; it may have made the application, which this command does not ` +
                    "take over (an explicit name may be another stack's)"
                );
            default:
                return `  dropped  ${i.urn} (${i.operation}): \`pulumi up\` brings it to the program again`;
        }
    });
    const next = imported ? "The state is repaired. Now run `pulumi up`." : "Nothing was written (--dry-run).";
    const check = interrupted.some((i) => i.outcome === "check")
        ? [
              "",
              "For each CHECK line: after `pulumi up`, run `pulumi stack export | npx pulumi-bringg orphans --stack-state -` and delete the",
              "application it lists under that name in Bringg (Settings → Webhooks & API), or adopt it in the program instead.",
          ]
        : [];
    return [`${interrupted.length} interrupted operation(s) in the state:`, ...lines, ...check, "", next].join("\n");
}
