import test from "ava";
import { DurationError, formatDuration, parseDuration, tryParseDuration } from "../../provider/core/duration";

test("each unit converts to seconds: 90s, 15m, 12h, 90d", (t) => {
    t.is(parseDuration("90s"), 90);
    t.is(parseDuration("15m"), 900);
    t.is(parseDuration("12h"), 43_200);
    t.is(parseDuration("90d"), 7_776_000);
});

test("plain seconds are accepted as a number or a numeric string", (t) => {
    t.is(parseDuration(7200), 7200);
    t.is(parseDuration("7200"), 7200);
    t.is(parseDuration(" 60 "), 60);
});

test("units combine, largest first or not", (t) => {
    t.is(parseDuration("1h30m"), 5400);
    t.is(parseDuration("1d2h3m4s"), 93_784);
    t.is(parseDuration("30m1h"), 5400);
});

test("zero, negative and fractional values are refused with the reason", (t) => {
    t.regex(tryParseDurationReason(0), /not positive/);
    t.regex(tryParseDurationReason(-5), /not positive/);
    t.regex(tryParseDurationReason("-5"), /not positive/);
    t.regex(tryParseDurationReason("0m"), /zero/);
    t.regex(tryParseDurationReason(1.5), /whole number/);
    t.regex(tryParseDurationReason(Number.NaN), /not a number/);
});

test("malformed strings name the value and the accepted spellings", (t) => {
    for (const bad of ["15x", "m15", "1.5h", "15 m", "", "fifteen minutes", "1h 30m"]) {
        const reason = tryParseDurationReason(bad);
        t.true(reason.includes(JSON.stringify(bad)), `${bad}: ${reason}`);
        t.regex(reason, /"15m"/);
    }
});

test("upper-case units are refused with a hint, not guessed", (t) => {
    t.regex(tryParseDurationReason("1M"), /lower-case/);
    t.regex(tryParseDurationReason("2H"), /lower-case/);
});

test("values that are neither number nor string are refused by type", (t) => {
    t.regex(tryParseDurationReason(true), /not a boolean/);
    t.regex(tryParseDurationReason(null), /not null/);
    t.regex(tryParseDurationReason([60]), /not a list/);
    t.regex(tryParseDurationReason({ m: 1 }), /not an object/);
});

test("parseDuration throws a DurationError carrying the reason", (t) => {
    const error = t.throws(() => parseDuration("soon"), { instanceOf: DurationError });
    t.regex(error!.message, /"soon" is not a duration/);
});

test("formatDuration writes the shortest exact duration", (t) => {
    t.is(formatDuration(900), "15m");
    t.is(formatDuration(5400), "1h30m");
    t.is(formatDuration(2_592_000), "30d");
    t.is(formatDuration(61), "1m1s");
    t.is(parseDuration(formatDuration(93_784)), 93_784);
});

function tryParseDurationReason(value: unknown): string {
    const result = tryParseDuration(value);
    if (result.ok) throw new Error(`expected ${JSON.stringify(value)} to be refused`);
    return result.reason;
}
