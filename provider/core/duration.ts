/**
 * Durations as people write them in a Pulumi program: `"90s"`, `"15m"`, `"12h"`, `"90d"`,
 * combinations such as `"1h30m"`, or plain seconds (`7200` or `"7200"`).
 *
 * Shared by every input that takes a length of time (`ScopeTtls.ttls`, `SecretRotation.rotateAfter`)
 * so that they accept the same spellings and reject the same mistakes with the same words.
 * Units are lower-case on purpose: `"1M"` could mean a month or a minute, so it is refused rather
 * than guessed.
 */
import { BrandedError } from "./errors";

/** Seconds per unit letter. */
export const durationUnits = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;

/** A unit letter: `d`, `h`, `m` or `s`. */
export type DurationUnit = keyof typeof durationUnits;

/** What a valid duration looks like; ends every message about a malformed one. */
export const durationHint = 'use whole seconds (7200) or a duration such as "90s", "15m", "12h", "90d" or "1h30m"';

/** A duration that cannot be parsed; `message` says what is wrong and how to write it. */
export class DurationError extends BrandedError {
    override readonly name = "DurationError";
}

/** The outcome of {@link tryParseDuration}: seconds, or why the value is not a duration. */
export type DurationResult = { readonly ok: true; readonly seconds: number } | { readonly ok: false; readonly reason: string };

// One or more <digits><unit> parts, largest unit first is not required ("30m1h" is odd but exact).
const compound = /^(?:\d+[dhms])+$/;
const part = /(\d+)([dhms])/g;

/**
 * Parses a duration to whole seconds without throwing. Zero, negative, fractional and
 * non-numeric values are refused: no input of this provider means anything by them.
 */
export function tryParseDuration(value: unknown): DurationResult {
    if (typeof value === "number") {
        if (Number.isNaN(value)) return { ok: false, reason: `NaN is not a number of seconds: ${durationHint}` };
        if (!Number.isFinite(value)) {
            return { ok: false, reason: `the number is too large to be a duration (it has more digits than a number can hold): ${durationHint}` };
        }
        if (!Number.isInteger(value)) {
            return { ok: false, reason: `${value} is not a whole number of seconds: ${durationHint}` };
        }
        if (value <= 0) return { ok: false, reason: `${value} is not positive: a duration must be at least 1 second` };
        if (!Number.isSafeInteger(value)) return { ok: false, reason: `${value} seconds is too large to be a duration: ${durationHint}` };
        return { ok: true, seconds: value };
    }
    if (typeof value !== "string") {
        return { ok: false, reason: `a duration must be a number or a string, not ${describeType(value)}: ${durationHint}` };
    }
    const text = value.trim();
    if (/^[+-]?\d{16,}$/.test(text) || /\d{16,}[dhms]/.test(text)) {
        const digits = text.replace(/\D/g, "").length;
        return { ok: false, reason: `${JSON.stringify(`${text.slice(0, 12)}…`)} (${digits} digits) is too large to be a duration: ${durationHint}` };
    }
    if (/^[+-]?\d+$/.test(text)) return tryParseDuration(Number(text));
    if (!compound.test(text)) {
        const upper = /^(?:\d+[A-Za-z])+$/.test(text) && compound.test(text.toLowerCase());
        return {
            ok: false,
            reason:
                `${JSON.stringify(value)} is not a duration: ` +
                (upper ? 'units are lower-case d, h, m and s ("M" could mean month or minute); ' : "") +
                durationHint,
        };
    }
    let seconds = 0;
    for (const [, amount, unit] of text.matchAll(part)) {
        seconds += Number(amount) * durationUnits[unit as DurationUnit];
    }
    if (seconds <= 0) return { ok: false, reason: `${JSON.stringify(value)} is zero: a duration must be at least 1 second` };
    if (!Number.isSafeInteger(seconds)) return { ok: false, reason: `${JSON.stringify(value)} is too large` };
    return { ok: true, seconds };
}

/**
 * Parses a duration to whole seconds.
 *
 * @example parseDuration("15m") === 900; parseDuration("1h30m") === 5400; parseDuration(7200) === 7200
 * @throws DurationError naming the value and the accepted spellings.
 */
export function parseDuration(value: unknown): number {
    const result = tryParseDuration(value);
    if (!result.ok) throw new DurationError(result.reason);
    return result.seconds;
}

/**
 * Seconds as the shortest exact duration, for messages: `900` → `"15m"`, `5400` → `"1h30m"`,
 * `2592000` → `"30d"`, `61` → `"1m1s"`.
 */
export function formatDuration(seconds: number): string {
    if (!Number.isSafeInteger(seconds) || seconds <= 0) return `${seconds}s`;
    let rest = seconds;
    let text = "";
    for (const [unit, size] of Object.entries(durationUnits)) {
        const amount = Math.floor(rest / size);
        if (amount > 0) text += `${amount}${unit}`;
        rest -= amount * size;
    }
    return text;
}

function describeType(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "a list";
    return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
