/**
 * Brite's merchant API (docs/vendor-apis.md#brite), under `/brite/api/…`, all `POST` with JSON:
 *
 * - `merchant.authorize` `{public_key, secret}` → `{access_token, refresh_token, expires}`, where
 *   `expires` is absolute: Unix seconds written as an integer, as seed 004's example
 *   (`1652708597`), or behind the `briteExpires: "float"` switch as a float (`1741903012.0`, the
 *   newer page); access tokens live 6 h, refresh tokens 7 h. Every call mints a new token,
 *   independent of the earlier ones (inferred).
 * - `merchant.token` `{access_token, refresh_token}` (both required) → a new pair. By default the
 *   old access token dies at once (Brite's older page: "renewing a token automatically invalidates
 *   the original access_token", docs/vendor-apis.md#brite-renewal); the `briteRenewal: "keep"` switch gives the newer page's behaviour.
 *   Refresh tokens are single-use (inferred).
 * - `session.get`, a stand-in for every Bearer call, shows whether a token still works. Seed 004:
 *   such calls must carry `Content-Type: application/json`; one without it answers 400
 *   `{"message":…}`, as a malformed authorize body does (inferred: Brite does not say what it answers).
 *
 * Errors are undocumented: bad credentials or a dead token answer `briteErrorStatus` (401) with
 * `{"message":…}`, a malformed body 400 `{"message":…}`: guesses (docs/vendor-apis.md#brite-errors).
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { bearerToken } from "../http";
import { lifetimes, type VendorStore } from "./store";
import { mediaType, type VendorEmulator, type VendorReply, type VendorRequest } from "./wire";

const authorizeBody = z.looseObject({ public_key: z.string().min(1), secret: z.string().min(1) });
const renewBody = z.looseObject({ access_token: z.string().min(1), refresh_token: z.string().min(1) });

const message = (status: number, text: string): VendorReply => ({ status, body: { message: text } });

/** Seed 004: "the content-type must be specified as application/json"; the 400 is a guess. */
const notJson = (request: VendorRequest): VendorReply | undefined =>
    mediaType(request.headers) === "application/json" ? undefined : message(400, "Content-Type must be application/json");

function jsonBody<T>(schema: z.ZodType<T>, request: VendorRequest, fields: string): T | VendorReply {
    const refused = notJson(request);
    if (refused) return refused;
    let raw: unknown;
    try {
        raw = JSON.parse(request.body.toString("utf8"));
    } catch {
        return message(400, "malformed JSON body");
    }
    const parsed = schema.safeParse(raw);
    return parsed.success ? parsed.data : message(400, `${fields} are required`);
}

/** `{access_token, refresh_token, expires}` as text, so that a float can read `1741903012.0`. */
function tokenReply(store: VendorStore, credentialId: string): VendorReply {
    const token = store.mint("brite", credentialId, randomBytes(40).toString("hex"), lifetimes.brite, {
        token: randomBytes(40).toString("hex"),
        lifetimeSeconds: lifetimes.briteRefresh,
    });
    const expires = Math.floor(token.expiresAt / 1000);
    const written = store.switches.briteExpires === "float" ? `${expires}.0` : String(expires);
    return { status: 200, text: `{"access_token":${JSON.stringify(token.token)},"expires":${written},"refresh_token":${JSON.stringify(token.refreshToken)}}` };
}

function isReply(value: unknown): value is VendorReply {
    return typeof value === "object" && value !== null && "status" in value && typeof (value as { status: unknown }).status === "number";
}

/** Brite. */
export const briteEmulator: VendorEmulator = {
    vendor: "brite",
    handle(store, request) {
        const route = /^\/api\/([a-z_]+\.[a-z_]+)$/.exec(request.path)?.[1];
        if (!route || !["merchant.authorize", "merchant.token", "session.get"].includes(route)) return message(404, `unknown API path ${request.path}`);
        store.count(`brite.${route}`);
        if (request.method !== "POST") return message(405, "use POST");
        const down = store.downStatus("brite");
        if (down) return message(down, "Service Unavailable");
        const refused = (text: string) => message(store.switches.briteErrorStatus, text);
        switch (route) {
            case "merchant.authorize": {
                const body = jsonBody(authorizeBody, request, "public_key and secret");
                if (isReply(body)) return body;
                const client = store.authenticate("brite", body.public_key, body.secret);
                return client ? tokenReply(store, client.id) : refused("Invalid credentials");
            }
            case "merchant.token": {
                const body = jsonBody(renewBody, request, "access_token and refresh_token");
                if (isReply(body)) return body;
                const previous = store.takeRefresh(body.refresh_token);
                if (!previous || previous.token !== body.access_token || store.isRevoked("brite", previous.credentialId)) {
                    return refused("Invalid refresh token");
                }
                if (store.switches.briteRenewal === "invalidate") previous.dead = true;
                return tokenReply(store, previous.credentialId);
            }
            default: {
                const refusedType = notJson(request);
                if (refusedType) return refusedType;
                const token = bearerToken({ headers: request.headers } as never);
                if (!token || !store.live("brite", token)) return refused("Invalid or expired access token");
                return { status: 200, body: { state: "session_state_created", id: "emulated" } };
            }
        }
    },
};
