/**
 * The emulator's replies against the published examples (test/fixtures/contract/): the same keys
 * and value types as the vendor's example (values are ignored: tokens, times and ids differ), and
 * the published requests are accepted. A difference here means the emulator no longer answers as the
 * vendor documents.
 */
import test from "ava";
import { demoVendorCredentials as demo } from "../../emulator/server";
import * as wire from "../../provider/api/wire";
import { admin, call, callRoute, createApp, decodeJwt, sharedEmulator, tokenFor } from "../emulator/helpers";
import { fixture, shapeDifferences } from "./helpers";

const emulator = sharedEmulator(test);

// ---- Bringg -------------------------------------------------------------------------------------

test("token: a multipart request with the published fields gets a reply shaped like the published one", async (t) => {
    const app = await createApp(emulator(), ["teams_write"]);
    const published = fixture("bringg/token-request.access-management.json");
    const fields = { grant_type: published.grant_type, client_id: app.client_id, client_secret: app.client_secret, scope: "teams_write", ttl: "600" };
    t.deepEqual(Object.keys(fields), Object.keys(published), "every published field is sent");
    const answer = await callRoute(emulator(), "token", {}, { multipart: fields });
    t.is(answer.status, 200, JSON.stringify(answer.body));
    t.deepEqual(shapeDifferences(fixture("bringg/token-reply.json"), answer.body), []);
    t.deepEqual(shapeDifferences(fixture("bringg/token-reply.delivery-hub.json"), answer.body), []);
});

test("token: the JWT's header and claims are shaped like the published token's", async (t) => {
    const app = await createApp(emulator(), ["teams_write"]);
    const { header, claims } = decodeJwt(await tokenFor(emulator(), app));
    const published = fixture("bringg/jwt.get-token.json");
    t.deepEqual(header, published.header);
    t.deepEqual(shapeDifferences(published.claims, claims, "claims"), []);
});

test("token info: the reply is shaped like the published one", async (t) => {
    const app = await createApp(emulator(), ["teams_write"]);
    const answer = await callRoute(emulator(), "tokenInfo", {}, { bearer: await tokenFor(emulator(), app) });
    t.is(answer.status, 200);
    t.deepEqual(shapeDifferences(fixture("bringg/token-info-reply.json"), answer.body), []);
    t.is(answer.body.resource_owner_id, `Merchant:${admin.merchantId}`, "the published Merchant:<id> form");
});

test("introspection: both published ways to authenticate are accepted; replies are RFC 7662's", async (t) => {
    const app = await createApp(emulator(), ["teams_write"]);
    const token = await tokenFor(emulator(), app);
    const other = await tokenFor(emulator(), app);
    const byClient = await callRoute(emulator(), "introspect", {}, { multipart: { client_id: app.client_id, client_secret: app.client_secret, token } });
    const byBearer = await callRoute(emulator(), "introspect", {}, { bearer: other, multipart: { token } });
    const rfc = fixture("standards/rfc7662-introspection-active.json");
    for (const answer of [byClient, byBearer]) {
        t.is(answer.status, 200, JSON.stringify(answer.body));
        t.true(answer.body.active);
        // RFC 7662 allows `aud` as a string or an array; every other shared member has the example's type.
        const shared = Object.keys(answer.body).filter((key) => key in rfc && key !== "aud");
        t.deepEqual(shapeDifferences(pick(rfc, shared), pick(answer.body, shared)), []);
    }
    const dead = await callRoute(
        emulator(),
        "introspect",
        {},
        { multipart: { client_id: app.client_id, client_secret: app.client_secret, token: "not-a-token" } },
    );
    t.deepEqual(dead.body, fixture("standards/rfc7662-introspection-inactive.json"));
});

test('Scopes API: the published body {"teams_write": 1000} is accepted and sets the TTL', async (t) => {
    const answer = await callRoute(emulator(), "setScopeTtls", {}, { as: admin, json: fixture("bringg/scope-ttls-request.json") });
    t.is(answer.status, 200, JSON.stringify(answer.body));
    const catalog = wire.scopeCatalog.parse(answer.body);
    t.is(catalog.find((scope) => scope.name === "teams_write")?.ttl, 1000);
    await callRoute(emulator(), "setScopeTtls", {}, { as: admin, json: { teams_write: null } });
});

