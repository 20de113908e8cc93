/**
 * `npm run demo`: a real `pulumi up` of the root Pulumi.yaml program (the quick start) against the
 * embedded Bringg emulator, then proof that what it deployed works.
 *
 * Steps: start the emulator on a free loopback port; create a throwaway stack (file backend and
 * stack config in a temporary folder, so the checkout stays clean); set bringg:endpoint and the demo
 * admin's credentials (the password as a secret); `pulumi up`; show the outputs (the client secret
 * stays [secret]); get a token with the deployed credentials and call a protected endpoint;
 * `pulumi preview --expect-no-changes`; then destroy. `--keep` leaves the emulator running and the
 * stack in place until Ctrl-C.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { demoCredentials, startEmulator } from "../emulator/server";

const repoRoot = path.resolve(__dirname, "..", "..");

function say(message: string): void {
    process.stdout.write(`\n\x1b[1m== ${message}\x1b[0m\n`);
}

async function main(): Promise<void> {
    const keep = process.argv.includes("--keep");
    const emulator = await startEmulator({ port: 0, controls: false });
    const work = await mkdtemp(path.join(tmpdir(), "pulumi-bringg-demo-"));
    const configFile = path.join(work, "Pulumi.demo.yaml");
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        PULUMI_BACKEND_URL: `file://${work}`,
        PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "demo-passphrase",
    };

    const pulumi = (args: string[], options: { capture?: boolean } = {}): Promise<string> =>
        new Promise((resolve, reject) => {
            const child = spawn("pulumi", [...args, "--non-interactive"], {
                cwd: repoRoot,
                env,
                stdio: ["ignore", options.capture ? "pipe" : "inherit", "inherit"],
            });
            let out = "";
            child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
            child.on("error", reject);
            child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`pulumi ${args[0]} exited with code ${code}`))));
        });
    const withConfig = ["--config-file", configFile];

    try {
        say(`Bringg emulator listening on ${emulator.url} (demo merchant admin: ${demoCredentials.username})`);
        await pulumi(["stack", "init", "demo"]);
        // `stack init` writes the passphrase salt beside Pulumi.yaml; keep it with the throwaway stack.
        await rename(path.join(repoRoot, "Pulumi.demo.yaml"), configFile);
        await pulumi(["config", "set", "bringg:endpoint", emulator.url, ...withConfig]);
        await pulumi(["config", "set", "bringg:username", demoCredentials.username, ...withConfig]);
        await pulumi(["config", "set", "--secret", "bringg:password", demoCredentials.password, ...withConfig]);

        say("pulumi up");
        await pulumi(["up", "--yes", "--skip-preview", ...withConfig]);

        say("pulumi stack output (the client secret is a Pulumi secret)");
        await pulumi(["stack", "output"]);

        say("Using the deployed credentials: token request and a protected Bringg call");
        const outputs = JSON.parse(await pulumi(["stack", "output", "--json", "--show-secrets"], { capture: true })) as {
            clientId: string;
            clientSecret: string;
        };
        const tokenReply = await fetch(`${emulator.url}/oauth/token`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
                grant_type: "client_credentials",
                client_id: outputs.clientId,
                client_secret: outputs.clientSecret,
            }),
        });
        const token = (await tokenReply.json()) as { access_token?: string; expires_in?: number; error?: string };
        if (!token.access_token) throw new Error(`token request failed: ${tokenReply.status} ${token.error}`);
        const call = await fetch(`${emulator.url}/services/get_open_tasks`, {
            method: "POST",
            headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/json" },
            body: "{}",
        });
        console.log(`token issued (expires in ${token.expires_in} s); POST /services/get_open_tasks -> ${call.status}`);
        if (!call.ok) throw new Error("the protected endpoint refused the deployed application's token");

        say("pulumi preview --expect-no-changes (a second run changes nothing)");
        await pulumi(["preview", "--expect-no-changes", ...withConfig]);

        if (keep) {
            say(`--keep: stack and emulator stay up (backend ${work}); Ctrl-C to stop`);
            await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
        }
        say("pulumi destroy");
        await pulumi(["destroy", "--yes", "--skip-preview", ...withConfig]);
        await pulumi(["stack", "rm", "demo", "--yes", "--force"]);
        say("demo complete");
    } finally {
        await emulator.stop();
        await rm(work, { recursive: true, force: true });
    }
}

main().catch((error: unknown) => {
    console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
});
