/**
 * `npx pulumi-bringg doctor`: a read-only first contact with a Bringg account. It resolves the
 * settings exactly as the provider does (a {@link ProviderContext} from the stack config and the
 * environment; `--account` for a named account), then checks, step by step, each with a verdict
 * and the fix: the settings, the host's name (DNS) and certificate (TLS), the admin credentials,
 * each read route (listApplications, listScopes), each reply's shape against the client's schemas,
 * the signs that a list is paged, and, given client credentials, the token, token-info and
 * introspection routes.
 *
 * Every Bringg call goes through the account's {@link BringgClient} (its profile, retries,
 * deadline and redaction); the exchanges are observed with got hooks (./doctor-record.ts), which
 * also refuse any admin call but a GET: the doctor never changes anything in Bringg. It never
 * prints a value of a reply (shapes are types only), a password, a secret or a token.
 */
import type { ApiProfile } from "../api/profile";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { connect, type PeerCertificate } from "node:tls";
import type { z } from "zod";
import { routePath, routes, type RouteName } from "../api/routes";
import { BringgClient } from "../core/client";
import { settingNames, type BringgSettings } from "../core/config";
import { createProviderContext, type ConfigReader, type ProviderContext } from "../core/context";
import { BringgApiError } from "../core/errors";
import { ExchangeLog, Placeholders, writeRecordings, type Exchange } from "./doctor-record";
import { listedItems, pagingSigns, shapeIssues, type PagingSign, type ShapeIssue } from "./doctor-shape";

/** A step's verdict: `skip` when an earlier failure (or a missing input) left nothing to check. */
export type Verdict = "ok" | "warn" | "fail" | "skip";

/** One step of the report. */
export interface DoctorStep {
    /** Stable id, e.g. `settings`, `route:listApplications`, `shape:listScopes`, `paging:listApplications`. */
    readonly id: string;
    readonly verdict: Verdict;
    /** One line: what was found. */
    readonly summary: string;
    /** More lines: each shape issue, each paging sign, each settings problem. */
    readonly details?: readonly string[];
    /** What to do, for `warn` and `fail`. */
    readonly fix?: string;
    /** Machine-readable findings (never a secret or a reply's value). */
    readonly data?: Readonly<Record<string, unknown>>;
}

/** The whole report: `--json` prints it as it is. */
export interface DoctorReport {
    /** `fail` when a step failed, `warn` when one warned, else `ok`. */
    readonly verdict: "ok" | "warn" | "fail";
    /** The named account checked; absent for the default settings. */
    readonly account?: string;
    /** The endpoint checked, when the settings resolved. */
    readonly endpoint?: string;
    /** Where the `bringg:*` stack config came from, or why none was read. */
    readonly configSource: string;
    readonly steps: readonly DoctorStep[];
}

/** Client credentials to check the OAuth routes with (from stdin). */
export interface ClientCredentials {
    readonly clientId: string;
    readonly clientSecret: string;
}

/** Options of {@link runDoctor}. */
export interface DoctorOptions {
    /** A reader of the `bringg:*` stack config; absent: the environment alone, as without a Pulumi project. */
    readonly config?: ConfigReader;
    /** Where the stack config came from, for the report, e.g. `stack "dev" (pulumi config in /src/shop)`. */
    readonly configSource?: string;
    /** Why the stack config could not be read: the settings step fails with it. */
    readonly configProblem?: { readonly message: string; readonly fix: string };
    /** The environment (`BRINGG_*`); default `process.env`. */
    readonly env?: NodeJS.ProcessEnv;
    /** A named account (`bringg:accounts.<name>`); absent: the default settings. */
    readonly account?: string;
    /** Check the token, token-info and introspection routes with these. */
    readonly clientCredentials?: ClientCredentials;
    /** Write every exchange, redacted, into this folder. */
    readonly recordDir?: string;
    /** Override of the client's retries (tests). */
    readonly retryLimit?: number;
}

