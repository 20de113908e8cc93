/**
 * examples/vendor-credentials through the real CLI against the emulator, one stack for all four
 * vendors (Bringg, Bruin, Brainysoft, Brite): working credentials deploy; bad inputs fail preview
 * naming the field; a wrong secret fails `pulumi up` naming the vendor and leaves nothing behind; a
 * revoked credential is reported by `pulumi refresh`; and no secret or token appears in the
 * outputs, the state or any command's output.
 */
import test from "ava";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { demoCredentials, type RunningEmulator, startEmulator } from "../../emulator/server";
import { startBringgStack } from "../helpers/bringg";
import { vendorExampleConfig } from "../helpers/vendor-example";
import { repoRoot, resourcesOfType, type CommandResult, type TestStack } from "../helpers/pulumi";

let emulator: RunningEmulator;
let stack: TestStack;
let dispose: (() => Promise<void>) | undefined;
let example: string;
/** The folder the example delivers the verified credentials to. */
let storeDir: string;
/** Every command's output, for the leak scan. */
const logs: string[] = [];
/** Every secret the stack was given. */
const secrets: string[] = [demoCredentials.password];
const wrongSecret = "wrong-secret-for-the-lifecycle-test";

/** Seconds each command took, for the report (not asserted). */
const timings: string[] = [];

async function pulumi(args: string[], expectOk = true): Promise<CommandResult> {
    const started = Date.now();
    const result = expectOk ? await stack.ok(args) : await stack.run(args);
    timings.push(`${args.slice(0, 2).join(" ")}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    logs.push(result.output);
    return result;
}

test.before(async () => {
    emulator = await startEmulator({ port: 0 });
    example = await readFile(path.join(repoRoot, "examples", "vendor-credentials", "index.ts"), "utf8");
    storeDir = await mkdtemp(path.join(tmpdir(), "vendor-store-"));
    const vendors = vendorExampleConfig(emulator, storeDir);
    secrets.push(...vendors.secrets, wrongSecret);
    ({ stack, dispose } = await startBringgStack({ name: "vendor-credentials", emulator, program: example, config: vendors.config }));
});

test.after.always(async (t) => {
    t.log(timings.join("; "));
    await dispose?.();
    await rm(storeDir, { recursive: true, force: true });
});

async function credentialStates() {
    const { deployment } = await stack.exportState();
    return Object.fromEntries(resourcesOfType(deployment, "VendorCredential").map((r) => [r.urn.split("::").pop()!, r.outputs ?? {}]));
}

test.serial("a working credential of each vendor deploys, with what its check found as outputs", async (t) => {
    await pulumi(["up", "--yes", "--skip-preview"]);
    const outputs = await stack.outputs();
    t.deepEqual(outputs.status, ["verified", "verified", "verified", "verified"]);
    const lifetimes = outputs.tokenLifetimes as Record<"bruin" | "brainysoft" | "brite" | "bringg", number>;
    t.is(lifetimes.bruin, 3600);
    t.is(lifetimes.brainysoft, 299);
    t.true(lifetimes.brite > 6 * 3600 - 5 && lifetimes.brite <= 6 * 3600);
    t.is(lifetimes.bringg, 14400);
    t.deepEqual((outputs.grantedScopes as Record<string, string[]>).bruin, ["public_api"]);
    t.deepEqual((outputs.grantedScopes as Record<string, string[]>).bringg, ["tasks_read"]);
    // Each verified credential was delivered to its store, with a receipt that holds no secret.
    const files = Object.fromEntries(
        await Promise.all(
            ["bringg", "bruin", "brainysoft", "brite"].map(async (v) => [v, JSON.parse(await readFile(path.join(storeDir, `${v}.json`), "utf8"))]),
        ),
    ) as Record<string, { clientId: string; clientSecret: string }>;
    t.is(files.bruin!.clientSecret, secrets[1]!);
    t.is(files.brainysoft!.clientSecret, secrets[2]!);
    t.is(files.brite!.clientSecret, secrets[3]!);
    t.regex(files.bringg!.clientId, /\S/);
    const receipts = outputs.receipts as Record<string, Array<{ store: string; reference: string }>>;
    t.deepEqual(
        receipts.bruin!.map((r) => [r.store, r.reference]),
        [["file", path.join(storeDir, "bruin.json")]],
    );
    t.is(outputs.bruinToken, "[secret]");
    const token = (await stack.outputs({ showSecrets: true })).bruinToken as string;
    t.true(emulator.vendors.tokenActive(token), "getAccessTokenOutput's token works");
    t.deepEqual(emulator.vendors.vendorCounters()["brite.merchant.token"], undefined, "no Brite renewal, ever");
    // A healthy refresh re-checks every credential and changes nothing. Plain `pulumi refresh`
    // previews first, and the preview reads too: two token requests per credential, as
    // docs/vendors.md says; with --skip-preview, one.
    emulator.vendors.resetVendorCounters();
    emulator.control.resetCounters();
    await pulumi(["refresh", "--yes", "--expect-no-changes"]);
    const perCredential = () => ({ ...emulator.vendors.vendorCounters(), bringg: emulator.control.counters().byRoute.token });
    t.deepEqual(perCredential(), { "brainysoft.token": 2, "brite.merchant.authorize": 2, "bruin.token": 2, bringg: 2 }, "plain refresh");
    emulator.vendors.resetVendorCounters();
    emulator.control.resetCounters();
    await pulumi(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
    t.deepEqual(perCredential(), { "brainysoft.token": 1, "brite.merchant.authorize": 1, "bruin.token": 1, bringg: 1 }, "refresh --skip-preview");
    const docs = await readFile(path.join(repoRoot, "docs", "vendors.md"), "utf8");
    t.regex(docs, /\| `pulumi refresh` \| [^\n]*two token requests[^\n]*--skip-preview` makes one/, "docs/vendors.md says what a refresh costs");
});

