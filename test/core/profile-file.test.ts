import test from "ava";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { demoCredentials, startEmulator } from "../../emulator/server";
import { check } from "../../provider/application/crud";
import { readStackConfig, resolveSettings } from "../../provider/core/config";
import { loadApiProfile, parseApiProfile } from "../../provider/core/profile-file";
import { contextOf } from "../helpers/deps";

const fixtures = path.resolve(__dirname, "..", "..", "..", "test", "fixtures", "api-profiles");
const operations =
    "listApplications, createApplication, updateApplication, enableApplication, disableApplication, regenerateSecret, deleteApplication, " +
    "listScopes, setScopeTtls, token, tokenInfo, introspect, revoke, getOpenTasks";

/** A scratch folder with the given files; removed after the test. */
function folder(t: { teardown(fn: () => void): void }, files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(tmpdir(), "bringg-profile-"));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    return dir;
}

test("a bad profile: every problem at once, each as file:line:col: path: message", (t) => {
    const loaded = loadApiProfile("bad.yaml", fixtures);
    t.false(loaded.ok);
    t.deepEqual(!loaded.ok && loaded.problems, [
        `bad.yaml:3:3: operations.listApplicationz: not an operation: one of ${operations}`,
        "bad.yaml:6:11: operations.enableApplication.path: needs {id} exactly once (the application's numeric id), as in the built-in /oauth/applications/{id}/enable",
        "bad.yaml:8:13: operations.deleteApplication.method: not a method: one of GET, POST, PUT, PATCH, DELETE",
        "bad.yaml:10:11: operations.listApplications.path: has no application id: remove {id} (the built-in path is /oauth/applications)",
        "bad.yaml:12:14: operations.listApplications.pagination.style: not a pagination style: one of none, page, link, cursor",
        "bad.yaml:15:7: operations.listScopes.pagination.perPageParam: missing: the query parameter of the page size (e.g. per_page)",
        "bad.yaml:15:7: operations.listScopes.pagination.perPage: missing: the page size (e.g. 100)",
    ]);
});

test("a YAML syntax error is reported at its line and column", (t) => {
    const loaded = loadApiProfile("syntax.yaml", fixtures);
    t.deepEqual(!loaded.ok && loaded.problems, ["syntax.yaml:5:3: YAML syntax: Flow map in block collection must be sufficiently indented and end with a }"]);
});

test("JSON is read too, with positions; methods, fields, envelopes and clashes are checked per operation", (t) => {
    const json = JSON.stringify(
        {
            operations: {
                createApplication: { method: "GET", requestFields: { nam: "title" }, extra: 1 },
                deleteApplication: { aliases: { id: "app_id" } },
                setScopeTtls: { requestFields: { teams_write: "x" } },
                listScopes: { envelope: "data..scopes", aliases: { nam: "title" } },
                enableApplication: { path: "oauth/applications/{id}/{app}" },
                disableApplication: { method: "POST", path: "/oauth/applications/{id}/regenerate_secret" },
                token: { pagination: { style: "none" } },
                tokenInfo: { path: "/oauth/token/info?x=1" },
                revoke: { requestFields: { token: 7 } },
            },
        },
        null,
        2,
    );
    const result = parseApiProfile(json, "profile.json");
    t.false(result.ok);
    t.deepEqual(!result.ok && result.problems, [
        "profile.json:4:17: operations.createApplication.method: GET is not allowed: createApplication sends a request body; one of POST, PUT, PATCH, DELETE",
        "profile.json:6:9: operations.createApplication.requestFields.nam: not a request field of createApplication: one of name, scopes",
        "profile.json:8:7: operations.createApplication.extra: not a key of an operation: one of method, path, requestFields, envelope, aliases, pagination",
        "profile.json:11:18: operations.deleteApplication.aliases: deleteApplication's reply is not read: nothing to unwrap or rename",
        "profile.json:16:24: operations.setScopeTtls.requestFields: setScopeTtls's body maps scope names to seconds: it has no fields to rename",
        "profile.json:21:19: operations.listScopes.envelope: a field name or a dotted path of them, e.g. data.applications",
        "profile.json:23:9: operations.listScopes.aliases.nam: not a field of listScopes's reply: one of name, description, parent, default_ttl, ttl",
        'profile.json:27:15: operations.enableApplication.path: a path starts with "/" (it is joined to bringg:endpoint or the region\'s host), e.g. /oauth/applications/{id}/enable',
        "profile.json:27:15: operations.enableApplication.path: {app} is not a placeholder: a path has only {id}, the application's numeric id",
        "profile.json:31:15: operations.disableApplication.path: POST /oauth/applications/{id}/regenerate_secret is also regenerateSecret's: give each operation its own method and path",
        "profile.json:34:21: operations.token.pagination: only lists page: listApplications, listScopes",
        "profile.json:39:15: operations.tokenInfo.path: a path has no query, fragment or spaces",
        "profile.json:43:18: operations.revoke.requestFields.token: the account's name of the field, as text",
    ]);
});

test("a good profile loads; its source is the name as given", (t) => {
    const loaded = loadApiProfile("moved.yaml", fixtures);
    t.true(loaded.ok);
    if (!loaded.ok) return;
    t.is(loaded.profile.source, "moved.yaml");
    t.deepEqual(loaded.profile.operations.enableApplication, {
        method: "PUT",
        path: "/api/v2/oauth_apps/{id}/activate",
        envelope: "data.app",
        aliases: { client_id: "uid", name: "title" },
    });
    const paged = parseApiProfile(
        "operations:\n  listApplications:\n    pagination: { style: page, pageParam: page, perPageParam: per_page, perPage: 25 }\n",
        "p.yaml",
    );
    t.deepEqual(paged.ok && paged.profile.operations.listApplications?.pagination, {
        style: "page",
        pageParam: "page",
        perPageParam: "per_page",
        perPage: 25,
        firstPage: 1,
    });
});

