/**
 * VendorCredential's check: the bad-input table fails at preview naming the field (no vendor call),
 * unknown values are not judged, and the checked inputs are normalized; and its diff.
 */
import test from "ava";
import { check, diff } from "../../provider/vendor-credential/crud";
import { unknownValue } from "../../provider/core/check";

const good = {
    bringg: { vendor: "bringg", clientId: "c", clientSecret: "s", region: "us2" },
    deliveryHub: { vendor: "deliveryHub", clientId: "c", clientSecret: "s", region: "eu2" },
    bruin: { vendor: "bruin", clientId: "c", clientSecret: "s", scope: "public_api" },
    brainysoft: { vendor: "brainysoft", clientId: "c", clientSecret: "s", customerKey: "acme" },
    brite: { vendor: "brite", publicKey: "sandbox-k", secret: "s", environment: "sandbox" },
    oauth2: { vendor: "oauth2", clientId: "c", clientSecret: "s", tokenUrl: "https://auth.example.com/oauth/token" },
} satisfies Record<string, Record<string, unknown>>;

for (const [vendor, inputs] of Object.entries(good)) {
    test(`a minimal ${vendor} credential passes check, with verifyOnRefresh defaulted to false`, (t) => {
        const result = check({}, inputs);
        t.deepEqual(result.failures, []);
        t.is(result.inputs.verifyOnRefresh, false);
    });
}