/** The read routes the doctor calls with the admin credentials: GETs only. */
export const adminReads = ["listApplications", "listScopes"] as const satisfies readonly RouteName[];
/** The OAuth routes it calls with client credentials. */
export const oauthReads = ["token", "tokenInfo", "introspect"] as const satisfies readonly RouteName[];

/** Parses `--client-credentials -` input: JSON `{clientId, clientSecret}` (or `client_id`, `client_secret`), or two lines. */
export function parseClientCredentials(text: string): ClientCredentials | string {
    const trimmed = text.trim();
    if (trimmed.startsWith("{")) {
        let value: Record<string, unknown>;
        try {
            value = JSON.parse(trimmed) as Record<string, unknown>;
        } catch {
            return 'the client credentials on stdin are not valid JSON: give {"clientId": ..., "clientSecret": ...} or the two on two lines';
        }
        const clientId = value.clientId ?? value.client_id;
        const clientSecret = value.clientSecret ?? value.client_secret;
        if (typeof clientId !== "string" || clientId === "" || typeof clientSecret !== "string" || clientSecret === "") {
            return "the client credentials on stdin need a clientId and a clientSecret (strings)";
        }
        return { clientId, clientSecret };
    }
    const lines = trimmed.split(/\r?\n/).map((line) => line.trim());
    if (lines.length !== 2 || lines[0] === "" || lines[1] === "") {
        return 'the client credentials on stdin are two lines (client id, then client secret) or JSON {"clientId": ..., "clientSecret": ...}';
    }
    return { clientId: lines[0]!, clientSecret: lines[1]! };
}

/** Collects steps; the verdict of the run follows from them. */
class Steps {
    readonly list: DoctorStep[] = [];
    add(step: DoctorStep): DoctorStep {
        this.list.push(step);
        return step;
    }
    skip(ids: readonly string[], why: string): void {
        for (const id of ids) this.add({ id, verdict: "skip", summary: why });
    }
}

/** The steps of one route: its call, its reply's shape, and for lists the paging. */
function routeStepIds(name: RouteName): string[] {
    return (adminReads as readonly string[]).includes(name) ? [`route:${name}`, `shape:${name}`, `paging:${name}`] : [`route:${name}`, `shape:${name}`];
}

