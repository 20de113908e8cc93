/**
 * One failed list, many resources: a `pulumi refresh` reads every Application through one shared
 * list request, so when Bringg refuses the admin password every resource's read fails on the same
 * reply. Each resource's error must name that resource, and say each sentence once (the shared
 * error object was amended by every reader: 8 resources, each naming the first, the recorded-settings
 * note repeated 7 times).
 */
import test from "ava";
import type * as pulumi from "@pulumi/pulumi";
import { demoCredentials, startEmulator } from "../../emulator/server";
import { BringgClient } from "../../provider/core/client";
import { BringgApiError } from "../../provider/core/errors";
import { recordedSettingsNote } from "../../provider/core/hooks";

test("when one shared list is refused, each reader's error names its own resource", async (t) => {
    const emulator = await startEmulator({ port: 0 });
    try {
        const client = new BringgClient({ settings: { baseUrl: emulator.url, username: demoCredentials.username, password: "not-the-password" } });
        const resources = ["a", "b", "c"].map((name) => `application "${name}"`);
        const failures = await Promise.all(
            resources.map((resource) =>
                client.listApplications({ resource }).then(
                    () => undefined,
                    (error: unknown) => error,
                ),
            ),
        );
        t.is(emulator.control.counters().byRoute.listApplications, 1, "one request served all three");
        for (const [i, failure] of failures.entries()) {
            t.true(BringgApiError.isInstance(failure));
            t.is((failure as BringgApiError).resource, resources[i]);
            t.regex((failure as Error).message, new RegExp(`^listApplications for ${resources[i]} failed: GET /oauth/applications returned 401`));
        }
        t.is(new Set(failures).size, 3, "three error objects");
    } finally {
        await emulator.stop();
    }
});

test("refresh with a refused password: each Application's error names itself and carries the recorded-settings note once", async (t) => {
    const emulator = await startEmulator({ port: 0 });
    try {
        const admin = new BringgClient({ settings: { baseUrl: emulator.url, ...demoCredentials } });
        const apps = await Promise.all(["alpha", "beta", "gamma", "delta"].map((name) => admin.createApplication({ name, scopes: ["tasks_read"] })));
        // The implementation module the shim loads in the provider process: the real adapter's hooks.
        const hooks: Required<pulumi.dynamic.ResourceProvider> = require("../../provider/application/provider");
        const config: Record<string, string> = {
            "bringg:endpoint": emulator.url,
            "bringg:username": demoCredentials.username,
            "bringg:password": "stale-password",
        };
        await hooks.configure({ config: { get: (key: string) => config[key] } } as unknown as pulumi.dynamic.ConfigureRequest);
        const reads = await Promise.all(
            apps.map((app) =>
                hooks
                    .read(String(app.id), {
                        name: app.name,
                        scopes: app.scopes,
                        enabled: app.enabled,
                        applicationId: app.id,
                        clientId: app.client_id,
                        schemaVersion: 1,
                    })
                    .then(
                        () => undefined,
                        (error: unknown) => error as Error,
                    ),
            ),
        );
        for (const [i, error] of reads.entries()) {
            t.truthy(error, `${apps[i]!.name}: refresh failed`);
            t.regex(error!.message, new RegExp(`^listApplications for application "${apps[i]!.name}" \\(id ${apps[i]!.id}, `), "names itself");
            t.is(error!.message.split(recordedSettingsNote).length - 1, 1, "the note once");
            t.false(error!.message.includes("stale-password"));
        }
    } finally {
        await emulator.stop();
    }
});
