/**
 * The convergence check after each soak run: does Bringg hold exactly what the program declares,
 * and does every secret the stack publishes still work?
 *
 * It is strict on purpose. It reads Bringg through the Management API (never the provider's view),
 * the state through `pulumi stack export` and the secrets through `pulumi stack output
 * --show-secrets`, and counts:
 * - duplicates: applications in Bringg beyond the first with the same name;
 * - orphans: applications no `Application` resource of the state references (provider/tools/orphans);
 * - missing: declared applications absent from the state or from Bringg;
 * - appMismatches: a declared application whose `enabled` or scopes differ in Bringg, or an
 *   `Application` in the state that the program does not declare;
 * - ttlMismatches: a scope of the TTL pool whose TTL is not the program's (or Bringg's default when
 *   the program leaves it out);
 * - lostSecrets: a published secret that is missing or cannot obtain a token.
 */
import type { Application } from "../provider/core/client";
import type { Scope } from "../provider/api/wire";
import { findOrphans, referencesIn, type Orphan } from "../provider/tools/orphans";
import { anchorKey, ttlScopePool, type ProgramModel } from "./model";

/** What the check reads. */
export interface Observation {
    /** The merchant's applications, from the Management API. */
    readonly applications: readonly Application[];
    /** The scope catalog, from the Management API. */
    readonly scopes: readonly Scope[];
    /** `pulumi stack export` (plain). */
    readonly stateText: string;
    /** `pulumi stack output --show-secrets --json`. */
    readonly outputs: Record<string, unknown>;
}

/** What the check counts; every count must be 0 for a run to converge. */
export const countKeys = ["duplicates", "orphans", "missing", "appMismatches", "lostSecrets", "ttlMismatches"] as const;
/** The check's counts. */
export type Counts = Record<(typeof countKeys)[number], number>;

/** The counts of one check with the plain counts picked out. */
export function countsOf(findings: Counts): Counts {
    return Object.fromEntries(countKeys.map((key) => [key, findings[key]])) as Counts;
}

/** Counts and the reason for each. */
export interface Findings extends Counts {
    /** One line per finding. */
    details: string[];
    /** The orphans themselves (to delete them after recording). */
    orphanApps: Orphan[];
}

/** True when the check found nothing. */
export function converged(findings: Counts): boolean {
    return countKeys.every((key) => findings[key] === 0);
}

/** Whether a client id and secret obtain a token (the caller enables a disabled app for the probe). */
export type SecretProbe = (clientId: string, clientSecret: string) => Promise<boolean>;

const applicationType = "pulumi-nodejs:dynamic/bringg:Application";

function urnName(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

/** The resource name an application's name derives from: its generated suffix removed. */
export function declaredKeyOf(name: string): string {
    return name.replace(/-[0-9a-f]{7}$/, "");
}

/** The published secrets the program of `model` must export: output key → app key. */
export function expectedSecrets(model: ProgramModel): string[] {
    return [...model.apps.filter((app) => app.key !== anchorKey).map((app) => app.key), `${anchorKey}-secret`];
}

/** Compares what was observed with the program. */
export async function checkConvergence(model: ProgramModel, seen: Observation, probe: SecretProbe): Promise<Findings> {
    const findings: Findings = {
        duplicates: 0,
        orphans: 0,
        missing: 0,
        appMismatches: 0,
        ttlMismatches: 0,
        lostSecrets: 0,
        details: [],
        orphanApps: [],
    };

    // Generated names are the resource name plus 7 hex digits: two applications for one declared
    // resource have different names, so they are grouped by the resource name they derive from.
    const byName = new Map<string, Application[]>();
    for (const app of seen.applications) {
        const key = declaredKeyOf(app.name);
        byName.set(key, [...(byName.get(key) ?? []), app]);
    }
    for (const [name, apps] of byName) {
        if (apps.length < 2) continue;
        findings.duplicates += apps.length - 1;
        findings.details.push(
            `duplicate: ${apps.length} applications for ${JSON.stringify(name)} (${apps.map((a) => `id ${a.id} ${JSON.stringify(a.name)}`).join(", ")})`,
        );
    }

    const exported = referencesIn(seen.stateText, "stack");
    const report = findOrphans(seen.applications, [exported], "application");
    findings.orphans = report.orphans.length;
    findings.orphanApps = report.orphans;
    for (const orphan of report.orphans) {
        findings.details.push(`orphan: id ${orphan.applicationId} ${JSON.stringify(orphan.name)} is in no Application resource of the state`);
    }
    if (report.pendingCreates.length > 0) {
        findings.details.push(`note: the state still has ${report.pendingCreates.length} pending create(s)`);
    }

    const owned = exported.references.filter((r) => r.owns && r.urn.includes(`::${applicationType}::`));
    const declared = new Set(model.apps.map((app) => app.key));
    for (const ref of owned) {
        if (!declared.has(urnName(ref.urn))) {
            findings.appMismatches++;
            findings.details.push(`stale state: ${urnName(ref.urn)} is an Application in the state but not in the program`);
        }
    }
    for (const app of model.apps) {
        const refs = owned.filter((r) => urnName(r.urn) === app.key);
        if (refs.length === 0) {
            findings.missing++;
            findings.details.push(`missing: ${app.key} is declared but not in the state`);
            continue;
        }
        const ref = refs[0]!;
        const live = seen.applications.find((a) => a.client_id === ref.clientId || a.id === ref.applicationId);
        if (!live) {
            findings.missing++;
            findings.details.push(`missing: ${app.key} (id ${ref.applicationId}) is in the state but not in Bringg`);
            continue;
        }
        const scopes = [...new Set(live.scopes)].sort().join(" ");
        if (live.enabled !== app.enabled || scopes !== [...app.scopes].sort().join(" ")) {
            findings.appMismatches++;
            findings.details.push(
                `mismatch: ${app.key} is ${live.enabled ? "enabled" : "disabled"} with ${scopes} in Bringg; ` +
                    `the program says ${app.enabled ? "enabled" : "disabled"} with ${[...app.scopes].sort().join(" ")}`,
            );
        }
    }

    for (const scope of new Set([...ttlScopePool, ...Object.keys(model.ttls)])) {
        const entry = seen.scopes.find((s) => s.name === scope);
        const expected = model.ttls[scope] ?? entry?.default_ttl;
        if (!entry || entry.ttl !== expected) {
            findings.ttlMismatches++;
            findings.details.push(`ttl: ${scope} is ${entry?.ttl ?? "absent"} in Bringg, expected ${expected}`);
        }
    }

    const published = (seen.outputs.secrets ?? {}) as Record<string, { clientId?: unknown; clientSecret?: unknown } | undefined>;
    for (const key of expectedSecrets(model)) {
        const entry = published[key];
        if (typeof entry?.clientId !== "string" || typeof entry.clientSecret !== "string") {
            findings.lostSecrets++;
            findings.details.push(`lost secret: ${key} publishes no client id and secret`);
        } else if (!(await probe(entry.clientId, entry.clientSecret))) {
            findings.lostSecrets++;
            findings.details.push(`lost secret: ${key}'s published secret obtains no token`);
        }
    }
    return findings;
}