/**
 * Runs every step and returns the report; never throws for a problem of the account (each is a
 * failed step), and never writes to Bringg.
 */
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
    const env = options.env ?? process.env;
    const context = createProviderContext(options.config ?? (() => undefined), env);
    const steps = new Steps();
    const account = options.account;
    const configSource = options.configSource ?? (options.config ? "the given stack config" : "the environment only (no Pulumi project)");
    if (options.clientCredentials) context.secrets.register(options.clientCredentials.clientSecret);
    const laterSteps = ["dns", "tls", "auth", ...adminReads.flatMap(routeStepIds), ...oauthReads.flatMap(routeStepIds)];
    const report = (endpoint?: string): DoctorReport => {
        const verdict = steps.list.some((s) => s.verdict === "fail") ? "fail" : steps.list.some((s) => s.verdict === "warn") ? "warn" : "ok";
        // Each text on its own: a credential shape must not be matched across two fields of the report.
        const whole = { verdict, ...(account === undefined ? {} : { account }), ...(endpoint ? { endpoint } : {}), configSource, steps: steps.list };
        return redactedEach(whole, (text) => context.secrets.redact(text)) as DoctorReport;
    };

    // ---- settings ----
    const settings = settingsStep(context, options, account, configSource, steps);
    if (!settings) {
        steps.skip(laterSteps, "skipped: the settings are not usable");
        return report();
    }
    const base = settings.client;
    const log = new ExchangeLog();
    const client = new BringgClient({
        settings: base.settings,
        secrets: context.secrets,
        apiProfile: base.apiProfile,
        hooks: log.hooks(),
        ...(options.retryLimit === undefined ? {} : { retry: { limit: options.retryLimit } }),
    });

    // ---- the host ----
    const url = new URL(base.settings.baseUrl);
    const reachable = (await dnsStep(url, base.settings, steps)) && (await tlsStep(url, base.settings, steps));
    if (!reachable) {
        steps.skip(laterSteps.slice(2), "skipped: the host cannot be reached");
        return finish();
    }

    // ---- admin reads ----
    const apps = await observe(log, "listApplications", () => client.listApplications({ resource: "the doctor", fresh: true }));
    const refused = apps.error && ["unauthorized", "forbidden", "network"].includes(apps.error.code);
    const scopes = refused ? undefined : await observe(log, "listScopes", () => client.listScopes({ resource: "the doctor", fresh: true }));
    authStep(apps, scopes, base.settings, steps);
    if (refused) steps.skip(adminReads.flatMap(routeStepIds), "skipped: the admin read was refused");
    else {
        routeSteps(client, apps, steps, (value) => `${(value as unknown[]).length} application(s)`);
        routeSteps(client, scopes!, steps, (value) => `${(value as unknown[]).length} scope(s)`);
    }

    // ---- OAuth, with client credentials ----
    const oauthIds = oauthReads.flatMap(routeStepIds);
    const credentials = options.clientCredentials;
    if (!credentials) steps.skip(oauthIds, "skipped: no client credentials given (--client-credentials -)");
    else await oauthSteps(client, log, credentials, steps);
    return finish();

    function finish(): DoctorReport {
        if (options.recordDir !== undefined) {
            try {
                const files = writeRecordings(options.recordDir, log.exchanges, {
                    placeholders: new Placeholders(),
                    secrets: context.secrets,
                    baseUrl: base.settings.baseUrl,
                    username: base.settings.username,
                    fieldAliases: renamedFields(base.apiProfile),
                });
                steps.add({ id: "record", verdict: "ok", summary: `${files.length} exchange(s) written, redacted, to ${options.recordDir}`, data: { files } });
            } catch (error) {
                steps.add({
                    id: "record",
                    verdict: "fail",
                    summary: `the exchanges could not be written to ${options.recordDir}: ${(error as Error).message}`,
                    fix: "give --record a folder this user can write",
                });
            }
        }
        return report(base.settings.baseUrl);
    }
}

// ---- steps ----------------------------------------------------------------------------------------

function settingsStep(
    context: ProviderContext,
    options: DoctorOptions,
    account: string | undefined,
    configSource: string,
    steps: Steps,
): { client: BringgClient } | undefined {
    const who = account === undefined ? "the default settings" : `account ${JSON.stringify(account)}`;
    if (options.configProblem) {
        steps.add({
            id: "settings",
            verdict: "fail",
            summary: `the stack config could not be read: ${options.configProblem.message}`,
            fix: options.configProblem.fix,
        });
        return undefined;
    }
    const problems = context.settingsProblems(account);
    if (problems.length > 0) {
        steps.add({
            id: "settings",
            verdict: "fail",
            summary: `${who} (from ${configSource}) have ${problems.length} problem(s)`,
            details: problems.map((p) => p.message),
            fix: "set each key named above (every problem is listed), then run the doctor again",
            data: { problems: problems.map((p) => ({ key: p.key, message: p.message })) },
        });
        return undefined;
    }
    let client: BringgClient;
    try {
        // The account's client, as the provider makes it: with its API profile.
        client = context.client(account);
    } catch (error) {
        steps.add({
            id: "settings",
            verdict: "fail",
            summary: `${who} cannot make a Bringg client: ${(error as Error).message}`,
            fix: "fix what the message names (a profile file: the line and column it gives), then run the doctor again",
        });
        return undefined;
    }
    const s = client.settings;
    const others =
        account === undefined && context.accountNames.length > 0 ? `; named accounts: ${context.accountNames.join(", ")} (check one with --account NAME)` : "";
    steps.add({
        id: "settings",
        verdict: "ok",
        summary: `${who} from ${configSource}: ${s.region ? `region ${s.region} (${s.baseUrl})` : s.baseUrl}, admin user ${s.username}${others}`,
        details: [`timeout ${Math.round((s.timeoutMs ?? 0) / 1000)} s per call`, `API profile: ${client.apiProfile.source ?? "the built-in route table"}`],
        data: {
            endpoint: s.baseUrl,
            ...(s.region ? { region: s.region } : {}),
            username: s.username,
            apiProfile: client.apiProfile.source ?? null,
            accounts: context.accountNames,
        },
    });
    return { client };
}

