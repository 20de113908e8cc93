/**
 * What the lookup functions read from Bringg: the scope catalog with the TTLs in force, and the
 * merchant's applications (never a secret: Bringg shows one only when it issues it). No Pulumi
 * imports; the program-side functions (./index.ts) give these a client for the right account.
 *
 * Every lookup reads one shared list per kind (the client's list memo), so a program that looks up
 * ten applications costs one list call, and so does a refresh of its resources in the same process.
 */
import { z } from "zod";
import type * as wire from "../api/wire";
import { accountInput } from "../core/account";
import { propertyPath } from "../core/check";
import type { BringgClient } from "../core/client";
import { ProviderError } from "../core/errors";
import type { ApplicationInfo, ScopeAccess, ScopeInfo } from "./types";

export type { ApplicationInfo, ScopeAccess, ScopeInfo };

/** The `account` argument of every lookup. */
const lookupAccount = accountInput.meta({
    description:
        "The named account (an entry of `bringg:accounts`) to read; without it, the default settings (`bringg:region` or `bringg:endpoint`, `bringg:username`, `bringg:password`).",
});

/** Arguments of {@link getScopes}. */
export const getScopesArgs = z
    .strictObject({ account: lookupAccount })
    .meta({ title: "bringg.getScopes", description: "The scope catalog of an account, with the TTL in force of each scope." });
/** Arguments of {@link getApplication}: exactly one of `clientId` and `name`. */
export const getApplicationArgs = z
    .strictObject({
        clientId: z.string().trim().min(1, "clientId must not be empty").optional().meta({ description: "The application's OAuth client id." }),
        name: z
            .string()
            .trim()
            .min(1, "name must not be empty")
            .optional()
            .meta({ description: "The application's display name; it must name exactly one application." }),
        account: lookupAccount,
    })
    .superRefine((args, ctx) => {
        if ((args.clientId === undefined) === (args.name === undefined)) {
            ctx.addIssue({ code: "custom", path: [], message: "give exactly one of clientId and name" });
        }
    })
    .meta({ title: "bringg.getApplication", description: "One application of an account, by client id or by name; never its secret." });
/** Arguments of {@link getApplications}. */
export const getApplicationsArgs = z
    .strictObject({
        enabled: z
            .boolean({ error: "enabled must be true or false" })
            .optional()
            .meta({ description: "Only enabled (true) or only disabled (false) applications." }),
        scope: z
            .string()
            .trim()
            .min(1, "scope must not be empty")
            .optional()
            .meta({ description: "Only applications that may request this scope (exact name)." }),
        account: lookupAccount,
    })
    .meta({ title: "bringg.getApplications", description: "The applications of an account, optionally filtered; never their secrets." });

/** The checked arguments of a lookup, or an error naming every bad argument by its path. */
export function parseLookupArgs<S extends z.ZodType>(lookup: string, schema: S, args: unknown): z.output<S> {
    const parsed = schema.safeParse(args ?? {});
    if (parsed.success) return parsed.data;
    const problems = parsed.error.issues.map((issue) => {
        const path = issue.code === "unrecognized_keys" ? "" : propertyPath(issue.path);
        const message =
            issue.code === "unrecognized_keys" ? `${issue.keys.map((k) => JSON.stringify(k)).join(", ")} is not an argument of ${lookup}` : issue.message;
        return path === "" ? message : `${path}: ${message}`;
    });
    throw new ProviderError(lookup, `invalid arguments: ${problems.join("; ")}`, "correct the arguments named above");
}

/** The scope catalog with group, access and TTLs; sorted by name. */
export async function scopes(client: BringgClient): Promise<ScopeInfo[]> {
    const catalog = await client.listScopes({ resource: "getScopes" });
    const byName = new Map(catalog.map((scope) => [scope.name, scope]));
    return catalog.map((scope) => scopeInfo(scope, byName)).sort((a, b) => a.name.localeCompare(b.name));
}

function scopeInfo(scope: wire.Scope, byName: ReadonlyMap<string, wire.Scope>): ScopeInfo {
    const branch = [scope];
    for (let at = scope; at.parent && byName.has(at.parent) && branch.length < 32; ) {
        at = byName.get(at.parent)!;
        branch.push(at);
    }
    const top = branch[branch.length - 1]!;
    const named = branch.map((node) => /_(read|write)$/i.exec(node.name)?.[1]?.toLowerCase()).find((side) => side !== undefined);
    const access: ScopeAccess = !scope.parent ? "both" : named === "read" || named === "write" ? named : scope.default_ttl <= 1800 ? "write" : "read";
    return {
        name: scope.name,
        ...(scope.description ? { description: scope.description } : {}),
        ...(scope.parent ? { parent: scope.parent } : {}),
        group: top.parent ? (top.parent as string) : top.name,
        access,
        ttlSeconds: scope.ttl,
        defaultTtlSeconds: scope.default_ttl,
        overridden: scope.ttl !== scope.default_ttl,
    };
}

function applicationInfo(app: wire.Application): ApplicationInfo {
    return {
        applicationId: app.id,
        clientId: app.client_id,
        name: app.name,
        scopes: [...app.scopes].sort(),
        enabled: app.enabled,
        createdAt: app.created_at,
    };
}

/** The applications, filtered; sorted by id. */
export async function applications(client: BringgClient, filter: { enabled?: boolean | undefined; scope?: string | undefined }): Promise<ApplicationInfo[]> {
    const all = await client.listApplications({ resource: "getApplications" });
    return all
        .filter((app) => (filter.enabled === undefined || app.enabled === filter.enabled) && (filter.scope === undefined || app.scopes.includes(filter.scope)))
        .sort((a, b) => a.id - b.id)
        .map(applicationInfo);
}

/**
 * The one application with this client id or name.
 *
 * @throws ProviderError when none matches, or when a name matches several (naming their client ids).
 */
export async function application(
    client: BringgClient,
    match: { clientId?: string | undefined; name?: string | undefined; account?: string | undefined },
): Promise<ApplicationInfo> {
    const all = await client.listApplications({ resource: "getApplication" });
    const found = all.filter((app) => (match.clientId !== undefined ? app.client_id === match.clientId : app.name === match.name));
    const what = match.clientId !== undefined ? `client id ${match.clientId}` : `name ${JSON.stringify(match.name)}`;
    const where = match.account === undefined ? "the merchant of the default settings" : `account ${JSON.stringify(match.account)}`;
    if (found.length === 0) {
        throw new ProviderError(
            "getApplication",
            `no application with ${what} in ${where} (${all.length} application(s) there)`,
            "check the spelling (names are exact) and the account; getApplications lists them all",
        );
    }
    if (found.length > 1) {
        throw new ProviderError(
            "getApplication",
            `${found.length} applications are named ${JSON.stringify(match.name)} in ${where} (client ids ${found.map((app) => app.client_id).join(", ")})`,
            "look it up by clientId",
        );
    }
    return applicationInfo(found[0]!);
}
