/**
 * Bringg's published examples (test/fixtures/contract/, not written by the emulator) against the
 * client: the wire schemas accept every published request and reply, and the client, answered by a
 * local server with a published reply, yields what the provider uses from it.
 */
import test from "ava";
import { BringgClient } from "../../provider/core/client";
import { routes } from "../../provider/api/routes";
import * as wire from "../../provider/api/wire";
import { contractRoot, fixture, fixtureFiles, stub } from "./helpers";
import { readFileSync } from "node:fs";
import path from "node:path";

const fast = { limit: 0, backoffLimitMs: 20 };

function client(url: string): BringgClient {
    return new BringgClient({ settings: { baseUrl: url, username: "admin@example.com", password: "not-a-real-password" }, retry: fast });
}

test("the fixtures' README names every fixture, with its source", (t) => {
    const readme = readFileSync(path.join(contractRoot, "README.md"), "utf8");
    for (const file of fixtureFiles()) t.true(readme.includes(`| ${file} |`), `${file} is listed in test/fixtures/contract/README.md`);
});

// ---- the wire schemas ---------------------------------------------------------------------------

for (const file of ["bringg/token-reply.json", "bringg/token-reply.delivery-hub.json"]) {
    test(`tokenResponse parses the published token reply (${file})`, (t) => {
        const reply = wire.tokenResponse.parse(fixture(file));
        t.true(reply.access_token.startsWith("eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzUxMiJ9."), "the token is kept as sent");
        t.is(reply.token_type, "Bearer");
        t.is(reply.expires_in, 3600);
        t.is(reply.created_at, 1583192109);
        t.is(reply.scope, undefined, "the published reply names no scopes");
    });
}

test("tokenInfo parses the published token info reply", (t) => {
    const info = wire.tokenInfo.parse(fixture("bringg/token-info-reply.json"));
    t.is(info.resource_owner_id, "Merchant:1");
    t.deepEqual(info.scope, []);
    t.is(info.expires_in, 1779);
    t.is(info.application.uid, "KjBYkBNQEIxjhDZ_3kNtM28oBvvJEq0yUJKDIiYCCDg");
    t.is(info.created_at, 1582558663);
});

test("introspection parses RFC 7662's examples (Bringg publishes none)", (t) => {
    const active = wire.introspection.parse(fixture("standards/rfc7662-introspection-active.json"));
    t.true(active.active);
    t.is(active.scope, "read write dolphin");
    t.is(active.client_id, "l238j323ds-23ij4");
    t.is(active.exp, 1419356238);
    t.is((active as Record<string, unknown>).extension_field, "twenty-seven", "unknown fields pass through");
    t.deepEqual(wire.introspection.parse(fixture("standards/rfc7662-introspection-inactive.json")), { active: false });
});

test("the error schemas parse the published error bodies", (t) => {
    const bringg = wire.bringgError.parse(fixture("bringg/error.json"));
    t.is(bringg.title, "<message>");
    t.is(bringg.status, 400);
    t.is(bringg.success, false);
    t.is(wire.oauthError.parse(fixture("standards/rfc6749-error.json")).error, "invalid_request");
});

test('setScopeTtlsRequest accepts the published Scopes API body {"teams_write": 1000}', (t) => {
    t.deepEqual(wire.setScopeTtlsRequest.parse(fixture("bringg/scope-ttls-request.json")), { teams_write: 1000 });
    t.is(routes.setScopeTtls.request, wire.setScopeTtlsRequest, "the route sends that schema's body");
});

for (const file of ["bringg/token-request.access-management.json", "bringg/token-request.delivery-hub.json"]) {
    test(`tokenRequest accepts the published token request's fields (${file})`, (t) => {
        const published = fixture(file);
        t.deepEqual(wire.tokenRequest.parse(published), published);
    });
}

for (const file of ["bringg/introspect-request.bearer.json", "bringg/introspect-request.client.json"]) {
    test(`introspectRequest accepts the published introspection request (${file})`, (t) => {
        const published = fixture(file);
        t.deepEqual(wire.introspectRequest.parse(published), published);
    });
}