function locationKeys(settings: BringgSettings): string {
    const names = settingNames(settings.account);
    return settings.region ? `${names.configKey("region")} (or ${names.envVar("region")})` : `${names.configKey("endpoint")} (or ${names.envVar("endpoint")})`;
}

async function dnsStep(url: URL, settings: BringgSettings, steps: Steps): Promise<boolean> {
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (isIP(host)) {
        steps.add({ id: "dns", verdict: "ok", summary: `${host} is an IP address: nothing to resolve` });
        return true;
    }
    try {
        const addresses = await lookup(host, { all: true });
        steps.add({
            id: "dns",
            verdict: "ok",
            summary: `${host} resolves to ${addresses.map((a) => a.address).join(", ")}`,
            data: { addresses: addresses.map((a) => a.address) },
        });
        return true;
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? "error";
        steps.add({
            id: "dns",
            verdict: "fail",
            summary: `${host} does not resolve (${code})`,
            fix: `check ${locationKeys(settings)}: a Bringg region's host, or your endpoint's; and this machine's DNS (a VPN or proxy may be needed)`,
        });
        return false;
    }
}

const loopbackHosts = new Set(["localhost", "127.0.0.1", "::1"]);

async function tlsStep(url: URL, settings: BringgSettings, steps: Steps): Promise<boolean> {
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (url.protocol === "http:") {
        if (loopbackHosts.has(host) || host.startsWith("127.")) {
            steps.add({ id: "tls", verdict: "ok", summary: `plain http to a loopback address (an emulator, or a local proxy): no certificate to check` });
        } else {
            steps.add({
                id: "tls",
                verdict: "warn",
                summary: `plain http to ${host}: the admin password travels unencrypted`,
                fix: `use the https URL in ${locationKeys(settings)} (Bringg's hosts are https)`,
            });
        }
        return true;
    }
    const port = Number(url.port || 443);
    const timeoutMs = settings.timeoutMs ?? 45_000;
    const outcome = await new Promise<{ cert: PeerCertificate; protocol: string | null } | { error: string }>((resolve) => {
        const socket = connect({ host, port, ...(isIP(host) ? {} : { servername: host }) });
        const timer = setTimeout(() => {
            socket.destroy();
            resolve({ error: `no TLS handshake within ${Math.round(timeoutMs / 1000)} s` });
        }, timeoutMs);
        socket.once("secureConnect", () => {
            clearTimeout(timer);
            const result = { cert: socket.getPeerCertificate(), protocol: socket.getProtocol() };
            socket.end();
            resolve(result);
        });
        socket.once("error", (error: NodeJS.ErrnoException) => {
            clearTimeout(timer);
            socket.destroy();
            resolve({ error: error.code ?? error.message });
        });
    });
    if ("error" in outcome) {
        steps.add({
            id: "tls",
            verdict: "fail",
            summary: `the TLS handshake with ${host}:${port} failed (${outcome.error})`,
            fix:
                `check ${locationKeys(settings)}; if this machine reaches the internet through a proxy that inspects TLS, ` +
                "give Node its CA with NODE_EXTRA_CA_CERTS=<ca bundle file>",
        });
        return false;
    }
    const expires = Date.parse(outcome.cert.valid_to);
    const days = Math.floor((expires - Date.now()) / 86_400_000);
    const summary = `${outcome.protocol ?? "TLS"}, certificate for ${outcome.cert.subject?.CN ?? host} from ${outcome.cert.issuer?.O ?? outcome.cert.issuer?.CN ?? "an issuer"} is trusted, valid ${days} more day(s)`;
    steps.add(
        days < 14
            ? {
                  id: "tls",
                  verdict: "warn",
                  summary,
                  fix: "the certificate expires soon: if it is your proxy's, renew it; if it is Bringg's, tell Bringg support",
              }
            : { id: "tls", verdict: "ok", summary },
    );
    return true;
}

