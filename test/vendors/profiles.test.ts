/**
 * The token client and each vendor profile: the request each profile sends (recorded by a local
 * server), tokens from each vendor's emulator, and the classification of every refusal, whose
 * message names the vendor and never a secret.
 */
import test from "ava";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { demoVendorCredentials as demo, startEmulator, type RunningEmulator } from "../../emulator/server";
import { requestToken } from "../../provider/vendors/client";
import { VendorTokenError } from "../../provider/vendors/errors";
import { parseVendorSettings, type VendorSettings } from "../../provider/vendors/settings";
import { demoSettings } from "./helpers";

let emulator: RunningEmulator;

test.before(async () => {
    emulator = await startEmulator({ port: 0 });
});

test.after.always(async () => {
    await emulator?.stop();
});

/** Settings through the same validation the resource uses. */
function settings(raw: Record<string, unknown>): VendorSettings {
    const parsed = parseVendorSettings(raw);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return parsed.settings;
}

const fast = { retries: 2, baseDelayMs: 1 };

const bruin = () => demoSettings(emulator.url).bruin;
const brainysoft = () => demoSettings(emulator.url).brainysoft;
const brite = () => demoSettings(emulator.url).brite;

// ---- the requests, as a server sees them ------------------------------------------------------

interface Recorded {
    method: string;
    url: string;
    headers: IncomingHttpHeaders;
    body: string;
}

