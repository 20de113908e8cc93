/**
 * Builds schema/pulumi-package.json: the Pulumi package schema of package `bringg` (resources,
 * functions, provider configuration and their object types), generated from the same zod schemas
 * that `check` validates with and that the docs are generated from, so that a native provider
 * plugin, the SDKs generated from this file and the dynamic resources cannot disagree. Run
 * `npm run schema`; test/core/package-schema.test.ts fails when the committed file differs from
 * what this produces, or when a resource's fields differ from its zod schema's.
 * `npm run package-schema:check` validates the file with the Pulumi codegen's own binder.
 *
 * How zod's JSON Schema maps to Pulumi's type system (which has no unions of objects, no literal
 * types, no tuples and no null), each choice made here once:
 * - An object with properties becomes a named type `bringg:index:<Name>`: its zod title (without
 *   `bringg.`), else the name {@link objectNames} gives the field that holds it. Two uses of a name
 *   must be the same type (generation fails otherwise).
 * - VendorCredential's inputs (one strict object per vendor, discriminated by `vendor`) become one
 *   set of inputs holding every vendor's fields: `vendor` required, every other field optional
 *   (even those one vendor requires); a field some vendors lack or describe differently says which
 *   vendor each sentence is for, and the resource's description says that `vendor` decides which
 *   fields apply. `getAccessToken`'s arguments are mapped the same way. check (the same zod
 *   schemas) refuses a field the vendor does not take.
 * - A `deliverTo` entry (exactly one of three store kinds) is one object type with the three kinds
 *   optional; its description says to name exactly one. `getApplication`'s arguments (exactly one
 *   of `clientId` and `name`) are both optional, and its description says so.
 * - Unions of primitives (a TTL or a duration: a number or a string; a file mode: an integer or an
 *   octal string; a scope list: a string or a list of strings) become `oneOf`.
 * - Trigger values (string, number, boolean or null) become `oneOf` string, number, boolean: Pulumi
 *   has no null; check still accepts one.
 * - Tuples (`clientIds`, `applicationNames`: exactly two) become lists of their item type; their
 *   descriptions say two.
 * - Enums and literals become their primitive type (string); the descriptions name the values, and
 *   check refuses others. (Named enum types would give SDK enums, a later choice.)
 * - The lookups that return lists (`getScopes`, `getApplications`) return an object with one list
 *   property (`scopes`, `applications`): object results work in every SDK and in Pulumi YAML (which
 *   picks the list with `return:`), where a bare list result does not everywhere.
 * - SecretRotation's input is `clientId` (the schema's key), not the dynamic class's `application`
 *   (which also takes a resource): a native program passes `application.clientId`.
 * - Secrets: the properties {@link secretProperties} lists are `secret: true`; the test checks
 *   that every description calling a value "a Pulumi secret" is among them.
 * - The provider's inputs have no `default` or `defaultInfo`: the plugin reads the `BRINGG_*`
 *   fallbacks itself (as the dynamic provider does), so the SDKs never copy a password from the
 *   environment into the provider's recorded inputs; the descriptions name the variables.
 * - RotatingCredentials, a component of the TypeScript (dynamic) resources, is not in the package:
 *   a component served by a plugin is built by the plugin's `Construct`, which the native plugin
 *   does not implement. Its parts are: two Applications and a CredentialPair naming their client
 *   ids (docs/native-provider.md shows the YAML).
 * - The `language` sections name the SDKs that scripts/gen-sdk.sh generates (see {@link sdkLanguages}).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { z } from "zod";
import { applicationOutputs } from "../provider/application/outputs";
import { applicationInputs } from "../provider/application/schema";
import { providerSettings } from "../provider/core/config-schema";
import { getApplicationArgs, getApplicationsArgs, getScopesArgs } from "../provider/lookups/query";
import { applicationInfo, scopeInfo } from "../provider/lookups/outputs";
import { credentialPairOutputs } from "../provider/rotating-credentials/outputs";
import { credentialPairInputs } from "../provider/rotating-credentials/schema";
import { secretRotationOutputs } from "../provider/rotation/outputs";
import { secretRotationInputs } from "../provider/rotation/schema";
import { scopeTtlsOutputs } from "../provider/scope-ttls/outputs";
import { scopeTtlsInputs } from "../provider/scope-ttls/schema";
import { vendorCredentialOutputs } from "../provider/vendor-credential/outputs";
import { credentialDeliverTo, credentialInputs, vendorCredentialInputs } from "../provider/vendor-credential/schema";
import { accessTokenOutput } from "../provider/vendors/outputs";
import { secretFields, vendorList, vendorNames, vendorSettings, type VendorName } from "../provider/vendors/settings";
import { jsonSchema, type JsonSchema } from "./gen-docs";

/** The repository's root. */
const root = resolve(__dirname, "../..");

