/**
 * The moto tooling: a machine without Python gets a failing test that says what to install, never
 * a silent skip; an installed moto serves Secrets Manager on a loopback port.
 */
import test from "ava";
import path from "node:path";
import { motoServerPath, startMoto } from "../helpers/moto";
import { tempFolder } from "./helpers";

test("without Python the helper fails with what to install", async (t) => {
    const dir = await tempFolder(t);
    const error = await t.throwsAsync(motoServerPath({ ...process.env, MOTO_VENV: path.join(dir, "venv"), MOTO_PYTHON: "no-such-python3" }));
    t.regex(error!.message, /^moto \(the local AWS emulator these tests deliver secrets to\) is not available:/);
    t.regex(error!.message, /need Python 3\.9 or newer .* Install it, e\.g\. on Debian\/Ubuntu: apt-get install python3 python3-venv python3-pip/s);
});

test("moto listens on a free loopback port and comes back on the same port after a stop", async (t) => {
    const moto = await startMoto();
    try {
        t.regex(moto.url, /^http:\/\/127\.0\.0\.1:\d+$/);
        t.true((await fetch(`${moto.url}/moto-api/data.json`)).ok);
        await moto.stop();
        await t.throwsAsync(fetch(`${moto.url}/moto-api/data.json`));
        await moto.restart();
        t.true((await fetch(`${moto.url}/moto-api/data.json`)).ok);
    } finally {
        await moto.stop();
    }
});
