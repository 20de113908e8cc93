/**
 * VendorCredential's create, update and refresh logic with injected dependencies (no CLI): verify
 * before deliver, nothing recorded or delivered on failure, the token never in the outputs, and
 * refresh drift only with verifyOnRefresh.
 */
import { fingerprint } from "../../provider/core/fingerprint";
import test from "ava";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { check, create, deliverToStores, diff, read, update, type Deps, type VerifiedCredential } from "../../provider/vendor-credential/crud";
import { VendorTokenError, type VendorErrorCode } from "../../provider/vendors/errors";
import type { TokenGrant } from "../../provider/vendors/profile";

const fixedNow = Date.parse("2026-03-01T12:00:00Z");
const token = "access-token-that-must-not-be-kept";

function refusal(code: VendorErrorCode): VendorTokenError {
    return new VendorTokenError({
        code,
        vendor: "Bruin",
        credential: 'client_id "c"',
        request: "POST https://id.bruin.com/identity/connect/token",
        outcome: "returned 400",
        fix: "check it",
    });
}

/** Dependencies whose token request answers `outcome`, recording calls and deliveries. */
function fakeDeps(outcome: { [K in keyof TokenGrant]?: TokenGrant[K] | undefined } | VendorTokenError) {
    const calls: unknown[] = [];
    const delivered: VerifiedCredential[] = [];
    const warnings: string[] = [];
    const deps: Deps = {
        now: () => fixedNow,
        warn: (message) => void warnings.push(message),
        requestToken: async (settings) => {
            calls.push(settings);
            if (outcome instanceof VendorTokenError) throw outcome;
            // `outcome` may set a field to undefined: a vendor that did not say.
            return { accessToken: token, tokenType: "Bearer", lifetimeSeconds: 3600, scopes: ["public_api"], ...outcome } as TokenGrant;
        },
        deliver: async (credential) => {
            delivered.push(credential);
            return [];
        },
    };
    return { deps, calls, delivered, warnings };
}

const raw = { vendor: "bruin", clientId: "c", clientSecret: "bruin-secret-1", scope: "public_api", requiredScopes: ["public_api"], minLifetime: "30m" };
const inputs = check({}, raw).inputs;

test("create verifies with one token request, then delivers, and records what the check found but never the token", async (t) => {
    const { deps, calls, delivered } = fakeDeps({});
    const { id, outs } = await create(inputs, deps);
    t.is(id, "bruin/c");
    t.is(calls.length, 1);
    t.is(delivered.length, 0, "no deliverTo: nothing to deliver");
    t.like(outs, {
        status: "verified",
        verifiedAt: "2026-03-01T12:00:00.000Z",
        tokenLifetime: 3600,
        grantedScopes: ["public_api"],
        tokenType: "Bearer",
        schemaVersion: 1,
    });
    t.regex(String(outs.fingerprint), /^[0-9a-f]{12}$/);
    t.false(JSON.stringify(outs).includes(token));
});

test("a refused credential fails create with the vendor's message, and nothing is delivered", async (t) => {
    const { deps, delivered } = fakeDeps(refusal("bad_credentials"));
    await t.throwsAsync(create(inputs, deps), { message: /^Bruin refused the credential client_id "c" \(bad credentials\)/ });
    t.is(delivered.length, 0);
});

test("a token short of requiredScopes or minLifetime fails naming what is missing, and nothing is delivered", async (t) => {
    const scopes = fakeDeps({ scopes: [] });
    await t.throwsAsync(create(inputs, scopes.deps), {
        message: /^Bruin accepted the credential client_id "c" but its token lacks the required scope\(s\) public_api \(granted: none\)/,
    });
    const short = fakeDeps({ lifetimeSeconds: 299 });
    await t.throwsAsync(create(inputs, short.deps), { message: /its token lives 299 s, less than minLifetime 30m \(1800 s\)/ });
    const silent = fakeDeps({ lifetimeSeconds: undefined });
    await t.throwsAsync(create(inputs, silent.deps), { message: /did not say how long its token lives/ });
    t.is(scopes.delivered.length + short.delivered.length + silent.delivered.length, 0);
});

