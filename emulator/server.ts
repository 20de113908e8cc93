/**
 * The local Bringg API emulator: a node:http server that answers every route of
 * provider/api/routes.ts like Bringg does where Bringg is documented (docs/bringg-api.md), plus
 * optional test controls under `/__control/`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { z } from "zod";
import { setTimeout as sleep } from "node:timers/promises";
import { defaultProfile, type ApiProfile } from "../provider/api/profile";
import { operationProfile, profiledRoute, replyAsSent, requestAsReceived } from "../provider/api/profile-apply";
import { routes, type RouteName } from "../provider/api/routes";
import { loadApiProfile } from "../provider/core/profile-file";
import { controlArguments, controlPrefix, ControlError, Controls, SettableClock, type EmulatorControl } from "./controls";
import {
    ApiError,
    describeIssues,
    errorReply,
    errorStyleOf,
    matchRoute,
    parseBody,
    readBody,
    routeMatcher,
    send,
    type CallTrace,
    type ErrorStyle,
    type Handler,
    type RouteMatcher,
    withQueryParameters,
} from "./http";
import { CallLog } from "./call-log";
import { loadCatalogFile, type LoadedCatalog } from "./catalog-file";
import { isPagePath, pageHeader, servePage } from "./page";
import { managementHandlers } from "./management";
import { checkPaging, type Paging } from "./paging";
import { oauthHandlers } from "./oauth";
import { loadState, saveState } from "./persistence";
import { seedState } from "./seed";
import { serviceRoutes, type ServiceRoute } from "./services";
import { DomainError, Store } from "./store";
import { serveVendor, vendorControl, vendorControlArguments, vendorControlPrefix, vendorOf, VendorStore, type VendorControl } from "./vendors";

export { demoCredentials, seedUsers, type SeedUser } from "./seed";
export type { LoadedCatalog } from "./catalog-file";
export type { Paging, PageStyle } from "./paging";
export type { EmulatorControl, Fault, Counters } from "./controls";
export { demoVendorCredentials, type VendorControl } from "./vendors";

/** How to start the emulator. */
export interface EmulatorOptions {
    /**
     * An account's own scope catalog instead of the default tree: a file (JSON or YAML, as the
     * Scopes API lists it; see ./catalog-file.ts) or one already loaded.
     */
    readonly catalog?: string | LoadedCatalog | undefined;
    /**
     * Regions to serve on hosts (ports) of their own, like Bringg's regional hosts: each knows only
     * the merchants of its region. The main URL keeps serving every merchant.
     */
    readonly regions?: readonly string[] | undefined;
    /** Serve the settings page at `/` (default true). */
    readonly ui?: boolean | undefined;
    /** TCP port; 0 (the default) picks a free one. */
    readonly port?: number | undefined;
    /** Interface to bind; default 127.0.0.1. */
    readonly host?: string | undefined;
    /** JSON file that keeps the state across restarts; without it, state lives in memory. */
    readonly dataFile?: string | undefined;
    /** Serve `/__control/*` over HTTP (loopback callers only). Default true; the CLI defaults to false. */
    readonly controls?: boolean | undefined;
    /**
     * Delay before every Bringg API call is handled, in milliseconds (default 0), as a remote
     * Bringg adds a network round trip to each call; a fault's `latencyMs` comes on top.
     */
    readonly latencyMs?: number | undefined;
    /**
     * Serve the API as an API profile describes it (provider/api/profile.ts): a profile file (YAML
     * or JSON, relative to the working directory) or one already loaded. Each operation is served
     * at the profile's method and path, request fields are read by the profile's names, and
     * successful replies come in its envelope and field names, so that a client given the same
     * profile talks to it. The settings page keeps using the built-in routes. Default: the built-in table.
     */
    readonly apiProfile?: string | ApiProfile | undefined;
    /**
     * Page the lists as a server that pages them does (`--page-size`, `--page-style`): `size` items
     * a page, in one of the styles of ./paging.ts; the applications list only unless `lists` says
     * otherwise. Without it, a list comes whole in one reply.
     */
    readonly paging?: Paging | undefined;
}

