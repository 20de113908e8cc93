/**
 * Test controls: fault injection and request counters per route, a settable clock, and changes
 * made "out of band", as a person in Bringg's web UI would make them. Available in-process as
 * `EmulatorControl` and over HTTP as `POST /__control/<method>` with a JSON array of arguments.
 */
import { z } from "zod";
import { routes, type RouteName } from "../provider/api/routes";
import { scopeName, ttlSeconds } from "../provider/api/wire";
import { httpMethods, type HttpMethod } from "./catalog";
import { applicationView } from "./management";
import type { ApplicationRecord, Store } from "./store";

/** Path prefix of the control endpoints. */
export const controlPrefix = "/__control/";

const routeName = z.enum(Object.keys(routes) as [RouteName, ...RouteName[]]);

/** One injected fault; it applies to the next `times` calls of its route (default 1). */
export const fault = z
    .strictObject({
        /** Answer with this status instead of handling the call. */
        status: z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503)]).optional(),
        /** With 429: the Retry-After header, in seconds. */
        retryAfter: z.number().int().nonnegative().optional(),
        /** Delay before the call is handled (or faulted); the body is read first, so a call whose client gave up meanwhile is still applied, late. */
        latencyMs: z.number().int().nonnegative().max(60_000).optional(),
        /** Destroy the connection before handling the call. */
        reset: z.literal(true).optional(),
        /** Handle the call (the change happens), then destroy the connection without answering. */
        dropResponse: z.literal(true).optional(),
        times: z.number().int().positive().optional(),
    })
    .refine((f) => [f.status, f.latencyMs, f.reset, f.dropResponse].filter((x) => x !== undefined).length >= 1, {
        message: "a fault needs status, latencyMs, reset or dropResponse",
    })
    .refine((f) => [f.status, f.reset, f.dropResponse].filter((x) => x !== undefined).length <= 1, {
        message: "status, reset and dropResponse are exclusive",
    });
/** One injected fault. */
export type Fault = z.input<typeof fault>;

/** Requests received per route, and in total (unmatched paths count only in the total). */
export interface Counters {
    readonly total: number;
    readonly byRoute: Readonly<Partial<Record<RouteName, number>>>;
}

/** An application as the management API shows it, plus its secret. */
export type ApplicationWithSecretView = ReturnType<typeof applicationView> & { client_secret: string };

/** The emulator's test controls. Merchants are addressed by id (demo: 1, second: 2). */
export interface EmulatorControl {
    /** Queues a fault for a route; queued faults apply in order. */
    injectFault(route: RouteName, fault: Fault): void;
    /** Removes queued faults for one route, or for all. */
    clearFaults(route?: RouteName): void;
    /**
     * Makes a route answer as an account that does not have it: 404 (no such path) or 405 (the
     * path exists, not with this method), every time and before authentication, until called
     * again with null. E.g. `disableRoute("createApplication", 404)`: an account whose applications
     * are made only in the web UI.
     */
    disableRoute(route: RouteName, status: 404 | 405 | null): void;
    /** Requests received since the last reset (control calls are not counted). */
    counters(): Counters;
    /** Sets every counter to zero. */
    resetCounters(): void;
    /** The emulator's current time, Unix milliseconds. */
    now(): number;
    /** Sets the emulator's clock to a Unix time in milliseconds; it keeps running from there. */
    setClock(ms: number): void;
    /** Moves the emulator's clock forward (or back, if negative). */
    advanceClock(seconds: number): void;
    /** Creates an application as the web UI does (disabled); returns it with its secret. */
    createApplication(merchantId: number, application: { name: string; scopes: string[] }): ApplicationWithSecretView;
    /** Deletes an application. */
    deleteApplication(merchantId: number, clientId: string): void;
    /** Flips the UI toggle. */
    setEnabled(merchantId: number, clientId: string, enabled: boolean): void;
    /** Generates a new secret; returns it. */
    regenerateSecret(merchantId: number, clientId: string): string;
    /** Sets a scope's TTL override, or removes it with null. */
    setScopeTtl(merchantId: number, scope: string, seconds: number | null): void;
    /** Adds an endpoint scope under a read or write branch, as a Bringg release would. */
    addScope(scope: { name: string; parent: string; description?: string; method?: HttpMethod }): void;
    /** Changes a user's password, as the user would in the web UI (the old one stops working at once). */
    setPassword(username: string, password: string): void;
}

/** Argument schemas of each control method, for the HTTP endpoint. */
export const controlArguments = {
    injectFault: z.tuple([routeName, fault]),
    clearFaults: z.union([z.tuple([]), z.tuple([routeName])]),
    disableRoute: z.tuple([routeName, z.union([z.literal(404), z.literal(405), z.null()])]),
    counters: z.tuple([]),
    resetCounters: z.tuple([]),
    now: z.tuple([]),
    setClock: z.tuple([z.number().int()]),
    advanceClock: z.tuple([z.number()]),
    createApplication: z.tuple([z.number().int(), z.strictObject({ name: z.string().min(1), scopes: z.array(z.string()).min(1) })]),
    deleteApplication: z.tuple([z.number().int(), z.string()]),
    setEnabled: z.tuple([z.number().int(), z.string(), z.boolean()]),
    regenerateSecret: z.tuple([z.number().int(), z.string()]),
    setScopeTtl: z.tuple([z.number().int(), z.string(), ttlSeconds.nullable()]),
    addScope: z.tuple([z.strictObject({ name: scopeName, parent: z.string(), description: z.string().optional(), method: z.enum(httpMethods).optional() })]),
    setPassword: z.tuple([z.string().min(1), z.string().min(1)]),
} satisfies Record<keyof EmulatorControl, z.ZodType<unknown[]>>;