/** A call's outcome as observed: the parsed value or the error, and its exchanges. */
interface Observed {
    readonly name: RouteName;
    readonly value?: unknown;
    readonly error?: BringgApiError;
    /** A failure that is not a BringgApiError (a refused write, a bug): its message. */
    readonly other?: string;
    readonly exchanges: readonly Exchange[];
}

async function observe(log: ExchangeLog, name: RouteName, call: () => Promise<unknown>): Promise<Observed> {
    log.operation = name;
    const start = log.exchanges.length;
    try {
        const value = await call();
        return { name, value, exchanges: log.since(start) };
    } catch (error) {
        if (BringgApiError.isInstance(error)) return { name, error, exchanges: log.since(start) };
        return { name, other: (error as Error).message, exchanges: log.since(start) };
    }
}

/** `GET /oauth/applications`, from what was sent (a profile may change it). */
function callOf(observed: Observed): string {
    const last = observed.exchanges.at(-1);
    if (last) return `${last.request.method} ${new URL(last.request.url).pathname}`;
    return `${routes[observed.name].method} ${routePath(observed.name, { id: "{id}" })}`;
}

function statusOf(observed: Observed): number | undefined {
    return observed.exchanges.at(-1)?.response?.status ?? observed.error?.status;
}

function authStep(apps: Observed, scopes: Observed | undefined, settings: BringgSettings, steps: Steps): void {
    const answered = [apps, scopes].find((o) => o && (o.value !== undefined || o.error?.code === "invalid_response"));
    const who = `admin user ${settings.username}`;
    if (answered) {
        steps.add({ id: "auth", verdict: "ok", summary: `${who} is accepted: ${callOf(answered)} answered ${statusOf(answered)}` });
        return;
    }
    const error = apps.error;
    if (error && (error.code === "unauthorized" || error.code === "forbidden")) {
        steps.add({
            id: "auth",
            verdict: "fail",
            summary:
                error.code === "unauthorized"
                    ? `Bringg refused the username and password of ${who} (${callOf(apps)} answered ${error.status})`
                    : `${who} is not allowed to read applications (${callOf(apps)} answered ${error.status}): not an admin of this merchant`,
            fix: error.fix,
        });
        return;
    }
    if (error?.code === "network" || apps.other) {
        steps.add({
            id: "auth",
            verdict: "fail",
            summary: `no reply from Bringg to ${callOf(apps)}: ${error?.bringgMessage ?? apps.other}`,
            fix: error?.fix ?? `check ${locationKeys(settings)}`,
        });
        return;
    }
    steps.add({
        id: "auth",
        verdict: "warn",
        summary: `not confirmed: no admin read answered with success (${[apps, scopes]
            .filter(Boolean)
            .map((o) => `${callOf(o!)} ${statusOf(o!) ?? o!.error?.code}`)
            .join(", ")})`,
        fix: "see the route steps below: once a read route answers, the credentials are confirmed",
    });
}

/** The fix for a route the account does not serve where the route table says. */
function routeFix(name: RouteName, code: string): string {
    const what = code === "unsupported" ? "method" : "path";
    return (
        `this account does not serve ${name} at the built-in ${what}: find the right one (Bringg's API reference or support) and declare it ` +
        `in an API profile (operations.${name}.${what}), named by bringg:apiProfile; see docs/real-bringg.md`
    );
}