/** A running emulator. */
export interface RunningEmulator {
    /** Base URL, e.g. `http://127.0.0.1:41234`; use it as the provider's endpoint. */
    readonly url: string;
    /** The base URL of each region asked for in `regions`. */
    readonly regionUrls: Readonly<Record<string, string>>;
    /** Closes the server and every open connection. */
    stop(): Promise<void>;
    /** The test controls, in-process (always available, whatever `controls` says). */
    readonly control: EmulatorControl;
    /** The vendor emulators' controls (Bruin, Brainysoft, Brite under /bruin, /brainysoft, /brite). */
    readonly vendors: VendorControl;
}

const loopback = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/** Starts the emulator and resolves once it is listening. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
    const clock = new SettableClock();
    const { dataFile } = options;
    const state = (dataFile && loadState(dataFile)) || seedState();
    const store = new Store(state, () => clock.now(), dataFile ? () => saveState(dataFile, store.snapshot()) : undefined);
    if (dataFile) saveState(dataFile, store.snapshot());
    if (options.catalog !== undefined) {
        const loaded = typeof options.catalog === "string" ? loadCatalogFile(options.catalog) : options.catalog;
        store.useCatalog(loaded.scopes, loaded.ttlOverrides);
    }
    const apiProfile = typeof options.apiProfile === "string" ? readProfile(options.apiProfile) : (options.apiProfile ?? defaultProfile);
    const controls = new Controls(store, clock);
    const log = new CallLog();
    const paging = options.paging === undefined ? undefined : checkPaging(options.paging);
    const handlers: Record<RouteName, Handler> = { ...managementHandlers(store, paging), ...oauthHandlers(store) };
    const controlsOverHttp = options.controls ?? true;
    const ui = options.ui ?? true;
    const host = options.host ?? "127.0.0.1";
    const vendorStore = new VendorStore(() => clock.now());
    const vendors = vendorControl(vendorStore);
    const latencyMs = options.latencyMs ?? 0;
    const profiled = apiProfile === defaultProfile ? matchRoute : routeMatcher(apiProfile);
    const services = serviceRoutes(store);
    if (!Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > 60_000) throw new Error(`latencyMs must be an integer 0-60000, not ${latencyMs}`);

    const listen = async (port: number, region?: string): Promise<{ server: Server; url: string }> => {
        const server = createServer((req, res) => {
            const pathname = (req.url ?? "/").split("?")[0]!;
            const vendor = vendorOf(pathname);
            const work =
                controlsOverHttp && pathname.startsWith(vendorControlPrefix)
                    ? serveControl(vendorControlArguments, vendors, req, res, pathname.slice(vendorControlPrefix.length))
                    : controlsOverHttp && pathname.startsWith(controlPrefix)
                      ? serveControl(controlArguments, controls, req, res, pathname.slice(controlPrefix.length))
                      : vendor
                        ? serveVendor(vendorStore, vendor.vendor, vendor.path, req, res)
                        : ui && isPagePath(pathname)
                          ? servePage(req, res, { store, log, region })
                          : serveApi({ handlers, controls, log, clock, latencyMs, apiProfile, match: profiled, services }, req, res, pathname, region);
            work.catch((error: unknown) => {
                // A bug, not a client mistake: report it and keep serving.
                console.error("emulator: unexpected error", error);
                if (!res.headersSent) send(res, errorReply(new ApiError(500, "server_error", "internal emulator error"), "bringg"), "bringg");
                else res.destroy();
            });
        });
        server.on("clientError", (_error, socket) => {
            if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
            else socket.destroy();
        });
        await new Promise<void>((resolve, reject) => {
            server.once("error", reject);
            server.listen(port, host, () => {
                server.off("error", reject);
                resolve();
            });
        });
        const address = server.address() as AddressInfo;
        const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
        return { server, url: `http://${shown}:${address.port}` };
    };

    const port = options.port ?? 0;
    const servers: Server[] = [];
    const close = () =>
        Promise.all(
            servers.map(
                (server) =>
                    new Promise<void>((resolve, reject) => {
                        server.close((error) => (error ? reject(error) : resolve()));
                        server.closeAllConnections();
                    }),
            ),
        ).then(() => undefined);
    try {
        const main = await listen(port);
        servers.push(main.server);
        const regionUrls: Record<string, string> = {};
        for (const [i, region] of (options.regions ?? []).entries()) {
            // With a fixed port, regions take the ports after it, in the order given.
            const regional = await listen(port === 0 ? 0 : port + i + 1, region);
            servers.push(regional.server);
            regionUrls[region] = regional.url;
        }
        return { url: main.url, regionUrls, control: controls, vendors, stop: close };
    } catch (error) {
        await close();
        throw error;
    }
}

/** A profile file, or an error listing every problem with it (`file:line:col: path: message`). */
function readProfile(file: string): ApiProfile {
    const loaded = loadApiProfile(file);
    if (!loaded.ok) throw new Error(`the API profile ${file} is invalid:\n  ${loaded.problems.join("\n  ")}`);
    return loaded.profile;
}

