/**
 * Regional hosts: each Bringg merchant lives in one region (docs/bringg-api.md#regions), and a
 * region's host knows only its own merchants. The error for another region's merchant is inferred
 * (docs/bringg-api.md#another-regions-host): that region has no such user, application or token,
 * so it answers as for unknown credentials.
 */
import test from "ava";
import { seedUsers } from "../../emulator/server";
import { admin, call, createApp, sharedEmulator, tokenFor } from "./helpers";
import { routePath } from "../../provider/api/routes";

const emulator = sharedEmulator(test, { regions: ["us2", "eu2"] });
const euAdmin = seedUsers.secondAdmin;

test("the emulator serves each region asked for on a host of its own", (t) => {
    t.deepEqual(Object.keys(emulator().regionUrls), ["us2", "eu2"]);
    t.not(emulator().regionUrls.us2, emulator().url);
    t.not(emulator().regionUrls.us2, emulator().regionUrls.eu2);
});

test("an admin's Management calls work at the merchant's region and get 401 at another region's host", async (t) => {
    const { us2, eu2 } = emulator().regionUrls;
    t.is((await call(us2!, routePath("listApplications"), { as: admin })).status, 200);
    t.is((await call(eu2!, routePath("listApplications"), { as: euAdmin })).status, 200);
    const wrong = await call(eu2!, routePath("listApplications"), { as: admin });
    t.is(wrong.status, 401);
    t.regex(wrong.body.title, /invalid username or password/);
    t.is((await call(us2!, routePath("listScopes"), { as: euAdmin })).status, 401);
});

test("a token request at another region's host gets 401 invalid_client; at the merchant's region it succeeds", async (t) => {
    const app = await createApp(emulator(), ["tasks_read"]);
    const form = { grant_type: "client_credentials", client_id: app.client_id, client_secret: app.client_secret };
    const home = await call(emulator().regionUrls.us2!, routePath("token"), { form });
    t.is(home.status, 200);
    const away = await call(emulator().regionUrls.eu2!, routePath("token"), { form });
    t.is(away.status, 401);
    t.is(away.body.error, "invalid_client");
});

test("a token from one region is unknown at another region's host", async (t) => {
    const app = await createApp(emulator(), ["tasks_read"]);
    const token = await tokenFor(emulator(), app);
    t.is((await call(emulator().regionUrls.us2!, routePath("tokenInfo"), { bearer: token })).status, 200);
    const away = await call(emulator().regionUrls.eu2!, routePath("tokenInfo"), { bearer: token });
    t.is(away.status, 401);
    t.is(away.body.error, "invalid_token");
});

test("the main URL keeps serving every merchant", async (t) => {
    t.is((await call(emulator().url, routePath("listApplications"), { as: admin })).status, 200);
    t.is((await call(emulator().url, routePath("listApplications"), { as: euAdmin })).status, 200);
});
