/**
 * Helpers for the emulator's tests: start and stop an emulator, and call it with node's fetch.
 */
import type { ExecutionContext, TestFn } from "ava";
import { routePath, routes, type RouteName } from "../../provider/api/routes";
import { seedUsers, startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator/server";

/** A user's credentials. */
export interface Credentials {
    readonly username: string;
    readonly password: string;
}

/** An HTTP reply: status, headers and the body, parsed when it is JSON. */
export interface Answer {
    readonly status: number;
    readonly headers: Headers;
    // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON shapes.
    readonly body: any;
}

/** What to send. `json`, `form`, `multipart` and `raw` are mutually exclusive bodies. */
export interface Call {
    readonly method?: string;
    readonly as?: Credentials;
    readonly bearer?: string;
    readonly json?: unknown;
    readonly form?: Record<string, string>;
    readonly multipart?: Record<string, string>;
    readonly raw?: string | Uint8Array;
    readonly headers?: Record<string, string>;
}

/** Starts one emulator for the whole test file and stops it afterwards. */
export function sharedEmulator(test: TestFn, options: EmulatorOptions = {}): () => RunningEmulator {
    let running: RunningEmulator | undefined;
    test.before(async () => {
        running = await startEmulator({ port: 0, ...options });
    });
    test.after.always(async () => {
        await running?.stop();
    });
    return () => running!;
}

/** Starts an emulator for one test (clock, fault and TTL tests must not disturb others). */
export async function freshEmulator(t: ExecutionContext, options: EmulatorOptions = {}): Promise<RunningEmulator> {
    const running = await startEmulator({ port: 0, ...options });
    t.teardown(() => running.stop());
    return running;
}

/** `Authorization: Basic …` for a user. */
export function basic(user: Credentials): string {
    return `Basic ${Buffer.from(`${user.username}:${user.password}`).toString("base64")}`;
}

/** Calls a path (or a route of the table, by name and parameters). */
export async function call(base: string, path: string, options: Call = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as) headers.authorization = basic(options.as);
    if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
    let body: RequestInit["body"];
    if (options.json !== undefined) {
        body = JSON.stringify(options.json);
        headers["content-type"] ??= "application/json";
    } else if (options.form) {
        body = new URLSearchParams(options.form);
    } else if (options.multipart) {
        const data = new FormData();
        for (const [key, value] of Object.entries(options.multipart)) data.append(key, value);
        body = data;
    } else if (options.raw !== undefined) {
        body = options.raw;
    }
    const response = await fetch(base + path, { method: options.method ?? (body ? "POST" : "GET"), headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get("content-type") ?? "").includes("json")) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed };
}

/** Calls a route of the table with its method. */
export function callRoute(
    emulator: RunningEmulator,
    name: RouteName,
    params: Record<string, string | number>,
    options: Omit<Call, "method"> & { method?: string } = {},
): Promise<Answer> {
    return call(emulator.url, routePath(name, params), { method: routes[name].method, ...options });
}

/** The demo merchant's admin. */
export const admin = seedUsers.demoAdmin;

/** An application as created, with its secret. */
export interface CreatedApp {
    readonly id: number;
    readonly client_id: string;
    readonly client_secret: string;
    readonly scopes: string[];
    readonly enabled: boolean;
    readonly name: string;
}

/** Creates an application through the Management API and, unless told otherwise, enables it. */
export async function createApp(
    emulator: RunningEmulator,
    scopes: string[],
    options: { as?: Credentials; enable?: boolean; name?: string } = {},
): Promise<CreatedApp> {
    const as = options.as ?? admin;
    const created = await callRoute(emulator, "createApplication", {}, { as, json: { name: options.name ?? "test app", scopes } });
    if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
    if (options.enable ?? true) {
        const enabled = await callRoute(emulator, "enableApplication", { id: created.body.id }, { as });
        if (enabled.status !== 200) throw new Error(`enable failed: ${enabled.status}`);
    }
    return created.body as CreatedApp;
}

/** Requests a token with the app's credentials in a form body. */
export function requestToken(
    emulator: RunningEmulator,
    app: { client_id: string; client_secret: string },
    extra: Record<string, string> = {},
): Promise<Answer> {
    return callRoute(
        emulator,
        "token",
        {},
        {
            form: { grant_type: "client_credentials", client_id: app.client_id, client_secret: app.client_secret, ...extra },
        },
    );
}

/** A token for the app; fails the test setup if none is issued. */
export async function tokenFor(
    emulator: RunningEmulator,
    app: { client_id: string; client_secret: string },
    extra: Record<string, string> = {},
): Promise<string> {
    const answer = await requestToken(emulator, app, extra);
    if (answer.status !== 200) throw new Error(`token failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.access_token as string;
}

/** Decodes a JWT's header and claims without checking the signature. */
export function decodeJwt(jwt: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
    const [header, claims] = jwt
        .split(".")
        .slice(0, 2)
        .map((part) => JSON.parse(Buffer.from(part, "base64url").toString()));
    return { header, claims };
}
