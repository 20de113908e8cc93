import test from "ava";
import { execFile } from "node:child_process";
import path from "node:path";
import { demoCredentials } from "../emulator/server";
import { repoRoot } from "./helpers/pulumi";

test("npm run demo deploys the quick start against the emulator, uses its credentials, and cleans up", async (t) => {
    const result = await new Promise<{ code: number; output: string }>((resolve) => {
        execFile(
            process.execPath,
            [path.join(repoRoot, "dist", "scripts", "demo.js")],
            { cwd: repoRoot, env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 16 * 1024 * 1024 },
            (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}\n${stderr}` }),
        );
    });
    t.is(result.code, 0, result.output);
    t.regex(result.output, /bringg:Application\s+dashboards\s+created/);
    t.regex(result.output, /bringg:ScopeTtls\s+ttl-policy\s+created/);
    t.regex(result.output, /bringg:SecretRotation\s+dashboards-secret\s+created/);
    t.regex(result.output, /clientSecret\s+\[secret\]/, "the client secret is shown as [secret]");
    t.regex(result.output, /POST \/services\/get_open_tasks -> 200/, "the deployed credentials work");
    t.regex(result.output, /4 unchanged/, "the second preview changes nothing");
    t.regex(result.output, /demo complete/);
    t.false(result.output.includes(demoCredentials.password), "the admin password is never printed");
});
