/**
 * Every program under examples/, as a user runs it after copying it out of the repository: the
 * example's folder copied whole (its own Pulumi.yaml, tsconfig.json, package.json and data files,
 * nothing rewritten) into a folder of the installed user project, so that `pulumi-bringg` and
 * `@pulumi/pulumi` resolve from that project's node_modules; the stack config its comments and
 * README tell a user to set, pointed at the installed package's own emulator (and moto, for AWS
 * Secrets Manager). install.test.ts type-checks each with `tsc --noEmit -p <folder>` and deploys it.
 */
import type { ExecutionContext } from "ava";
import { existsSync, readFileSync } from "node:fs";
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type * as emulatorModule from "../../emulator/server";
import { awsTestEnv, startMoto } from "../helpers/moto";
import { createStack, repoRoot, type TestStack } from "../helpers/pulumi";
import { vendorExampleConfig } from "../helpers/vendor-example";

/** The examples' folder in the checkout. */
export const examplesRoot = path.join(repoRoot, "examples");

/** The installed package's emulator module, and the project the examples are copied into. */
export interface ExampleContext {
    readonly emulator: typeof emulatorModule;
    /** The user project; examples land in its `examples/` folder. */
    readonly project: string;
}

/** One program of an example, copied and configured, with its stack. */
export interface ExampleProgram {
    /** The program's folder under examples/, e.g. `secret-stores/consumer`. */
    readonly folder: string;
    readonly stack: TestStack;
    /** Checks what `pulumi up` produced (the outputs the example promises). */
    readonly verify: (t: ExecutionContext, outputs: Record<string, unknown>) => unknown;
}

/** An example, ready to run: its programs in deployment order. */
export interface PreparedExample {
    readonly programs: readonly ExampleProgram[];
    /** Stops what the example started (emulator, moto) and removes its stacks' folders. */
    dispose(): Promise<void>;
}

/** The npm package of the SDK generated for the native plugin (sdk/nodejs). */
export const nativeSdkPackage = "@pulumi-bringg/sdk";

/** Whether an example folder's package.json depends on the native plugin's SDK (test/native/sdk.test.ts runs those). */
function usesNativeSdk(folder: string): boolean {
    const manifest = path.join(examplesRoot, folder, "package.json");
    if (!existsSync(manifest)) return false;
    const { dependencies = {} } = JSON.parse(readFileSync(manifest, "utf8")) as { dependencies?: Record<string, string> };
    return nativeSdkPackage in dependencies;
}

/**
 * Every folder under examples/ that holds a program of the dynamic resources (an index.ts), relative
 * to examples/; a program of the native plugin's SDK is run by test/native/sdk.test.ts instead.
 */
export async function exampleFolders(): Promise<string[]> {
    const files = await readdir(examplesRoot, { recursive: true, encoding: "utf8" });
    return files
        .filter((file) => path.basename(file) === "index.ts")
        .map((file) => path.dirname(file).split(path.sep).join("/"))
        .filter((folder) => !usesNativeSdk(folder))
        .sort();
}

/** The union of the examples' own package.json dependencies (what a user installs with each), except the two the user project pins and the native SDK. */
export async function exampleDependencies(): Promise<Record<string, string>> {
    const files = (await readdir(examplesRoot, { recursive: true, encoding: "utf8" })).filter((file) => path.basename(file) === "package.json");
    const dependencies: Record<string, string> = {};
    for (const file of files) {
        const manifest = JSON.parse(await readFile(path.join(examplesRoot, file), "utf8")) as { dependencies?: Record<string, string> };
        for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
            if (name !== "pulumi-bringg" && name !== "@pulumi/pulumi" && name !== nativeSdkPackage) dependencies[name] = range;
        }
    }
    return dependencies;
}

/** Copies an example's folder, unchanged, into the user project. */
async function copied(context: ExampleContext, folder: string): Promise<string> {
    const dir = path.join(context.project, "examples", folder);
    await cp(path.join(examplesRoot, folder), dir, { recursive: true });
    return dir;
}