// ---- the client, answered with the published replies --------------------------------------------

test("the client's token request sends only published fields and yields the published reply", async (t) => {
    const server = await stub({ body: fixture("bringg/token-reply.json") });
    t.teardown(server.close);
    const token = await client(server.url).requestToken({ clientId: "client-id-1", clientSecret: "client-secret-1", scope: "teams_write", ttl: 600 });
    t.is(token.access_token, fixture("bringg/token-reply.json").access_token);
    t.is(token.token_type, "Bearer");
    t.is(token.expires_in, 3600);
    t.is(token.created_at, 1583192109);

    const [sent] = server.seen;
    t.is(sent?.method, "POST");
    t.is(sent?.url, "/oauth/token", "the path of Delivery Hub OAuth's published URL");
    const published = Object.keys(fixture("bringg/token-request.access-management.json"));
    for (const field of Object.keys(JSON.parse(sent!.body))) t.true(published.includes(field), `${field} is a published token request field`);
});

test("the client reads the published token info reply", async (t) => {
    const server = await stub({ body: fixture("bringg/token-info-reply.json") });
    t.teardown(server.close);
    const info = await client(server.url).call("tokenInfo", { bearer: "an-access-token" });
    t.is(info.application.uid, "KjBYkBNQEIxjhDZ_3kNtM28oBvvJEq0yUJKDIiYCCDg");
    t.deepEqual(info.scope, []);
    t.is(info.expires_in, 1779);
    t.is(server.seen[0]?.url, "/oauth/token/info", "the path Access Management's example calls");
    t.is(server.seen[0]?.method, "GET");
    t.is(server.seen[0]?.headers.authorization, "Bearer an-access-token");
});

test("the client's introspection reads RFC 7662's replies and sends the published fields", async (t) => {
    for (const [file, active] of [
        ["standards/rfc7662-introspection-active.json", true],
        ["standards/rfc7662-introspection-inactive.json", false],
    ] as const) {
        const server = await stub({ body: fixture(file) });
        const reply = await client(server.url).introspect({ clientId: "client-id-1", clientSecret: "client-secret-1", token: "a-token" });
        await server.close();
        t.is(reply.active, active, file);
        const published = Object.keys(fixture("bringg/introspect-request.client.json"));
        t.deepEqual(Object.keys(JSON.parse(server.seen[0]!.body)).sort(), [...published].sort());
    }
});

test("the client sends the published Scopes API body as it is", async (t) => {
    const server = await stub({ body: [] });
    t.teardown(server.close);
    await client(server.url).setScopeTtls(fixture("bringg/scope-ttls-request.json"));
    t.is(server.seen[0]?.method, "POST", "Access Management's method");
    t.is(server.seen[0]?.headers["content-type"], "application/json", "Access Management's content type");
    t.deepEqual(JSON.parse(server.seen[0]!.body), { teams_write: 1000 });
});

test("the client's error shows the title of Bringg's published error body", async (t) => {
    const server = await stub({ status: 400, body: fixture("bringg/error.json") });
    t.teardown(server.close);
    const error = await t.throwsAsync(client(server.url).listApplications());
    t.regex(error!.message, /<message>/);
    t.regex(error!.message, /400/);
});

// ---- the published JWT --------------------------------------------------------------------------

test("the published token's header and claims are Bringg's JWT as the docs describe it", (t) => {
    const published = fixture("bringg/jwt.get-token.json");
    t.deepEqual(published.header, { typ: "JWT", alg: "HS512" });
    t.is(published.claims.exp - published.claims.iat, 1800, "exp = iat + expires_in (1800 s on the Get Token page)");
    t.is(published.claims.iss, "urn:x-bringg:service:api");
    t.deepEqual(published.claims.scp, ["fleet"]);
    t.is(published.claims.aud[0].length, 43, "aud holds a client id of Doorkeeper's shape");
});
