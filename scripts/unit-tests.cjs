// The inner loop's suite (`npm run test:unit`): every ava test that needs no Pulumi CLI, no moto
// and no browser, i.e. that reaches, through its relative imports, none of the modules that start
// them. `npm test` still runs everything. Run after a build (the tests are the compiled
// dist/test/**/*.test.js); `--list` prints the selection.
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const root = path.resolve(__dirname, "..");
/** The modules that start a Pulumi CLI, moto or Chromium. */
const endToEnd = new Set(["test/helpers/pulumi.ts", "test/helpers/moto.ts", "scripts/browser.ts"].map((file) => path.join(root, file)));

function testSources(dir) {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "fixtures" || entry.name.startsWith(".") ? [] : testSources(full);
        return entry.name.endsWith(".test.ts") ? [full] : [];
    });
}

/** The TypeScript files `file` imports by relative path. */
function localImports(file) {
    const text = fs.readFileSync(file, "utf8");
    const found = [];
    for (const match of text.matchAll(/(?:from|import|require\()\s*["'](\.{1,2}\/[^"']+)["']/g)) {
        const target = path.resolve(path.dirname(file), match[1]);
        for (const candidate of [`${target}.ts`, path.join(target, "index.ts"), target]) {
            if (candidate.endsWith(".ts") && fs.existsSync(candidate)) {
                found.push(candidate);
                break;
            }
        }
    }
    return found;
}

/** Whether `file` reaches an end-to-end module through its imports. */
function reachesEndToEnd(file, seen = new Set()) {
    if (endToEnd.has(file)) return true;
    if (seen.has(file)) return false;
    seen.add(file);
    if (/playwright-core/.test(fs.readFileSync(file, "utf8"))) return true;
    return localImports(file).some((next) => reachesEndToEnd(next, seen));
}

const unit = testSources(path.join(root, "test"))
    .filter((file) => !reachesEndToEnd(file))
    .map((file) => path.join("dist", path.relative(root, file)).replace(/\.ts$/, ".js"))
    .sort();
if (process.argv.includes("--list")) {
    for (const file of unit) console.log(file);
    process.exit(0);
}
const ava = spawnSync("npx", ["ava", ...unit, ...process.argv.slice(2)], { cwd: root, stdio: "inherit" });
process.exit(ava.status ?? 1);
