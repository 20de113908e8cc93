/**
 * State fixtures (test/fixtures/state/<version>/): what a release wrote, kept so that every later
 * release proves it still reads it. scripts/state-fixture.ts writes one; test/state/compat.test.ts
 * imports each into a fresh stack. See test/fixtures/state/README.md.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./pulumi";

/** The folder of every release's fixture. */
export const fixturesRoot = path.join(repoRoot, "test", "fixtures", "state");

/**
 * The program of the next state fixture (scripts/state-fixture.ts) and of the install test: each
 * resource kind once, the rotation triggers from stack config (`quarter`, `bump`) so that a second
 * step can rotate. Keep it to what users write; add what a new release adds, before writing its
 * fixture (each fixture keeps its own copy).
 */
export const everyKindProgram = `import * as pulumi from "@pulumi/pulumi";
import * as bringg from "pulumi-bringg";

const config = new pulumi.Config();
const endpoint = new pulumi.Config("bringg").require("endpoint");

const app = new bringg.Application("dashboards", { scopes: ["tasks_read", "users_read"], enabled: true });
const ttls = new bringg.ScopeTtls("ttl-policy", { ttls: { tasks_write: "15m", users_read: "2h" } });
const secret = new bringg.SecretRotation("dashboards-secret", {
    application: app,
    triggers: { quarter: config.require("quarter") },
});
const pair = new bringg.RotatingCredentials("pair", {
    scopes: ["tasks_read"],
    triggers: { bump: config.require("bump") },
});
const check = new bringg.VendorCredential("dashboards-check", {
    vendor: "bringg",
    endpoint,
    clientId: secret.clientId,
    clientSecret: secret.clientSecret,
    requiredScopes: ["tasks_read"],
    verifyOnRefresh: true,
});

export const clientId = app.clientId;
export const clientSecret = secret.clientSecret;
export const fingerprint = secret.fingerprint;
export const active = pair.active;
export const generation = pair.generation;
export const status = check.status;
export const overridden = ttls.ttls;
`;

/** The files of one fixture. */
export const fixtureFiles = {
    /** {@link FixtureMeta}. */
    meta: "fixture.json",
    /** `pulumi stack export` right after the release's `pulumi up` (secrets encrypted). */
    state: "stack.json",
    /** The program that wrote the state, run unchanged by the test. */
    program: "index.ts",
    /** The emulator's data file at the same moment (emulator/persistence.ts). */
    emulator: "emulator.json",
} as const;

/** fixture.json: how to read the other files. */
export interface FixtureMeta {
    /** The package version that wrote the state. */
    version: string;
    /** The Pulumi project name, part of every URN in the state. */
    project: string;
    stack: string;
    /** The passphrase of the stack's secrets provider (a test value, as in test/helpers/pulumi.ts). */
    passphrase: string;
    /**
     * The emulator URL recorded in the state and the stack config (a free port at writing time):
     * the test replaces this exact text with its own emulator's URL.
     */
    endpoint: string;
    /** What wrote it. */
    writtenBy: { pulumiSdk: string; pulumiCli: string; node: string; commit: string };
    /** Resources per type token, as in the state. */
    resources: Record<string, number>;
}

/** One fixture as read from the repository. */
export interface StateFixture {
    readonly dir: string;
    readonly meta: FixtureMeta;
    /** Pulumi.<stack>.yaml: the stack config (the encryption salt, the encrypted admin password). */
    readonly stackConfigFile: string;
}

/** The stack config file's name for a stack. */
export function stackConfigFileName(stack: string): string {
    return `Pulumi.${stack}.yaml`;
}

/** The versions that have a fixture, oldest first. */
export function fixtureVersions(): string[] {
    return readdirSync(fixturesRoot, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

/** Reads a release's fixture. */
export function readFixture(version: string): StateFixture {
    const dir = path.join(fixturesRoot, version);
    const meta = JSON.parse(readFileSync(path.join(dir, fixtureFiles.meta), "utf8")) as FixtureMeta;
    return { dir, meta, stackConfigFile: stackConfigFileName(meta.stack) };
}

/** `text` with every occurrence of the recorded endpoint replaced by `endpoint`. */
export function withEndpoint(text: string, recorded: string, endpoint: string): string {
    return text.split(recorded).join(endpoint);
}

/** Marks a secret value in `pulumi stack export` (Pulumi's `specialSigKey` and secret signature). */
const secretSignature = ["4dabf18193072939515e22adb298388d", "1b47061264138c4ac30d75fd1eb44270"] as const;

/** Keys whose values are secret inside a secret object (`active: {slot, clientId, clientSecret, ...}`). */
const secretKey = /secret|password|token/i;

/**
 * The secrets held by a `pulumi stack export --show-secrets`: each secret value
 * (`{"4dabf…": "1b47…", "plaintext": "<JSON>"}`) that is a string, and inside secret objects the
 * strings under secret-like keys (a credential's clientSecret, not its clientId or fingerprint).
 * Strings shorter than 8 characters are left out: searched for, they would match by chance.
 */
export function plaintextSecrets(exported: unknown): string[] {
    const found = new Set<string>();
    const add = (value: string) => {
        if (value.length >= 8) found.add(value);
    };
    const secretLeaves = (value: unknown): void => {
        if (Array.isArray(value)) {
            value.forEach(secretLeaves);
        } else if (value && typeof value === "object") {
            for (const [key, inner] of Object.entries(value)) {
                if (typeof inner === "string" && secretKey.test(key)) add(inner);
                else secretLeaves(inner);
            }
        }
    };
    const walk = (value: unknown): void => {
        if (Array.isArray(value)) {
            value.forEach(walk);
        } else if (value && typeof value === "object") {
            const record = value as Record<string, unknown>;
            if (record[secretSignature[0]] === secretSignature[1] && typeof record.plaintext === "string") {
                const plain = JSON.parse(record.plaintext) as unknown;
                if (typeof plain === "string") add(plain);
                else secretLeaves(plain);
            } else {
                Object.values(record).forEach(walk);
            }
        }
    };
    walk(exported);
    return [...found];
}

/** Resources per type token in a `pulumi stack export`. */
export function resourceCounts(exported: { deployment: { resources?: Array<{ type: string }> } }): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const { type } of exported.deployment.resources ?? []) counts[type] = (counts[type] ?? 0) + 1;
    return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
