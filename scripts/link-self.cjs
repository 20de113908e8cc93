// Links node_modules/pulumi-bringg to this checkout.
//
// Dynamic providers load their implementation by package name from the program's directory
// (provider/core/shim.ts), and Pulumi's provider host requires it from a module with no filename,
// so Node's package self-reference does not apply: the package must be found in a node_modules
// folder, as it is in a user's project. Programs inside this repository (the demo, the examples,
// the tests) find it through this link.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", "pulumi-bringg");
try {
    if (fs.realpathSync(link) === root) process.exit(0);
    fs.rmSync(link, { recursive: true, force: true });
} catch {
    // not there yet
}
fs.mkdirSync(path.dirname(link), { recursive: true });
fs.symlinkSync("..", link, "dir");