/** A server that records one request and answers with the given status and body. */
async function recorder(status: number, body: string): Promise<{ url: string; requests: Recorded[]; server: Server }> {
    const requests: Recorded[] = [];
    const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
            requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
            res.writeHead(status, { "content-type": "application/json" }).end(body);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

/** A reply every profile accepts: RFC 6749's `expires_in` and Brite's absolute `expires`. */
const tokenBody = JSON.stringify({ access_token: "recorded-token-value", token_type: "Bearer", expires_in: 60, expires: Date.now() / 1000 + 60 });

const shapes: Array<{
    title: string;
    raw: (url: string) => Record<string, unknown>;
    path: string;
    check: (t: import("ava").ExecutionContext, r: Recorded) => void;
}> = [
    {
        title: "bringg sends JSON to /oauth/token with ttl and scope",
        raw: (url) => ({ vendor: "bringg", clientId: "id-1", clientSecret: "secret-value-1", endpoint: url, scope: ["tasks_read"], ttl: 600 }),
        path: "/oauth/token",
        check: (t, r) => {
            t.is(r.headers["content-type"], "application/json");
            t.deepEqual(JSON.parse(r.body), {
                grant_type: "client_credentials",
                client_id: "id-1",
                client_secret: "secret-value-1",
                scope: "tasks_read",
                ttl: 600,
            });
        },
    },
    {
        title: "deliveryHub can send a form body instead",
        raw: (url) => ({ vendor: "deliveryHub", clientId: "id-2", clientSecret: "secret-value-2", endpoint: url, bodyEncoding: "form" }),
        path: "/oauth/token",
        check: (t, r) => {
            t.is(r.headers["content-type"], "application/x-www-form-urlencoded");
            t.deepEqual(Object.fromEntries(new URLSearchParams(r.body)), {
                grant_type: "client_credentials",
                client_id: "id-2",
                client_secret: "secret-value-2",
            });
        },
    },
    {
        title: "bruin sends a form with scope, credentials in HTTP Basic not URL-encoded when asked",
        raw: (url) => ({ vendor: "bruin", clientId: "id 3", clientSecret: "se:cr%et+3", endpoint: url, scope: "public_api", clientAuth: "basic" }),
        path: "/identity/connect/token",
        check: (t, r) => {
            t.is(r.headers["content-type"], "application/x-www-form-urlencoded");
            t.deepEqual(Object.fromEntries(new URLSearchParams(r.body)), { grant_type: "client_credentials", scope: "public_api" });
            t.is(r.headers.authorization, `Basic ${Buffer.from("id 3:se:cr%et+3").toString("base64")}`);
        },
    },
    {
        title: "brainysoft puts the credentials in the form body, never in the query string",
        raw: (url) => ({ vendor: "brainysoft", customerKey: "acme", clientId: "id-4", clientSecret: "secret-value-4", endpoint: `${url}/bs/{customerKey}` }),
        path: "/bs/acme/oauth/token",
        check: (t, r) => {
            t.false(r.url.includes("?"));
            t.deepEqual(Object.fromEntries(new URLSearchParams(r.body)), {
                grant_type: "client_credentials",
                client_id: "id-4",
                client_secret: "secret-value-4",
            });
        },
    },
    {
        title: "brite sends JSON public_key and secret to merchant.authorize",
        raw: (url) => ({ vendor: "brite", publicKey: "sandbox-key", secret: "secret-value-5", endpoint: url }),
        path: "/api/merchant.authorize",
        check: (t, r) => t.deepEqual(JSON.parse(r.body), { public_key: "sandbox-key", secret: "secret-value-5" }),
    },
    {
        title: "oauth2 uses client_secret_basic by default, form-urlencoding id and secret first (RFC 6749 App. B)",
        raw: (url) => ({ vendor: "oauth2", clientId: "id 6", clientSecret: "s:6", tokenUrl: `${url}/token`, scope: "a b", audience: "api" }),
        path: "/token",
        check: (t, r) => {
            t.is(r.headers.authorization, `Basic ${Buffer.from("id+6:s%3A6").toString("base64")}`);
            t.deepEqual(Object.fromEntries(new URLSearchParams(r.body)), { grant_type: "client_credentials", scope: "a b", audience: "api" });
        },
    },
    {
        title: "oauth2 with client_secret_post puts them in the body",
        raw: (url) => ({ vendor: "oauth2", clientId: "id-7", clientSecret: "secret-value-7", tokenUrl: `${url}/token`, clientAuth: "client_secret_post" }),
        path: "/token",
        check: (t, r) => {
            t.is(r.headers.authorization, undefined);
            t.deepEqual(Object.fromEntries(new URLSearchParams(r.body)), {
                grant_type: "client_credentials",
                client_id: "id-7",
                client_secret: "secret-value-7",
            });
        },
    },
];

for (const shape of shapes) {
    test(`request shape: ${shape.title}`, async (t) => {
        const server = await recorder(200, tokenBody);
        try {
            await requestToken(settings(shape.raw(server.url)), fast);
            t.is(server.requests.length, 1);
            const request = server.requests[0]!;
            t.is(request.method, "POST");
            t.is(request.url.split("?")[0], shape.path);
            shape.check(t, request);
        } finally {
            server.server.close();
        }
    });
}

// ---- tokens from the emulators ----------------------------------------------------------------

test("Bringg: a token for an enabled app, with the app's scopes read from the JWT", async (t) => {
    const app = emulator.control.createApplication(1, { name: "vendors-profile", scopes: ["tasks_read"] });
    emulator.control.setEnabled(1, app.client_id, true);
    const grant = await requestToken(settings({ vendor: "bringg", clientId: app.client_id, clientSecret: app.client_secret, endpoint: emulator.url }), fast);
    t.is(grant.tokenType, "Bearer");
    t.deepEqual(grant.scopes, ["tasks_read"]);
    t.is(grant.lifetimeSeconds, 14400);
    const short = await requestToken(
        settings({ vendor: "bringg", clientId: app.client_id, clientSecret: app.client_secret, endpoint: emulator.url, ttl: 300, bodyEncoding: "form" }),
        fast,
    );
    t.is(short.lifetimeSeconds, 300);
});

test("Bruin: a one-hour token granting the requested scope (the reply names none), by body or Basic", async (t) => {
    for (const clientAuth of ["body", "basic"]) {
        const grant = await requestToken(settings({ ...bruin(), clientAuth }), fast);
        t.is(grant.lifetimeSeconds, 3600);
        t.deepEqual(grant.scopes, ["public_api"]);
        t.true(emulator.vendors.tokenActive(grant.accessToken));
    }
});

test.serial("Brainysoft: a 299-second token with the scopes and session id the reply names; bearer in any case", async (t) => {
    emulator.vendors.configureVendors({ brainysoftTokenType: "bearer" });
    try {
        const grant = await requestToken(settings({ ...brainysoft(), scope: "core_basic admin:read" }), fast);
        t.is(grant.lifetimeSeconds, 299);
        t.deepEqual(grant.scopes, ["core_basic", "admin:read"]);
        t.is(grant.tokenType, "bearer");
        t.regex(grant.sessionId ?? "", /^[0-9a-f-]{36}$/);
    } finally {
        emulator.vendors.configureVendors({ brainysoftTokenType: "Bearer" });
    }
});

test.serial("Brite: an absolute expiry six hours ahead (float or integer), from merchant.authorize only", async (t) => {
    emulator.vendors.resetVendorCounters();
    for (const briteExpires of ["float", "int"] as const) {
        emulator.vendors.configureVendors({ briteExpires });
        const grant = await requestToken(settings(brite()), { ...fast, now: () => emulator.control.now() });
        t.true(grant.lifetimeSeconds! >= 6 * 3600 - 2 && grant.lifetimeSeconds! <= 6 * 3600);
        t.truthy(grant.refreshToken);
        t.deepEqual(grant.scopes, []);
    }
    emulator.vendors.configureVendors({ briteExpires: "int" });
    t.deepEqual(emulator.vendors.vendorCounters(), { "brite.merchant.authorize": 2 }, "never merchant.token");
});

test("oauth2: the generic profile gets a token from an RFC-style server (the Brainysoft emulator) with Basic", async (t) => {
    const grant = await requestToken(
        settings({
            vendor: "oauth2",
            clientId: demo.brainysoft.clientId,
            clientSecret: demo.brainysoft.clientSecret,
            tokenUrl: `${emulator.url}/brainysoft/demo/oauth/token`,
        }),
        fast,
    );
    t.is(grant.lifetimeSeconds, 299);
});

// ---- refusals ---------------------------------------------------------------------------------

const refusals: Array<{ title: string; raw: () => Record<string, unknown>; code: string; words: RegExp; secret: string }> = [
    {
        title: "Bruin wrong secret",
        raw: () => ({ ...bruin(), clientSecret: "wrong-bruin-secret" }),
        code: "bad_credentials",
        words: /^Bruin refused the credential client_id "demo-bruin-client" \(bad credentials\).*returned 400: "invalid_client"/,
        secret: "wrong-bruin-secret",
    },
    {
        title: "Bruin wrong scope",
        raw: () => ({ ...bruin(), scope: "admin_api" }),
        code: "bad_scope",
        words: /^Bruin refused .* \(bad scope\).*public_api/,
        secret: demo.bruin.clientSecret,
    },
    {
        title: "Brainysoft wrong secret",
        raw: () => ({ ...brainysoft(), clientSecret: "wrong-brainy-secret" }),
        code: "bad_credentials",
        words: /^Brainysoft refused .* of customer "demo" \(bad credentials\).*401: "invalid_client: Bad client credentials"/,
        secret: "wrong-brainy-secret",
    },
    {
        title: "Brainysoft scope outside the ClientApp",
        raw: () => ({ ...brainysoft(), scope: "root" }),
        code: "bad_scope",
        words: /^Brainysoft refused .*\(bad scope\).*Invalid scope: root/,
        secret: demo.brainysoft.clientSecret,
    },
    {
        title: "Brainysoft unknown customer",
        raw: () => ({ ...brainysoft(), customerKey: "nobody" }),
        code: "bad_request",
        words: /^Brainysoft refused .*\(bad request shape\).*404/,
        secret: demo.brainysoft.clientSecret,
    },
    {
        title: "Brite wrong secret",
        raw: () => ({ ...brite(), secret: "wrong-brite-secret" }),
        code: "bad_credentials",
        words: /^Brite refused the credential public_key "sandbox-demo-public-key" \(bad credentials\).*401: "Invalid credentials"/,
        secret: "wrong-brite-secret",
    },
];

for (const refusal of refusals) {
    test(`refusal: ${refusal.title} is ${refusal.code}, names the vendor and not the secret`, async (t) => {
        const error = await t.throwsAsync(requestToken(settings(refusal.raw()), fast));
        t.true(VendorTokenError.isInstance(error));
        t.is((error as VendorTokenError).code as string, refusal.code);
        t.regex(error!.message, refusal.words);
        t.regex(error!.message, /Fix: /);
        t.false(error!.message.includes(refusal.secret));
    });
}

test.serial("a vendor that is down is retried, then reported as vendor unavailable with the attempts", async (t) => {
    emulator.vendors.setVendorDown("brite", 503);
    emulator.vendors.resetVendorCounters();
    try {
        const error = await t.throwsAsync(requestToken(settings(brite()), fast));
        t.is((error as VendorTokenError).code, "vendor_down");
        t.regex(error!.message, /^Brite could not check .*\(vendor unavailable\).*returned 503.*after 3 attempts/);
        t.is(emulator.vendors.vendorCounters()["brite.merchant.authorize"], 3);
    } finally {
        emulator.vendors.setVendorDown("brite", null);
    }
});

test("no reply at all is vendor unavailable, naming the network error", async (t) => {
    const closed = await recorder(200, tokenBody);
    const url = closed.url;
    await new Promise((resolve) => closed.server.close(resolve));
    const error = await t.throwsAsync(requestToken(settings({ ...bruin(), endpoint: url }), fast));
    t.is((error as VendorTokenError).code, "vendor_down");
    t.regex(error!.message, /got no reply \(ECONNREFUSED\)/);
});

const noToken: Array<[string, number, string, string]> = [
    ["an empty object", 200, "{}", "unexpected_reply"],
    ["an empty access_token", 200, JSON.stringify({ access_token: "", expires_in: 5 }), "unexpected_reply"],
    ["an error body (Brite and Bringg may answer 200 to a failure)", 200, JSON.stringify({ error: "invalid_client", message: "bad key" }), "bad_credentials"],
    ["success:false", 200, JSON.stringify({ success: false, message: "not allowed" }), "unexpected_reply"],
    ["HTML", 200, "<html>login</html>", "unexpected_reply"],
];

for (const [what, status, body, code] of noToken) {
    test(`a ${status} reply without a token is a failure: ${what}`, async (t) => {
        const server = await recorder(status, body);
        try {
            const error = await t.throwsAsync(
                requestToken(settings({ vendor: "brite", publicKey: "k", secret: "secret-value-x", endpoint: server.url }), fast),
            );
            t.is((error as VendorTokenError).code as string, code);
            t.regex(error!.message, /returned 200 without an access token/);
        } finally {
            server.server.close();
        }
    });
}

test("a token echoed in an error body is redacted from the message", async (t) => {
    const leaked = "leaky-token-abcdef-123456";
    const server = await recorder(401, JSON.stringify({ error: "invalid_client", error_description: `token ${leaked} rejected for secret-value-9` }));
    try {
        const error = await t.throwsAsync(
            requestToken(settings({ vendor: "oauth2", clientId: "c", clientSecret: "secret-value-9", tokenUrl: `${server.url}/t` }), fast),
        );
        t.false(error!.message.includes("secret-value-9"));
        t.regex(error!.message, /\[redacted\]/);
    } finally {
        server.server.close();
    }
});

// ---- what is retried: only what docs/vendors.md says (network errors, 429, 5xx) ----------------

/** Token requests the emulator received, Bringg's and every vendor's. */
function tokenRequests(): number {
    const vendors = Object.values(emulator.vendors.vendorCounters()).reduce((sum, n) => sum + n, 0);
    return vendors + (emulator.control.counters().byRoute.token ?? 0);
}

test.serial("a refusal is never retried: one request for each vendor's wrong secret, and no attempts in the message", async (t) => {
    const app = emulator.control.createApplication(1, { name: "vendors-refusal", scopes: ["tasks_read"] });
    emulator.control.setEnabled(1, app.client_id, true);
    const wrong = "wrong-secret-never-retried";
    const cases: Record<string, Record<string, unknown>> = {
        bringg: { vendor: "bringg", clientId: app.client_id, clientSecret: wrong, endpoint: emulator.url },
        oauth2: { vendor: "oauth2", clientId: app.client_id, clientSecret: wrong, tokenUrl: `${emulator.url}/oauth/token` },
        bruin: { ...bruin(), clientSecret: wrong },
        brainysoft: { ...brainysoft(), clientSecret: wrong },
        brite: { ...brite(), secret: wrong },
    };
    for (const [vendor, raw] of Object.entries(cases)) {
        emulator.vendors.resetVendorCounters();
        emulator.control.resetCounters();
        const error = await t.throwsAsync(requestToken(settings(raw), fast));
        t.is((error as VendorTokenError).code, "bad_credentials", vendor);
        t.is(tokenRequests(), 1, `${vendor}: one request`);
        t.notRegex(error!.message, /attempts/, vendor);
    }
});

test.serial("a refusal after a lost reply says what the repeated attempt got", async (t) => {
    const app = emulator.control.createApplication(1, { name: "vendors-lost-reply", scopes: ["tasks_read"] });
    emulator.control.setEnabled(1, app.client_id, true);
    emulator.control.resetCounters();
    emulator.control.injectFault("token", { reset: true });
    const error = await t.throwsAsync(
        requestToken(settings({ vendor: "bringg", clientId: app.client_id, clientSecret: "wrong-secret-after-reset", endpoint: emulator.url }), fast),
    );
    t.is((error as VendorTokenError).code, "bad_credentials");
    t.is(emulator.control.counters().byRoute.token, 2, "the reset is retried (a network error), the refusal is not");
    t.regex(error!.message, /returned 401: "invalid_client: [^"]*" \(after 2 attempts; earlier: no reply \(ECONNRESET\)\)\. Fix: /);
});
