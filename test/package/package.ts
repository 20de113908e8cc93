/**
 * What the package tests read from the checkout: package.json, and the module names that dynamic
 * providers record in state (each must stay resolvable through `exports`).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../helpers/pulumi";

/** The package.json fields the package tests read. */
export interface PackageJson {
    name: string;
    version: string;
    main: string;
    types: string;
    bin: Record<string, string>;
    exports: Record<string, string | Record<string, string>>;
    engines: { node: string };
    scripts: Record<string, string>;
    dependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
    devDependencies: Record<string, string>;
}

/** The checkout's package.json. */
export function packageJson(): PackageJson {
    return JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as PackageJson;
}

/**
 * Every `pulumi-bringg/...` module name the provider's sources hand to `dynamicProvider(...)` or
 * `require(...)`: the names that end up in each resource's serialized `__provider`.
 */
export function stateModuleNames(): string[] {
    const names = new Set<string>();
    const sources = readdirSync(path.join(repoRoot, "provider"), { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts"));
    for (const file of sources) {
        const text = readFileSync(path.join(repoRoot, "provider", file), "utf8");
        for (const match of text.matchAll(/\b(?:dynamicProvider|require)\("(pulumi-bringg\/[^"]+)"\)/g)) names.add(match[1]!);
    }
    return [...names].sort();
}