/** What serving an API call needs. */
interface ApiContext {
    readonly handlers: Record<RouteName, Handler>;
    readonly controls: Controls;
    readonly log: CallLog;
    readonly clock: SettableClock;
    /** See {@link EmulatorOptions.latencyMs}. */
    readonly latencyMs: number;
    /** See {@link EmulatorOptions.apiProfile}. */
    readonly apiProfile: ApiProfile;
    /** The routes as the profile serves them. */
    readonly match: RouteMatcher;
    /** The protected APIs served beside the route table (./services.ts). */
    readonly services: (pathname: string) => ServiceRoute | undefined;
}

/**
 * A protected API outside the route table (a service other than get_open_tasks, the Delivery Hub
 * API): answered like a route of the table, in RFC 6749's error style, with the emulator's
 * latency but without per-route faults or counters (those are keyed by route name).
 */
async function serveService(
    { method, handler }: ServiceRoute,
    call: { req: IncomingMessage; res: ServerResponse; pathname: string; region: string | undefined; trace: CallTrace; latencyMs: number },
): Promise<void> {
    const { req, res } = call;
    try {
        if (req.method !== method) {
            req.resume();
            throw new ApiError(405, "invalid_request", `${req.method} is not allowed on ${call.pathname}; use ${method}`, { allow: method });
        }
        const raw = await readBody(req);
        if (call.latencyMs > 0) await sleep(call.latencyMs);
        const body = await parseBody(raw, req.headers["content-type"], handler.accepts);
        send(res, await handler.handle({ req, params: {}, body, region: call.region, trace: call.trace }), "oauth");
    } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        send(res, errorReply(error, "oauth"), "oauth");
    }
}