test("errors: a Management error is shaped like the published error body, an OAuth error like RFC 6749's", async (t) => {
    const management = await callRoute(emulator(), "listApplications", {}, { as: { username: admin.username, password: "wrong-password" } });
    t.is(management.status, 401);
    t.deepEqual(shapeDifferences(fixture("bringg/error.json"), management.body), []);
    const oauth = await callRoute(emulator(), "token", {}, { form: { grant_type: "client_credentials", client_id: "unknown", client_secret: "unknown" } });
    t.is(oauth.status, 401);
    t.deepEqual(shapeDifferences(fixture("standards/rfc6749-error.json"), pick(oauth.body, ["error"])), []);
    t.deepEqual(
        Object.keys(oauth.body).filter((key) => !["error", "error_description", "error_uri", "state"].includes(key)),
        [],
        "only RFC 6749 §5.2's members (and Doorkeeper's state)",
    );
});

// ---- the other vendors ------------------------------------------------------------------------

test("Bruin: the published request gets a reply shaped like the published one, with its cache headers", async (t) => {
    const published = fixture("bruin/token-request.json");
    const body = published.body.replace("{client_id}", demo.bruin.clientId).replace("{Client_secret}", demo.bruin.clientSecret);
    const answer = await call(emulator().url, `/bruin${published.path}`, {
        method: published.method,
        headers: { "content-type": published.headers["content-type"] },
        raw: body,
    });
    t.is(answer.status, 200, JSON.stringify(answer.body));
    t.deepEqual(shapeDifferences(fixture("bruin/token-reply.json"), answer.body), []);
    const headers = fixture("bruin/token-reply.headers.json");
    for (const name of Object.keys(headers)) t.is(answer.headers.get(name), headers[name], name);
});

test("Brainysoft: both published requests (query, body) get replies shaped like the published one", async (t) => {
    const key = demo.brainysoft.customerKey;
    const credentials = (url: string) =>
        url.replace("f81f7fb9-****-****-****-*********", demo.brainysoft.clientId).replace("6jsHY5********************", demo.brainysoft.clientSecret);
    const queryUrl = new URL(credentials(fixture("brainysoft/token-request.query.json").url.replace("{customer-key}", key)));
    const byQuery = await call(emulator().url, `/brainysoft/${key}${queryUrl.pathname}${queryUrl.search}`, { method: "POST" });
    const form = fixture("brainysoft/token-request.body.json").form;
    const byBody = await call(emulator().url, `/brainysoft/${key}/oauth/token`, {
        form: { ...form, client_id: demo.brainysoft.clientId, client_secret: demo.brainysoft.clientSecret },
    });
    for (const answer of [byQuery, byBody]) {
        t.is(answer.status, 200, JSON.stringify(answer.body));
        t.deepEqual(shapeDifferences(fixture("brainysoft/token-reply.json"), answer.body), []);
    }
});

test("Brite: the published authorize and renew requests get replies shaped like the published one", async (t) => {
    const authorize = await call(emulator().url, "/brite/api/merchant.authorize", {
        json: { ...fixture("brite/authorize-request.json"), public_key: demo.brite.publicKey, secret: demo.brite.secret },
    });
    t.is(authorize.status, 200, JSON.stringify(authorize.body));
    t.deepEqual(shapeDifferences(fixture("brite/authorize-reply.json"), authorize.body), []);
    const renewRequest = { ...fixture("brite/renew-request.json"), access_token: authorize.body.access_token, refresh_token: authorize.body.refresh_token };
    t.deepEqual(Object.keys(renewRequest), Object.keys(fixture("brite/renew-request.json")));
    const renewed = await call(emulator().url, "/brite/api/merchant.token", { json: renewRequest });
    t.is(renewed.status, 200, JSON.stringify(renewed.body));
    t.deepEqual(
        shapeDifferences(fixture("brite/authorize-reply.json"), renewed.body),
        [],
        "Brite publishes no renewal reply; the emulator answers like authorize",
    );
});

function pick(value: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
    return Object.fromEntries(keys.map((key) => [key, value[key]]));
}
