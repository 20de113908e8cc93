/**
 * Applications in Bringg that no Pulumi stack manages, found from `pulumi stack export` files.
 *
 * After a `pulumi up` is killed (SIGKILL, Ctrl-C twice, a CI runner that dies), an application
 * Bringg created may be missing from the state: the engine recorded only a pending create, and
 * `pulumi refresh --clear-pending-creates` drops that record (`pulumi-bringg recover`, ./recover.ts,
 * keeps it for `pulumi up` to settle instead). Such an application still holds a working client
 * secret. This module compares the merchant's applications with every client id
 * and application id the exported states hold, and names each pending create that may explain
 * an orphan.
 *
 * No Pulumi imports: the input is the JSON text of `pulumi stack export` (plain or with
 * `--show-secrets`), the applications come from the Management API.
 */
import type { Application } from "../core/client";
import { secretSignatureKey } from "../core/pulumi-wire";

/** The part of one resource in a `pulumi stack export` that is read here. */
export interface ExportedResource {
    readonly urn: string;
    readonly type: string;
    readonly id?: string;
    readonly inputs?: Record<string, unknown>;
    readonly outputs?: Record<string, unknown>;
}

/** The part of a `pulumi stack export` that is read here. */
export interface StackExport {
    readonly deployment?: {
        readonly resources?: readonly ExportedResource[];
        readonly pending_operations?: ReadonlyArray<{ readonly resource: ExportedResource; readonly type: string }>;
    };
}

/** Which resources count as managing an application. */
export type Ownership =
    /** Any pulumi-bringg resource that names the application (an Application, a SecretRotation). */
    | "any"
    /** Only `Application` resources (the soak's strict reading: a rotation does not own its app). */
    | "application";

/** One place an exported state names an application. */
export interface Reference {
    /** Where the export came from (a file name), as given to {@link referencesIn}. */
    readonly source: string;
    readonly urn: string;
    readonly clientId?: string | undefined;
    /** Bringg's numeric id: an Application resource's id. */
    readonly applicationId?: number | undefined;
    /** True for an `Application` resource (it owns the application); false for other resources. */
    readonly owns: boolean;
}

/** A create that was interrupted: the engine does not know whether the application exists. */
export interface PendingCreate {
    readonly source: string;
    readonly urn: string;
    /** The application name the create sent, when the inputs show it. */
    readonly name?: string;
}

/** What {@link referencesIn} found in one export. */
export interface ExportReferences {
    readonly references: Reference[];
    readonly pendingCreates: PendingCreate[];
}

/** An application no exported state references. */
export interface Orphan {
    readonly applicationId: number;
    readonly clientId: string;
    readonly name: string;
    readonly enabled: boolean;
    readonly createdAt?: string;
    /** Pending creates of the same name: the interrupted `pulumi up` that probably made it. */
    readonly pendingCreates: PendingCreate[];
}

/** The outcome of {@link findOrphans}. */
export interface OrphanReport {
    /** How many applications Bringg listed. */
    readonly applications: number;
    /** How many of them some exported state references. */
    readonly managed: number;
    readonly orphans: Orphan[];
    /** Every pending create found in the exports, whether or not it matches an orphan. */
    readonly pendingCreates: PendingCreate[];
}

/** The type token of pulumi-bringg's dynamic resources: `pulumi-nodejs:dynamic/bringg:<Type>`. */
const bringgType = /^pulumi-nodejs:dynamic\/bringg:(\w+)$/;

/** The pulumi-bringg resource kind of an exported type token (`Application`, ...), or undefined. */
export function bringgTypeOf(type: string): string | undefined {
    return bringgType.exec(type)?.[1];
}

/**
 * A string property, also when an export made with `--show-secrets` wraps it as a secret (the
 * `plaintext` is the JSON text of the value). An encrypted secret gives undefined: client ids are
 * never secret, so this only happens to values that do not matter here.
 */
export function plainString(value: unknown): string | undefined {
    if (typeof value === "string") return value;
    if (value && typeof value === "object" && secretSignatureKey in value) {
        const plaintext = (value as { plaintext?: unknown }).plaintext;
        if (typeof plaintext !== "string") return undefined;
        try {
            const parsed: unknown = JSON.parse(plaintext);
            return typeof parsed === "string" ? parsed : undefined;
        } catch {
            return undefined;
        }
    }
    return undefined;
}

