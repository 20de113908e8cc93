/**
 * The one HTTP stack (provider/core/http.ts) as both clients use it: which failures are retried,
 * how long is waited, and the two rules on which the Bringg and vendor clients used to disagree.
 */
import test from "ava";
import http, { createServer, type Server } from "node:http";
import net, { type AddressInfo } from "node:net";
import { BringgClient } from "../../provider/core/client";
import { BringgApiError, UnconfirmedCreateError } from "../../provider/core/errors";
import { neverSent } from "../../provider/core/http";
import { requestToken } from "../../provider/vendors/client";
import { VendorTokenError } from "../../provider/vendors/errors";
import { parseVendorSettings, type VendorSettings } from "../../provider/vendors/settings";

function settings(raw: Record<string, unknown>): VendorSettings {
    const parsed = parseVendorSettings(raw);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return parsed.settings;
}

async function listen(server: Server | net.Server): Promise<string> {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * Runs `body` while every connection of Node's global agent fails with `code` before anything is
 * sent (as a host with no route fails), counting the connections tried.
 */
async function whileConnectionsFail(code: string, body: (connections: () => number) => Promise<void>): Promise<void> {
    const agent = http.globalAgent as unknown as { createConnection: (...args: unknown[]) => net.Socket };
    const original = agent.createConnection;
    let connections = 0;
    agent.createConnection = () => {
        connections += 1;
        const socket = new net.Socket();
        process.nextTick(() => socket.destroy(Object.assign(new Error(`connect ${code} 10.255.255.1:80`), { code, syscall: "connect" })));
        return socket;
    };
    try {
        await body(() => connections);
    } finally {
        agent.createConnection = original;
    }
}

test.serial("one never-sent list: EHOSTUNREACH, like a refused connection, means the request never left", (t) => {
    for (const code of ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]) t.true(neverSent(code), code);
    for (const code of ["ETIMEDOUT", "ECONNRESET", "EPIPE", "HPE_INVALID_CONSTANT", undefined]) t.false(neverSent(code), String(code));
});

// The Bringg client used to treat EHOSTUNREACH as a reply that may have been lost: an idempotent
// call was not retried, and a create was reconciled by listing. The vendor client (rightly) knew
// that no connection was made; both now follow it.
test.serial("Bringg: an unreachable host (EHOSTUNREACH) is retried like a refused connection, and says it was never sent", async (t) => {
    const client = new BringgClient({
        settings: { baseUrl: "http://127.0.0.1:9", username: "someone", password: "unreachable-pw" },
        retry: { backoffLimitMs: 5, limit: 2 },
    });
    await whileConnectionsFail("EHOSTUNREACH", async (connections) => {
        const error = await t.throwsAsync(client.listApplications());
        t.true(BringgApiError.isInstance(error));
        t.is((error as BringgApiError).code, "network");
        t.true((error as BringgApiError).neverSent);
        t.is((error as BringgApiError).attempts, 3);
        t.is(connections(), 3);
        t.regex(error!.message, /GET \/oauth\/applications got no reply: "EHOSTUNREACH" \(after 3 attempts\)\. Fix: check bringg:region or bringg:endpoint/);
    });
});

test.serial("Bringg: a create that never reached Bringg is sent again, not reconciled as if it may have been applied", async (t) => {
    const client = new BringgClient({
        settings: { baseUrl: "http://127.0.0.1:9", username: "someone", password: "unreachable-pw" },
        retry: { backoffLimitMs: 5, limit: 2 },
    });
    await whileConnectionsFail("EHOSTUNREACH", async (connections) => {
        const error = await t.throwsAsync(client.createApplication({ name: "never-sent", scopes: ["tasks_read"] }, { unique: true }));
        t.true(BringgApiError.isInstance(error), "a BringgApiError, not a pending create");
        t.false(error instanceof UnconfirmedCreateError);
        t.is((error as BringgApiError).attempts, 3);
        t.is(connections(), 3, "three creates, no list");
    });
});

