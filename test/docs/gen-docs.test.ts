import test from "ava";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { applicationInputs } from "../../provider/application/schema";
import { generatedFiles, pageText, regionEnd, regionStart, root, tables } from "../../scripts/gen-docs";

const fix = "run `npm run docs` (or `npx tsc -p . && node dist/scripts/gen-docs.js`) and commit the result";

/** Files whose committed text differs from what scripts/gen-docs.ts makes of it now. */
function drifted(): string[] {
    return [...generatedFiles()].filter(([path, text]) => readFileSync(resolve(root, path), "utf8") !== text).map(([path]) => path);
}

// Serial: the test below changes a description in zod's registry for a moment.
test.serial("the docs tables and the Args and output doc comments are what scripts/gen-docs.ts makes of the zod descriptions", (t) => {
    t.deepEqual(drifted(), [], fix);
});

test.serial("a changed .meta description is drift in the docs page and in the Args doc comment until they are regenerated", (t) => {
    const name = applicationInputs.shape.name;
    const meta = z.globalRegistry.get(name);
    t.truthy(meta?.description);
    const before = drifted();
    z.globalRegistry.add(name, { ...meta, description: "The application's name, described differently." });
    try {
        t.deepEqual(
            drifted().filter((path) => !before.includes(path)),
            ["docs/application.md", "provider/application/resource.ts"],
        );
        const page = generatedFiles().get("docs/application.md") ?? "";
        t.true(page.includes("| `name` | `string` | The application's name, described differently. |"));
    } finally {
        z.globalRegistry.add(name, meta!);
    }
    t.deepEqual(drifted(), before);
});

test("every page names its tables by region, and a page that lost one fails with the lines to add", (t) => {
    for (const table of tables) {
        const page = readFileSync(resolve(root, table.page), "utf8");
        t.true(page.includes(`${regionStart(table.what)}\n`), `${table.page}: ${table.what}`);
    }
    const [first] = tables;
    t.throws(() => pageText(first!.page, "# A page\n", [first!]), {
        message: `${first!.page} has no region for the ${first!.what}: add the lines\n${regionStart(first!.what)}\n${regionEnd}`,
    });
});

test("a field without a description fails the generation, naming it", (t) => {
    const schema = z.object({ described: z.string().meta({ description: "Said once." }), bare: z.string() });
    t.throws(
        () =>
            pageText("docs/x.md", `${regionStart("inputs of X")}\n${regionEnd}\n`, [
                { page: "docs/x.md", what: "inputs of X", schema, io: "input", column: "input" },
            ]),
        {
            message: 'inputs of X: bare has no description: add .meta({ description: "..." }) to its zod schema',
        },
    );
});
