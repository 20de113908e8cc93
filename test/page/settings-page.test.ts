/**
 * The emulated Settings → Webhooks & API page in a real browser (the system's Chromium, driven by
 * playwright-core): it shows what `pulumi up` did, and a change made in it is drift that
 * `pulumi refresh` reports. Fails, with the install hint, when no Chromium can be found.
 */
import test from "ava";
import type { Browser, Page } from "playwright-core";
import { demoCredentials, type RunningEmulator } from "../../emulator/server";
import { BringgClient } from "../../provider/core/client";
import { launchChromium } from "../../scripts/browser";
import type { TestStack } from "../helpers/pulumi";
import { startBringgStack } from "../helpers/bringg";

let emulator: RunningEmulator;
let stack: TestStack;
let dispose: (() => Promise<void>) | undefined;
let browser: Browser;
let page: Page;

test.before(async () => {
    ({ emulator, stack, dispose } = await startBringgStack({
        name: "settings-page",
        program: `
import * as bringg from "pulumi-bringg";
const app = new bringg.Application("dashboards", { name: "dashboards", scopes: ["tasks_read", "Customer_write"], enabled: true });
export const clientSecret = app.clientSecret;
`,
    }));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

test.after.always(async () => {
    await browser?.close();
    await dispose?.();
});

const client = () => new BringgClient({ settings: { baseUrl: emulator.url, ...demoCredentials } });

test.serial("after pulumi up, the page shows the application enabled with its scopes, and the calls in its live log", async (t) => {
    await stack.ok(["up", "--yes", "--skip-preview"]);
    await page.goto(emulator.url);
    await page.fill("#login-username", demoCredentials.username);
    await page.fill("#login-password", demoCredentials.password);
    await page.click("#login-form button[type=submit]");
    const row = page.locator('tr[data-name="dashboards"]');
    await row.waitFor();
    t.true(await row.locator("input[type=checkbox]").isChecked());
    t.deepEqual(await row.locator(".chip").allTextContents(), ["Customer_write", "tasks_read"]);
    t.is(await page.textContent("#merchant-region"), "us2");
    for (const route of ["createApplication", "enableApplication"]) {
        await page.locator(`#log-list li[data-route="${route}"][data-via="api"]`).first().waitFor();
    }
    t.pass();
});

test.serial("a sign-in with a wrong password is refused on the page", async (t) => {
    const other = await browser.newPage();
    t.teardown(() => other.close());
    await other.goto(emulator.url);
    await other.fill("#login-username", demoCredentials.username);
    await other.fill("#login-password", "wrong");
    await other.click("#login-form button[type=submit]");
    await other.locator("#login-error", { hasText: "invalid username or password" }).waitFor();
    t.true(await other.locator("#app").isHidden());
});

test.serial("disabling the application with the page's toggle is drift that pulumi refresh reports", async (t) => {
    const row = page.locator('tr[data-name="dashboards"]');
    await row.locator(".switch").click();
    await page.locator("#toast", { hasText: "dashboards disabled" }).waitFor();
    t.false(await row.locator("input[type=checkbox]").isChecked());
    t.false((await client().listApplications()).find((a) => a.name === "dashboards")!.enabled);

    const refresh = await stack.ok(["refresh", "--yes", "--skip-preview"]);
    t.regex(refresh.output.replace(/\s+/g, " "), /dashboards.* was disabled outside Pulumi/);
    // The refresh's list call shows up in the page's log, from the API rather than the page.
    await page.locator('#log-list li[data-route="listApplications"][data-via="api"]').first().waitFor();

    const up = await stack.ok(["up", "--yes", "--skip-preview"]);
    t.regex(up.output, /1 updated/);
    // The page reloads the application when the log shows pulumi's enable call.
    await page.locator('tr[data-name="dashboards"] input[type=checkbox]:checked').waitFor({ state: "attached" });
});

test.serial("a new secret generated in the page is shown once and obtains a token; the old one no longer does", async (t) => {
    const app = (await client().listApplications()).find((a) => a.name === "dashboards")!;
    await page.locator('tr[data-name="dashboards"] button', { hasText: "Generate new secret" }).click();
    await page.locator("#dialog-actions button", { hasText: "Generate new secret" }).click();
    const secret = (await page.locator('[data-secret="Client secret"]').textContent())!.trim();
    t.true(secret.length >= 43);
    await page.locator("#dialog-actions button", { hasText: "Done" }).click();
    t.false((await page.content()).includes(secret), "the secret is gone once the dialog is closed");
    const token = await client().requestToken({ clientId: app.client_id, clientSecret: secret });
    t.is(token.token_type, "Bearer");
    const { clientSecret: old } = (await stack.outputs({ showSecrets: true })) as { clientSecret: string };
    await t.throwsAsync(client().requestToken({ clientId: app.client_id, clientSecret: old }), { message: /401|invalid_client/ });
});

test.serial("a TTL edited in the page is set through the Scopes API", async (t) => {
    const row = page.locator('tr[data-scope="tasks_read"]');
    await row.locator("input").fill("7200");
    await row.locator("input").dispatchEvent("change");
    await page.click("#ttl-save");
    await page.locator("#toast", { hasText: "TTLs saved" }).waitFor();
    t.is((await client().listScopes()).find((s) => s.name === "tasks_read")!.ttl, 7200);
    t.true(await page.locator('tr[data-scope="tasks_read"].overridden').isVisible());
});
