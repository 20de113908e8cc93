/**
 * What `npm pack` would publish, read from `npm pack --dry-run --json` of the built checkout, and
 * the package.json fields that decide how the package installs and resolves.
 */
import test from "ava";
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, realpathSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../helpers/pulumi";
import { packageJson, stateModuleNames } from "./package";

interface PackResult {
    files: Array<{ path: string }>;
}

let packed: string[];

test.before(async () => {
    // --ignore-scripts: prepack would rebuild dist/ under the other test files; npm test built it.
    const { stdout } = await promisify(execFile)("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
        cwd: repoRoot,
        maxBuffer: 16 * 1024 * 1024,
    });
    const [result] = JSON.parse(stdout) as PackResult[];
    packed = result!.files.map((file) => file.path).sort();
});

/** The files under a repository folder, as paths relative to the repository. */
function filesUnder(folder: string): string[] {
    return readdirSync(path.join(repoRoot, folder), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(repoRoot, path.join(entry.parentPath, entry.name)));
}

/** The build output of each TypeScript source in `folder`: its .js and .d.ts under dist/. */
function builtFrom(folder: string): string[] {
    return filesUnder(folder)
        .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))
        .flatMap((file) => {
            const base = path.join("dist", file.slice(0, -".ts".length));
            return [`${base}.js`, `${base}.d.ts`];
        });
}

test("the package holds exactly the provider, the emulator, their types, schema/, the emulator's page, README, LICENSE and CHANGELOG", (t) => {
    const expected = [
        ...builtFrom("provider"),
        ...builtFrom("emulator"),
        ...filesUnder("emulator/ui"),
        ...filesUnder("schema"),
        "CHANGELOG.md",
        "LICENSE",
        "README.md",
        "package.json",
    ].sort();
    t.deepEqual(packed, expected);
});

test("nothing of the tests, bench, soak, scripts, examples, source maps or TypeScript sources is packed", (t) => {
    const unwanted = packed.filter(
        (file) =>
            /^(dist\/)?(test|bench|soak|scripts|examples|docs)\//.test(file) || file.endsWith(".map") || (file.endsWith(".ts") && !file.endsWith(".d.ts")),
    );
    t.deepEqual(unwanted, []);
});

test("every entry point package.json names is packed: main, types, bin and each export's targets", (t) => {
    const pkg = packageJson();
    const targets = [
        pkg.main,
        pkg.types,
        ...Object.values(pkg.bin),
        ...Object.values(pkg.exports).flatMap((target) => (typeof target === "string" ? [target] : Object.values(target))),
    ];
    const missing = targets.map((target) => path.normalize(target)).filter((target) => !packed.includes(target));
    t.deepEqual(missing, []);
});

test("exports are the public entry points plus every module name a dynamic provider records in state", (t) => {
    const pkg = packageJson();
    const recorded = stateModuleNames().map((name) => `.${name.slice("pulumi-bringg".length)}`);
    t.true(recorded.includes("./provider/core/shim"), "the shim's own install hook");
    t.true(recorded.includes("./provider/application/provider"), "found the resources' implementation modules");
    t.deepEqual(Object.keys(pkg.exports).sort(), [".", "./emulator", "./package.json", ...recorded].sort());
});

test("@pulumi/pulumi is a peer dependency (and a dev dependency), every other dependency a caret range", (t) => {
    const pkg = packageJson();
    t.regex(pkg.peerDependencies["@pulumi/pulumi"] ?? "", /^\^3\.\d+\.\d+$/);
    t.false("@pulumi/pulumi" in pkg.dependencies);
    t.truthy(pkg.devDependencies["@pulumi/pulumi"]);
    const notCaret = Object.entries(pkg.dependencies).filter(([, range]) => !/^\^\d+\.\d+\.\d+$/.test(range));
    t.deepEqual(notCaret, []);
});

test("a registry or tarball install runs no script; prepack builds for pack and publish", (t) => {
    const { scripts } = packageJson();
    t.false("install" in scripts || "postinstall" in scripts || "preinstall" in scripts);
    t.regex(scripts.prepack ?? "", /npm run build/);
    t.is(scripts.prepare, "node scripts/prepare.cjs");
});

for (const built of [true, false]) {
    test(`prepare (run by git installs and npm ci) ${built ? "only links a checkout with a build to itself" : "builds a checkout without one"}`, async (t) => {
        // A checkout of scripts/prepare.cjs, with or without dist/, and an npm that records its calls.
        const root = await mkdtemp(path.join(tmpdir(), "pulumi-bringg-prepare-"));
        try {
            await mkdir(path.join(root, "scripts"));
            for (const script of ["prepare.cjs", "link-self.cjs"]) await copyFile(path.join(repoRoot, "scripts", script), path.join(root, "scripts", script));
            if (built) {
                await mkdir(path.join(root, "dist", "provider"), { recursive: true });
                await writeFile(path.join(root, "dist", "provider", "index.js"), "");
            }
            const bin = path.join(root, "bin");
            await mkdir(bin);
            await writeFile(path.join(bin, "npm"), `#!/bin/sh\necho "$PWD: npm $*" >> "${path.join(root, "calls")}"\n`, { mode: 0o755 });
            await promisify(execFile)(process.execPath, [path.join(root, "scripts", "prepare.cjs")], {
                env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
            });
            const calls = await readFile(path.join(root, "calls"), "utf8").catch(() => "");
            t.is(calls, built ? "" : `${root}: npm run build\n`);
            if (built) t.is(realpathSync(path.join(root, "node_modules", "pulumi-bringg")), realpathSync(root), "linked to itself");
        } finally {
            await rm(root, { recursive: true, force: true });
        }
    });
}

test("engines asks for a Node.js that can require() got, an ES module, and that every runtime dependency accepts", (t) => {
    const floor = lowestNode(packageJson().engines.node);
    const got = dependencyManifest("got");
    t.is(got.type, "module", "got is ESM-only: loading it with require() needs Node's require(esm), unflagged in 22.12");
    t.true(compareVersions(floor, [22, 12, 0]) >= 0, `engines.node allows ${floor.join(".")}, which cannot require() got`);
    const pkg = packageJson();
    for (const name of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]) {
        const range = dependencyManifest(name).engines?.node;
        if (range === undefined) continue;
        t.true(compareVersions(floor, lowestNode(range)) >= 0, `${name} needs Node ${range}, engines.node allows ${floor.join(".")}`);
    }
});

/** The installed package.json of a dependency. */
function dependencyManifest(name: string): { type?: string; engines?: { node?: string } } {
    return JSON.parse(readFileSync(path.join(repoRoot, "node_modules", name, "package.json"), "utf8"));
}

/** The lowest version a `>=x[.y[.z]]` range allows; any other form fails the test, to be read by a person. */
function lowestNode(range: string): number[] {
    const match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
    if (!match) throw new Error(`engines.node range ${JSON.stringify(range)} is not of the form >=x.y.z: compare it by hand and extend lowestNode`);
    return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

function compareVersions(a: number[], b: number[]): number {
    for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return 0;
}
