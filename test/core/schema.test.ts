import test from "ava";
import { readFileSync } from "node:fs";
import { resourceInputs, resourcesSchema, resourcesSchemaPath } from "../../scripts/gen-schema";

test("schema/resources.json is what scripts/gen-schema.ts generates from the zod input schemas", (t) => {
    const committed = readFileSync(resourcesSchemaPath, "utf8");
    t.is(committed, resourcesSchema(), "run `npx tsc -p . && node dist/scripts/gen-schema.js` and commit schema/resources.json");
});

test("every resource's inputs are closed objects, so a misspelt input is caught by tooling too", (t) => {
    const document = JSON.parse(resourcesSchema()) as { $defs: Record<string, { type: string; additionalProperties: unknown }> };
    t.deepEqual(Object.keys(document.$defs), Object.keys(resourceInputs));
    t.is(document.$defs["pulumi-nodejs:dynamic/bringg:Application"]?.additionalProperties, false);
});
