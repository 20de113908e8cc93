/**
 * The package as a user gets it: `npm pack` of this checkout, installed into a new project outside
 * the repository (its own package.json, Pulumi.yaml and tsconfig, @pulumi/pulumi at the lowest
 * version the peer range allows, not the repository's), then `pulumi up`, `preview
 * --expect-no-changes` and `destroy` against the emulator that the package itself exports.
 *
 * Nothing here can resolve from the repository: the project lives in the system's temporary folder,
 * so every dynamic provider's `require("pulumi-bringg/provider/...")` is served by the user's
 * node_modules, as after `npm install pulumi-bringg`.
 *
 * The same installed project then runs every program under examples/ (./examples.ts): each copied
 * whole into a folder of the project, type-checked by `tsc --noEmit` with its own tsconfig.json, and
 * deployed (`up`, `preview --expect-no-changes`, `destroy`) against the installed package's emulator.
 */
import test from "ava";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type * as emulatorModule from "../../emulator/server";
import { BringgClient } from "../../provider/core/client";
import { startBringgStack, type BringgStack } from "../helpers/bringg";
import { repoRoot } from "../helpers/pulumi";
import { everyKindProgram } from "../helpers/state-fixture";
import { exampleDependencies, exampleFolders, examples } from "./examples";
import { packageJson, stateModuleNames } from "./package";

const run = promisify(execFile);

/** The lowest @pulumi/pulumi the peer range allows (`^3.139.0` → `3.139.0`). */
const userSdk = packageJson().peerDependencies["@pulumi/pulumi"]!.replace(/^\^/, "");

/** The tsconfig of Pulumi's TypeScript template: CommonJS and the classic (node10) resolution. */
const templateTsconfig = {
    compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "commonjs",
        moduleResolution: "node",
        sourceMap: true,
        experimentalDecorators: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
    },
    files: ["index.ts"],
};

let workspace: string;
let project: string;
let bringg: BringgStack | undefined;
let userRequire: NodeJS.Require;
/** The emulator module of the installed package. */
let userEmulator: typeof emulatorModule;

test.before(async (t) => {
    workspace = await mkdtemp(path.join(tmpdir(), "pulumi-bringg-install-"));
    project = path.join(workspace, "user-project");
    const started = Date.now();
    // --ignore-scripts: prepack would rebuild dist/ under the other test files; npm test built it.
    const { stdout } = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", workspace], { cwd: repoRoot, maxBuffer: 16 << 20 });
    const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
    const packed = Date.now();

    await mkdir(project);
    await writeFile(
        path.join(project, "package.json"),
        JSON.stringify(
            {
                name: "bringg-user-project",
                private: true,
                main: "index.ts",
                // The examples' own dependencies too (yaml), as a user installs them with each.
                dependencies: { ...(await exampleDependencies()), "@pulumi/pulumi": userSdk, "pulumi-bringg": `file:${path.join(workspace, filename!)}` },
                devDependencies: { "@types/node": "^24", "ts-node": "^10", typescript: "^5" },
            },
            null,
            2,
        ),
    );
    // --prefer-offline: versions already in npm's cache are used without asking the registry again.
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: project, maxBuffer: 16 << 20 });
    const installed = Date.now();
    t.log(`npm pack ${((packed - started) / 1000).toFixed(1)} s, npm install ${((installed - packed) / 1000).toFixed(1)} s`);

    userRequire = createRequire(path.join(project, "package.json"));
    userEmulator = userRequire("pulumi-bringg/emulator") as typeof emulatorModule;
    const emulator = await userEmulator.startEmulator({ port: 0 });
    bringg = await startBringgStack({
        name: "install",
        dir: project,
        // Every resource kind, so that each implementation module is loaded from the user's node_modules.
        program: everyKindProgram,
        emulator,
        config: { quarter: "2026-Q4", bump: "0" },
        // Type-checked like a user's program (the other real-CLI tests only transpile).
        env: { PULUMI_NODEJS_TRANSPILE_ONLY: "false" },
    });
    await writeFile(path.join(project, "tsconfig.json"), JSON.stringify(templateTsconfig, null, 2));
});

test.after.always(async () => {
    await bringg?.dispose();
    if (workspace) await rm(workspace, { recursive: true, force: true });
});

function client(): BringgClient {
    return new BringgClient({ settings: { baseUrl: bringg!.emulator.url, ...userEmulator.demoCredentials } });
}

test.serial("the user's project resolves the package, its state module names and its own @pulumi/pulumi, and no internal module", async (t) => {
    t.not(userSdk, packageJson().devDependencies["@pulumi/pulumi"], "the user's SDK differs from the repository's");
    t.is((userRequire("@pulumi/pulumi/package.json") as { version: string }).version, userSdk);
    const installedRoot = path.join(project, "node_modules", "pulumi-bringg");
    for (const name of stateModuleNames()) {
        t.true(userRequire.resolve(name).startsWith(installedRoot + path.sep), `${name} resolves inside the user's node_modules`);
    }
    for (const internal of ["pulumi-bringg/scripts/demo", "pulumi-bringg/provider/core/client", "pulumi-bringg/dist/provider/core/client.js"]) {
        t.throws(() => userRequire.resolve(internal), { code: "ERR_PACKAGE_PATH_NOT_EXPORTED" }, `${internal} is not exported`);
    }
});

