/**
 * What changing the admin password does to `pulumi refresh`, through the real CLI. The engine runs
 * refresh and destroy with the provider settings recorded at the last update: with the password in
 * the stack config, refresh fails naming both ways out (`--run-program`, or `pulumi up`); with the
 * password in BRINGG_PASSWORD, which the provider reads at every operation, refresh just works.
 */
import test from "ava";
import { demoCredentials, startEmulator } from "../../emulator/server";
import { createStack } from "../helpers/pulumi";

const program = 'import * as bringg from "pulumi-bringg";\nexport const id = new bringg.Application("app", { scopes: ["tasks_read"] }).clientId;\n';

test("after `pulumi config set --secret bringg:password <new>`, refresh fails naming --run-program and pulumi up, and refresh --run-program succeeds", async (t) => {
    const emulator = await startEmulator({ port: 0 });
    const stack = await createStack({
        name: "recorded-password",
        program,
        config: {
            "bringg:endpoint": emulator.url,
            "bringg:username": demoCredentials.username,
            "bringg:password": { value: demoCredentials.password, secret: true },
        },
    });
    try {
        await stack.ok(["up", "--yes", "--skip-preview"]);
        emulator.control.setPassword(demoCredentials.username, "rotated-admin-password");
        await stack.setConfig("bringg:password", "rotated-admin-password", { secret: true });

        const stale = await stack.run(["refresh", "--yes", "--skip-preview"]);
        t.not(stale.code, 0);
        t.regex(stale.output, /returned 401 .*Fix: check bringg:username and bringg:password/);
        t.regex(
            stale.output,
            /`pulumi refresh` and `pulumi destroy` use the provider settings recorded in the stack at the last `pulumi up`, not the current stack config/,
        );
        t.regex(stale.output, /run `pulumi refresh --run-program` \(or `pulumi destroy --run-program`\), or `pulumi up` first/);
        t.false(stale.output.includes("rotated-admin-password"));

        await stack.ok(["refresh", "--yes", "--skip-preview", "--run-program"]);
        await stack.ok(["destroy", "--yes", "--skip-preview"]);
        t.is(emulator.control.counters().byRoute.deleteApplication, 1);
    } finally {
        await stack.dispose();
        await emulator.stop();
    }
});

test("a password given as BRINGG_PASSWORD is read at every operation: after it changes, plain refresh and destroy work", async (t) => {
    const emulator = await startEmulator({ port: 0 });
    const stack = await createStack({
        name: "env-password",
        program,
        config: { "bringg:endpoint": emulator.url, "bringg:username": demoCredentials.username },
    });
    try {
        await stack.ok(["up", "--yes", "--skip-preview"], { env: { BRINGG_PASSWORD: demoCredentials.password } });
        emulator.control.setPassword(demoCredentials.username, "rotated-admin-password");
        const env = { BRINGG_PASSWORD: "rotated-admin-password" };
        const refresh = await stack.ok(["refresh", "--yes", "--skip-preview"], { env });
        t.notRegex(refresh.output, /deleted/);
        await stack.ok(["destroy", "--yes", "--skip-preview"], { env });
        t.is(emulator.control.counters().byRoute.deleteApplication, 1);
        const state = (await stack.exportState()).raw;
        t.false(state.includes("rotated-admin-password") || state.includes(demoCredentials.password));
    } finally {
        await stack.dispose();
        await emulator.stop();
    }
});
