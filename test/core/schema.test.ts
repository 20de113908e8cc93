import test from "ava";
import { readFileSync } from "node:fs";
import { lookupArgs, resourceInputs, resourcesSchema, resourcesSchemaPath } from "../../scripts/gen-schema";

test("schema/resources.json is what scripts/gen-schema.ts generates from the zod input schemas", (t) => {
    const committed = readFileSync(resourcesSchemaPath, "utf8");
    t.is(committed, resourcesSchema(), "run `npx tsc -p . && node dist/scripts/gen-schema.js` and commit schema/resources.json");
});

test("every resource's inputs and every lookup's arguments are closed objects, so a misspelling is caught by tooling too", (t) => {
    const document = JSON.parse(resourcesSchema()) as { $defs: Record<string, { type: string; additionalProperties: unknown }> };
    t.deepEqual(Object.keys(document.$defs), [...Object.keys(resourceInputs), ...Object.keys(lookupArgs)]);
    // VendorCredential is a union of closed objects, one per vendor; every other entry is one object.
    for (const [token, definition] of Object.entries(document.$defs)) if (definition.type === "object") t.is(definition.additionalProperties, false, token);
    t.is(document.$defs["bringg:getApplication"]?.additionalProperties, false);
});
