/**
 * Each vendor profile against its vendor's published examples (test/fixtures/contract/): a local
 * server answers the token client with the published reply, and the test checks the grant the
 * provider uses (token, lifetime, scopes) and that the request has the published fields, path and
 * content type.
 */
import test from "ava";
import { requestToken } from "../../provider/vendors/client";
import { parseVendorSettings, type VendorSettings } from "../../provider/vendors/settings";
import { fixture, stub, unsignedJwt } from "./helpers";

/** Settings through the same validation the resource uses. */
function settings(raw: Record<string, unknown>): VendorSettings {
    const parsed = parseVendorSettings(raw);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return parsed.settings;
}

const fast = { retries: 0, baseDelayMs: 1 };

const formKeys = (body: string) => [...new URLSearchParams(body).keys()].sort();

for (const vendor of ["bringg", "deliveryHub"] as const) {
    test(`${vendor}: the published token reply gives a grant; the request sends only published fields`, async (t) => {
        const server = await stub({ body: fixture("bringg/token-reply.json") });
        t.teardown(server.close);
        const grant = await requestToken(settings({ vendor, clientId: "client-id-1", clientSecret: "client-secret-1", endpoint: server.url, ttl: 600 }), fast);
        t.is(grant.accessToken, fixture("bringg/token-reply.json").access_token);
        t.is(grant.tokenType, "Bearer");
        t.is(grant.lifetimeSeconds, 3600);
        t.deepEqual(grant.scopes, [], "the example's claims are XXXXX: no scope can be read, and none is invented");

        const sent = server.seen[0]!;
        t.is(sent.url, "/oauth/token");
        const published = Object.keys(fixture(vendor === "bringg" ? "bringg/token-request.access-management.json" : "bringg/token-request.delivery-hub.json"));
        for (const field of Object.keys(JSON.parse(sent.body))) t.true(published.includes(field), `${field} is a published field`);
    });
}

test("bringg: the granted scopes come from the published token's scp claim", async (t) => {
    const { header, claims } = fixture("bringg/jwt.get-token.json");
    const server = await stub({ body: { ...fixture("bringg/token-reply.json"), access_token: unsignedJwt(header, claims) } });
    t.teardown(server.close);
    const grant = await requestToken(settings({ vendor: "bringg", clientId: "client-id-1", clientSecret: "client-secret-1", endpoint: server.url }), fast);
    t.deepEqual(grant.scopes, ["fleet"]);
});

test("bruin: the published reply gives a one-hour grant of the requested scope; the request is the published one", async (t) => {
    const server = await stub({ headers: fixture("bruin/token-reply.headers.json"), body: fixture("bruin/token-reply.json") });
    t.teardown(server.close);
    const grant = await requestToken(
        settings({ vendor: "bruin", clientId: "client-id-1", clientSecret: "client-secret-1", scope: "public_api", endpoint: server.url }),
        fast,
    );
    t.is(grant.accessToken, "{token}");
    t.is(grant.tokenType, "Bearer");
    t.is(grant.lifetimeSeconds, 3600);
    t.deepEqual(grant.scopes, ["public_api"], "Bruin names no scope: the requested one was granted");

    const published = fixture("bruin/token-request.json");
    const sent = server.seen[0]!;
    t.is(sent.method, published.method);
    t.is(sent.url, published.path);
    t.is(sent.headers["content-type"], published.headers["content-type"]);
    t.deepEqual(formKeys(sent.body), formKeys(published.body));
    const fields = new URLSearchParams(sent.body);
    const publishedFields = new URLSearchParams(published.body);
    t.is(fields.get("grant_type"), publishedFields.get("grant_type"));
    t.is(fields.get("scope"), publishedFields.get("scope"));
});

test("brainysoft: the published reply gives a grant with its scopes and session; the request is the published body form", async (t) => {
    const server = await stub({ body: fixture("brainysoft/token-reply.json") });
    t.teardown(server.close);
    const grant = await requestToken(
        settings({
            vendor: "brainysoft",
            customerKey: "acme",
            clientId: "client-id-1",
            clientSecret: "client-secret-1",
            endpoint: `${server.url}/{customerKey}`,
        }),
        fast,
    );
    t.is(grant.accessToken, "....");
    t.is(grant.lifetimeSeconds, 299);
    t.deepEqual(grant.scopes, fixture("brainysoft/token-reply.json").scope.split(" "));
    t.is(grant.sessionId, "d7222674-bc8a-4db9-aa44-a9206cada8df");

    const published = fixture("brainysoft/token-request.body.json");
    const sent = server.seen[0]!;
    t.is(sent.url, "/acme/oauth/token", "no query string: the credentials never go in the URL");
    t.is(sent.headers["content-type"], published.headers["content-type"]);
    t.deepEqual(formKeys(sent.body), Object.keys(published.form).sort());
    const query = new URL(fixture("brainysoft/token-request.query.json").url.replace("{customer-key}", "acme")).searchParams;
    t.deepEqual([...query.keys()].sort(), Object.keys(published.form).sort(), "the query example has the same fields as the body example");
});

test("brite: the published authorize reply gives a grant with its absolute expiry; the request is the published one", async (t) => {
    const server = await stub({ body: fixture("brite/authorize-reply.json") });
    t.teardown(server.close);
    const expires = fixture("brite/authorize-reply.json").expires as number;
    const receivedAt = (expires - 6 * 3600) * 1000;
    const grant = await requestToken(settings({ vendor: "brite", publicKey: "public-key-1", secret: "secret-1", endpoint: server.url }), {
        ...fast,
        now: () => receivedAt,
    });
    t.is(grant.accessToken, "string");
    t.is(grant.refreshToken, "string");
    t.is(grant.expiresAt, expires * 1000);
    t.is(grant.lifetimeSeconds, 6 * 3600, "Brite's access token lasts 6 h");

    const sent = server.seen[0]!;
    t.is(sent.url, "/api/merchant.authorize");
    t.is(sent.headers["content-type"], "application/json", "Brite: the content-type must be application/json");
    t.deepEqual(Object.keys(JSON.parse(sent.body)).sort(), Object.keys(fixture("brite/authorize-request.json")).sort());
});
