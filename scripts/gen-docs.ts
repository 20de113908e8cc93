/**
 * Writes the input and output documentation from the zod schemas' `.meta` descriptions, so that
 * each description is written once:
 *
 * - the tables of docs/*.md between `<!-- generated: <what> (npm run docs) -->` and
 *   `<!-- end generated -->`;
 * - the doc comments of the `Args` interfaces and of the resource classes' outputs, which are what
 *   an editor shows on hover (the interfaces stay hand-written for their `pulumi.Input` wrappers and
 *   resource references; test/docs/agreement.ts checks at compile time that they have the schemas'
 *   fields).
 *
 * Run `npm run docs`; test/docs/gen-docs.test.ts fails when a committed file differs from what this
 * produces. Descriptions are read from the JSON Schema that zod makes of each schema, as
 * scripts/gen-schema.ts writes it, so schema/resources.json says the same.
 */
import { getApplicationArgs, getApplicationsArgs, getScopesArgs } from "../provider/lookups/query";
import { readFileSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import ts from "typescript";
import { z } from "zod";
import { applicationOutputs } from "../provider/application/outputs";
import { applicationInputs } from "../provider/application/schema";
import { accountInput } from "../provider/core/account";
import { receipt } from "../provider/delivery/outputs";
import { applicationInfo, scopeInfo } from "../provider/lookups/outputs";
import { deliveryInputs, target } from "../provider/delivery/schema";
import { rotatingCredentialsInputs } from "../provider/rotating-credentials/component-schema";
import { credential, credentialPairOutputs, rotatingCredentialsOutputs } from "../provider/rotating-credentials/outputs";
import { credentialPairInputs } from "../provider/rotating-credentials/schema";
import { secretRotationOutputs } from "../provider/rotation/outputs";
import { secretRotationInputs } from "../provider/rotation/schema";
import { scopeTtlsOutputs } from "../provider/scope-ttls/outputs";
import { scopeTtlsInputs } from "../provider/scope-ttls/schema";
import { vendorCredentialOutputs } from "../provider/vendor-credential/outputs";
import { commonInputs, commonShape, credentialDeliverTo, credentialInputs } from "../provider/vendor-credential/schema";
import { accessTokenOutput } from "../provider/vendors/outputs";
import { vendorNames } from "../provider/vendors/settings";

/** The repository's root. */
export const root = resolve(__dirname, "../..");

/** The part of a JSON Schema this script reads. */
export interface JsonSchema {
    type?: string | string[];
    title?: string;
    description?: string;
    examples?: unknown[];
    const?: unknown;
    enum?: unknown[];
    anyOf?: JsonSchema[];
    oneOf?: JsonSchema[];
    items?: JsonSchema;
    prefixItems?: JsonSchema[];
    properties?: Record<string, JsonSchema>;
    required?: string[];
    additionalProperties?: JsonSchema | boolean;
}

/** Whether a schema is documented as a program writes it (inputs) or as it reads it (outputs). */
type Io = "input" | "output";

/** The JSON Schema of a zod schema, as a program writes (`input`) or reads (`output`) it. */
export function jsonSchema(schema: z.ZodType, io: Io): JsonSchema {
    return z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
}

/** One generated table of a docs page. */
export interface Table {
    /** The page, relative to the repository root. */
    readonly page: string;
    /** What the table lists; names its region: `<!-- generated: inputs of Application (npm run docs) -->`. */
    readonly what: string;
    /** The object schema whose fields are the rows. */
    readonly schema: z.ZodType;
    readonly io: Io;
    /** The first column's heading. */
    readonly column: "input" | "output" | "field" | "argument";
    /** Fields left out (documented elsewhere on the page). */
    readonly omit?: readonly string[];
    /** Fields a program writes under another name or type than the schema's (the class maps them). */
    readonly rename?: Readonly<Record<string, { readonly as: string; readonly type: string }>>;
}

/** The doc comments of one interface or class, generated from one schema, or one per vendor. */
export interface DocComments {
    /** The source file, relative to the repository root. */
    readonly file: string;
    /** The interface or class whose members are described. */
    readonly declaration: string;
    /** The schema; with several (by label), members whose descriptions differ get one paragraph per label. */
    readonly schema: z.ZodType | Readonly<Record<string, z.ZodType>>;
    readonly io: Io;
    /** Members named differently from the schema's field: member → field. */
    readonly rename?: Readonly<Record<string, string>>;
}

/** VendorCredential's inputs common to every vendor, `deliverTo` (checked apart) included. */
const vendorCommon = z.object({ ...commonShape, deliverTo: credentialDeliverTo });

/** Every generated table. */
export const tables: readonly Table[] = [
    { page: "docs/application.md", what: "inputs of Application", schema: applicationInputs, io: "input", column: "input" },
    { page: "docs/application.md", what: "outputs of Application", schema: applicationOutputs, io: "output", column: "output" },
    { page: "docs/scope-ttls.md", what: "inputs of ScopeTtls", schema: scopeTtlsInputs, io: "input", column: "input" },
    { page: "docs/scope-ttls.md", what: "outputs of ScopeTtls", schema: scopeTtlsOutputs, io: "output", column: "output" },
    {
        page: "docs/rotation.md",
        what: "inputs of SecretRotation",
        schema: secretRotationInputs,
        io: "input",
        column: "input",
        rename: { clientId: { as: "application", type: "Application | string" } },
    },
    { page: "docs/rotation.md", what: "outputs of SecretRotation", schema: secretRotationOutputs, io: "output", column: "output" },
    { page: "docs/rotation.md", what: "inputs of RotatingCredentials", schema: rotatingCredentialsInputs, io: "input", column: "input" },
    { page: "docs/rotation.md", what: "outputs of RotatingCredentials", schema: rotatingCredentialsOutputs, io: "output", column: "output" },
    { page: "docs/rotation.md", what: "fields of a Credential", schema: credential, io: "output", column: "field" },
    { page: "docs/rotation.md", what: "inputs of CredentialPair", schema: credentialPairInputs, io: "input", column: "input" },
    { page: "docs/rotation.md", what: "outputs of CredentialPair", schema: credentialPairOutputs, io: "output", column: "output" },
    { page: "docs/secret-stores.md", what: "fields of a deliverTo entry", schema: target, io: "input", column: "field" },
    ...(["awsSecretsManager", "file", "command"] as const).map(
        (kind): Table => ({ page: "docs/secret-stores.md", what: `fields of ${kind}`, schema: target.shape[kind].unwrap(), io: "input", column: "field" }),
    ),
    { page: "docs/secret-stores.md", what: "fields of a receipt", schema: receipt, io: "output", column: "field" },
    { page: "docs/vendors.md", what: "inputs of every VendorCredential", schema: vendorCommon, io: "input", column: "input" },
    ...vendorNames.map(
        (vendor): Table => ({
            page: "docs/vendors.md",
            what: `inputs of VendorCredential (${vendor})`,
            schema: credentialInputs[vendor],
            io: "input",
            column: "input",
            omit: ["vendor", ...commonInputs],
        }),
    ),
    { page: "docs/vendors.md", what: "outputs of VendorCredential", schema: vendorCredentialOutputs, io: "output", column: "output" },
    { page: "docs/accounts.md", what: "arguments of getScopes", schema: getScopesArgs, io: "input", column: "argument" },
    { page: "docs/accounts.md", what: "arguments of getApplication", schema: getApplicationArgs, io: "input", column: "argument" },
    { page: "docs/accounts.md", what: "arguments of getApplications", schema: getApplicationsArgs, io: "input", column: "argument" },
];

/** Every generated set of doc comments. */
export const docComments: readonly DocComments[] = [
    { file: "provider/core/account-args.ts", declaration: "AccountArgs", schema: z.object({ account: accountInput }), io: "input" },
    { file: "provider/application/resource.ts", declaration: "ApplicationArgs", schema: applicationInputs, io: "input" },
    { file: "provider/application/resource.ts", declaration: "Application", schema: applicationOutputs, io: "output" },
    { file: "provider/delivery/args.ts", declaration: "DeliveryTarget", schema: target, io: "input" },
    { file: "provider/delivery/args.ts", declaration: "DeliveryArgs", schema: deliveryInputs, io: "input" },
    { file: "provider/delivery/store.ts", declaration: "Receipt", schema: receipt, io: "output" },
    {
        file: "provider/rotation/resource.ts",
        declaration: "SecretRotationArgs",
        schema: secretRotationInputs,
        io: "input",
        rename: { application: "clientId" },
    },
    { file: "provider/rotation/resource.ts", declaration: "SecretRotation", schema: secretRotationOutputs, io: "output" },
    { file: "provider/rotating-credentials/resource.ts", declaration: "Credential", schema: credential, io: "output" },
    { file: "provider/rotating-credentials/resource.ts", declaration: "CredentialPairArgs", schema: credentialPairInputs, io: "input" },
    { file: "provider/rotating-credentials/resource.ts", declaration: "CredentialPair", schema: credentialPairOutputs, io: "output" },
    { file: "provider/rotating-credentials/resource.ts", declaration: "RotatingCredentialsArgs", schema: rotatingCredentialsInputs, io: "input" },
    { file: "provider/rotating-credentials/resource.ts", declaration: "RotatingCredentials", schema: rotatingCredentialsOutputs, io: "output" },
    { file: "provider/scope-ttls/resource.ts", declaration: "ScopeTtlsArgs", schema: scopeTtlsInputs, io: "input" },
    { file: "provider/scope-ttls/resource.ts", declaration: "ScopeTtls", schema: scopeTtlsOutputs, io: "output" },
    { file: "provider/vendor-credential/resource.ts", declaration: "CredentialChecks", schema: vendorCommon, io: "input" },
    {
        file: "provider/vendor-credential/resource.ts",
        declaration: "BringgCredentialArgs",
        schema: { bringg: credentialInputs.bringg, deliveryHub: credentialInputs.deliveryHub },
        io: "input",
    },
    { file: "provider/vendor-credential/resource.ts", declaration: "BruinCredentialArgs", schema: credentialInputs.bruin, io: "input" },
    { file: "provider/vendor-credential/resource.ts", declaration: "BrainysoftCredentialArgs", schema: credentialInputs.brainysoft, io: "input" },
    { file: "provider/vendor-credential/resource.ts", declaration: "BriteCredentialArgs", schema: credentialInputs.brite, io: "input" },
    { file: "provider/vendor-credential/resource.ts", declaration: "OAuth2CredentialArgs", schema: credentialInputs.oauth2, io: "input" },
    { file: "provider/vendor-credential/resource.ts", declaration: "VendorCredential", schema: vendorCredentialOutputs, io: "output" },
    { file: "provider/lookups/types.ts", declaration: "ScopeInfo", schema: scopeInfo, io: "output" },
    { file: "provider/lookups/types.ts", declaration: "ApplicationInfo", schema: applicationInfo, io: "output" },
    { file: "provider/vendors/access-token.ts", declaration: "AccessToken", schema: accessTokenOutput, io: "output" },
];

/** A field's type as TypeScript would write it: `string[]`, `"json" | "secret"`, `{ clientId: string }`. */
export function typeText(schema: JsonSchema): string {
    if (schema.title !== undefined && schema.type === "object") return schema.title;
    const union = schema.anyOf ?? schema.oneOf;
    if (union) return [...new Set(union.map(typeText))].join(" | ");
    if (schema.const !== undefined) return JSON.stringify(schema.const);
    if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
    if (Array.isArray(schema.type)) return schema.type.map((type) => typeText({ ...schema, type })).join(" | ");
    switch (schema.type) {
        case "string":
        case "boolean":
        case "null":
            return schema.type;
        case "integer":
        case "number":
            return "number";
        case "array": {
            if (schema.prefixItems) return `[${schema.prefixItems.map(typeText).join(", ")}]`;
            const item = schema.items ? typeText(schema.items) : "unknown";
            return item.includes(" | ") ? `(${item})[]` : `${item}[]`;
        }
        case "object": {
            if (schema.properties) {
                const fields = Object.entries(schema.properties);
                const mark = (key: string) => (schema.required?.includes(key) ? "" : "?");
                const full = `{ ${fields.map(([key, field]) => `${key}${mark(key)}: ${typeText(field)}`).join("; ")} }`;
                // Long objects by their keys only: their own table (or the description) gives the rest.
                return full.length <= 40 ? full : `{ ${fields.map(([key]) => `${key}${mark(key)}`).join(", ")} }`;
            }
            if (typeof schema.additionalProperties === "object") return `Record<string, ${typeText(schema.additionalProperties)}>`;
            return "object";
        }
        default:
            return "unknown";
    }
}

/** A table cell: one line, pipes escaped (also inside code spans, as GitHub's tables need). */
function cell(text: string): string {
    return text.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");
}

/** The Markdown table of a schema's fields: name, type (inputs: whether required), description. */
export function tableText(table: Table): string {
    const schema = objectOf(jsonSchema(table.schema, table.io));
    if (!schema?.properties) throw new Error(`${table.what}: the schema is not an object`);
    const fields = Object.entries(schema.properties).filter(([key]) => !table.omit?.includes(key));
    const withExamples = fields.some(([, field]) => field.examples !== undefined);
    const rows = fields.map(([key, field]) => {
        if (!field.description) {
            throw new Error(`${table.what}: ${key} has no description: add .meta({ description: "..." }) to its zod schema`);
        }
        const renamed = table.rename?.[key];
        const required = table.io === "input" && schema.required?.includes(key) ? ", required" : "";
        const type = `\`${renamed?.type ?? typeText(field)}\`${required}`;
        const example = withExamples ? [(field.examples ?? []).map((value) => `\`${String(value)}\``).join(", ")] : [];
        return [`\`${renamed?.as ?? key}\``, type, ...example, field.description];
    });
    const head = [table.column, "type", ...(withExamples ? ["example"] : []), "description"];
    return [head, head.map(() => "---"), ...rows].map((row) => `| ${row.map(cell).join(" | ")} |`).join("\n");
}

/** The opening marker of a table's region. */
export function regionStart(what: string): string {
    return `<!-- generated: ${what} (npm run docs) -->`;
}

/** The closing marker of every region. */
export const regionEnd = "<!-- end generated -->";

/** A page with each of its tables' regions filled in. */
export function pageText(page: string, text: string, pageTables: readonly Table[]): string {
    let out = text;
    for (const table of pageTables) {
        const start = regionStart(table.what);
        const from = out.indexOf(start);
        if (from < 0) throw new Error(`${page} has no region for the ${table.what}: add the lines\n${start}\n${regionEnd}`);
        const to = out.indexOf(regionEnd, from);
        if (to < 0) throw new Error(`${page}: the region of the ${table.what} has no closing ${regionEnd}`);
        out = `${out.slice(0, from)}${start}\n\n${tableText(table)}\n\n${out.slice(to)}`;
    }
    return out;
}

/** The object a field holds, through optionals, unions and lists; undefined for anything else. */
function objectOf(schema: JsonSchema | undefined): JsonSchema | undefined {
    if (!schema) return undefined;
    if (schema.properties) return schema;
    for (const option of schema.anyOf ?? schema.oneOf ?? []) {
        const found = objectOf(option);
        if (found) return found;
    }
    if (schema.type === "array" && schema.items) return objectOf(schema.items);
    return undefined;
}

/** The type literal a member's type holds (`pulumi.Input<{ ... }>`, `{ ... }[]`), if any. */
function typeLiteralOf(node: ts.Node | undefined): ts.TypeLiteralNode | undefined {
    if (!node) return undefined;
    if (ts.isTypeLiteralNode(node)) return node;
    let found: ts.TypeLiteralNode | undefined;
    node.forEachChild((child) => {
        found ??= typeLiteralOf(child);
    });
    return found;
}

/** A doc comment at an indentation: on one line when it fits, else wrapped. */
export function docComment(text: string, indent: string): string {
    if (text.includes("*/")) throw new Error(`a description cannot contain "*/": ${text}`);
    const oneLine = `/** ${text} */`;
    // The repository's style: comment lines wrap at 100 columns; a one-line comment may run to 120.
    if (!text.includes("\n") && indent.length + oneLine.length <= 120) return oneLine;
    const width = 100 - indent.length - 3;
    const lines = text.split(/\n\s*\n/).flatMap((paragraph, index) => {
        const wrapped: string[] = [];
        // A code span is never broken across lines.
        for (const word of paragraph.match(/(?:`[^`]*`|\S)+/g) ?? []) {
            const last = wrapped.length - 1;
            if (last >= 0 && wrapped[last]!.length + 1 + word.length <= width) wrapped[last] += ` ${word}`;
            else wrapped.push(word);
        }
        return index === 0 ? wrapped : ["", ...wrapped];
    });
    return ["/**", ...lines.map((line) => (line ? ` * ${line}` : " *")), " */"].join(`\n${indent}`);
}

/** One labelled source of descriptions: the fields of an object schema. */
interface Source {
    readonly label: string;
    readonly schema: JsonSchema;
}

/** A member's description from every source that has one; one paragraph per label when they differ. */
function describe(sources: readonly Source[], field: string): string | undefined {
    const found = sources.flatMap((source) => {
        const description = source.schema.properties?.[field]?.description;
        return description ? [{ label: source.label, description }] : [];
    });
    if (found.length === 0) return undefined;
    if (found.every((entry) => entry.description === found[0]!.description)) return found[0]!.description;
    return found.map((entry) => `\`${entry.label}\`: ${entry.description}`).join("\n\n");
}

interface Edit {
    readonly start: number;
    readonly end: number;
    readonly text: string;
}

/** The edits that give the members of a declaration (and of type literals inside them) their descriptions. */
function memberEdits(file: ts.SourceFile, members: ts.NodeArray<ts.Node>, sources: readonly Source[], rename: Readonly<Record<string, string>>): Edit[] {
    const text = file.text;
    const edits: Edit[] = [];
    for (const member of members) {
        if (!(ts.isPropertySignature(member) || ts.isPropertyDeclaration(member))) continue;
        const field = rename[member.name.getText(file)] ?? member.name.getText(file);
        const description = describe(sources, field);
        if (description !== undefined) {
            const start = member.getStart(file);
            const indent = text.slice(text.lastIndexOf("\n", start - 1) + 1, start);
            if (indent.trim() !== "") {
                throw new Error(`${file.fileName}: put ${member.name.getText(file)} on a line of its own, so that it can carry its doc comment`);
            }
            const comment = docComment(description, indent);
            const existing = (ts.getLeadingCommentRanges(text, member.pos) ?? []).filter((range) => text.startsWith("/**", range.pos)).pop();
            edits.push(existing ? { start: existing.pos, end: existing.end, text: comment } : { start, end: start, text: `${comment}\n${indent}` });
        }
        const literal = typeLiteralOf(member.type);
        const nested = sources.flatMap((source) => {
            const object = objectOf(source.schema.properties?.[field]);
            return object ? [{ label: source.label, schema: object }] : [];
        });
        if (literal && nested.length > 0) edits.push(...memberEdits(file, literal.members, nested, {}));
    }
    return edits;
}

/** A source file with the doc comments of its declarations generated. */
export function sourceText(path: string, text: string, comments: readonly DocComments[]): string {
    const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
    const edits: Edit[] = [];
    for (const entry of comments) {
        const declaration = file.statements.find(
            (statement): statement is ts.InterfaceDeclaration | ts.ClassDeclaration =>
                (ts.isInterfaceDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name?.text === entry.declaration,
        );
        if (!declaration) throw new Error(`${path} declares no interface or class ${entry.declaration}`);
        const schemas: Record<string, z.ZodType> = entry.schema instanceof z.ZodType ? { "": entry.schema } : { ...entry.schema };
        const sources = Object.entries(schemas).map(([label, schema]): Source => {
            const object = objectOf(jsonSchema(schema, entry.io));
            if (!object) throw new Error(`${entry.declaration}: its schema is not an object`);
            return { label, schema: object };
        });
        edits.push(...memberEdits(file, declaration.members, sources, entry.rename ?? {}));
    }
    let out = text;
    for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    return out;
}

/** Every generated file (path relative to the root → its text as generated from the current one). */
export function generatedFiles(): Map<string, string> {
    const files = new Map<string, string>();
    const current = (path: string) => files.get(path) ?? readFileSync(resolve(root, path), "utf8");
    for (const page of new Set(tables.map((table) => table.page))) {
        files.set(
            page,
            pageText(
                page,
                current(page),
                tables.filter((table) => table.page === page),
            ),
        );
    }
    for (const file of new Set(docComments.map((entry) => entry.file))) {
        files.set(
            file,
            sourceText(
                file,
                current(file),
                docComments.filter((entry) => entry.file === file),
            ),
        );
    }
    return files;
}

if (require.main === module) {
    for (const [path, text] of generatedFiles()) {
        const absolute = resolve(root, path);
        if (readFileSync(absolute, "utf8") === text) continue;
        writeFileSync(absolute, text);
        console.log(`wrote ${relative(process.cwd(), absolute) || absolute}`);
    }
}
