// npm's `prepare` hook: builds the package only when there is no build yet, and links it to itself.
//
// npm runs `prepare` in two places: in a checkout on `npm install` / `npm ci`, and when it installs
// this package from a git URL (after installing its dev dependencies in a clone), which is the one
// install that must build, since git holds no dist/. A registry or tarball install runs no script at
// all, and `prepack` builds afresh for `npm pack` and `npm publish`. So a checkout builds on its
// first `npm ci` only; after that `npm run build` (which the demo and `npm test` run) keeps dist/
// current. The self-link (scripts/link-self.cjs) is restored every time: `npm ci` removes it with
// the rest of node_modules.
const { existsSync } = require("node:fs");
const { execFileSync, execSync } = require("node:child_process");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
if (existsSync(path.join(root, "dist", "provider", "index.js"))) {
    execFileSync(process.execPath, [path.join(__dirname, "link-self.cjs")], { stdio: "inherit" });
} else {
    execSync("npm run build", { cwd: root, stdio: "inherit" });
}