/** Where the document lives in the repository. */
export const packageSchemaPath = resolve(root, "schema/pulumi-package.json");

/** The package name, and the module of every token (`bringg:index:Application`). */
export const packageName = "bringg";

/** A type token of this package. */
export function token(name: string): string {
    return `${packageName}:index:${name}`;
}

/** A Pulumi type reference (the part of the package schema this script writes). */
export interface TypeSpec {
    type?: "string" | "number" | "integer" | "boolean" | "array" | "object";
    items?: TypeSpec;
    additionalProperties?: TypeSpec;
    $ref?: string;
    oneOf?: TypeSpec[];
}

/** A property: its type, description and whether it is secret. */
export interface PropertySpec extends TypeSpec {
    description?: string;
    secret?: boolean;
}

/** An object type (or a function's inputs or outputs). */
export interface ObjectTypeSpec {
    type?: "object";
    description?: string;
    properties: Record<string, PropertySpec>;
    required?: string[];
}

/** A resource or the provider. */
export interface ResourceSpec {
    description: string;
    inputProperties: Record<string, PropertySpec>;
    requiredInputs?: string[];
    properties?: Record<string, PropertySpec>;
    required?: string[];
}

/** A function (an invoke). */
export interface FunctionSpec {
    description: string;
    inputs: ObjectTypeSpec;
    outputs: ObjectTypeSpec;
}

/** The package schema as this script writes it. */
export interface PackageSpec {
    name: string;
    displayName: string;
    version: string;
    description: string;
    license: string;
    keywords: string[];
    config: { variables: Record<string, PropertySpec> };
    provider: ResourceSpec;
    resources: Record<string, ResourceSpec>;
    functions: Record<string, FunctionSpec>;
    types: Record<string, ObjectTypeSpec>;
    language: Record<"nodejs" | "python", Record<string, unknown>>;
}

/** The name of the type of an untitled object, by the field that holds it (or its list). */
export const objectNames: Readonly<Record<string, string>> = {
    adopt: "ApplicationAdopt",
    deliverTo: "DeliveryTarget",
    awsSecretsManager: "AwsSecretsManagerTarget",
    file: "FileTarget",
    command: "CommandTarget",
};

/** What a type's description adds where its schema says less than the Pulumi type can express. */
const typeNotes: Readonly<Record<string, string>> = {
    DeliveryTarget:
        "One secret store the credential is written to. Name exactly one of `awsSecretsManager`, `file` and `command` (another entry for " +
        "the next store), and optionally `format`.",
};

/** Secret properties, as `<Resource, type or function>.<field>`. */
export const secretProperties: ReadonlySet<string> = new Set([
    "config.password",
    "Provider.password",
    "AccountSettings.password",
    // The SDKs mark only top-level properties secret: a map holding passwords is secret whole.
    "config.accounts",
    "Provider.accounts",
    "Application.clientSecret",
    "SecretRotation.clientSecret",
    "CredentialPair.active",
    "CredentialPair.previous",
    "Credential.clientSecret",
    // A vendor credential's secret fields, as inputs (VendorCredential, getAccessToken) and outputs.
    ...secretFields.flatMap((field) => [`VendorCredential.${field}`, `getAccessToken.${field}`]),
    "getAccessToken.accessToken",
]);

/** The list results of the lookups that return one: the property that holds the list. */
const listResults = {
    getScopes: { property: "scopes", item: scopeInfo, description: "The account's scopes, sorted by name." },
    getApplications: { property: "applications", item: applicationInfo, description: "The matching applications, sorted by id." },
} as const;

/** Builds the document; every named object type met is collected in {@link types}. */
class Builder {
    readonly types: Record<string, ObjectTypeSpec> = {};

