/**
 * The settings page's HTTP side: the page and its files at `/`, the route table it calls, and the
 * call log, which needs an admin's login, shows only that admin's merchant and never a secret.
 */
import test from "ava";
import { seedUsers } from "../../emulator/server";
import { admin, call, callRoute, createApp, requestToken, sharedEmulator } from "./helpers";

const emulator = sharedEmulator(test);

test("the emulator serves the settings page and its files at /", async (t) => {
    const page = await call(emulator().url, "/");
    t.is(page.status, 200);
    t.regex(page.headers.get("content-type") ?? "", /text\/html/);
    t.regex(page.body, /Webhooks &amp; API/);
    t.is((await call(emulator().url, "/ui/app.js")).status, 200);
    t.is((await call(emulator().url, "/ui/app.css")).status, 200);
    const routes = await call(emulator().url, "/ui/routes.json");
    t.like(routes.body.enableApplication, { method: "POST", path: "/oauth/applications/{id}/enable" });
});

test("the call log needs an admin login and lists the merchant's token and Management calls without secrets", async (t) => {
    t.is((await call(emulator().url, "/__emulator/calls")).status, 401);
    const app = await createApp(emulator(), ["tasks_read"], { name: "logged app" });
    await requestToken(emulator(), app);
    await callRoute(emulator(), "listApplications", {}, { as: seedUsers.secondAdmin });
    const log = await call(emulator().url, "/__emulator/calls?after=0", { as: admin });
    t.is(log.status, 200);
    t.like(log.body.merchant, { id: 1, name: "Demo Merchant", region: "us2" });
    const routes = log.body.calls.map((c: { route: string }) => c.route);
    t.deepEqual(routes, ["createApplication", "enableApplication", "token"]);
    t.like(log.body.calls[2], { method: "POST", path: "/oauth/token", status: 200, actor: "logged app", via: "api" });
    t.false(JSON.stringify(log.body).includes(app.client_secret));
    const after = log.body.calls[2].seq;
    t.deepEqual((await call(emulator().url, `/__emulator/calls?after=${after}`, { as: admin })).body.calls, []);
});
