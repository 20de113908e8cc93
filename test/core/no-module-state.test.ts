/**
 * No module of provider/ keeps mutable state at module level: the provider's wiring lives in one
 * ProviderContext (provider/core/context.ts), built from the configuration, and passed to the
 * hooks. Read over the sources with the TypeScript compiler: a top-level `let` or `var`, a
 * top-level const made with `new Map/Set/WeakMap/WeakSet/Array` (empty, or changed by the module: one
 * made full and never changed is a constant table) or with `new` of any class (its instance has fields), and a top-level array or object literal that
 * the module mutates (`push`, `splice`, an assignment to an element or property) fail
 * the test, unless allowed below by file and name, with the reason.
 */
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

const root = path.resolve(__dirname, "../../..");

/** Module-level state that may stay: file (relative to the repository), name, and why. Keep it short. */
const allowed: ReadonlyArray<{ file: string; name: string; reason: string }> = [
    {
        file: "provider/core/process.ts",
        name: "contexts",
        reason:
            "the composition root: the one holder of the process's provider contexts, keyed by the configuration; the " +
            "dynamic-provider host configures each resource type's provider object separately, and locks and claims must be shared",
    },
    {
        file: "provider/core/declarations.ts",
        name: "programDeclarations",
        reason:
            "the program process's declaration registry: Pulumi runs a resource class's constructor with only name, args and " +
            "options, so the classes have no context to share the declaration order through (the provider process never fills it)",
    },
];

const collections = new Set(["Map", "Set", "WeakMap", "WeakSet", "Array"]);
/** Constructors whose instances cannot change: a top-level `new` of anything else is state (a class instance has fields). */
const immutable = new Set(["RegExp", "URL", "TextEncoder", "TextDecoder"]);
const mutators = new Set(["push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin", "set", "add", "delete", "clear"]);

function sources(folder: string): string[] {
    return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) return sources(full);
        return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [full] : [];
    });
}

/** The names a module mutates: receivers of a mutating method, and targets of element or property assignments. */
function mutatedNames(file: ts.SourceFile): Set<string> {
    const names = new Set<string>();
    const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression)) {
            if (mutators.has(node.expression.name.text)) names.add(node.expression.expression.text);
        }
        if (
            ts.isBinaryExpression(node) &&
            node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
            node.operatorToken.kind <= ts.SyntaxKind.LastAssignment
        ) {
            const target = node.left;
            if ((ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) && ts.isIdentifier(target.expression)) {
                names.add(target.expression.text);
            }
        }
        ts.forEachChild(node, visit);
    };
    visit(file);
    return names;
}

/** The module-level mutable state of one source file: `name: what`. */
function moduleState(fileName: string, text = readFileSync(fileName, "utf8")): Array<{ name: string; what: string }> {
    const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
    const mutated = mutatedNames(file);
    const found: Array<{ name: string; what: string }> = [];
    for (const statement of file.statements) {
        if (!ts.isVariableStatement(statement)) continue;
        const list = statement.declarationList;
        const isConst = (list.flags & ts.NodeFlags.Const) !== 0;
        for (const declaration of list.declarations) {
            const name = declaration.name.getText(file);
            if (!isConst) {
                found.push({ name, what: "a top-level let or var" });
                continue;
            }
            let init = declaration.initializer;
            while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init))) init = init.expression;
            if (!init) continue;
            if (ts.isNewExpression(init) && ts.isIdentifier(init.expression) && collections.has(init.expression.text)) {
                // A collection made full and never changed is a constant table; an empty one is a registry.
                const empty = (init.arguments?.length ?? 0) === 0;
                if (empty || mutated.has(name)) found.push({ name, what: `a top-level new ${init.expression.text}` });
            } else if (ts.isNewExpression(init) && !(ts.isIdentifier(init.expression) && immutable.has(init.expression.text))) {
                found.push({ name, what: `a top-level new ${init.expression.getText(file)}` });
            } else if ((ts.isArrayLiteralExpression(init) || ts.isObjectLiteralExpression(init)) && mutated.has(name)) {
                found.push({ name, what: "a top-level literal the module mutates" });
            }
        }
    }
    return found;
}

test("no module of provider/ has module-level mutable state beyond the allowlist", (t) => {
    const violations: string[] = [];
    const seen = new Set<string>();
    for (const fileName of sources(path.join(root, "provider"))) {
        const relative = path.relative(root, fileName).split(path.sep).join("/");
        for (const { name, what } of moduleState(fileName)) {
            const key = `${relative} ${name}`;
            seen.add(key);
            if (!allowed.some((entry) => entry.file === relative && entry.name === name)) violations.push(`${relative}: ${name} is ${what}`);
        }
    }
    t.deepEqual(violations, [], "keep it in the ProviderContext (provider/core/context.ts) and pass it through Deps");
    const stale = allowed.filter((entry) => !seen.has(`${entry.file} ${entry.name}`)).map((entry) => `${entry.file} ${entry.name}`);
    t.deepEqual(stale, [], "an allowlist entry that no longer matches anything: remove it");
});

test("the check finds each kind of module-level state, and leaves constants alone", (t) => {
    const found = moduleState(
        "sample.ts",
        "let a = 1; var b; const c = new Map(); const d: string[] = []; d.push('x'); const e = {} as Record<string, number>; e.f = 1; " +
            "const g = [1, 2]; const h = new Set() as Set<string>; const i = { j: 1 }; function k() { const l = new Map(); l.set(1, 2); } " +
            "const m = new Set(['x']); const n = new Map([[1, 2]]); n.set(3, 4); const o = new Registry(); const p = new RegExp('x');",
    );
    t.deepEqual(
        found.map((entry) => entry.name),
        ["a", "b", "c", "d", "e", "h", "n", "o"],
    );
});