test.serial("a wrong secret in one of five token lookups fails preview naming that vendor alone; the others are answered once each", async (t) => {
    // Bringg, Bruin (the example's own lookup), Brainysoft (the wrong secret), Brite and an OAuth 2.0
    // server (the emulator's Bringg token endpoint), all in flight at once.
    await stack.setProgram(`${example}
const lookups = {
    bringg: bringg.getAccessTokenOutput({ vendor: "bringg", clientId: app.clientId, clientSecret: app.clientSecret as any, endpoint: emulator! }),
    brainysoft: bringg.getAccessTokenOutput({ vendor: "brainysoft", customerKey: config.require("brainysoftCustomerKey"), clientId: config.require("brainysoftClientId"), clientSecret: ${JSON.stringify(wrongSecret)}, endpoint: emulator + "/brainysoft/{customerKey}" }),
    brite: bringg.getAccessTokenOutput({ vendor: "brite", publicKey: config.require("britePublicKey"), secret: config.requireSecret("briteSecret"), endpoint: emulator + "/brite" }),
    oauth2: bringg.getAccessTokenOutput({ vendor: "oauth2", clientId: app.clientId, clientSecret: app.clientSecret as any, tokenUrl: emulator + "/oauth/token", clientAuth: "client_secret_post" }),
};
export const lookupExpiries = pulumi.all(Object.fromEntries(Object.entries(lookups).map(([k, v]) => [k, v.expiresAt])));
`);
    emulator.vendors.resetVendorCounters();
    emulator.control.resetCounters();
    const preview = await pulumi(["preview"], false);
    t.not(preview.code, 0);
    t.regex(preview.output, /error: Brainysoft refused the credential client_id "[^"]+" of customer "demo" \(bad credentials\): POST \S+ returned 401/);
    // That vendor alone: no other vendor's verdict changed, no stack, no formatter dump.
    t.notRegex(preview.output, /(Bringg|Bruin|Brite|OAuth 2\.0 server) (refused|could not check)/);
    t.notRegex(preview.output, /vendor unavailable|unhandled exception|^\s+at /m);
    t.is(preview.output.match(/refused the credential/g)?.length, 2, "one error, shown in the progress and in the diagnostics");
    // Each lookup was answered once: nothing retried, nothing cut off.
    t.deepEqual(emulator.vendors.vendorCounters(), { "brainysoft.token": 1, "brite.merchant.authorize": 1, "bruin.token": 1 });
    t.is(emulator.control.counters().byRoute.token, 2, "bringg and oauth2");
});

test.serial("bad inputs fail preview naming each field, before any vendor call", async (t) => {
    emulator.vendors.resetVendorCounters();
    // The engine stops at the first resource that fails check, so the mistakes share one resource.
    await stack.setProgram(`${example}
new bringg.VendorCredential("bad-inputs", { vendor: "brainysoft", clientId: "c", clientSecret: "s", endpoint: "http://auth.example.com", scope: 7 } as any);
`);
    const preview = await pulumi(["preview"], false);
    t.not(preview.code, 0);
    t.regex(preview.output, /property customerKey .*has a problem: customerKey is required for brainysoft/);
    t.regex(preview.output, /property endpoint .*has a problem: endpoint "http:\/\/auth.example.com" uses http:\/\/ for a host that is not this machine/);
    t.regex(preview.output, /property scope .*has a problem: scope must be a space-separated string or a list of scope names/);
    await stack.setProgram(`${example}
new bringg.VendorCredential("bad-vendor", { vendor: "acme" } as any);
`);
    const unknown = await pulumi(["preview"], false);
    t.regex(
        unknown.output,
        /property vendor value \{acme\} has a problem: vendor "acme" is not supported: use bringg, deliveryHub, bruin, brainysoft, brite or oauth2/,
    );
    // The program's own getAccessTokenOutput asks Bruin for a token; no credential check ran.
    t.deepEqual(
        Object.keys(emulator.vendors.vendorCounters()).filter((route) => route !== "bruin.token"),
        [],
        "preview checked no credential",
    );
});

