/**
 * Builds schema/openapi.json, an OpenAPI 3.1 description of the Bringg API as the emulator serves
 * it, from the route table and the wire schemas. Run `npm run build && node dist/scripts/gen-openapi.js`;
 * a test fails when the committed file differs from what this produces.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { routes, type Route, type RouteName } from "../provider/api/routes";
import { regions } from "../provider/api/regions";
import * as wire from "../provider/api/wire";

/** Where the document lives in the repository. */
export const openApiPath = resolve(__dirname, "../../schema/openapi.json");

type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema 2020-12, describing what travels on the wire (zod's input side). */
function jsonSchema(schema: z.ZodType): JsonSchema {
    const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
    return rest;
}

const security: Record<Route["auth"], Record<string, string[]>[]> = {
    admin: [{ adminBasic: [] }],
    client: [{ clientBasic: [] }, {}],
    bearer: [{ bearer: [] }],
};

const requestMediaTypes: Record<Route["auth"], string[]> = {
    admin: ["application/json"],
    client: ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"],
    bearer: ["application/json"],
};

function operation(name: RouteName, route: Route) {
    const parameters = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, key]) => ({
        name: key,
        in: "path",
        required: true,
        description: "The application's numeric id.",
        schema: { type: "integer" },
    }));
    const success = route.successStatus ?? 200;
    const errorSchema = route.auth === "admin" ? "#/components/schemas/BringgError" : "#/components/schemas/OAuthError";
    return {
        operationId: name,
        summary: route.summary,
        tags: [route.auth === "admin" ? "management" : "oauth"],
        "x-idempotent": route.idempotent,
        security: security[route.auth],
        ...(parameters.length > 0 ? { parameters } : {}),
        ...(route.request
            ? {
                  requestBody: {
                      required: true,
                      content: Object.fromEntries(requestMediaTypes[route.auth].map((type) => [type, { schema: jsonSchema(route.request!) }])),
                  },
              }
            : {}),
        responses: {
            [String(success)]: {
                description: "Success.",
                ...(route.response ? { content: { "application/json": { schema: jsonSchema(route.response) } } } : {}),
            },
            "4XX": { description: "Refused.", content: { "application/json": { schema: { $ref: errorSchema } } } },
        },
    };
}

/** The OpenAPI document, as a plain object. */
export function buildOpenApi(): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const [name, route] of Object.entries(routes) as [RouteName, Route][]) {
        (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(name, route);
    }
    return {
        openapi: "3.1.0",
        info: {
            title: "Bringg OAuth and Management API (as emulated by pulumi-bringg)",
            version: "1",
            description:
                "Generated from provider/api/routes.ts and wire.ts. Token, token info, introspection and the " +
                "/services paths are Bringg's documented ones; the Management paths are inferred (Doorkeeper-style) " +
                "and change in routes.ts alone.",
        },
        servers: Object.entries(regions).map(([region, url]) => ({ url, description: `Bringg region ${region}` })),
        tags: [
            { name: "management", description: "Applications and scope TTLs; HTTP Basic with an admin user." },
            { name: "oauth", description: "Client-credentials tokens and their use." },
        ],
        paths,
        components: {
            securitySchemes: {
                adminBasic: { type: "http", scheme: "basic", description: "A Bringg admin user's username and password." },
                clientBasic: { type: "http", scheme: "basic", description: "client_id and client_secret (or send them in the body)." },
                bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
            },
            schemas: {
                BringgError: jsonSchema(wire.bringgError),
                OAuthError: jsonSchema(wire.oauthError),
            },
        },
    };
}

/** The document as the file holds it. */
export function renderOpenApi(): string {
    return `${JSON.stringify(buildOpenApi(), null, 2)}\n`;
}

if (require.main === module) {
    writeFileSync(openApiPath, renderOpenApi());
    console.log(`wrote ${openApiPath}`);
}