    /**
     * The Pulumi type of a JSON Schema at `where` (e.g. `Application.adopt`), held by `field`. A
     * property's schema (`property`) carries the property's description, not its type's.
     */
    typeOf(schema: JsonSchema & { prefixItems?: JsonSchema[]; $ref?: string }, where: string, field: string, property = false): TypeSpec {
        if (schema.$ref !== undefined) throw new Error(`${where}: a $ref in zod's JSON Schema; inline the schema (no id in its meta)`);
        const union = schema.anyOf ?? schema.oneOf;
        if (union) {
            // null has no Pulumi type: dropped (check still accepts it).
            const options = dedupe(union.filter((option) => option.type !== "null").map((option) => this.typeOf(option, where, field, property)));
            return options.length === 1 ? options[0]! : { oneOf: options };
        }
        if (Array.isArray(schema.type)) {
            // zod writes a union of primitives as a list of types.
            const options = dedupe(schema.type.filter((type) => type !== "null").map((type) => this.typeOf({ ...schema, type }, where, field, property)));
            return options.length === 1 ? options[0]! : { oneOf: options };
        }
        if (schema.const !== undefined || schema.enum !== undefined) {
            const values = schema.const !== undefined ? [schema.const] : schema.enum!;
            const kinds = [...new Set(values.map((value) => typeof value))];
            if (kinds.length !== 1 || !["string", "number", "boolean"].includes(kinds[0]!)) throw new Error(`${where}: an enum of mixed or odd values`);
            return { type: kinds[0] as "string" | "number" | "boolean" };
        }
        switch (schema.type) {
            case "string":
            case "number":
            case "integer":
            case "boolean":
                return { type: schema.type as "string" | "number" | "integer" | "boolean" };
            case "array": {
                // A tuple becomes a list of its items' type.
                const items = schema.prefixItems ? dedupe(schema.prefixItems.map((item) => this.typeOf(item, where, field))) : undefined;
                if (items && items.length !== 1) throw new Error(`${where}: a tuple of mixed types`);
                return { type: "array", items: items ? items[0]! : schema.items ? this.typeOf(schema.items, where, field) : anyType };
            }
            case "object": {
                if (schema.properties) return { $ref: `#/types/${token(this.objectType(property ? describedAs(schema, undefined) : schema, where, field))}` };
                const values = schema.additionalProperties;
                return { type: "object", additionalProperties: typeof values === "object" ? this.typeOf(values, where, field) : anyType };
            }
            case undefined:
                return anyType;
            default:
                throw new Error(`${where}: JSON Schema type ${JSON.stringify(schema.type)} has no Pulumi type`);
        }
    }

    /** Registers a named object type; its name. */
    objectType(schema: JsonSchema, where: string, field: string): string {
        const name = schema.title?.replace(/^bringg\./, "") ?? objectNames[field];
        if (name === undefined) throw new Error(`${where}: an object without a title; name its type in objectNames (gen-package-schema.ts)`);
        const spec = this.objectSpec(describedAs(schema, typeNotes[name] ?? schema.description), name);
        const known = this.types[token(name)];
        if (known && JSON.stringify(known) !== JSON.stringify(spec)) throw new Error(`${where}: two different object types are named ${name}`);
        this.types[token(name)] = spec;
        return name;
    }

    /** The properties of an object schema, owned by `owner` (for secrets and messages). */
    properties(schema: JsonSchema, owner: string): Record<string, PropertySpec> {
        return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, field]) => [key, this.property(field, owner, key)]));
    }

    /** One property: type, description, secret. */
    property(field: JsonSchema, owner: string, key: string): PropertySpec {
        if (!field.description) throw new Error(`${owner}.${key} has no description: add .meta({ description: "..." }) to its zod schema`);
        return {
            ...this.typeOf(field, `${owner}.${key}`, key, true),
            description: field.description,
            ...(secretProperties.has(`${owner}.${key}`) ? { secret: true } : {}),
        };
    }

    /** An object type's spec. */
    objectSpec(schema: JsonSchema, owner: string): ObjectTypeSpec {
        return {
            type: "object",
            ...(schema.description !== undefined ? { description: schema.description } : {}),
            properties: this.properties(schema, owner),
            ...(schema.required?.length ? { required: schema.required } : {}),
        };
    }

    /** A resource's spec from its inputs' and outputs' schemas. */
    resource(name: string, inputs: z.ZodType, outputs: z.ZodType): ResourceSpec {
        const input = jsonSchema(inputs, "input");
        const output = jsonSchema(outputs, "output");
        return this.resourceFrom(name, input.description ?? "", this.properties(input, name), input.required ?? [], output);
    }

    resourceFrom(name: string, description: string, inputProperties: Record<string, PropertySpec>, requiredInputs: string[], output: JsonSchema): ResourceSpec {
        return {
            description,
            inputProperties,
            ...(requiredInputs.length ? { requiredInputs } : {}),
            properties: this.properties(output, name),
            required: output.required ?? [],
        };
    }

    /**
     * The inputs of several strict objects that one field (`vendor`) tells apart, as one object: every
     * field of every variant, required only when every variant requires it.
     */
    merged(
        owner: string,
        variants: Readonly<Record<string, JsonSchema>>,
        discriminator: { key: string; description: string },
    ): { properties: Record<string, PropertySpec>; required: string[] } {
        const labels = Object.keys(variants);
        const keys = [...new Set(Object.values(variants).flatMap((variant) => Object.keys(variant.properties ?? {})))];
        const properties: Record<string, PropertySpec> = {};
        for (const key of keys) {
            if (key === discriminator.key) {
                // A literal per variant, without a description of its own.
                properties[key] = { type: "string", description: discriminator.description };
                continue;
            }
            const having = labels.filter((label) => variants[label]!.properties?.[key] !== undefined);
            const specs = having.map((label) => this.property(variants[label]!.properties![key]!, owner, key));
            const types = dedupe(specs.map(({ description: _d, secret: _s, ...type }) => type));
            if (types.length !== 1) throw new Error(`${owner}.${key}: the variants give it different Pulumi types; decide its type in gen-package-schema.ts`);
            properties[key] = { ...specs[0]!, description: describeVariants(having, specs, labels.length) };
        }
        const required = keys.filter((key) => labels.every((label) => variants[label]!.required?.includes(key)));
        return { properties, required };
    }
}

