/**
 * The emulated "Settings → Webhooks & API" page: plain HTML, CSS and JavaScript from ./ui (no build
 * step), served at `/`. The page signs in with an admin's username and password and uses the same
 * Management routes as the provider; the only route of its own is the call log it shows live
 * (`GET /__emulator/calls?after=<seq>`, same admin login, the admin's merchant's calls only).
 */
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { routes } from "../provider/api/routes";
import type { CallLog } from "./call-log";
import { ApiError, errorReply, send } from "./http";
import { adminMerchant } from "./management";
import type { Store } from "./store";

/** Header the page sets on its own API calls, so the log can tell them from everyone else's. */
export const pageHeader = "x-bringg-emulator-page";

/** The page's files, read from the source tree (dist/emulator → ../../emulator/ui). */
const uiDir = path.resolve(__dirname, "..", "..", "emulator", "ui");

const files: Record<string, { file: string; type: string }> = {
    "/": { file: "index.html", type: "text/html; charset=utf-8" },
    "/ui/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
    "/ui/app.css": { file: "app.css", type: "text/css; charset=utf-8" },
};

const callsPath = "/__emulator/calls";
/** The Management routes the page calls, from the one route table, so the page never spells a path. */
const routesPath = "/ui/routes.json";

/** True for the paths the page answers. */
export function isPagePath(pathname: string): boolean {
    return Object.hasOwn(files, pathname) || pathname === callsPath || pathname === routesPath;
}

/** What the page needs from the emulator. */
export interface PageContext {
    readonly store: Store;
    readonly log: CallLog;
    readonly region?: string | undefined;
}

/** Serves one of the page's files, or the call log. */
export async function servePage(req: IncomingMessage, res: ServerResponse, context: PageContext): Promise<void> {
    req.resume();
    const url = new URL(req.url ?? "/", "http://emulator");
    if (req.method !== "GET" && req.method !== "HEAD") {
        const error = new ApiError(405, "invalid_request", `${req.method} is not allowed on ${url.pathname}; use GET`, { allow: "GET" });
        return send(res, errorReply(error, "bringg"), "bringg");
    }
    if (url.pathname === callsPath) {
        try {
            const merchant = adminMerchant(context.store, { req, region: context.region, trace: {} });
            const after = Number(url.searchParams.get("after") ?? 0);
            const calls = context.log.since(merchant.id, Number.isFinite(after) ? after : 0);
            return send(res, { status: 200, body: { merchant: { id: merchant.id, name: merchant.name, region: merchant.region }, calls } }, "bringg");
        } catch (error) {
            // Without the Basic challenge: a browser would answer it with its own login prompt.
            if (error instanceof ApiError) return send(res, errorReply(new ApiError(error.status, error.code, error.message), "bringg"), "bringg");
            throw error;
        }
    }
    if (url.pathname === routesPath) {
        const table = Object.fromEntries(Object.entries(routes).map(([name, route]) => [name, { method: route.method, path: route.path }]));
        return send(res, { status: 200, body: table }, "bringg");
    }
    const { file, type } = files[url.pathname]!;
    const body = await readFile(path.join(uiDir, file));
    res.writeHead(200, {
        "content-type": type,
        "content-length": String(body.length),
        "cache-control": "no-store",
        "content-security-policy": "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:",
        "x-content-type-options": "nosniff",
    });
    res.end(req.method === "HEAD" ? undefined : body);
}
