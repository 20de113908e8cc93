import test from "ava";
import { ConfigurationError, mergeSources, validateSettings } from "../../provider/core/config";
import { createProviderContext } from "../../provider/core/context";

const admin = { username: "admin@example.com", password: "pw-123456" };

test("a region resolves to Bringg's regional admin host", (t) => {
    const result = validateSettings({ region: "eu2", ...admin });
    t.true(result.ok);
    t.is(result.ok && result.settings.baseUrl, "https://eu2-admin-api.bringg.com");
});

test("an endpoint is used as given, without a trailing slash", (t) => {
    const result = validateSettings({ endpoint: "http://127.0.0.1:4000/", ...admin });
    t.is(result.ok && result.settings.baseUrl, "http://127.0.0.1:4000");
});

const problems: Array<[string, Parameters<typeof validateSettings>[0], RegExp]> = [
    ["no location", { ...admin }, /neither bringg:region nor bringg:endpoint is set: set `pulumi config set bringg:region us2`/],
    ["both region and endpoint", { region: "us2", endpoint: "http://x", ...admin }, /both set and contradict each other/],
    ["an unknown region", { region: "us9", ...admin }, /bringg:region "us9" is not a Bringg region: set .*us1, us2, us3, eu1, eu2, eu3/],
    ["an endpoint that is not a URL", { endpoint: "bringg.example", ...admin }, /bringg:endpoint "bringg.example" is not an http\(s\) URL/],
    ["no username", { region: "us2", password: "pw" }, /bringg:username is not set: .*BRINGG_USERNAME/],
    [
        "no password",
        { region: "us2", username: "u" },
        /bringg:password is not set: set it with `pulumi config set --secret bringg:password <password>` or the BRINGG_PASSWORD/,
    ],
];
for (const [what, raw, message] of problems) {
    test(`settings with ${what} are refused with the key to set`, (t) => {
        const result = validateSettings(raw);
        t.false(result.ok);
        t.regex(result.ok ? "" : result.problems.map((p) => p.message).join("\n"), message);
    });
}

test("stack config wins over the environment, and the environment fills what stack config leaves out", (t) => {
    const merged = mergeSources(
        { endpoint: "http://stack", username: "stack-user" },
        { BRINGG_REGION: "eu1", BRINGG_USERNAME: "env-user", BRINGG_PASSWORD: "env-pw", BRINGG_TIMEOUT: "20s" },
    );
    t.deepEqual(merged, {
        region: undefined,
        endpoint: "http://stack",
        username: "stack-user",
        password: "env-pw",
        timeout: "20s",
        lateWriteWindow: undefined,
    });
});

test("bringg:timeout and bringg:lateWriteWindow are durations with defaults, and a bad one names its key", (t) => {
    const base = { endpoint: "http://127.0.0.1:9", username: "u", password: "p" };
    const defaults = validateSettings(base);
    t.true(defaults.ok && defaults.settings.timeoutMs === 45_000 && defaults.settings.lateWriteWindowMs === 10_000);
    const set = validateSettings({ ...base, timeout: "2m", lateWriteWindow: "0s" });
    t.true(set.ok && set.settings.timeoutMs === 120_000 && set.settings.lateWriteWindowMs === 0);
    const bad = validateSettings({ ...base, timeout: "forever", lateWriteWindow: "1h" });
    t.false(bad.ok);
    const problems = bad.ok ? [] : bad.problems;
    t.deepEqual(
        problems.map((p) => p.key),
        ["bringg:timeout", "bringg:lateWriteWindow"],
    );
    t.regex(problems[0]!.message, /^bringg:timeout "forever" is not a duration from 1s to 10m .*pulumi config set bringg:timeout 45s/);
    t.regex(problems[1]!.message, /^bringg:lateWriteWindow "1h" is not a duration from 1s to 5m/);
});

test("the configure hook's stack config is what the provider context uses; every problem is listed at once", (t) => {
    const empty = createProviderContext(() => undefined, {});
    t.is(empty.settingsProblems().length, 3);
    const error = t.throws(() => empty.client());
    t.true(error instanceof ConfigurationError);
    const config: Record<string, string> = { "bringg:region": "us2", "bringg:username": "u", "bringg:password": "p" };
    t.is(createProviderContext((key) => config[key], {}).client().settings.baseUrl, "https://us2-admin-api.bringg.com");
});
