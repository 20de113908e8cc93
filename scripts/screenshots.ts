/**
 * `npm run screenshots`: renders the emulator's settings page with some sample data in headless
 * Chromium and saves docs/emulator-settings.png and docs/emulator-new-secret.png.
 */
import path from "node:path";
import { demoCredentials, startEmulator } from "../emulator/server";
import { deliveryHubScopes } from "../provider/application/delivery-hub";
import { launchChromium } from "./browser";

const docs = path.resolve(__dirname, "..", "..", "docs");

async function main(): Promise<void> {
    const emulator = await startEmulator({ port: 0 });
    const browser = await launchChromium();
    try {
        const { control } = emulator;
        const merchant = demoCredentials.merchantId;
        const oms = control.createApplication(merchant, { name: "OMS integration", scopes: [...deliveryHubScopes] });
        control.setEnabled(merchant, oms.client_id, true);
        const dashboards = control.createApplication(merchant, { name: "Ops dashboards", scopes: ["tasks_read", "users_read"] });
        control.setEnabled(merchant, dashboards.client_id, true);
        control.createApplication(merchant, { name: "CRM sync", scopes: ["Customer_write"] });
        control.setScopeTtl(merchant, "tasks_read", 7200);
        control.setScopeTtl(merchant, "tasks_write", 900);
        // A few calls for the live log, as a deployment and its users would make them.
        for (const app of [oms, dashboards]) {
            await fetch(`${emulator.url}/oauth/token`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ grant_type: "client_credentials", client_id: app.client_id, client_secret: app.client_secret }),
            });
        }
        await fetch(`${emulator.url}/oauth/token`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ grant_type: "client_credentials", client_id: dashboards.client_id, client_secret: "wrong" }),
        });

        const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
        await page.goto(emulator.url);
        await page.fill("#login-username", demoCredentials.username);
        await page.fill("#login-password", demoCredentials.password);
        await page.click("#login-form button[type=submit]");
        await page.locator('tr[data-name="CRM sync"]').waitFor();
        await page.locator('#log-list li[data-route="token"]').first().waitFor();
        await page.screenshot({ path: path.join(docs, "emulator-settings.png") });
        console.log(`wrote ${path.join(docs, "emulator-settings.png")}`);

        await page.locator('tr[data-name="CRM sync"] button', { hasText: "Generate new secret" }).click();
        await page.locator("#dialog-actions button", { hasText: "Generate new secret" }).click();
        await page.locator('[data-secret="Client secret"]').waitFor();
        await page.screenshot({ path: path.join(docs, "emulator-new-secret.png") });
        console.log(`wrote ${path.join(docs, "emulator-new-secret.png")}`);
    } finally {
        await browser.close();
        await emulator.stop();
    }
}

main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
});