/** [title, inputs, property, reason pattern] */
const badInputs: Array<[string, Record<string, unknown>, string, RegExp]> = [
    [
        "unknown vendor",
        { vendor: "acme", clientId: "c" },
        "vendor",
        /vendor "acme" is not supported: use bringg, deliveryHub, bruin, brainysoft, brite or oauth2/,
    ],
    ["missing vendor", { clientId: "c" }, "vendor", /vendor is required/],
    ["missing customerKey for brainysoft", { ...good.brainysoft, customerKey: undefined }, "customerKey", /customerKey is required for brainysoft/],
    ["customerKey that is not a host label", { ...good.brainysoft, customerKey: "acme.evil.com/x" }, "customerKey", /is not a customer key/],
    [
        "http:// token URL for a non-loopback host",
        { ...good.oauth2, tokenUrl: "http://auth.example.com/token" },
        "tokenUrl",
        /uses http:\/\/ for a host that is not this machine/,
    ],
    ["http:// endpoint for a non-loopback host", { ...good.bruin, endpoint: "http://id.bruin.com" }, "endpoint", /unencrypted; use https:\/\//],
    [
        "a token URL with a query string",
        { ...good.oauth2, tokenUrl: "https://auth.example.com/token?client_secret=x" },
        "tokenUrl",
        /must not have a query string/,
    ],
    [
        "a token URL with user:password",
        { ...good.oauth2, tokenUrl: "https://u:p@auth.example.com/token" },
        "tokenUrl",
        /must not carry a user name or password/,
    ],
    ["not a URL", { ...good.brite, environment: undefined, endpoint: "sandbox" }, "endpoint", /is not an absolute URL/],
    ["scope missing for bruin", { ...good.bruin, scope: undefined }, "scope", /scope is required for bruin.*public_api/],
    ["neither region nor endpoint for bringg", { ...good.bringg, region: undefined }, "region", /region or endpoint is required for bringg/],
    ["both region and endpoint", { ...good.bringg, endpoint: "https://proxy.example.com" }, "endpoint", /both set and contradict/],
    ["a Delivery Hub region without a token host", { ...good.deliveryHub, region: "us1" }, "region", /region must be eu2 or us2/],
    ["neither environment nor endpoint for brite", { ...good.brite, environment: undefined }, "environment", /environment or endpoint is required for brite/],
    ["missing tokenUrl for oauth2", { ...good.oauth2, tokenUrl: undefined }, "tokenUrl", /tokenUrl is required for oauth2/],
    ["empty client secret", { ...good.bruin, clientSecret: "" }, "clientSecret", /clientSecret must not be empty/],
    ["missing client id", { ...good.bruin, clientId: undefined }, "clientId", /clientId is not set: give the client id emailed by Bruin/],
    ["a client id that is not a string", { ...good.bruin, clientId: 7 }, "clientId", /clientId must be a string/],
    [
        "missing client secret (an Application's clientSecret passed as it is, undefined for an adopted application)",
        { ...good.bringg, clientSecret: undefined },
        "clientSecret",
        /clientSecret is not set: .*An Application's clientSecret is undefined when the application was adopted or has keepSecretInState: false/,
    ],
    [
        "a field of another vendor",
        { ...good.bruin, customerKey: "acme" },
        "customerKey",
        /"customerKey" is not an input of a bruin VendorCredential: use clientId, clientSecret, scope, clientAuth, endpoint, requiredScopes/,
    ],
    ["a misspelt input", { ...good.brite, verifyOnRefesh: true }, "verifyOnRefesh", /is not an input of a brite VendorCredential/],
    ["requiredScopes for brite", { ...good.brite, requiredScopes: ["x"] }, "requiredScopes", /Brite tokens carry no scopes/],
    ["requiredScopes not requested", { ...good.bruin, requiredScopes: ["admin"] }, "requiredScopes", /names admin, which scope does not request/],
    ["a malformed minLifetime", { ...good.bruin, minLifetime: "10M" }, "minLifetime", /units are lower-case/],
    ["a fractional ttl", { ...good.bringg, ttl: 1.5 }, "ttl", /whole number of seconds/],
    ["an unknown clientAuth", { ...good.oauth2, clientAuth: "private_key_jwt" }, "clientAuth", /client_secret_basic/],
    ["a bad bodyEncoding", { ...good.bringg, bodyEncoding: "xml" }, "bodyEncoding", /"json" or "form"/],
];

for (const [title, inputs, property, reason] of badInputs) {
    test(`bad input fails check naming the field: ${title}`, (t) => {
        const { failures } = check({}, inputs);
        const failure = failures.find((f) => f.property === property);
        t.truthy(failure, `expected a failure on ${property}, got ${JSON.stringify(failures)}`);
        t.regex(failure!.reason, reason);
    });
}

test("every problem is reported at once", (t) => {
    const { failures } = check({}, { vendor: "brainysoft", clientSecret: "", endpoint: "http://example.com" });
    t.deepEqual(failures.map((f) => f.property).sort(), ["clientId", "clientSecret", "customerKey", "endpoint"]);
});

test("http:// is allowed to loopback hosts (the emulator, a sidecar)", (t) => {
    for (const host of ["127.0.0.1:8089", "localhost:1", "[::1]:9"]) {
        t.deepEqual(check({}, { ...good.oauth2, tokenUrl: `http://${host}/token` }).failures, []);
    }
});

test("values unknown at preview are not judged; known ones still are", (t) => {
    t.deepEqual(
        check({}, { ...good.bruin, clientId: unknownValue, clientSecret: unknownValue, scope: unknownValue, requiredScopes: ["public_api"] }).failures,
        [],
    );
    t.deepEqual(check({}, { vendor: unknownValue, anything: 1 }).failures, []);
    const { failures, inputs } = check({}, { ...good.brainysoft, clientSecret: unknownValue, customerKey: "bad key" });
    t.deepEqual(
        failures.map((f) => f.property),
        ["customerKey"],
    );
    t.is(inputs.clientSecret, unknownValue);
});

test("check normalizes scope to a space-joined string, requiredScopes to a sorted set, triggers to canonical order", (t) => {
    const { inputs } = check(
        {},
        { ...good.bruin, scope: ["public_api", "public_api"], requiredScopes: ["public_api", "public_api"], triggers: { b: 1, a: "x" } },
    );
    t.is(inputs.scope, "public_api");
    t.deepEqual(inputs.requiredScopes, ["public_api"]);
    t.deepEqual(Object.keys(inputs.triggers as object), ["a", "b"]);
    t.is(check({}, { ...good.oauth2, tokenUrl: "https://auth.example.com/token/" }).inputs.tokenUrl, "https://auth.example.com/token");
});

const state = {
    ...check({}, good.bruin).inputs,
    status: "verified",
    verifiedAt: "2026-01-01T00:00:00.000Z",
    tokenType: "Bearer",
    grantedScopes: ["public_api"],
    fingerprint: "abc",
    schemaVersion: 1,
};

test("diff: no change when the inputs are as recorded", (t) => {
    t.false(diff("id", state, check({}, good.bruin).inputs).changes);
});

test("diff: any input change (secret, trigger, setting) verifies again in place; a vendor change replaces", (t) => {
    for (const change of [{ clientSecret: "s2" }, { triggers: { q: 1 } }, { clientAuth: "basic" }, { verifyOnRefresh: true }]) {
        const result = diff("id", state, check({}, { ...good.bruin, ...change }).inputs);
        t.true(result.changes, JSON.stringify(change));
        t.deepEqual(result.replaces, []);
    }
    t.deepEqual(diff("id", state, check({}, good.brainysoft).inputs).replaces, ["vendor"]);
    t.true(diff("id", state, { ...check({}, good.bruin).inputs, clientSecret: unknownValue }).changes);
});

test("diff: a credential a refresh found rejected is checked again by the next up", (t) => {
    t.true(diff("id", { ...state, status: "rejected", problem: "revoked" }, check({}, good.bruin).inputs).changes);
});