/** A schema with another description (none: without one). */
function describedAs(schema: JsonSchema, description: string | undefined): JsonSchema {
    const { description: _own, ...rest } = schema;
    return description === undefined ? rest : { ...rest, description };
}

/** The `pulumi.json#/Any` type. */
const anyType: TypeSpec = { $ref: "pulumi.json#/Any" };

function dedupe(types: TypeSpec[]): TypeSpec[] {
    const seen = new Map<string, TypeSpec>();
    for (const type of types) seen.set(JSON.stringify(type), type);
    return [...seen.values()];
}

/** A merged field's description: one sentence for all, or one paragraph per group of variants. */
function describeVariants(having: readonly string[], specs: readonly PropertySpec[], variants: number): string {
    const groups = new Map<string, string[]>();
    having.forEach((label, index) => {
        const text = specs[index]!.description!;
        groups.set(text, [...(groups.get(text) ?? []), label]);
    });
    const code = (labels: readonly string[]) => labels.map((label) => `\`${label}\``).join(", ");
    if (groups.size === 1 && having.length === variants) return specs[0]!.description!;
    return [...groups].map(([text, labels]) => `${code(labels)}: ${text}`).join("\n\n");
}

/** The `vendor` input of VendorCredential and getAccessToken, which picks the variant. */
const vendorInput = {
    key: "vendor",
    description: `${vendorCredentialOutputs.shape.vendor.description ?? ""} One of ${vendorList}; it decides which of the other inputs apply.`,
};

/** One vendor's inputs as JSON Schema, `vendor` included. */
function vendorVariants(schemas: Readonly<Record<VendorName, z.ZodType>>): Record<string, JsonSchema> {
    return Object.fromEntries(vendorNames.map((vendor) => [vendor, jsonSchema(schemas[vendor], "input")]));
}

/**
 * The SDKs' names and options (the schema's `language` sections, read by the codegen).
 * - Node.js: `@pulumi-bringg/sdk`. The codegen's default, `@pulumi/bringg`, would sit in Pulumi's
 *   own npm scope, which this project cannot publish to and which tells users Pulumi ships it;
 *   `pulumi-bringg` is already this repository's package (the dynamic resources and the CLI). A
 *   scope of the project's own keeps the generated SDK beside it under one owner.
 * - Python: `pulumi_bringg`, after the pattern of Pulumi's providers (`pulumi_<name>`); it is the
 *   distribution's name and the module's (`import pulumi_bringg as bringg`).
 * - `respectSchemaVersion`: the generated package.json, pyproject.toml and pulumi-plugin.json carry
 *   the schema's version, which is package.json's (the codegen writes `${VERSION}` and `0.0.0`
 *   placeholders otherwise), so SDK, plugin and package move together.
 * - Python gets a pyproject.toml (no setup.py) and input TypedDicts beside the Args classes (the
 *   codegen's default), so type checkers see the fields.
 */
function sdkLanguages(description: string): PackageSpec["language"] {
    const readme =
        "The Pulumi SDK of the Bringg native provider plugin (`pulumi-resource-bringg`): Bringg OAuth applications, scope token TTLs, " +
        "client-secret rotation and vendor credentials. Generated from the package schema of the pulumi-bringg repository " +
        "(schema/pulumi-package.json); do not edit. Programs also need the plugin installed: see docs/native-provider.md there.\n";
    return {
        nodejs: { packageName: "@pulumi-bringg/sdk", packageDescription: description, readme, respectSchemaVersion: true },
        python: {
            packageName: "pulumi_bringg",
            readme,
            // What `pulumi` at the CLI's version (3.259) requires.
            pythonRequires: ">=3.10",
            respectSchemaVersion: true,
            pyproject: { enabled: true },
        },
    };
}