/** A clock that runs in real time from an adjustable offset. */
export class SettableClock {
    private offset = 0;

    /** Unix milliseconds. */
    now(): number {
        return Date.now() + this.offset;
    }

    /** Jumps to a Unix time in milliseconds. */
    set(ms: number): void {
        this.offset = ms - Date.now();
    }

    /** Moves by a number of seconds. */
    advance(seconds: number): void {
        this.offset += seconds * 1000;
    }
}

interface QueuedFault {
    readonly fault: z.output<typeof fault>;
    remaining: number;
}

/** Thrown by a control method for a missing merchant or application. */
export class ControlError extends Error {
    override name = "ControlError";
}

/** The controls' state, and the hooks the server calls on each request. */
export class Controls implements EmulatorControl {
    private readonly faults = new Map<RouteName, QueuedFault[]>();
    private readonly disabled = new Map<RouteName, 404 | 405>();
    private byRoute: Partial<Record<RouteName, number>> = {};
    private total = 0;

    constructor(
        private readonly store: Store,
        private readonly clock: SettableClock,
    ) {}

    /** Counts one API request; `route` is undefined for a path outside the table. */
    count(route: RouteName | undefined): void {
        this.total++;
        if (route) this.byRoute[route] = (this.byRoute[route] ?? 0) + 1;
    }

    /** The next fault queued for a route, consuming one use of it. */
    takeFault(route: RouteName): z.output<typeof fault> | undefined {
        const queue = this.faults.get(route);
        const head = queue?.[0];
        if (!queue || !head) return undefined;
        if (--head.remaining <= 0) queue.shift();
        return head.fault;
    }

    injectFault(route: RouteName, spec: Fault): void {
        const parsed = fault.parse(spec);
        const queue = this.faults.get(route) ?? [];
        queue.push({ fault: parsed, remaining: parsed.times ?? 1 });
        this.faults.set(route, queue);
    }

    clearFaults(route?: RouteName): void {
        if (route) this.faults.delete(route);
        else this.faults.clear();
    }

    disableRoute(route: RouteName, status: 404 | 405 | null): void {
        if (status === null) this.disabled.delete(route);
        else this.disabled.set(route, status);
    }

    /** The status a route disabled by {@link disableRoute} answers with; undefined when it is served. */
    refusal(route: RouteName): 404 | 405 | undefined {
        return this.disabled.get(route);
    }

    counters(): Counters {
        return { total: this.total, byRoute: { ...this.byRoute } };
    }

    resetCounters(): void {
        this.total = 0;
        this.byRoute = {};
    }

    now(): number {
        return this.clock.now();
    }

    setClock(ms: number): void {
        this.clock.set(ms);
    }

    advanceClock(seconds: number): void {
        this.clock.advance(seconds);
    }

    createApplication(merchantId: number, application: { name: string; scopes: string[] }): ApplicationWithSecretView {
        this.merchant(merchantId);
        const created = this.store.createApplication(merchantId, application.name, application.scopes);
        return applicationView(created.application, created.secret) as ApplicationWithSecretView;
    }

    deleteApplication(merchantId: number, clientId: string): void {
        this.store.deleteApplication(this.application(merchantId, clientId));
    }

    setEnabled(merchantId: number, clientId: string, enabled: boolean): void {
        this.store.setEnabled(this.application(merchantId, clientId), enabled);
    }

    regenerateSecret(merchantId: number, clientId: string): string {
        return this.store.regenerateSecret(this.application(merchantId, clientId));
    }

    setScopeTtl(merchantId: number, scope: string, seconds: number | null): void {
        this.store.setScopeTtls(this.merchant(merchantId), { [scope]: seconds });
    }

    addScope(scope: { name: string; parent: string; description?: string; method?: HttpMethod }): void {
        this.store.addScope(scope);
    }

    setPassword(username: string, password: string): void {
        if (!this.store.setPassword(username, password)) throw new ControlError(`no user ${JSON.stringify(username)}`);
    }

    private merchant(id: number) {
        const merchant = this.store.merchant(id);
        if (!merchant) throw new ControlError(`no merchant ${id}`);
        return merchant;
    }

    private application(merchantId: number, clientId: string): ApplicationRecord {
        const application = this.store.applicationByClientId(clientId);
        if (!application || application.merchantId !== this.merchant(merchantId).id) {
            throw new ControlError(`merchant ${merchantId} has no application with client_id ${clientId}`);
        }
        return application;
    }
}
