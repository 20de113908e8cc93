import { readFileSync } from "node:fs";
import test from "ava";
import { routes } from "../../provider/api/routes";
import { buildOpenApi, openApiPath, renderOpenApi } from "../../scripts/gen-openapi";

test("schema/openapi.json matches the route table and wire schemas", (t) => {
    const committed = readFileSync(openApiPath, "utf8");
    t.true(committed === renderOpenApi(), "schema/openapi.json is stale: run `npm run build && node dist/scripts/gen-openapi.js` and commit the result");
});

test("the OpenAPI document describes every route of the table once", (t) => {
    const paths = buildOpenApi().paths as Record<string, Record<string, { operationId: string }>>;
    const operations = Object.values(paths).flatMap((methods) => Object.values(methods).map((op) => op.operationId));
    t.deepEqual(operations.sort(), Object.keys(routes).sort());
    for (const [name, route] of Object.entries(routes)) {
        t.is(paths[route.path]?.[route.method.toLowerCase()]?.operationId, name);
    }
});