/** The package.json of the repository. */
function packageJson(): { version: string; description: string; license: string } {
    return JSON.parse(readFileSync(resolve(root, "package.json"), "utf8"));
}

/** The package schema. */
export function packageSpec(): PackageSpec {
    const build = new Builder();
    const pkg = packageJson();

    const settings = jsonSchema(providerSettings, "input");
    const config = build.properties(settings, "config");
    const providerInputs = build.properties(settings, "Provider");

    const vendorOwner = "VendorCredential";
    const vendorInputs = build.merged(vendorOwner, vendorVariants(credentialInputs), vendorInput);
    vendorInputs.properties.deliverTo = build.property(jsonSchema(credentialDeliverTo, "input"), vendorOwner, "deliverTo");
    const vendorDescription =
        `${jsonSchema(vendorCredentialInputs, "input").description ?? ""} Which inputs apply depends on \`vendor\`: each input's ` +
        "description names the vendors it is for, and check refuses an input the vendor does not take.";

    const resources: Record<string, ResourceSpec> = {
        [token("Application")]: build.resource("Application", applicationInputs, applicationOutputs),
        [token("ScopeTtls")]: build.resource("ScopeTtls", scopeTtlsInputs, scopeTtlsOutputs),
        [token("SecretRotation")]: build.resource("SecretRotation", secretRotationInputs, secretRotationOutputs),
        [token("CredentialPair")]: build.resource("CredentialPair", credentialPairInputs, credentialPairOutputs),
        [token("VendorCredential")]: build.resourceFrom(
            vendorOwner,
            vendorDescription,
            vendorInputs.properties,
            vendorInputs.required,
            jsonSchema(vendorCredentialOutputs, "output"),
        ),
    };

    const functions: Record<string, FunctionSpec> = {};
    const lookup = (name: string, args: z.ZodType, outputs: ObjectTypeSpec, note = "") => {
        const input = jsonSchema(args, "input");
        functions[token(name)] = {
            description: `${input.description ?? ""}${note}`,
            inputs: { properties: build.properties(input, name), ...(input.required?.length ? { required: input.required } : {}) },
            outputs,
        };
    };
    for (const [name, result] of Object.entries(listResults)) {
        const item = build.objectType(jsonSchema(result.item, "output"), name, result.property);
        lookup(name, name === "getScopes" ? getScopesArgs : getApplicationsArgs, {
            properties: { [result.property]: { type: "array", items: { $ref: `#/types/${token(item)}` }, description: result.description } },
            required: [result.property],
        });
    }
    const application = jsonSchema(applicationInfo, "output");
    lookup("getApplication", getApplicationArgs, build.objectSpec(application, "getApplication"), " Give exactly one of `clientId` and `name`.");
    const tokenArgs = build.merged("getAccessToken", vendorVariants(vendorSettings), vendorInput);
    const tokenOutput = jsonSchema(accessTokenOutput, "output");
    functions[token("getAccessToken")] = {
        description:
            "A token for a vendor credential's settings (the same inputs as a `VendorCredential`, without its checks), a secret. " +
            "Which arguments apply depends on `vendor`, as for `VendorCredential`.",
        inputs: { properties: tokenArgs.properties, required: tokenArgs.required },
        outputs: build.objectSpec(tokenOutput, "getAccessToken"),
    };

    return {
        name: packageName,
        displayName: "Bringg",
        version: pkg.version,
        description: pkg.description,
        license: pkg.license,
        keywords: ["pulumi", "bringg", "oauth", "category/utility", "kind/native"],
        config: { variables: config },
        provider: {
            description:
                "The Bringg provider: the settings of the Bringg account its resources live in. For several accounts, make one " +
                "explicit provider per account, or name them in `accounts` and pick one with each resource's `account` input.",
            inputProperties: providerInputs,
        },
        resources,
        functions,
        types: Object.fromEntries(Object.entries(build.types).sort(([a], [b]) => a.localeCompare(b))),
        language: sdkLanguages(pkg.description),
    };
}

/** The document's text (stable: keys in the order built, two-space indent, final newline). */
export function packageSchemaText(): string {
    return `${JSON.stringify(packageSpec(), null, 2)}\n`;
}

if (require.main === module) {
    writeFileSync(packageSchemaPath, packageSchemaText());
    console.log(`wrote ${packageSchemaPath}`);
}
