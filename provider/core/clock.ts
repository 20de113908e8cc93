/**
 * The clock the provider judges time-based changes by (rotation's `rotateAfter`).
 */
import { ProviderError } from "./errors";

/**
 * Environment variable that sets the instant against which `rotateAfter` is judged (ISO 8601 or
 * Unix milliseconds). Unset, the machine's clock is used. It lets `pulumi preview` answer "what
 * will be due on the 1st?", and lets tests move time together with the emulator's clock. It never
 * changes what is recorded: `rotatedAt` is always Bringg's own timestamp of the regeneration.
 */
export const rotationNowVariable = "BRINGG_ROTATION_NOW";

/**
 * The instant rotation due-ness is judged against.
 *
 * @throws ProviderError when {@link rotationNowVariable} is set to something that is not a time.
 */
export function rotationNow(env: NodeJS.ProcessEnv = process.env): Date {
    const raw = env[rotationNowVariable]?.trim();
    if (!raw) return new Date();
    const date = /^\d+$/.test(raw) ? new Date(Number(raw)) : new Date(raw);
    if (Number.isNaN(date.getTime())) {
        throw new ProviderError(
            rotationNowVariable,
            `${JSON.stringify(raw)} is not a time`,
            "use ISO 8601 (2026-12-01T00:00:00Z) or Unix milliseconds, or unset it",
        );
    }
    return date;
}
