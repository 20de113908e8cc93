/**
 * getAccessToken: tokens are cached in the process until 60 s before they expire, concurrent
 * callers share one request, different credentials never share a token, and bad arguments are
 * refused naming the field before anything is sent.
 */
import test from "ava";
import { demoVendorCredentials as demo, startEmulator, type RunningEmulator } from "../../emulator/server";
import { cacheMarginMs, clearTokenCache, getAccessToken } from "../../provider/vendors/access-token";
import { demoSettings } from "./helpers";

let emulator: RunningEmulator;

test.before(async () => {
    emulator = await startEmulator({ port: 0 });
});

test.after.always(async () => {
    await emulator?.stop();
});

const brainysoft = () => demoSettings(emulator.url).brainysoft;

const requests = () => emulator.vendors.vendorCounters()["brainysoft.token"] ?? 0;

test.serial("a token is reused until 60 s before it expires, then a new one is requested", async (t) => {
    clearTokenCache();
    emulator.vendors.resetVendorCounters();
    let now = Date.now();
    const clock = { now: () => now };
    const first = await getAccessToken(brainysoft(), clock);
    t.is(requests(), 1);
    t.true(emulator.vendors.tokenActive(first.accessToken));
    t.deepEqual(first.scopes, [...demo.brainysoft.scopes]);

    // 299 s lifetime: reused up to 239 s, renewed from then on.
    now += 299 * 1000 - cacheMarginMs - 1000;
    t.is((await getAccessToken(brainysoft(), clock)).accessToken, first.accessToken);
    t.is(requests(), 1);
    now += 1000;
    const second = await getAccessToken(brainysoft(), clock);
    t.not(second.accessToken, first.accessToken);
    t.is(requests(), 2);
});

test.serial("concurrent callers share one request", async (t) => {
    clearTokenCache();
    emulator.vendors.resetVendorCounters();
    const tokens = await Promise.all(Array.from({ length: 5 }, () => getAccessToken(brainysoft())));
    t.is(new Set(tokens.map((token) => token.accessToken)).size, 1);
    t.is(requests(), 1);
});

test.serial("different credentials (even one differing only in its secret) never share a cached token", async (t) => {
    clearTokenCache();
    await getAccessToken(brainysoft());
    const error = await t.throwsAsync(getAccessToken({ ...brainysoft(), clientSecret: "another-secret-value" }));
    t.regex(error!.message, /^Brainysoft refused/);
    const issued = emulator.vendors.issueCredential("brainysoft");
    const other = await getAccessToken({ ...brainysoft(), clientId: issued.id, clientSecret: issued.secret });
    t.true(emulator.vendors.tokenActive(other.accessToken));
});

test.serial("a failed request is not cached: the next call asks again", async (t) => {
    clearTokenCache();
    emulator.vendors.setVendorDown("brainysoft", 503);
    try {
        await t.throwsAsync(getAccessToken(brainysoft(), { retries: 0 }), { message: /vendor unavailable/ });
    } finally {
        emulator.vendors.setVendorDown("brainysoft", null);
    }
    t.truthy((await getAccessToken(brainysoft())).accessToken);
});

test("bad arguments are refused naming each field, before any request", async (t) => {
    const error = await t.throwsAsync(getAccessToken({ vendor: "bruin", clientId: "x", clientSecret: "y", endpoint: "http://bruin.example.com" }));
    t.regex(error!.message, /^getAccessToken: invalid arguments: /);
    t.regex(error!.message, /endpoint: endpoint "http:\/\/bruin.example.com" uses http:\/\/ for a host that is not this machine/);
    t.regex(error!.message, /scope: scope is required for bruin/);
    await t.throwsAsync(getAccessToken({ vendor: "acme" }), {
        message: /vendor: vendor "acme" is not supported: use bringg, deliveryHub, bruin, brainysoft, brite or oauth2/,
    });
});
