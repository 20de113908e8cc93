import test from "ava";
import { ConfigurationError, parseAccounts, type BringgSettings, type ConfigurationProblem } from "../../provider/core/config";
import { createProviderContext, type ProviderContext } from "../../provider/core/context";

const us = { region: "us2", username: "admin@us.example", password: "us-pw" };
const eu = { endpoint: "http://127.0.0.1:9/", username: "admin@eu.example", password: "eu-pw" };

/** The stack config of the test running now (tests of this file run one at a time). */
let stackConfig: Record<string, unknown> = {};

/** Sets the stack config the next contexts are built from. */
function configure(config: Record<string, unknown>): void {
    stackConfig = config;
}

/** A provider context as the engine's configure builds it: `bringg:accounts` arrives as JSON text. */
function contextFor(env: NodeJS.ProcessEnv): ProviderContext {
    return createProviderContext((key) => {
        const value = stackConfig[key];
        return value !== null && typeof value === "object" ? JSON.stringify(value) : value;
    }, env);
}

function accountNames(): readonly string[] {
    return contextFor({}).accountNames;
}

function settingsProblems(account: string | undefined, env: NodeJS.ProcessEnv): readonly ConfigurationProblem[] {
    return contextFor(env).settingsProblems(account);
}

function currentSettings(account: string | undefined, env: NodeJS.ProcessEnv): BringgSettings {
    const result = contextFor(env).settings(account);
    if (!result.ok) throw new ConfigurationError(result.problems);
    return result.settings;
}

test.afterEach.always(() => configure({}));

test.serial("each named account resolves to its own location and credentials; no account means the default settings", (t) => {
    configure({ "bringg:endpoint": "http://127.0.0.1:8/", "bringg:username": "default", "bringg:password": "d-pw", "bringg:accounts": { us, eu } });
    t.deepEqual(accountNames(), ["eu", "us"]);
    t.like(currentSettings(undefined, {}), { baseUrl: "http://127.0.0.1:8", username: "default", account: undefined });
    t.like(currentSettings("us", {}), { baseUrl: "https://us2-admin-api.bringg.com", username: "admin@us.example", password: "us-pw", account: "us" });
    t.like(currentSettings("eu", {}), { baseUrl: "http://127.0.0.1:9", username: "admin@eu.example", account: "eu" });
});

test.serial("an account inherits the stack's timeout and late-write window unless it sets its own", (t) => {
    configure({ "bringg:timeout": "20s", "bringg:accounts": { us, eu: { ...eu, timeout: "2m" } } });
    t.is(currentSettings("us", {}).timeoutMs, 20_000);
    t.is(currentSettings("eu", {}).timeoutMs, 120_000);
});

test.serial("an unknown account is refused naming bringg:accounts, the configured ones and the commands that add it", (t) => {
    configure({ "bringg:accounts": { us } });
    const [problem, ...rest] = settingsProblems("eu", {});
    t.is(rest.length, 0);
    t.is(problem!.key, "bringg:accounts.eu");
    t.regex(problem!.message, /^account "eu" is not in bringg:accounts \(configured: us\)/);
    t.regex(problem!.message, /pulumi config set --secret --path bringg:accounts\.eu\.password <password>/);
    configure({});
    t.regex(settingsProblems("eu", {})[0]!.message, /no account is configured/);
});

test.serial("an account with both region and endpoint is refused naming its keys", (t) => {
    configure({ "bringg:accounts": { eu: { ...eu, region: "eu2" } } });
    const problems = settingsProblems("eu", {});
    t.deepEqual(
        problems.map((p) => p.key),
        ["bringg:accounts.eu.endpoint"],
    );
    t.regex(problems[0]!.message, /bringg:accounts\.eu\.region and bringg:accounts\.eu\.endpoint are both set/);
    t.regex(problems[0]!.message, /pulumi config rm --path bringg:accounts\.eu\.endpoint/);
});

test.serial("an account without a password is refused naming its config key and environment variable", (t) => {
    configure({ "bringg:accounts": { "eu-west": { endpoint: "http://127.0.0.1:9", username: "u" } } });
    const problems = settingsProblems("eu-west", {});
    t.deepEqual(
        problems.map((p) => p.key),
        ["bringg:accounts.eu-west.password"],
    );
    t.regex(problems[0]!.message, /pulumi config set --secret --path bringg:accounts\.eu-west\.password <password>.*BRINGG_ACCOUNT_EU_WEST_PASSWORD/);
    t.is(settingsProblems("eu-west", { BRINGG_ACCOUNT_EU_WEST_PASSWORD: "from-env" }).length, 0);
    t.is(currentSettings("eu-west", { BRINGG_ACCOUNT_EU_WEST_PASSWORD: "from-env" }).password, "from-env");
});

test.serial("the default settings never fill a named account's credentials", (t) => {
    configure({ "bringg:username": "default", "bringg:password": "d-pw", "bringg:accounts": { eu: { endpoint: "http://127.0.0.1:9" } } });
    t.deepEqual(
        settingsProblems("eu", { BRINGG_PASSWORD: "env-default" }).map((p) => p.key),
        ["bringg:accounts.eu.username", "bringg:accounts.eu.password"],
    );
});

test.serial("an account whose entry is not a map of settings is refused naming that entry, not only as unknown", (t) => {
    configure({ "bringg:accounts": { us, eu: "eu2" } });
    const problems = settingsProblems("eu", {});
    t.deepEqual(
        problems.map((p) => p.key),
        ["bringg:accounts.eu", "bringg:accounts.eu"],
    );
    t.regex(problems[0]!.message, /^bringg:accounts\.eu must be a map of settings/);
    t.deepEqual(settingsProblems("us", {}), []);
});

test("bringg:accounts entries that are not settings are refused, each naming its key", (t) => {
    const { accounts, problems } = parseAccounts({ "1bad": us, eu: { ...eu, passwd: "x" }, us: "us2" });
    t.deepEqual([...accounts.keys()], ["eu"]);
    t.deepEqual(
        problems.map((p) => p.key),
        ["bringg:accounts.1bad", "bringg:accounts.eu.passwd", "bringg:accounts.us"],
    );
    t.regex(parseAccounts("[1,2]").problems[0]!.message, /bringg:accounts must be a map of account name to settings/);
});

test("secret values inside structured config are unwrapped", (t) => {
    const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "pw" };
    const { accounts } = parseAccounts({ eu: { ...eu, password: secret } });
    t.is(accounts.get("eu")?.password, "pw");
});
