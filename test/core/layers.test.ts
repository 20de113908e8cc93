/**
 * The layers of provider/ import downwards only: api/ (the route table and wire schemas, shared
 * with the emulator) imports nothing of ours outside api/.
 */
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(__dirname, "..", "..", "..");

/** The module specifiers a TypeScript source imports or re-exports. */
function importsOf(source: string): string[] {
    return [...source.matchAll(/\b(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"/g), ...source.matchAll(/\bimport\s*\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1]!);
}

test("provider/api imports nothing of ours outside api/", (t) => {
    const dir = path.join(root, "provider", "api");
    const files = readdirSync(dir).filter((file) => file.endsWith(".ts"));
    t.true(files.length > 0);
    for (const file of files) {
        const outside = importsOf(readFileSync(path.join(dir, file), "utf8")).filter((specifier) => specifier.startsWith(".") && !specifier.startsWith("./"));
        t.deepEqual(outside, [], `provider/api/${file} imports ${outside.join(", ")}`);
    }
});