/** The route, shape and (for lists) paging steps of one observed call. */
function routeSteps(client: BringgClient, observed: Observed, steps: Steps, describe: (value: unknown) => string): void {
    const { name, error } = observed;
    const list = (adminReads as readonly string[]).includes(name);
    const call = callOf(observed);
    const status = statusOf(observed);
    const reply = successes(observed);
    if (reply.length === 0) {
        const code = error?.code ?? "error";
        steps.add({
            id: `route:${name}`,
            verdict: "fail",
            summary: `${call} ${status === undefined ? `failed (${error?.bringgMessage ?? observed.other ?? code})` : `answered ${status}`}${error?.bringgMessage && status !== undefined ? `: ${error.bringgMessage}` : ""}`,
            fix: code === "not_found" || code === "unsupported" ? routeFix(name, code) : (error?.fix ?? "see the message"),
            data: { status: status ?? null, code },
        });
        steps.skip(list ? [`shape:${name}`, `paging:${name}`] : [`shape:${name}`], `skipped: ${name} did not answer with success`);
        return;
    }
    if (observed.value !== undefined || error?.code === "invalid_response") {
        steps.add({
            id: `route:${name}`,
            verdict: "ok",
            summary: `${call} answered ${status}${observed.value !== undefined ? `: ${describe(observed.value)}` : ""}`,
            data: { status: status ?? null, pages: reply.length },
        });
    } else {
        // Bringg answered, and the client still refused the reply (e.g. a list that shows more pages than it reads).
        steps.add({
            id: `route:${name}`,
            verdict: "fail",
            summary: `${call} answered ${status}, and the client refused the reply: ${error?.message ?? observed.other}`,
            fix: error?.fix ?? "see the message",
            data: { status: status ?? null, pages: reply.length, code: error?.code ?? "error" },
        });
    }
    shapeStep(client, observed, reply, steps);
    if (list) pagingStep(client, name, reply, steps);
}

/** The exchanges of a call that Bringg answered with success. */
function successes(observed: Observed): Exchange[] {
    return observed.exchanges.filter((e) => e.response !== undefined && e.response.status >= 200 && e.response.status < 300);
}

/**
 * The shape step: the raw replies against the route's schema (path, expected, got); where the
 * API profile reshapes the reply first, the client's own verdict (its message names paths too).
 */
function shapeStep(client: BringgClient, observed: Observed, reply: readonly Exchange[], steps: Steps): void {
    const { name, error } = observed;
    const operation = client.apiProfile.operations[name];
    const reshaped = operation?.envelope !== undefined || operation?.aliases !== undefined;
    const schema = reshaped ? undefined : (routes[name] as { response?: z.ZodType }).response;
    const issues: ShapeIssue[] = schema ? reply.flatMap((exchange) => shapeIssues(schema, exchange.response!.body)) : [];
    const clientRefused = error?.code === "invalid_response";
    if (issues.length === 0 && !clientRefused) {
        steps.add({
            id: `shape:${name}`,
            verdict: "ok",
            summary: `the ${reply.length > 1 ? `${reply.length} replies parse` : "reply parses"} with the client's schema of ${name}`,
        });
        return;
    }
    const details =
        issues.length > 0
            ? issues.slice(0, 20).map((i) => `${i.path}: expected ${i.expected}, got ${i.got}`)
            : // The profile reshaped the reply before the client parsed it: the client's own account of it.
              [error?.bringgMessage ?? "the reply does not match"];
    steps.add({
        id: `shape:${name}`,
        verdict: clientRefused || observed.value === undefined ? "fail" : "warn",
        summary: `the reply of ${callOf(observed)} differs from the client's schema of ${name} in ${issues.length || details.length} place(s)`,
        details: issues.length > 20 ? [...details, `... and ${issues.length - 20} more`] : details,
        fix:
            `if this is Bringg's shape, declare it in an API profile (operations.${name}.envelope for where the list sits, ` +
            `operations.${name}.aliases for renamed fields), named by bringg:apiProfile; run with --record DIR and attach the files to an issue`,
        data: { issues },
    });
}