/** A server that answers each connection with `reply` (raw bytes), counting connections. */
async function rawServer(reply: ((socket: net.Socket) => void) | string): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
    let connections = 0;
    const server = net.createServer((socket) => {
        connections += 1;
        socket.once("data", () => (typeof reply === "string" ? socket.end(reply) : reply(socket)));
    });
    const url = await listen(server);
    return { url, connections: () => connections, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const bruin = (endpoint: string) => settings({ vendor: "bruin", clientId: "id-1", clientSecret: "secret-value-1", scope: "public_api", endpoint });
const brite = (endpoint: string) => settings({ vendor: "brite", publicKey: "k", secret: "brite-secret-1", endpoint });

test.serial("vendors: a reply lost after sending is retried where a second token is harmless (Bruin), not for Brite", async (t) => {
    const server = await rawServer((socket) => socket.destroy());
    try {
        const error = await t.throwsAsync(requestToken(bruin(server.url), { retries: 2, baseDelayMs: 1 }));
        t.is((error as VendorTokenError).code, "vendor_down");
        t.regex(error!.message, /got no reply \(ECONNRESET\) \(after 3 attempts; earlier: no reply \(ECONNRESET\), no reply \(ECONNRESET\)\)/);
        t.is(server.connections(), 3);
        await t.throwsAsync(requestToken(brite(server.url), { retries: 2, baseDelayMs: 1 }), { message: /got no reply \(ECONNRESET\)\. Fix/ });
        t.is(server.connections(), 4, "Brite warns against excessive token generation: one attempt");
    } finally {
        await server.close();
    }
});

// The vendor client used to retry any failure without a reply, a malformed reply or a TLS failure
// included; it now retries the network errors of the one list, as the Bringg client did: a
// protocol or certificate failure would fail the same way again.
test.serial("vendors: a malformed reply is not retried", async (t) => {
    const server = await rawServer("this is not HTTP\r\n\r\n");
    try {
        const error = await t.throwsAsync(requestToken(bruin(server.url), { retries: 2, baseDelayMs: 1 }));
        t.true(VendorTokenError.isInstance(error));
        t.is((error as VendorTokenError).code, "vendor_down");
        t.regex(error!.message, /got no reply \(HPE_[A-Z_]+\)\. Fix/);
        t.is(server.connections(), 1);
    } finally {
        await server.close();
    }
});

/** An HTTP server that answers with `replies` in turn (the last one repeated). */
async function replying(replies: Array<{ status: number; headers?: Record<string, string>; body?: string }>) {
    let requests = 0;
    const server = createServer((req, res) => {
        req.resume();
        req.on("end", () => {
            const reply = replies[Math.min(requests, replies.length - 1)]!;
            requests += 1;
            res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers }).end(reply.body ?? "{}");
        });
    });
    const url = await listen(server);
    return { url, requests: () => requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const token = JSON.stringify({ access_token: "http-test-token-value", token_type: "Bearer", expires_in: 60 });

test.serial("vendors: a 429's Retry-After of up to 10 s is waited for; a longer one is reported at once", async (t) => {
    const short = await replying([
        { status: 429, headers: { "retry-after": "1" } },
        { status: 200, body: token },
    ]);
    try {
        const started = Date.now();
        const grant = await requestToken(bruin(short.url), { retries: 2, baseDelayMs: 1 });
        t.is(grant.accessToken, "http-test-token-value");
        t.true(Date.now() - started >= 1000, "Retry-After: 1 was honoured");
        t.is(short.requests(), 2);
    } finally {
        await short.close();
    }
    const long = await replying([{ status: 429, headers: { "retry-after": "11" } }]);
    try {
        const error = await t.throwsAsync(requestToken(bruin(long.url), { retries: 2, baseDelayMs: 1 }));
        t.is((error as VendorTokenError).code, "vendor_down");
        t.regex(error!.message, /returned 429\. Fix/);
        t.is(long.requests(), 1);
    } finally {
        await long.close();
    }
});

test.serial("vendors: the backoff doubles from baseDelayMs, through the caller's sleep; a 500 and a 401 are not retried", async (t) => {
    const down = await replying([{ status: 503 }]);
    const waits: number[] = [];
    try {
        await t.throwsAsync(
            requestToken(bruin(down.url), {
                retries: 3,
                baseDelayMs: 5,
                sleep: async (ms) => {
                    waits.push(ms);
                },
            }),
            { message: /returned 503 \(after 4 attempts; earlier: 503, 503, 503\)/ },
        );
        t.deepEqual(waits, [5, 10, 20]);
        t.is(down.requests(), 4);
    } finally {
        await down.close();
    }
    for (const status of [500, 401]) {
        const server = await replying([{ status }]);
        try {
            await t.throwsAsync(requestToken(bruin(server.url), { retries: 2, baseDelayMs: 1 }));
            t.is(server.requests(), 1, `${status} is not retried`);
        } finally {
            await server.close();
        }
    }
});
