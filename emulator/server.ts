/**
 * The local Bringg API emulator: a node:http server that answers every route of
 * provider/api/routes.ts like Bringg does where Bringg is documented (seeds 000 and 001), plus
 * optional test controls under `/__control/`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { z } from "zod";
import { setTimeout as sleep } from "node:timers/promises";
import { routes, type RouteName } from "../provider/api/routes";
import { controlArguments, controlPrefix, ControlError, Controls, SettableClock, type EmulatorControl } from "./controls";
import {
    ApiError,
    describeIssues,
    errorReply,
    errorStyleOf,
    matchRoute,
    parseBody,
    readBody,
    send,
    type ErrorStyle,
    type Handler,
} from "./http";
import { managementHandlers } from "./management";
import { oauthHandlers } from "./oauth";
import { loadState, saveState } from "./persistence";
import { seedState } from "./seed";
import { DomainError, Store } from "./store";
import { serveVendor, vendorControl, vendorControlArguments, vendorControlPrefix, vendorOf, VendorStore, type VendorControl } from "./vendors";

export { demoCredentials, seedUsers, type SeedUser } from "./seed";
export type { EmulatorControl, Fault, Counters } from "./controls";
export { demoVendorCredentials, type VendorControl } from "./vendors";

/** How to start the emulator. */
export interface EmulatorOptions {
    /** TCP port; 0 (the default) picks a free one. */
    readonly port?: number;
    /** Interface to bind; default 127.0.0.1. */
    readonly host?: string;
    /** JSON file that keeps the state across restarts; without it, state lives in memory. */
    readonly dataFile?: string;
    /** Serve `/__control/*` over HTTP (loopback callers only). Default true; the CLI defaults to false. */
    readonly controls?: boolean;
}

/** A running emulator. */
export interface RunningEmulator {
    /** Base URL, e.g. `http://127.0.0.1:41234`; use it as the provider's endpoint. */
    readonly url: string;
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
    const controls = new Controls(store, clock);
    const handlers: Record<RouteName, Handler> = { ...managementHandlers(store), ...oauthHandlers(store) };
    const controlsOverHttp = options.controls ?? true;
    const vendorStore = new VendorStore(() => clock.now());
    const vendors = vendorControl(vendorStore);

    const server = createServer((req, res) => {
        const pathname = (req.url ?? "/").split("?")[0];
        const vendor = vendorOf(pathname);
        const work =
            controlsOverHttp && pathname.startsWith(vendorControlPrefix)
                ? serveControl(vendorControlArguments, vendors, req, res, pathname.slice(vendorControlPrefix.length))
                : controlsOverHttp && pathname.startsWith(controlPrefix)
                  ? serveControl(controlArguments, controls, req, res, pathname.slice(controlPrefix.length))
                  : vendor
                    ? serveVendor(vendorStore, vendor.vendor, vendor.path, req, res)
                    : serveApi(handlers, controls, req, res, pathname);
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
        server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
            server.off("error", reject);
            resolve();
        });
    });
    const address = server.address() as AddressInfo;
    const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
    return {
        url: `http://${host}:${address.port}`,
        control: controls,
        vendors,
        stop: () =>
            new Promise<void>((resolve, reject) => {
                server.close((error) => (error ? reject(error) : resolve()));
                server.closeAllConnections();
            }),
    };
}

async function serveApi(
    handlers: Record<RouteName, Handler>,
    controls: Controls,
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
): Promise<void> {
    const match = matchRoute(req.method ?? "GET", pathname);
    controls.count(match.kind === "route" ? match.name : undefined);
    if (match.kind === "none") {
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
    try {
        const fault = controls.takeFault(match.name);
        if (fault?.latencyMs) await sleep(fault.latencyMs);
        if (fault?.reset) {
            req.socket.destroy();
            return;
        }
        if (fault?.status) {
            req.resume();
            const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) };
            const message = fault.status === 429 ? "rate limit exceeded (injected fault)" : "server error (injected fault)";
            const code = fault.status === 429 ? "too_many_requests" : "server_error";
            return send(res, errorReply(new ApiError(fault.status, code, message, headers), style), style);
        }
        const handler = handlers[match.name];
        const body = await parseBody(await readBody(req), req.headers["content-type"], handler.accepts);
        const reply = await handler.handle({ req, params: match.params, body });
        if (fault?.dropResponse) {
            req.socket.destroy();
            return;
        }
        send(res, reply, style);
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
    const fail = (status: number, message: string) =>
        send(res, errorReply(new ApiError(status, "control_error", message), "bringg"), "bringg");
    try {
        if (!loopback.has(req.socket.remoteAddress ?? "")) return fail(403, "test controls answer loopback callers only");
        if (!Object.hasOwn(table, method)) return fail(404, `no control ${method}`);
        if (req.method !== "POST") return fail(405, "call a control with POST and a JSON array of arguments");
        const raw = await parseBody(await readBody(req), req.headers["content-type"], ["json"]);
        const args = table[method].safeParse(raw ?? []);
        if (!args.success) return fail(400, `bad arguments for ${method}: ${describeIssues(args.error.issues)}`);
        const call = (target as Record<string, (...values: unknown[]) => unknown>)[method];
        const result = call.apply(target, args.data);
        send(res, { status: 200, body: { result: result ?? null } }, "bringg");
    } catch (error) {
        if (error instanceof ApiError) return send(res, errorReply(error, "bringg"), "bringg");
        if (error instanceof DomainError) return fail(400, error.message);
        if (error instanceof ControlError) return fail(404, error.message);
        throw error;
    }
}
