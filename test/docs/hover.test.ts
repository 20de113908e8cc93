import test from "ava";
import { resolve } from "node:path";
import ts from "typescript";
import { z } from "zod";
import { applicationInputs } from "../../provider/application/schema";
import { target } from "../../provider/delivery/schema";
import { secretRotationOutputs } from "../../provider/rotation/outputs";
import { secretRotationInputs } from "../../provider/rotation/schema";
import { vendorShapes } from "../../provider/vendors/settings";
import { root } from "../../scripts/gen-docs";

/**
 * A user's program, as an editor sees it: it imports the package by name (node_modules/pulumi-bringg,
 * the built declarations), so what hover shows is what a user gets.
 */
const program = `import * as bringg from "pulumi-bringg";
const app = new bringg.Application("a", { name: "dashboards", scopes: ["tasks_read"] });
const rotation = new bringg.SecretRotation("r", { application: app, deliverTo: [{ file: { path: "/run/secrets/bringg.json" } }] });
export const secret = rotation.clientSecret;
new bringg.VendorCredential("v", { vendor: "deliveryHub", clientId: "id", clientSecret: "secret", region: "eu2" });
`;

const probe = resolve(root, "test/.hover-probe.ts");

/** An editor's language service over the program (never written to disk). */
const service = ts.createLanguageService({
    getScriptFileNames: () => [probe],
    getScriptVersion: () => "1",
    getScriptSnapshot: (name) => {
        const text = name === probe ? program : ts.sys.readFile(name);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => root,
    getCompilationSettings: () => ({
        module: ts.ModuleKind.Node16,
        moduleResolution: ts.ModuleResolutionKind.Node16,
        strict: true,
        skipLibCheck: true,
        types: [],
    }),
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
});

/** The documentation an editor shows when hovering the first occurrence of `word` in the program. */
function hover(word: string): string {
    const info = service.getQuickInfoAtPosition(probe, program.indexOf(word) + 1);
    return ts.displayPartsToString(info?.documentation).replace(/\s+/g, " ");
}

function description(schema: z.ZodType): string {
    const text = z.globalRegistry.get(schema)?.description;
    if (!text) throw new Error("no description");
    return text;
}

test("hovering an input, a nested input or an output in a program shows the zod schema's description", (t) => {
    t.is(hover("name:"), description(applicationInputs.shape.name));
    t.is(hover("application:"), description(secretRotationInputs.shape.clientId));
    t.is(hover("path:"), description(target.shape.file.unwrap().shape.path));
    t.is(hover("clientSecret;"), description(secretRotationOutputs.shape.clientSecret));
});

test("hovering an input that two vendors describe differently shows both, each under its vendor", (t) => {
    t.is(hover("region:"), `\`bringg\`: ${description(vendorShapes.bringg.region)} \`deliveryHub\`: ${description(vendorShapes.deliveryHub.region)}`);
});