async function serveApi(
    { handlers, controls, log, clock, latencyMs, apiProfile, match: matchProfiled, services }: ApiContext,
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
    region: string | undefined,
): Promise<void> {
    // The settings page is the emulator's own: it calls the built-in routes whatever the profile.
    const fromPage = req.headers[pageHeader] !== undefined;
    const match = (fromPage ? matchRoute : matchProfiled)(req.method ?? "GET", pathname);
    controls.count(match.kind === "route" ? match.name : undefined);
    const trace: CallTrace = {};
    const at = clock.now();
    res.once("finish", () =>
        log.add({
            at,
            method: req.method ?? "GET",
            path: pathname,
            ...(match.kind === "route" ? { route: match.name } : {}),
            status: res.statusCode,
            ...trace,
            ...(region === undefined ? {} : { region }),
            via: fromPage ? "page" : "api",
        }),
    );
    if (match.kind === "none") {
        const service = services(pathname);
        if (service) return serveService(service, { req, res, pathname, region, trace, latencyMs });
        req.resume();
        const error = new ApiError(404, "not_found", `no route ${req.method} ${pathname}`);
        return send(res, errorReply(error, "bringg"), "bringg");
    }
    if (match.kind === "wrong-method") {
        req.resume();
        const style = errorStyleOf(match.route);
        const error = new ApiError(405, "invalid_request", `${req.method} is not allowed on ${pathname}; use ${match.allowed.join(" or ")}`, {
            allow: match.allowed.join(", "),
        });
        return send(res, errorReply(error, style), style);
    }
    const style: ErrorStyle = errorStyleOf(routes[match.name]);
    const refused = controls.refusal(match.name);
    if (refused !== undefined) {
        // An account without this route: answered as a path the server does not serve at all.
        req.resume();
        // The other methods served at this path, as the API profile places the routes.
        const route = profiledRoute(match.name, apiProfile);
        const error =
            refused === 405
                ? new ApiError(405, "invalid_request", `${req.method} is not allowed on ${pathname}`, {
                      allow: (Object.keys(routes) as RouteName[])
                          .map((name) => profiledRoute(name, apiProfile))
                          .filter((other) => other.path === route.path && other.method !== route.method)
                          .map((other) => other.method)
                          .join(", "),
                  })
                : new ApiError(404, "not_found", `no route ${req.method} ${pathname}`);
        return send(res, errorReply(error, style), style);
    }
    try {
        const fault = controls.takeFault(match.name);
        const handler = handlers[match.name];
        // The body is read before any latency, as a slow backend has it: a call whose client gave
        // up meanwhile is still applied, late (the "late write" the provider must wait out).
        const raw = await readBody(req);
        const wait = latencyMs + (fault?.latencyMs ?? 0);
        if (wait > 0) await sleep(wait);
        if (fault?.reset) {
            req.socket.destroy();
            return;
        }
        if (fault?.status) {
            const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) };
            const message = fault.status === 429 ? "rate limit exceeded (injected fault)" : "server error (injected fault)";
            const code = fault.status === 429 ? "too_many_requests" : "server_error";
            return send(res, errorReply(new ApiError(fault.status, code, message, headers), style), style);
        }
        const profile = fromPage ? {} : operationProfile(apiProfile, match.name);
        const parsed = await parseBody(raw, req.headers["content-type"], handler.accepts);
        const search = (req.url ?? "").split("?")[1] ?? "";
        const body = requestAsReceived(profile, handler.queryParameters ? withQueryParameters(parsed, search) : parsed);
        const reply = await handler.handle({ req, params: match.params, body, region, trace, profile });
        if (fault?.dropResponse) {
            req.socket.destroy();
            return;
        }
        const ok = reply.status >= 200 && reply.status < 300 && reply.body !== undefined;
        const shape = profile.envelope === undefined && reply.envelope !== undefined ? { ...profile, envelope: reply.envelope } : profile;
        send(res, ok ? { ...reply, body: replyAsSent(shape, reply.body, reply.beside) } : reply, style);
    } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        send(res, errorReply(error, style), style);
    }
}

async function serveControl<T extends object>(
    table: Readonly<Record<string, z.ZodType<unknown[]>>>,
    target: T,
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
): Promise<void> {
    const fail = (status: number, message: string) => send(res, errorReply(new ApiError(status, "control_error", message), "bringg"), "bringg");
    try {
        if (!loopback.has(req.socket.remoteAddress ?? "")) return fail(403, "test controls answer loopback callers only");
        if (!Object.hasOwn(table, method)) return fail(404, `no control ${method}`);
        if (req.method !== "POST") return fail(405, "call a control with POST and a JSON array of arguments");
        const raw = await parseBody(await readBody(req), req.headers["content-type"], ["json"]);
        const args = table[method]!.safeParse(raw ?? []);
        if (!args.success) return fail(400, `bad arguments for ${method}: ${describeIssues(args.error.issues)}`);
        const call = (target as Record<string, ((...values: unknown[]) => unknown) | undefined>)[method];
        if (!call) return fail(404, `no control ${method}`);
        const result = call.apply(target, args.data);
        send(res, { status: 200, body: { result: result ?? null } }, "bringg");
    } catch (error) {
        if (error instanceof ApiError) return send(res, errorReply(error, "bringg"), "bringg");
        if (error instanceof DomainError) return fail(400, error.message);
        if (error instanceof ControlError) return fail(404, error.message);
        throw error;
    }
}