test.serial("a wrong secret fails pulumi up with a vendor-named message for each vendor, and nothing is half-made", async (t) => {
    const before = await credentialStates();
    await stack.setProgram(`${example}
const wrong = ${JSON.stringify(wrongSecret)};
new bringg.VendorCredential("wrong-bringg", { vendor: "bringg", clientId: app.clientId, clientSecret: wrong, endpoint: emulator! });
new bringg.VendorCredential("wrong-bruin", { vendor: "bruin", clientId: config.require("bruinClientId"), clientSecret: wrong, scope: "public_api", endpoint: emulator + "/bruin" });
new bringg.VendorCredential("wrong-brainysoft", { vendor: "brainysoft", customerKey: config.require("brainysoftCustomerKey"), clientId: config.require("brainysoftClientId"), clientSecret: wrong, endpoint: emulator + "/brainysoft/{customerKey}" });
new bringg.VendorCredential("wrong-brite", { vendor: "brite", publicKey: config.require("britePublicKey"), secret: wrong, endpoint: emulator + "/brite" });
`);
    const up = await pulumi(["up", "--yes", "--skip-preview", "--continue-on-error"], false);
    t.not(up.code, 0);
    t.regex(up.output, /Bringg refused the credential client_id "[^"]+" \(bad credentials\)/);
    t.regex(
        up.output,
        /Bruin refused the credential client_id "[^"]+" \(bad credentials\): POST \S+\/bruin\/identity\/connect\/token returned 400: "invalid_client"/,
    );
    t.regex(up.output, /Brainysoft refused the credential client_id "[^"]+" of customer "demo" \(bad credentials\)/);
    t.regex(up.output, /Brite refused the credential public_key "sandbox-[0-9a-f]+" \(bad credentials\)/);
    const after = await credentialStates();
    t.deepEqual(Object.keys(after).sort(), Object.keys(before).sort(), "no wrong-* resource was recorded");
    for (const [name, outputs] of Object.entries(before)) t.is(after[name]?.fingerprint, outputs.fingerprint);
});

test.serial("a credential revoked at the vendor is reported by pulumi refresh (verifyOnRefresh) and fails the next up", async (t) => {
    // Without the example's getAccessTokenOutput, which (rightly) fails the program once Bruin's
    // credential is revoked: the preview then shows what the resources alone plan.
    await stack.setProgram(example.slice(0, example.indexOf("// A script-style token")));
    const config = (await stack.ok(["config", "--json"])).stdout;
    const value = (key: string) => (JSON.parse(config) as Record<string, { value?: string }>)[`${path.basename(stack.dir)}:${key}`]?.value;
    emulator.vendors.revokeCredential("bruin", value("bruinClientId")!);
    emulator.vendors.revokeCredential("brainysoft", value("brainysoftClientId")!);
    emulator.vendors.revokeCredential("brite", value("britePublicKey")!);
    const bringgClientId = (Object.values(await credentialStates()).find((o) => o.vendor === "bringg") as { clientId: string }).clientId;
    emulator.control.regenerateSecret(1, bringgClientId);

    const refresh = await pulumi(["refresh", "--yes"]);
    for (const vendor of ["Bringg", "Bruin", "Brainysoft", "Brite"]) {
        t.regex(refresh.output, new RegExp(`${vendor} credential .* no longer works: ${vendor} refused`), vendor);
    }
    const states = await credentialStates();
    t.deepEqual(
        Object.values(states).map((s) => s.status),
        ["rejected", "rejected", "rejected", "rejected"],
    );
    // The next up checks each one again, and fails until the program holds working credentials.
    const preview = await pulumi(["preview"]);
    t.regex(preview.output, /~ 4 to update/);
    const up = await pulumi(["up", "--yes", "--skip-preview", "--continue-on-error"], false);
    t.not(up.code, 0);
    for (const vendor of ["Bringg", "Bruin", "Brainysoft", "Brite"]) t.regex(up.output, new RegExp(`${vendor} refused the credential`), vendor);
});

test.serial("no secret or token appears in the outputs, the state or any command's output", async (t) => {
    const { raw } = await stack.exportState();
    const outputs = JSON.stringify(await stack.outputs());
    const haystacks = { state: raw, outputs, logs: logs.join("\n") };
    const needles = [...secrets, ...emulator.vendors.issuedTokens()];
    t.true(needles.length > 10, "the scan has tokens to look for");
    for (const [where, text] of Object.entries(haystacks)) {
        const found = needles.filter((needle) => text.includes(needle));
        t.deepEqual(found.length, 0, `${where} holds ${found.length} plaintext secret(s) or token(s)`);
    }
    t.regex(raw, /"ciphertext"/, "the secrets are in the state, encrypted");
});