test.serial(`pulumi up, a no-change preview and destroy work with the installed package and @pulumi/pulumi ${userSdk}`, async (t) => {
    const { stack } = bringg!;
    const up = await stack.ok(["up", "--yes", "--skip-preview"]);
    t.regex(up.output, /9 created/); // stack, application, TTLs, rotation, component, pair's two applications, pair, check
    const outputs = (await stack.outputs()) as { clientId: string; generation: number; status: string };
    t.is(outputs.status, "verified", "the rotated secret got a token");
    t.is(outputs.generation, 0);

    const apps = await client().listApplications({ fresh: true });
    t.is(apps.length, 3, "the application and the pair's two");
    t.true(apps.some((app) => app.client_id === outputs.clientId && app.enabled));
    const scopes = await client().listScopes();
    t.is(scopes.find((scope) => scope.name === "users_read")?.ttl, 7200);

    await stack.ok(["preview", "--expect-no-changes"]);

    const destroy = await stack.ok(["destroy", "--yes", "--skip-preview"]);
    t.regex(destroy.output, /9 deleted/);
    t.deepEqual(await client().listApplications({ fresh: true }), []);
    const reset = (await client().listScopes()).find((scope) => scope.name === "users_read")!;
    t.is(reset.ttl, reset.default_ttl, "the TTL override is removed");
});

test.serial(
    "the package's type declarations compile with Pulumi's template tsconfig, whose tsc checks libraries too (no skipLibCheck, no esModuleInterop)",
    async (t) => {
        // Before, the public declarations imported zod, whose own declarations then failed this
        // compile with 63 errors (default imports of its locales without esModuleInterop).
        const tsc = userRequire.resolve("typescript/bin/tsc");
        const result = await run(process.execPath, [tsc, "--noEmit", "-p", "."], { cwd: project }).then(
            () => ({ code: 0, output: "" }),
            (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? 1, output: `${error.stdout ?? ""}${error.stderr ?? ""}` }),
        );
        t.is(result.code, 0, result.output.split("\n").slice(0, 10).join("\n"));
    },
);

/** Runs at most `count` of the given tasks at once: the examples share two cores with the rest of the suite. */
function limit(count: number): <T>(task: () => Promise<T>) => Promise<T> {
    let running = 0;
    const waiting: Array<() => void> = [];
    return async (task) => {
        while (running >= count) await new Promise<void>((resolve) => waiting.push(resolve));
        running++;
        try {
            return await task();
        } finally {
            running--;
            waiting.shift()?.();
        }
    };
}
const exampleSlot = limit(2);

/** `tsc --noEmit -p <folder>` with the user project's TypeScript; the compiler's output on failure. */
async function typeCheck(folder: string): Promise<{ code: number; output: string }> {
    const tsc = userRequire.resolve("typescript/bin/tsc");
    return run(process.execPath, [tsc, "--noEmit", "-p", folder], { cwd: folder }).then(
        () => ({ code: 0, output: "" }),
        (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? 1, output: `${error.stdout ?? ""}${error.stderr ?? ""}` }),
    );
}

test.serial("every program under examples/ is run below", async (t) => {
    const covered = (folder: string) => Object.keys(examples).some((name) => folder === name || folder.startsWith(`${name}/`));
    t.deepEqual(
        (await exampleFolders()).filter((folder) => !covered(folder)),
        [],
        "add the example to test/package/examples.ts",
    );
});

for (const [name, prepare] of Object.entries(examples)) {
    test(`examples/${name}, copied out of the repository, type-checks with its own tsconfig and deploys against the installed package: up, a no-change preview, destroy`, (t) =>
        exampleSlot(async () => {
            const started = Date.now();
            const example = await prepare({ emulator: userEmulator, project });
            try {
                for (const program of example.programs) {
                    const checked = await typeCheck(program.stack.dir);
                    t.is(checked.code, 0, `tsc --noEmit in examples/${program.folder}:\n${checked.output.split("\n").slice(0, 10).join("\n")}`);
                }
                // Type-checked above, so the CLI only transpiles (as the other real-CLI tests do).
                for (const program of example.programs) {
                    await program.stack.ok(["up", "--yes", "--skip-preview"]);
                    await program.verify(t, await program.stack.outputs());
                }
                for (const program of example.programs) await program.stack.ok(["preview", "--expect-no-changes"]);
                for (const program of [...example.programs].reverse()) {
                    await program.stack.ok(["destroy", "--yes", "--skip-preview"]);
                }
            } finally {
                await example.dispose();
                t.log(`${((Date.now() - started) / 1000).toFixed(1)} s`);
            }
        }));
}
