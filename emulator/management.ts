/**
 * The Management API: applications and scope TTLs, for admin users (HTTP Basic) of one merchant.
 * Another merchant's application answers 404, exactly like one that does not exist.
 */
import { z } from "zod";
import { routes, type RouteName } from "../provider/api/routes";
import * as wire from "../provider/api/wire";
import { ApiError, basicCredentials, describeIssues, type Handler, type RequestContext } from "./http";
import { pageOf, type Paging } from "./paging";
import { DomainError, type ApplicationRecord, type MerchantRecord, type Store } from "./store";

/** The Management API's routes. */
export type ManagementRoute = Extract<
    RouteName,
    | "listApplications"
    | "createApplication"
    | "updateApplication"
    | "enableApplication"
    | "disableApplication"
    | "regenerateSecret"
    | "deleteApplication"
    | "listScopes"
    | "setScopeTtls"
>;

/** An application as the API shows it; the secret only when one was just issued. */
export function applicationView(application: ApplicationRecord, secret?: string) {
    return {
        id: application.id,
        name: application.name,
        client_id: application.clientId,
        scopes: application.scopes,
        enabled: application.enabled,
        created_at: new Date(application.createdAt).toISOString(),
        updated_at: new Date(application.updatedAt).toISOString(),
        ...(secret === undefined ? {} : { client_secret: secret }),
    };
}

const challenge = { "www-authenticate": 'Basic realm="Bringg"' };

/**
 * The admin's merchant, or 401 (no or bad credentials) / 403 (not an admin). On another region's
 * host the user does not exist, so the answer is the one for a wrong password (inferred: regions
 * are separate deployments; docs/bringg-api.md#another-regions-host).
 */
export function adminMerchant(store: Store, { req, region, trace }: Pick<RequestContext, "req" | "region" | "trace">): MerchantRecord {
    const credentials = basicCredentials(req);
    if (!credentials) {
        throw new ApiError(401, "unauthorized", "authenticate with HTTP Basic: a Bringg admin user's username and password", challenge);
    }
    const login = store.login(credentials.user, credentials.password);
    if (!login || (region !== undefined && login.merchant.region !== region)) {
        throw new ApiError(401, "unauthorized", "invalid username or password", challenge);
    }
    trace.merchantId = login.merchant.id;
    trace.actor = credentials.user;
    if (!login.admin) throw new ApiError(403, "forbidden", "only admin users may use the Management API");
    return login.merchant;
}

function findApplication(store: Store, merchant: MerchantRecord, rawId: string | undefined): ApplicationRecord {
    const id = /^\d{1,15}$/.test(rawId ?? "") ? Number(rawId) : undefined;
    const application = id === undefined ? undefined : store.application(merchant.id, id);
    if (!application) throw new ApiError(404, "not_found", `no application with id ${rawId}`);
    return application;
}

const noFields = z.strictObject({}).optional();

/** Parses a body with a schema; 400 listing every problem otherwise. */
function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
    const result = schema.safeParse(body);
    if (!result.success) {
        throw new ApiError(400, "invalid_request", `invalid ${what}: ${describeIssues(result.error.issues)}`);
    }
    return result.data;
}

function domain<T>(action: () => T): T {
    try {
        return action();
    } catch (error) {
        if (error instanceof DomainError) throw new ApiError(400, "invalid_request", error.message);
        throw error;
    }
}

/** Handlers for every Management route; `paging` pages the lists (./paging.ts). */
export function managementHandlers(store: Store, paging?: Paging): Record<ManagementRoute, Handler> {
    const json = ["json"] as const;
    const onApplication = (change: (application: ApplicationRecord) => object) => ({
        accepts: json,
        handle: (ctx: RequestContext) => {
            const { params, body } = ctx;
            const merchant = adminMerchant(store, ctx);
            parse(noFields, body, "request: this route takes no fields");
            const application = findApplication(store, merchant, params.id);
            return { status: 200, body: change(application) };
        },
    });
    return {
        listApplications: {
            accepts: [],
            handle: (ctx) =>
                pageOf(
                    store.applications(adminMerchant(store, ctx).id).map((a) => applicationView(a)),
                    "applications",
                    "listApplications",
                    ctx.req,
                    paging,
                ),
        },
        createApplication: {
            accepts: json,
            handle: (ctx) => {
                const { body } = ctx;
                const merchant = adminMerchant(store, ctx);
                if (body === undefined) throw new ApiError(400, "invalid_request", 'send a JSON body {"name", "scopes"}');
                const request = parse(wire.createApplicationRequest, body, "application");
                const { application, secret } = domain(() => store.createApplication(merchant.id, request.name, request.scopes));
                return { status: routes.createApplication.successStatus, body: applicationView(application, secret) };
            },
        },
        updateApplication: {
            accepts: json,
            handle: (ctx) => {
                const { params } = ctx;
                findApplication(store, adminMerchant(store, ctx), params.id);
                throw new ApiError(
                    400,
                    "invalid_request",
                    "an application's name and scopes cannot be changed after creation; create a new application instead",
                );
            },
        },
        enableApplication: onApplication((application) => {
            store.setEnabled(application, true);
            return applicationView(application);
        }),
        disableApplication: onApplication((application) => {
            store.setEnabled(application, false);
            return applicationView(application);
        }),
        regenerateSecret: onApplication((application) => applicationView(application, store.regenerateSecret(application))),
        deleteApplication: {
            accepts: json,
            handle: (ctx) => {
                const { params, body } = ctx;
                const merchant = adminMerchant(store, ctx);
                parse(noFields, body, "request: this route takes no fields");
                store.deleteApplication(findApplication(store, merchant, params.id));
                return { status: routes.deleteApplication.successStatus };
            },
        },
        listScopes: {
            accepts: [],
            handle: (ctx) => pageOf(store.scopes(adminMerchant(store, ctx)), "scopes", "listScopes", ctx.req, paging),
        },
        setScopeTtls: {
            accepts: json,
            handle: (ctx) => {
                const { body } = ctx;
                const merchant = adminMerchant(store, ctx);
                if (typeof body !== "object" || body === null || Array.isArray(body)) {
                    throw new ApiError(400, "invalid_request", 'send a JSON object mapping scope names to seconds, e.g. {"teams_write": 1000}');
                }
                domain(() => store.setScopeTtls(merchant, body as Record<string, unknown>));
                return { status: 200, body: store.scopes(merchant) };
            },
        },
    };
}