function resourceName(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

/**
 * The JSON text of a `pulumi stack export`, parsed, with its `deployment` checked to be there.
 * `source` names the text in errors (a file name, a command).
 *
 * @throws Error when the text is not a stack export.
 */
export function parseStackExport<T extends StackExport = StackExport>(text: string, source: string): T & { deployment: NonNullable<T["deployment"]> } {
    let parsed: T;
    try {
        parsed = JSON.parse(text) as T;
    } catch (error) {
        throw new Error(`${source} is not JSON (${(error as Error).message}): give the output of \`pulumi stack export\``);
    }
    if (!parsed || typeof parsed !== "object" || typeof parsed.deployment !== "object" || parsed.deployment === null) {
        throw new Error(`${source} has no "deployment": give the output of \`pulumi stack export\``);
    }
    return parsed as T & { deployment: NonNullable<T["deployment"]> };
}

/**
 * Bringg's id of the application a pulumi-bringg resource names: an `Application`'s numeric id,
 * else an `applicationId` output. Undefined for none, and for the 0 of a pending create (no
 * Bringg id is 0).
 */
export function applicationIdOf(resource: ExportedResource): number | undefined {
    const fromId = bringgTypeOf(resource.type) === "Application" && resource.id !== undefined && /^\d+$/.test(resource.id) ? Number(resource.id) : undefined;
    const id = fromId ?? numberOf(resource.outputs?.applicationId);
    return id !== undefined && id > 0 ? id : undefined;
}

/**
 * Every application reference and pending create in one export. `text` is the export's JSON;
 * `source` names it in the results (a file name).
 *
 * @throws Error when the text is not a stack export.
 */
export function referencesIn(text: string, source: string): ExportReferences {
    const parsed = parseStackExport(text, source);
    const references: Reference[] = [];
    for (const resource of parsed.deployment.resources ?? []) {
        const type = bringgTypeOf(resource.type);
        if (!type) continue;
        const owns = type === "Application";
        const clientId = plainString(resource.outputs?.clientId) ?? adoptedClientId(resource.inputs);
        const applicationId = applicationIdOf(resource);
        if (clientId === undefined && applicationId === undefined) continue;
        references.push({ source, urn: resource.urn, clientId, applicationId, owns });
    }
    const pendingCreates: PendingCreate[] = [];
    // Pending creates this provider recorded itself (a lost reply, or `pulumi-bringg recover`):
    // `pulumi up` settles them, and the application it will take over is theirs.
    for (const resource of parsed.deployment.resources ?? []) {
        const pending = resource.outputs?.pendingCreate as { name?: unknown } | undefined;
        if (bringgTypeOf(resource.type) !== "Application" || !pending || typeof pending !== "object") continue;
        const name = plainString(pending.name);
        pendingCreates.push({ source, urn: resource.urn, ...(name === undefined ? {} : { name }) });
    }
    for (const operation of parsed.deployment.pending_operations ?? []) {
        const type = bringgTypeOf(operation.resource.type);
        if (operation.type !== "creating" || type !== "Application") continue;
        const name = plainString(operation.resource.inputs?.name);
        pendingCreates.push({ source, urn: operation.resource.urn, ...(name === undefined ? {} : { name }) });
    }
    return { references, pendingCreates };
}

function adoptedClientId(inputs: Record<string, unknown> | undefined): string | undefined {
    const adopt = inputs?.adopt;
    return adopt && typeof adopt === "object" ? plainString((adopt as { clientId?: unknown }).clientId) : undefined;
}

function numberOf(value: unknown): number | undefined {
    return typeof value === "number" && Number.isInteger(value) ? value : undefined;
}

/**
 * The applications that no reference names (by client id, or by numeric id for an `Application`
 * resource). With `ownership: "application"` only `Application` resources count.
 */
export function findOrphans(applications: readonly Application[], exports: readonly ExportReferences[], ownership: Ownership = "any"): OrphanReport {
    const references = exports.flatMap((e) => e.references).filter((r) => ownership === "any" || r.owns);
    const clientIds = new Set(references.flatMap((r) => (r.clientId === undefined ? [] : [r.clientId])));
    const ids = new Set(references.flatMap((r) => (r.owns && r.applicationId !== undefined ? [r.applicationId] : [])));
    const pendingCreates = exports.flatMap((e) => e.pendingCreates);
    const orphans: Orphan[] = [];
    for (const app of applications) {
        if (clientIds.has(app.client_id) || ids.has(app.id)) continue;
        orphans.push({
            applicationId: app.id,
            clientId: app.client_id,
            name: app.name,
            enabled: app.enabled,
            ...(typeof app.created_at === "string" ? { createdAt: app.created_at } : {}),
            pendingCreates: pendingCreates.filter((p) => p.name === app.name || (p.name === undefined && resourceName(p.urn) === app.name)),
        });
    }
    return { applications: applications.length, managed: applications.length - orphans.length, orphans, pendingCreates };
}

/** The report as text for a terminal: one line per orphan, then what to do. */
export function formatOrphans(report: OrphanReport, sources: readonly string[]): string {
    const lines: string[] = [];
    const from = sources.length === 1 ? sources[0] : `${sources.length} stack exports`;
    if (report.orphans.length === 0) {
        lines.push(`No orphans: all ${report.applications} application(s) in Bringg are referenced by ${from}.`);
    } else {
        lines.push(`${report.orphans.length} of ${report.applications} application(s) in Bringg are referenced by no resource in ${from}:`, "");
        for (const orphan of report.orphans) {
            const state = orphan.enabled ? "ENABLED" : "disabled";
            const created = orphan.createdAt ? `, created ${orphan.createdAt}` : "";
            lines.push(`  id ${orphan.applicationId}  client_id ${orphan.clientId}  ${JSON.stringify(orphan.name)} (${state}${created})`);
            for (const pending of orphan.pendingCreates) {
                lines.push(`      probably made by the interrupted create of ${pending.urn} (pending in ${pending.source})`);
            }
        }
        lines.push(
            "",
            "An orphan keeps a working client secret until it is deleted. If an application belongs to no other",
            "stack or tool, delete it in Bringg (Settings → Webhooks & API), or bring it under management with",
            "`new bringg.Application(name, { adopt: { clientId } })`.",
        );
    }
    if (report.pendingCreates.length > 0) {
        lines.push(
            "",
            `${report.pendingCreates.length} pending create(s) in the export(s): run \`npx pulumi-bringg recover\` in the project folder, ` +
                "then `pulumi up`: it settles each interrupted create without making a second application (docs/troubleshooting.md).",
        );
    }
    return lines.join("\n");
}
