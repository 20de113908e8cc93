/**
 * The faults a soak run injects into its first `pulumi up`, planned from the seed.
 *
 * Most faults target a route the run's change exercises (a create for an added app, a delete for a
 * removed one), so that the fault meets a write; some target the shared reads instead.
 */
import type { Fault } from "../emulator/controls";
import type { RouteName } from "../provider/api/routes";
import type { LateWrite } from "./proxy";
import { anchorKey, type Change, type ProgramModel } from "./model";
import type { Rng } from "./rng";

/** The kinds of fault. */
export const faultKinds = ["rateLimit", "serverError", "reset", "dropResponse", "latency", "lateWrite", "restart", "kill"] as const;
/** A kind of fault. */
export type FaultKind = (typeof faultKinds)[number];

/** When a kill or restart happens. */
export interface Trigger {
    /** After the emulator received this route's first request of the run; else after `delayMs` from the start of `up`. */
    readonly route?: RouteName;
    readonly delayMs: number;
}

/** One planned fault. */
export interface FaultPlan {
    readonly kind: FaultKind;
    /** E.g. `500 x5 on createApplication`. */
    readonly description: string;
    /** Emulator faults queued before `up` (also used to widen a kill's window). */
    readonly emulator?: ReadonlyArray<{ route: RouteName; fault: Fault }>;
    /** A late write through the proxy. */
    readonly lateWrite?: LateWrite;
    /** SIGKILL of `pulumi up`. */
    readonly kill?: Trigger;
    /** Stop the emulator, keep it down `downMs`, start it again on the same port and data file. */
    readonly restart?: Trigger & { readonly downMs: number };
}

/** The routes a change sends writes to. */
export function writeRoutes(change: Change, before: ProgramModel): RouteName[] {
    const after = change.after;
    const app = after.apps.find((a) => a.key === change.app);
    const enabled = app?.enabled === true;
    switch (change.kind) {
        case "addApp":
            return enabled ? ["createApplication", "enableApplication"] : ["createApplication"];
        case "removeApp":
            return ["deleteApplication"];
        case "toggleEnabled":
            return [enabled ? "enableApplication" : "disableApplication"];
        case "changeScopes":
            return enabled ? ["createApplication", "enableApplication", "deleteApplication"] : ["createApplication", "deleteApplication"];
        case "changeTtls":
            return ["setScopeTtls"];
        case "bumpRotation": {
            const anchorEnabled = after.apps.find((a) => a.key === anchorKey)?.enabled ?? before.apps[0]?.enabled;
            // With the application enabled the rotation verifies the new secret with a token.
            return anchorEnabled ? ["regenerateSecret", "token"] : ["regenerateSecret"];
        }
    }
}

/** A random fault for a run making `change`. */
export function randomFault(rng: Rng, change: Change, before: ProgramModel, kinds: readonly FaultKind[] = faultKinds): FaultPlan {
    const writes = writeRoutes(change, before);
    const kind = rng.pick(kinds);
    // The read the change's resources make (ScopeTtls reads the scope catalog, the others the list).
    const read: RouteName = change.kind === "changeTtls" ? "listScopes" : "listApplications";
    const route = rng.chance(0.2) ? read : rng.pick(writes);
    const write = rng.pick(writes);
    switch (kind) {
        case "rateLimit": {
            const times = rng.int(1, 3);
            const retryAfter = rng.int(1, 2);
            return {
                kind,
                description: `429 Retry-After ${retryAfter}s x${times} on ${route}`,
                emulator: [{ route, fault: { status: 429, retryAfter, times } }],
            };
        }
        case "serverError": {
            const status = rng.pick([500, 502, 503] as const);
            const times = rng.int(1, 6);
            return { kind, description: `${status} x${times} on ${route}`, emulator: [{ route, fault: { status, times } }] };
        }
        case "reset": {
            const times = rng.int(1, 2);
            return { kind, description: `connection reset x${times} on ${route}`, emulator: [{ route, fault: { reset: true, times } }] };
        }
        case "dropResponse":
            return {
                kind,
                description: `reply dropped after apply on ${write}`,
                emulator: [{ route: write, fault: { dropResponse: true } }],
            };
        case "latency": {
            const latencyMs = rng.int(200, 1500);
            const times = rng.int(1, 3);
            return {
                kind,
                description: `${latencyMs} ms latency x${times} on ${route}`,
                emulator: [{ route, fault: { latencyMs, times } }],
            };
        }
        case "lateWrite": {
            const holdMs = rng.int(1500, 4000);
            const cutClientAfterMs = rng.int(200, 800);
            return {
                kind,
                description: `${write} held ${holdMs} ms by the proxy, client cut after ${cutClientAfterMs} ms, then delivered`,
                lateWrite: { route: write, holdMs, cutClientAfterMs },
            };
        }
        case "restart": {
            const downMs = rng.int(300, 3000);
            const delayMs = rng.int(0, 100);
            return {
                kind,
                description: `emulator restarted (down ${downMs} ms) ${delayMs} ms after the first ${write}`,
                restart: { route: write, delayMs, downMs },
            };
        }
        case "kill": {
            // Half the kills land while a write is in flight (held by latency), half at a random moment.
            if (rng.chance(0.5)) {
                const latencyMs = rng.int(1500, 3000);
                const delayMs = rng.int(100, latencyMs - 300);
                return {
                    kind,
                    description: `SIGKILL of pulumi up ${delayMs} ms into a ${latencyMs} ms ${write}`,
                    emulator: [{ route: write, fault: { latencyMs } }],
                    kill: { route: write, delayMs },
                };
            }
            const delayMs = rng.int(1500, 6000);
            return { kind, description: `SIGKILL of pulumi up ${delayMs} ms after start`, kill: { delayMs } };
        }
    }
}
