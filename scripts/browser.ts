/**
 * Launches the system's Chromium for the settings-page test and screenshots, through playwright-core
 * (which never downloads a browser). scripts/chromium.sh finds the binary, installing Debian's
 * package when it is missing and we are root; otherwise this fails with the install hint.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";

const script = path.resolve(__dirname, "..", "..", "scripts", "chromium.sh");

/** The Chromium binary to drive; throws with the install hint when there is none. */
export function chromiumPath(): string {
    try {
        return execFileSync("bash", [script], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
    } catch (error) {
        const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim();
        throw new Error(`no Chromium to run the browser tests with (scripts/chromium.sh):\n${stderr}`);
    }
}

/** A headless Chromium. `--no-sandbox` because CI and containers run as root. */
export function launchChromium(): Promise<Browser> {
    return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ["--no-sandbox"] });
}