/** Sets config values with `--path` (nested keys such as `bringg:accounts.us.endpoint`). */
async function setPaths(stack: TestStack, values: Record<string, string | { value: string; secret: true }>): Promise<void> {
    for (const [key, value] of Object.entries(values)) {
        const secret = typeof value !== "string";
        await stack.ok(["config", "set", "--path", secret ? "--secret" : "--plaintext", "--", key, secret ? value.value : value]);
    }
}

type Config = Record<string, string | { value: string; secret: true }>;

/** The default account's settings for an emulator, as the examples' comments say to set them. */
function bringgConfig(url: string, credentials: { username: string; password: string }): Config {
    return {
        "bringg:endpoint": url,
        "bringg:username": credentials.username,
        "bringg:password": { value: credentials.password, secret: true },
        // Lost replies are settled after this window; the default (10 s) would only slow the test down.
        "bringg:lateWriteWindow": "1s",
    };
}

/** How to prepare each example, by its folder under examples/ (a folder with several programs lists them all). */
export const examples: Record<string, (context: ExampleContext) => Promise<PreparedExample>> = {
    async quickstart(context) {
        const emulator = await context.emulator.startEmulator({ port: 0 });
        const stack = await createStack({
            name: "quickstart",
            dir: await copied(context, "quickstart"),
            config: bringgConfig(emulator.url, context.emulator.demoCredentials),
        });
        return {
            programs: [{ folder: "quickstart", stack, verify: (t, o) => t.regex(o.clientId as string, /\S/) }],
            dispose: async () => {
                await stack.dispose();
                await emulator.stop();
            },
        };
    },

    async rotation(context) {
        const emulator = await context.emulator.startEmulator({ port: 0 });
        const stack = await createStack({
            name: "rotation",
            dir: await copied(context, "rotation"),
            config: bringgConfig(emulator.url, context.emulator.demoCredentials),
        });
        return {
            programs: [
                {
                    folder: "rotation",
                    stack,
                    verify: (t, o) => t.is(o.integrationGeneration, 0),
                },
            ],
            dispose: async () => {
                await stack.dispose();
                await emulator.stop();
            },
        };
    },

    async "ci-ttl-converge"(context) {
        const emulator = await context.emulator.startEmulator({ port: 0 });
        const stack = await createStack({
            name: "ci-ttl-converge",
            dir: await copied(context, "ci-ttl-converge"),
            config: bringgConfig(emulator.url, context.emulator.demoCredentials),
        });
        return {
            programs: [
                {
                    folder: "ci-ttl-converge",
                    stack,
                    verify: (t, o) => t.is((o.scopeTtls as Record<string, number>).tasks_write, 900, "ttl-policy.yaml's 15m"),
                },
            ],
            dispose: async () => {
                await stack.dispose();
                await emulator.stop();
            },
        };
    },

    async "multi-account"(context) {
        // As the example's comments say: the emulator with two regions, `.endpoint` per account.
        const emulator = await context.emulator.startEmulator({ port: 0, regions: ["us2", "eu2"] });
        const { demoAdmin: us, secondAdmin: eu } = context.emulator.seedUsers;
        const stack = await createStack({ name: "multi-account", dir: await copied(context, "multi-account"), config: { "bringg:lateWriteWindow": "1s" } });
        await setPaths(stack, {
            "bringg:accounts.us.endpoint": emulator.regionUrls.us2!,
            "bringg:accounts.us.username": us.username,
            "bringg:accounts.us.password": { value: us.password, secret: true },
            "bringg:accounts.eu.endpoint": emulator.regionUrls.eu2!,
            "bringg:accounts.eu.username": eu.username,
            "bringg:accounts.eu.password": { value: eu.password, secret: true },
        });
        return {
            programs: [
                {
                    folder: "multi-account",
                    stack,
                    verify: (t, o) => {
                        t.regex(o.usClientId as string, /\S/);
                        t.regex(o.euClientId as string, /\S/);
                        t.is(o.euTasksWriteDefault, 1800);
                    },
                },
            ],
            dispose: async () => {
                await stack.dispose();
                await emulator.stop();
            },
        };
    },

    async "secret-stores"(context) {
        // Three programs, as the example's README runs them: platform and consumer share a backend
        // (the consumer's StackReference reads the platform's stack); direct delivers to moto's
        // Secrets Manager and to files.
        const emulator = await context.emulator.startEmulator({ port: 0 });
        const moto = await startMoto();
        const shared = await mkdtemp(path.join(tmpdir(), "pulumi-bringg-state-"));
        const secretsDir = await mkdtemp(path.join(tmpdir(), "bringg-example-secrets-"));
        const stacks: TestStack[] = [];
        const dispose = async () => {
            for (const stack of stacks.reverse()) await stack.dispose();
            await moto.stop();
            await emulator.stop();
            await rm(shared, { recursive: true, force: true });
            await rm(secretsDir, { recursive: true, force: true });
        };
        try {
            const bringg = bringgConfig(emulator.url, context.emulator.demoCredentials);
            const backend = { PULUMI_BACKEND_URL: `file://${shared}` };
            const platform = await createStack({ name: "platform", dir: await copied(context, "secret-stores/platform"), config: bringg, env: backend });
            stacks.push(platform);
            const consumer = await createStack({
                name: "consumer",
                dir: await copied(context, "secret-stores/consumer"),
                config: { platformStack: `organization/secret-stores-platform/${platform.stackName}`, bringgEndpoint: emulator.url },
                env: backend,
            });
            stacks.push(consumer);
            const direct = await createStack({
                name: "direct",
                dir: await copied(context, "secret-stores/direct"),
                config: { ...bringg, secretsDir, quarter: "2026-Q4", awsEndpoint: moto.url },
                env: { ...awsTestEnv },
            });
            stacks.push(direct);
            return {
                programs: [
                    { folder: "secret-stores/platform", stack: platform, verify: (t, o) => t.regex(o.clientId as string, /\S/) },
                    { folder: "secret-stores/consumer", stack: consumer, verify: (t, o) => t.is(o.accessToken, "[secret]", "a token, kept secret") },
                    {
                        folder: "secret-stores/direct",
                        stack: direct,
                        verify: async (t, o) => {
                            t.deepEqual(
                                (o.reportsReceipts as Array<{ store: string }>).map((r) => r.store),
                                ["awsSecretsManager", "file"],
                            );
                            const delivered = JSON.parse(await readFile(path.join(secretsDir, "integration.json"), "utf8")) as { clientSecret?: string };
                            t.regex(delivered.clientSecret ?? "", /\S/, "the active credential was delivered to its file");
                        },
                    },
                ],
                dispose,
            };
        } catch (error) {
            await dispose();
            throw error;
        }
    },

    async "vendor-credentials"(context) {
        const emulator = await context.emulator.startEmulator({ port: 0 });
        const storeDir = await mkdtemp(path.join(tmpdir(), "bringg-example-store-"));
        const stack = await createStack({
            name: "vendor-credentials",
            dir: await copied(context, "vendor-credentials"),
            // The README's list, and the Bringg settings.
            config: { ...vendorExampleConfig(emulator, storeDir).config, ...bringgConfig(emulator.url, context.emulator.demoCredentials) },
        });
        return {
            programs: [
                {
                    folder: "vendor-credentials",
                    stack,
                    verify: (t, o) => t.deepEqual(o.status, ["verified", "verified", "verified", "verified"]),
                },
            ],
            dispose: async () => {
                await stack.dispose();
                await emulator.stop();
                await rm(storeDir, { recursive: true, force: true });
            },
        };
    },
};
