// The inner loop's suite (`npm run test:unit`): every ava test that needs no Pulumi CLI, no moto
// and no browser, i.e. whose source imports none of the helpers that start them. `npm test` still
// runs everything. Run after a build (the tests are the compiled dist/test/**/*.test.js).
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const root = path.resolve(__dirname, "..");
/** An import of one of these makes a test an end-to-end one (real CLI, moto or Chromium). */
/** (soak/soak drives the real CLI too.) */
const endToEnd = [/helpers\/pulumi["']/, /helpers\/moto["']/, /scripts\/browser["']/, /playwright-core/, /soak\/soak["']/];

function testSources(dir) {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "fixtures" || entry.name.startsWith(".") ? [] : testSources(full);
        return entry.name.endsWith(".test.ts") ? [full] : [];
    });
}

const unit = testSources(path.join(root, "test"))
    .filter((file) => !endToEnd.some((pattern) => pattern.test(fs.readFileSync(file, "utf8"))))
    .map((file) => path.join("dist", path.relative(root, file)).replace(/\.ts$/, ".js"))
    .sort();
if (process.argv.includes("--list")) {
    for (const file of unit) console.log(file);
    process.exit(0);
}
const ava = spawnSync("npx", ["ava", ...unit, ...process.argv.slice(2)], { cwd: root, stdio: "inherit" });
process.exit(ava.status ?? 1);