function pagingStep(client: BringgClient, name: RouteName, reply: readonly Exchange[], steps: Steps): void {
    const declared = client.apiProfile.operations[name]?.pagination?.style ?? "none";
    const last = reply.at(-1);
    const signs: PagingSign[] = last ? pagingSigns(last.response!.headers, last.response!.body) : [];
    const strong = signs.filter((s) => !s.weak);
    const details = signs.map((s) => `${s.where}: ${s.what}`);
    const data = { declared, pages: reply.length, items: last ? listedItems(last.response!.body) : 0, signs };
    const fix =
        `declare how ${name} pages in an API profile (operations.${name}.pagination: style page, link or cursor), named by bringg:apiProfile; ` +
        "until then a refresh cannot tell a missing page from deleted applications";
    if (strong.length > 0 && declared === "none") {
        steps.add({
            id: `paging:${name}`,
            verdict: "fail",
            summary: `the reply shows signs of more pages, and the API profile declares no pagination`,
            details,
            fix,
            data,
        });
    } else if (strong.length > 0) {
        steps.add({
            id: `paging:${name}`,
            verdict: "ok",
            summary: `the profile declares ${declared} pagination; the last of ${reply.length} page(s) read still shows signs of more`,
            details,
            data,
        });
    } else if (signs.length > 0 && declared === "none") {
        steps.add({
            id: `paging:${name}`,
            verdict: "warn",
            summary: "no sign of pages, but the list is exactly a common page size",
            details,
            fix: `compare with the count in Bringg's web UI; if it shows more, ${fix}`,
            data,
        });
    } else {
        steps.add({
            id: `paging:${name}`,
            verdict: "ok",
            summary:
                declared === "none"
                    ? "no sign of more pages (the profile declares none)"
                    : `the profile declares ${declared} pagination; ${reply.length} page(s) read`,
            data,
        });
    }
}

async function oauthSteps(client: BringgClient, log: ExchangeLog, credentials: ClientCredentials, steps: Steps): Promise<void> {
    const token = await observe(log, "token", () => client.requestToken(credentials, { resource: "the doctor" }));
    const issued = token.value as { access_token: string; token_type: string; expires_in: number; scope?: string } | undefined;
    const clientFix =
        "check the client id and secret given on stdin (the application's, from Bringg's Settings → Webhooks & API or the Application's outputs), " +
        "and that the application is enabled";
    if (!issued) {
        oauthFailure(client, token, steps, token.error?.code === "unauthorized" || token.error?.code === "validation" ? clientFix : undefined);
        steps.skip([...routeStepIds("tokenInfo"), ...routeStepIds("introspect")], "skipped: no token was issued");
        return;
    }
    oauthSuccess(
        client,
        token,
        steps,
        `a token of type ${issued.token_type}, lifetime ${issued.expires_in} s${issued.scope ? `, scopes ${issued.scope}` : ""}`,
        {
            tokenType: issued.token_type,
            expiresIn: issued.expires_in,
            scopes: issued.scope?.split(/\s+/).filter(Boolean) ?? null,
        },
    );

    const info = await observe(log, "tokenInfo", () => client.call("tokenInfo", { resource: "the doctor", bearer: issued.access_token }));
    const described = info.value as { scope: string[]; expires_in: number; application: { uid: string } } | undefined;
    if (described) {
        const ours = described.application.uid === credentials.clientId;
        oauthSuccess(
            client,
            info,
            steps,
            `granted scopes ${described.scope.join(" ") || "(none)"}, expires in ${described.expires_in} s, ${ours ? "issued to the given client id" : "issued to ANOTHER client id"}`,
            { scopes: described.scope, expiresIn: described.expires_in, sameClient: ours },
            ours ? undefined : "the token-info reply names another application than the client id given: tell Bringg support",
        );
    } else oauthFailure(client, info, steps);

    const introspected = await observe(log, "introspect", () => client.introspect({ ...credentials, token: issued.access_token }, { resource: "the doctor" }));
    const state = introspected.value as { active: boolean; scope?: string; exp?: number; iat?: number } | undefined;
    if (state) {
        const lifetime = state.exp !== undefined && state.iat !== undefined ? `, lifetime ${state.exp - state.iat} s` : "";
        oauthSuccess(
            client,
            introspected,
            steps,
            state.active ? `active${state.scope ? `, scopes ${state.scope}` : ""}${lifetime}` : "the token just issued is reported INACTIVE",
            {
                active: state.active,
                scopes: state.scope?.split(/\s+/).filter(Boolean) ?? null,
                lifetime: state.exp !== undefined && state.iat !== undefined ? state.exp - state.iat : null,
            },
            state.active
                ? undefined
                : "introspection does not recognise a token its own server just issued: tell Bringg support; secret rotation's check relies on it",
            state.active ? undefined : "fail",
        );
    } else oauthFailure(client, introspected, steps);
}

