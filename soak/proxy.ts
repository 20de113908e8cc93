/**
 * A loopback HTTP proxy in front of the emulator that makes writes land late: an armed request is
 * held for a while, its client gives up (its own timeout, or the proxy cuts the connection, as a
 * load balancer that drops an idle connection would), and the request is delivered to the emulator
 * afterwards, so that the change happens when the provider believes the call failed.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { matchRoute } from "../emulator/http";
import type { RouteName } from "../provider/api/routes";

/** How to delay the next request(s) of one route. */
export interface LateWrite {
    readonly route: RouteName;
    /** How long the request is held before it is delivered to the emulator. */
    readonly holdMs: number;
    /**
     * Cut the client's connection this long after the request arrived (before delivery). Without it
     * the client keeps waiting, so only a client timeout shorter than `holdMs` makes the write late.
     */
    readonly cutClientAfterMs?: number;
    /** How many requests to hold (default 1). */
    readonly times?: number;
}

/** What happened to one held request. */
export interface HeldRequest {
    readonly route: RouteName;
    /** True when the client was gone (cut, or timed out) before the emulator answered. */
    readonly clientGone: boolean;
    /** The emulator's status, or undefined when the delivery failed (emulator down). */
    readonly status?: number;
}

/** A running proxy. */
export interface LateProxy {
    /** The proxy's base URL: use it as `bringg:endpoint`. */
    readonly url: string;
    /** Arms a late write; armed rules apply in order. */
    arm(rule: LateWrite): void;
    /** Drops every armed rule that has not been used. */
    disarm(): void;
    /** Resolves when every held request has been delivered (or failed); returns those not returned before. */
    drain(): Promise<HeldRequest[]>;
    stop(): Promise<void>;
}

/** Starts the proxy on 127.0.0.1 (a free port), forwarding to `target` (e.g. the emulator's URL). */
export async function startLateProxy(target: string): Promise<LateProxy> {
    const upstream = new URL(target);
    const rules: Array<{ rule: LateWrite; remaining: number }> = [];
    const inFlight = new Set<Promise<void>>();
    const held: HeldRequest[] = [];

    const takeRule = (route: RouteName | undefined): LateWrite | undefined => {
        const index = rules.findIndex((r) => r.rule.route === route);
        if (index < 0) return undefined;
        const entry = rules[index]!;
        if (--entry.remaining <= 0) rules.splice(index, 1);
        return entry.rule;
    };

    const forward = (req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingMessage["headers"]; body: Buffer }> =>
        new Promise((resolve, reject) => {
            const out = httpRequest(
                {
                    host: upstream.hostname,
                    port: upstream.port,
                    method: req.method,
                    path: req.url,
                    headers: { ...req.headers, host: upstream.host, connection: "close" },
                    agent: false,
                },
                (res) => {
                    const chunks: Buffer[] = [];
                    res.on("data", (chunk: Buffer) => chunks.push(chunk));
                    res.on("end", () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
                    res.on("error", reject);
                },
            );
            out.on("error", reject);
            out.end(body);
        });

    const reply = (res: ServerResponse, answer: { status: number; headers: IncomingMessage["headers"]; body: Buffer }) => {
        if (res.destroyed || res.writableEnded) return;
        const { connection: _c, "transfer-encoding": _t, "content-length": _l, ...headers } = answer.headers;
        res.writeHead(answer.status, { ...headers, "content-length": answer.body.length });
        res.end(answer.body);
    };

    const handle = async (req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> => {
        const pathname = (req.url ?? "/").split("?")[0]!;
        const match = matchRoute(req.method ?? "GET", pathname);
        const rule = takeRule(match.kind === "route" ? match.name : undefined);
        if (!rule) {
            try {
                reply(res, await forward(req, body));
            } catch {
                res.destroy();
            }
            return;
        }
        let clientGone = false;
        res.on("close", () => {
            if (!res.writableEnded) clientGone = true;
        });
        const cut = rule.cutClientAfterMs === undefined ? undefined : setTimeout(() => req.socket.destroy(), rule.cutClientAfterMs);
        await new Promise((resolve) => setTimeout(resolve, rule.holdMs));
        if (cut) clearTimeout(cut);
        try {
            const answer = await forward(req, body);
            held.push({ route: rule.route, clientGone: clientGone || res.destroyed, status: answer.status });
            reply(res, answer);
        } catch {
            held.push({ route: rule.route, clientGone: true });
            res.destroy();
        }
    };

    const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
            const work = handle(req, res, Buffer.concat(chunks)).catch(() => {
                res.destroy();
            });
            inFlight.add(work);
            void work.finally(() => inFlight.delete(work));
        });
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        arm(rule) {
            rules.push({ rule, remaining: rule.times ?? 1 });
        },
        disarm() {
            rules.length = 0;
        },
        async drain() {
            while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
            return held.splice(0, held.length);
        },
        stop: () =>
            new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
            }),
    };
}
