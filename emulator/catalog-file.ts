/**
 * An account's own scope catalog, loaded from a file (`npm run emulator -- --catalog scopes.json`),
 * so that a team tests against the scope names, groups and TTLs its Bringg account really has.
 *
 * The file is what the Scopes API lists (`node dist/scripts/export-scopes.js > scopes.json`): a list
 * of `{name, description, parent, default_ttl, ttl}`, as JSON or YAML, bare or as `{scopes: [...]}`.
 * Each scope's place in the tree comes from `parent`; its kind is `kind` when given, else a scope
 * without a parent is a logical group, one ending in `_read` / `_write` is a branch, and the rest
 * are endpoints. `default_ttl` becomes the scope's default (else the emulator's rules apply), and
 * a `ttl` that differs from the default a TTL override every merchant starts with. `method` (an
 * endpoint's HTTP method) is optional.
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { scopeName, ttlSeconds } from "../provider/api/wire";
import { Catalog, httpMethods, type ScopeKind, type ScopeNode } from "./catalog";

const entry = z.looseObject({
    name: scopeName,
    description: z.string().optional(),
    parent: scopeName.nullable().optional(),
    kind: z.enum(["group", "read", "write", "endpoint"]).optional(),
    method: z
        .string()
        .transform((m) => m.toUpperCase())
        .pipe(z.enum(httpMethods))
        .optional(),
    default_ttl: ttlSeconds.optional(),
    ttl: ttlSeconds.optional(),
});

const catalogFile = z.union([z.array(entry), z.looseObject({ scopes: z.array(entry) }).transform((file) => file.scopes)]);

/** A catalog read from a file: the tree, and the TTLs that differ from their default. */
export interface LoadedCatalog {
    readonly scopes: readonly ScopeNode[];
    /** Scope → seconds, for every scope whose `ttl` differs from its `default_ttl`. */
    readonly ttlOverrides: Readonly<Record<string, number>>;
}

/** The file could not be used; the message names the file and every problem. */
export class CatalogFileError extends Error {
    constructor(file: string, problems: readonly string[]) {
        super(`scope catalog ${file}: ${problems.join("; ")}`);
        this.name = "CatalogFileError";
    }
}

function kindOf(name: string, parent: string | null | undefined, given: ScopeKind | undefined): ScopeKind {
    if (given) return given;
    if (!parent) return "group";
    if (/_read$/i.test(name)) return "read";
    if (/_write$/i.test(name)) return "write";
    return "endpoint";
}

/**
 * Builds a catalog from parsed file content. Every problem is reported at once: duplicate names,
 * unknown parents, loops, and fields of the wrong type.
 */
export function catalogFromData(data: unknown, file = "(catalog)"): LoadedCatalog {
    const parsed = catalogFile.safeParse(data);
    if (!parsed.success) {
        throw new CatalogFileError(
            file,
            parsed.error.issues.map((issue) => `${issue.path.map(String).join(".") || "file"}: ${issue.message}`),
        );
    }
    const problems: string[] = [];
    const byName = new Map<string, z.infer<typeof entry>>();
    for (const scope of parsed.data) {
        if (byName.has(scope.name)) problems.push(`${scope.name} is listed twice`);
        byName.set(scope.name, scope);
    }
    for (const scope of byName.values()) {
        if (scope.parent && !byName.has(scope.parent)) problems.push(`${scope.name}: its parent ${scope.parent} is not in the file`);
        const seen = new Set<string>([scope.name]);
        for (let up = scope.parent; up; up = byName.get(up)?.parent) {
            if (seen.has(up)) {
                problems.push(`${scope.name}: its parents form a loop`);
                break;
            }
            seen.add(up);
        }
    }
    if (byName.size === 0) problems.push("it lists no scopes");
    if (problems.length > 0) throw new CatalogFileError(file, problems);

    const scopes: ScopeNode[] = [];
    const ttlOverrides: Record<string, number> = {};
    for (const scope of byName.values()) {
        scopes.push({
            name: scope.name,
            description: scope.description ?? scope.name,
            parent: scope.parent ?? null,
            kind: kindOf(scope.name, scope.parent, scope.kind),
            ...(scope.method ? { method: scope.method } : {}),
            ...(scope.default_ttl === undefined ? {} : { defaultTtl: scope.default_ttl }),
        });
    }
    const catalog = new Catalog(scopes);
    for (const scope of byName.values()) {
        if (scope.ttl !== undefined && scope.ttl !== catalog.defaultTtl(scope.name)) ttlOverrides[scope.name] = scope.ttl;
    }
    return { scopes: catalog.list(), ttlOverrides };
}

/** Reads a catalog file: YAML for `.yaml` / `.yml`, JSON otherwise. */
export function loadCatalogFile(file: string): LoadedCatalog {
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch (error) {
        throw new CatalogFileError(file, [`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
    }
    let data: unknown;
    try {
        data = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
    } catch (error) {
        throw new CatalogFileError(file, [`is not valid ${/\.ya?ml$/i.test(file) ? "YAML" : "JSON"}: ${(error as Error).message}`]);
    }
    return catalogFromData(data, file);
}