test("a missing file, or one without operations, is a problem naming it", (t) => {
    const missing = loadApiProfile("nowhere.yaml", fixtures);
    t.deepEqual(!missing.ok && missing.problems, [`nowhere.yaml: cannot read the API profile (ENOENT; relative names are resolved against ${fixtures})`]);
    const empty = parseApiProfile("", "empty.yaml");
    t.regex((!empty.ok && empty.problems[0]) || "", /^empty\.yaml:1:1: operations: missing: a map of operation name/);
});

test("bringg:apiProfile, BRINGG_API_PROFILE and the account keys name the file; accounts without one use the stack's", (t) => {
    const dir = folder(t, {
        "moved.yaml": "operations:\n  listApplications:\n    path: /apps\n",
        "eu.yaml": "operations:\n  listApplications:\n    path: /eu/apps\n",
    });
    const admin = { username: "admin", password: "pw" };
    const load = (file: string) => loadApiProfile(file, dir);
    const stack = readStackConfig(
        (key) =>
            ({
                "bringg:endpoint": "http://127.0.0.1:9",
                "bringg:username": admin.username,
                "bringg:password": admin.password,
                "bringg:apiProfile": "moved.yaml",
                "bringg:accounts": JSON.stringify({ us: { endpoint: "http://127.0.0.1:9", ...admin }, eu: { endpoint: "http://127.0.0.1:9", ...admin } }),
            })[key],
    );
    const pathOf = (result: ReturnType<typeof resolveSettings>) =>
        result.ok ? result.settings.apiProfile?.operations.listApplications?.path : result.problems;
    t.is(pathOf(resolveSettings(stack, undefined, {}, load)), "/apps");
    t.is(pathOf(resolveSettings(stack, "us", {}, load)), "/apps");
    t.is(pathOf(resolveSettings(stack, "eu", { BRINGG_ACCOUNT_EU_API_PROFILE: "eu.yaml" }, load)), "/eu/apps");
    const envOnly = readStackConfig((key) => ({ "bringg:endpoint": "http://127.0.0.1:9", "bringg:username": "a", "bringg:password": "b" })[key]);
    t.is(pathOf(resolveSettings(envOnly, undefined, { BRINGG_API_PROFILE: "eu.yaml" }, load)), "/eu/apps");
    t.is(pathOf(resolveSettings(envOnly, undefined, {}, load)), undefined);
});

test("a bad profile is a settings problem: check fails per resource with file:line:col, and Bringg gets no call", async (t) => {
    const emulator = await startEmulator({ port: 0, ui: false });
    t.teardown(() => emulator.stop());
    const context = contextOf({
        "bringg:endpoint": emulator.url,
        "bringg:username": demoCredentials.username,
        "bringg:password": demoCredentials.password,
        "bringg:apiProfile": path.join(fixtures, "bad.yaml"),
    });
    const deps = { client: () => context.client(), settingsProblems: context.settingsProblems, warn: () => undefined };
    for (const name of ["one", "two"]) {
        const outcome = await check({}, { name, scopes: ["tasks_read"] }, deps);
        t.is(outcome.failures.length, 7);
        t.true(outcome.failures.every((failure) => failure.property === "" && /bad\.yaml:\d+:\d+: operations\./.test(failure.reason)));
        t.regex(outcome.failures[0]!.reason, /bad\.yaml:3:3: operations\.listApplicationz: not an operation: .* \(API profile, bringg:apiProfile\)$/);
    }
    t.throws(() => context.client(), { message: /bad\.yaml:6:11: operations\.enableApplication\.path/ });
    t.is(emulator.control.counters().total, 0);
});

test("a context reads its profile file once, whichever accounts name it", (t) => {
    const dir = folder(t, { "p.yaml": "operations:\n  listScopes:\n    path: /scopes\n" });
    const file = path.join(dir, "p.yaml");
    const admin = { endpoint: "http://127.0.0.1:9", username: "a", password: "b" };
    const context = contextOf({
        "bringg:endpoint": admin.endpoint,
        "bringg:username": admin.username,
        "bringg:password": admin.password,
        "bringg:apiProfile": file,
        "bringg:accounts": JSON.stringify({ eu: admin }),
    });
    t.is(context.client().apiProfile.operations.listScopes?.path, "/scopes");
    rmSync(file);
    t.is(context.client("eu").apiProfile.operations.listScopes?.path, "/scopes");
});

test("docs/real-bringg.md's complete example is the profile the tests serve, and loads", (t) => {
    const docs = readFileSync(path.resolve(fixtures, "..", "..", "..", "docs", "real-bringg.md"), "utf8");
    const example = /### A complete example[\s\S]*?```yaml\n([\s\S]*?)```/.exec(docs)?.[1];
    const fromDocs = parseApiProfile(example ?? "", "docs");
    const fixture = loadApiProfile("moved.yaml", fixtures);
    t.true(fromDocs.ok && fixture.ok);
    t.deepEqual(fromDocs.ok && fromDocs.profile.operations, fixture.ok && fixture.profile.operations);
});