test("a verified credential is written to every deliverTo store with a receipt, as Bringg's credentials are", async (t) => {
    const folder = await mkdtemp(path.join(tmpdir(), "vendor-store-"));
    try {
        const file = path.join(folder, "bruin.json");
        const secretFile = path.join(folder, "bruin.secret");
        const checked = check({}, { ...raw, deliverTo: [{ file: { path: file } }, { file: { path: secretFile }, format: "secret" }] });
        t.deepEqual(checked.failures, []);
        const { deps, delivered } = fakeDeps({});
        const { outs } = await create(checked.inputs, {
            ...deps,
            deliver: async (credential, targets) => {
                delivered.push(credential);
                return deliverToStores(credential, targets);
            },
        });
        t.is(delivered.length, 1, "delivered once, after verification");
        t.deepEqual(JSON.parse(await readFile(file, "utf8")), { clientId: "c", clientSecret: "bruin-secret-1" });
        t.is(await readFile(secretFile, "utf8"), "bruin-secret-1");
        t.is((await stat(file)).mode & 0o777, 0o600);
        const receipts = outs.receipts as Array<{ store: string; reference: string; fingerprint: string }>;
        t.deepEqual(
            receipts.map((r) => [r.store, r.reference]),
            [
                ["file", file],
                ["file", secretFile],
            ],
        );
        t.false(JSON.stringify(outs.receipts).includes("bruin-secret-1"), "receipts carry no secret");
        for (const receipt of receipts) t.is<unknown, unknown>(receipt.fingerprint, outs.fingerprint, "one fingerprint: each receipt's is the resource's");
        t.is<unknown, unknown>(outs.fingerprint, fingerprint("bruin-secret-1"), "the fingerprint of the secret alone, as every resource's");
        t.false(diff("bruin/c", outs, checked.inputs).changes, "the same targets deliver nothing again");
        t.true(diff("bruin/c", outs, check({}, { ...raw, deliverTo: [{ file: { path: file } }] }).inputs).changes, "a changed target list delivers again");
    } finally {
        await rm(folder, { recursive: true, force: true });
    }
});

test("a store that cannot be written fails the create naming the target, never the secret, and a refused credential is never delivered", async (t) => {
    const folder = await mkdtemp(path.join(tmpdir(), "vendor-store-"));
    try {
        await writeFile(path.join(folder, "not-a-folder"), "x");
        const target = path.join(folder, "not-a-folder", "bruin.json");
        const checked = check({}, { ...raw, deliverTo: [{ file: { path: target } }] }).inputs;
        const ok = fakeDeps({});
        const error = await t.throwsAsync(create(checked, { ...ok.deps, deliver: deliverToStores }));
        t.regex(error!.message, /not-a-folder/);
        t.false(error!.message.includes("bruin-secret-1"));
        const refused = fakeDeps(refusal("bad_credentials"));
        await t.throwsAsync(create(checked, { ...refused.deps, deliver: deliverToStores }));
        await t.throwsAsync(stat(target), undefined, "nothing was written for a refused credential");
    } finally {
        await rm(folder, { recursive: true, force: true });
    }
});

test("bad deliverTo targets fail check naming the field", (t) => {
    const { failures } = check({}, { ...raw, deliverTo: [{ file: { path: "relative.json" } }] });
    t.deepEqual(
        failures.map((f) => f.property),
        ["deliverTo[0].file.path"],
    );
});

test("update verifies the new inputs; on failure it throws, so the previous state stays", async (t) => {
    const ok = fakeDeps({});
    const { outs } = await create(inputs, ok.deps);
    const changed = { ...inputs, clientSecret: "bruin-secret-2" };
    const updated = await update("bruin/c", outs, changed, ok.deps);
    t.not(updated.outs.fingerprint, outs.fingerprint);
    await t.throwsAsync(update("bruin/c", outs, changed, fakeDeps(refusal("bad_credentials")).deps));
});

test("refresh without verifyOnRefresh calls no vendor and keeps the state", async (t) => {
    const { deps, calls } = fakeDeps(refusal("bad_credentials"));
    const { outs } = await create(inputs, fakeDeps({}).deps);
    const outcome = await read("bruin/c", outs, deps);
    t.is(calls.length, 0);
    t.is(outcome.props!.status, "verified");
});

test("refresh with verifyOnRefresh reports a revoked credential as drift (status rejected, a warning naming the vendor)", async (t) => {
    const { outs } = await create({ ...inputs, verifyOnRefresh: true }, fakeDeps({}).deps);
    const healthy = await read("bruin/c", outs, fakeDeps({}).deps);
    t.deepEqual(healthy.props, outs, "a working credential refreshes to the same state");
    const revoked = await read("bruin/c", outs, fakeDeps(refusal("bad_credentials")).deps);
    t.like(revoked.props!, { status: "rejected", verifiedAt: outs.verifiedAt });
    t.regex(String(revoked.props!.problem), /^Bruin refused/);
    t.regex(revoked.warnings[0]!, /^Bruin credential client_id "c" no longer works: Bruin refused .* `pulumi up` fails on it/);
    const scopeLost = await read("bruin/c", outs, fakeDeps({ scopes: [] }).deps);
    t.is(scopeLost.props!.status, "rejected");
});

test("refresh with an unreachable vendor keeps the state and says it could not check", async (t) => {
    const { outs } = await create({ ...inputs, verifyOnRefresh: true }, fakeDeps({}).deps);
    const outcome = await read("bruin/c", outs, fakeDeps(refusal("vendor_down")).deps);
    t.is(outcome.props!.status, "verified");
    t.regex(outcome.warnings[0]!, /could not be checked; its state is kept/);
});

test("a credential that works again after a rejection refreshes back to verified", async (t) => {
    const { outs } = await create({ ...inputs, verifyOnRefresh: true }, fakeDeps({}).deps);
    const rejected = await read("bruin/c", outs, fakeDeps(refusal("bad_credentials")).deps);
    const restored = await read("bruin/c", rejected.props!, fakeDeps({}).deps);
    t.is(restored.props!.status, "verified");
    t.is(restored.props!.problem, undefined);
});
