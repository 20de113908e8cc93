/**
 * The access inventory that examples/yaml and examples/python both declare (three applications, a
 * TTL policy, a rotation of the dispatch secret delivered to `secrets/dispatch.json` and kept out of
 * the state), deployed through the real CLI with the installed native plugin: the steps both test
 * files take, each an assertion-carrying function of the stack, and the transcript and secrets
 * they collect for the final leak scan.
 */
import type { ExecutionContext } from "ava";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { demoCredentials } from "../../emulator/server";
import { BringgClient } from "../../provider/core/client";
import type { BringgStack } from "./bringg";
import { scanForLeaks, type Secret } from "./leaks";
import { resourcesOfType, type CommandResult } from "./pulumi";

/** One deployment of the inventory. */
export class InventoryRun {
    /** Every CLI output of the run, except commands run with --show-secrets. */
    readonly transcript: string[] = [];
    /** Every secret the stack saw. */
    readonly secrets: Secret[] = [{ label: "admin password", value: demoCredentials.password }];

    constructor(readonly bringg: BringgStack) {}

    /** Runs `pulumi <args>`, throwing with its output when it fails, and keeps the output. */
    async cli(args: string[]): Promise<CommandResult> {
        const result = await this.bringg.stack.ok(args);
        this.transcript.push(result.output);
        return result;
    }

    /** A client of the demo merchant, to see what Bringg has. */
    client(): BringgClient {
        return new BringgClient({ settings: { baseUrl: this.bringg.emulator.url, ...demoCredentials } });
    }

    /** The dispatch secret the rotation delivered to its file. */
    async deliveredSecret(): Promise<string> {
        const file = JSON.parse(await readFile(path.join(this.bringg.stack.dir, "secrets", "dispatch.json"), "utf8")) as { clientSecret: string };
        return file.clientSecret;
    }

    /** up: three applications, the TTL policy and the rotation, whose secret is delivered to a file. */
    async up(t: ExecutionContext): Promise<Record<string, unknown>> {
        const up = await this.cli(["up", "--yes", "--skip-preview"]);
        t.regex(up.output, /\+ 6 created/);
        const apps = await this.client().listApplications();
        t.deepEqual(apps.map((app) => [app.scopes.join(","), app.enabled]).sort(), [
            ["tasks_read", false],
            ["tasks_read,tasks_write", true],
            ["tasks_read,users_read", true],
        ]);
        t.true(
            apps.some((app) => app.name === "partner-reports"),
            "an explicit name is kept",
        );
        t.true(
            apps.some((app) => /^dashboards-[0-9a-f]{7}$/.test(app.name)),
            "a name is generated from the resource name",
        );
        const outputs = await this.bringg.stack.outputs();
        t.is(outputs.dashboardsClientSecret, "[secret]", "a client secret is a Pulumi secret");
        t.deepEqual(outputs.ttls, { tasks_write: 900, users_read: 7200 });
        t.is(outputs.dispatchSecretVersion, 1);
        const shown = await this.bringg.stack.outputs({ showSecrets: true });
        this.secrets.push(
            { label: "dashboards secret", value: String(shown.dashboardsClientSecret) },
            { label: "dispatch secret 1", value: await this.deliveredSecret() },
        );
        return outputs;
    }

    /** A preview right after up shows no change. */
    async noChange(t: ExecutionContext, resources = 6): Promise<void> {
        const preview = await this.cli(["preview", "--expect-no-changes"]);
        t.regex(preview.output, new RegExp(`${resources} unchanged`));
    }

    /** Bumping the `rotation` config issues a new secret, delivered to the file; the state keeps none. */
    async rotate(t: ExecutionContext): Promise<void> {
        const before = await this.deliveredSecret();
        await this.bringg.stack.setConfig("rotation", "2026-Q2");
        const up = await this.cli(["up", "--yes", "--skip-preview"]);
        t.regex(up.output, /~ 1 updated/);
        const after = await this.deliveredSecret();
        t.not(after, before);
        this.secrets.push({ label: "dispatch secret 2", value: after });
        t.is((await this.bringg.stack.outputs()).dispatchSecretVersion, 2);
        const { deployment } = await this.bringg.stack.exportState();
        const [rotation] = resourcesOfType(deployment, "bringg:index:SecretRotation");
        t.is(rotation!.outputs!.clientSecret, undefined, "keeping the secret out of the state keeps it out");
    }

    /** destroy deletes every application and restores the TTL defaults; no secret in any output or the state. */
    async destroyWithoutLeaks(t: ExecutionContext): Promise<void> {
        const { raw } = await this.bringg.stack.exportState();
        this.transcript.push(raw);
        await this.cli(["destroy", "--yes", "--skip-preview"]);
        t.deepEqual(await this.client().listApplications(), []);
        const scopes = await this.client().listScopes();
        t.deepEqual(
            scopes.filter((scope) => scope.ttl !== scope.default_ttl).map((scope) => scope.name),
            [],
            "no override is left",
        );
        t.deepEqual(await scanForLeaks(this.secrets, [{ label: "CLI output and stack export", text: this.transcript.join("\n") }]), []);
    }
}