function oauthSuccess(
    client: BringgClient,
    observed: Observed,
    steps: Steps,
    what: string,
    data: Record<string, unknown>,
    fix?: string,
    verdict: Verdict = fix ? "warn" : "ok",
): void {
    steps.add({ id: `route:${observed.name}`, verdict, summary: `${callOf(observed)} answered ${statusOf(observed)}: ${what}`, data, ...(fix ? { fix } : {}) });
    shapeStep(client, observed, successes(observed), steps);
}

function oauthFailure(client: BringgClient, observed: Observed, steps: Steps, fix?: string): void {
    if (observed.error?.code === "invalid_response") {
        steps.add({ id: `route:${observed.name}`, verdict: "ok", summary: `${callOf(observed)} answered ${statusOf(observed)}` });
        shapeStep(client, observed, successes(observed), steps);
        return;
    }
    const status = statusOf(observed);
    const code = observed.error?.code ?? "error";
    steps.add({
        id: `route:${observed.name}`,
        verdict: "fail",
        summary: `${callOf(observed)} ${status === undefined ? "failed" : `answered ${status}`}${observed.error?.bringgMessage ? `: ${observed.error.bringgMessage}` : observed.other ? `: ${observed.other}` : ""}`,
        fix: fix ?? (code === "not_found" || code === "unsupported" ? routeFix(observed.name, code) : (observed.error?.fix ?? "see the message")),
        data: { status: status ?? null, code },
    });
    steps.skip([`shape:${observed.name}`], `skipped: ${observed.name} did not answer with success`);
}

// ---- text -----------------------------------------------------------------------------------------

/** The report as a person reads it: one line per step, its details and fix indented. */
export function formatDoctorReport(report: DoctorReport): string {
    const lines = [
        `pulumi-bringg doctor: ${report.account === undefined ? "default settings" : `account ${report.account}`}${report.endpoint ? ` at ${report.endpoint}` : ""}`,
        "",
    ];
    for (const step of report.steps) {
        lines.push(`${step.verdict.padEnd(5)} ${step.id.padEnd(24)} ${step.summary}`);
        for (const detail of step.details ?? []) lines.push(`${" ".repeat(31)}- ${detail}`);
        if (step.fix && step.verdict !== "ok" && step.verdict !== "skip") lines.push(`${" ".repeat(31)}fix: ${step.fix}`);
    }
    const count = (v: Verdict) => report.steps.filter((s) => s.verdict === v).length;
    lines.push(
        "",
        `${report.verdict}: ${count("ok")} ok, ${count("warn")} warned, ${count("fail")} failed, ${count("skip")} skipped. The doctor changed nothing in Bringg.`,
    );
    return lines.join("\n");
}

/** The exit status of a report: 1 when a step failed, else 0. */
export function doctorExitCode(report: DoctorReport): 0 | 1 {
    return report.verdict === "fail" ? 1 : 0;
}

/** A copy of `value` with every string in it passed through `redact`. */
function redactedEach(value: unknown, redact: (text: string) => string): unknown {
    if (typeof value === "string") return redact(value);
    if (Array.isArray(value)) return value.map((item) => redactedEach(item, redact));
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactedEach(item, redact)]));
    }
    return value;
}

/** The account's own names for an application's `name` and `client_id`, from its API profile (the last segment of each). */
function renamedFields(profile: ApiProfile): { name: string[]; clientId: string[] } {
    const name = new Set<string>();
    const clientId = new Set<string>();
    for (const op of Object.values(profile.operations)) {
        const renames = { ...op?.requestFields, ...op?.aliases };
        const last = (path: string | undefined) => path?.slice(path.lastIndexOf(".") + 1);
        const n = last(renames.name);
        const c = last(renames.client_id);
        if (n) name.add(n);
        if (c) clientId.add(c);
    }
    return { name: [...name], clientId: [...clientId] };
}
