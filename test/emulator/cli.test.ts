import { spawn } from "node:child_process";
import { resolve } from "node:path";
import test from "ava";
import { demoCredentials, seedUsers } from "../../emulator/server";
import { admin, call } from "./helpers";

const cli = resolve(__dirname, "../../emulator/cli.js");

test("npm run emulator prints its URL and both merchants' admin credentials, and serves", async (t) => {
    const child = spawn(process.execPath, [cli, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    t.teardown(() => child.kill());
    let output = "";
    const url = await new Promise<string>((done, fail) => {
        child.stdout.on("data", (chunk: Buffer) => {
            output += chunk.toString();
            const found = /listening on (http:\/\/\S+)/.exec(output);
            if (found && output.includes("brite:")) done(found[1]!);
        });
        child.once("exit", (code) => fail(new Error(`emulator exited with ${code}: ${output}`)));
    });
    t.true(output.includes(demoCredentials.username));
    t.true(output.includes(demoCredentials.password));
    t.true(output.includes("us2"));
    // The second merchant's admin, for a second account (docs/accounts.md).
    t.true(output.includes(seedUsers.secondAdmin.username));
    t.true(output.includes(seedUsers.secondAdmin.password));
    t.is((await call(url, "/oauth/applications", { as: admin })).status, 200);
    t.is((await call(url, "/__control/counters", { method: "POST" })).status, 404, "controls stay off without --controls");
});
