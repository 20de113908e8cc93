/**
 * What to say when an account refuses a write route outright: it answers 404 (no such path) or
 * 405 (not with this method). Bringg's published Management calls are list, enable, disable,
 * regenerate and delete of applications (docs/bringg-api.md#management-api-calls): an account may
 * well have no API create, and then the way on is its web UI, not a retry. Each write route gets
 * its own way on; the error is raised once, never retried (404 and 405 are not transient).
 */
import type { Route, RouteName } from "../api/routes";

/** Where Bringg's web UI manages OAuth applications. */
export const applicationsPage = "Bringg's web UI, Settings → Webhooks & API";

const profileHint = "If the account has this call at another path or method, declare it in the API profile (bringg:apiProfile; docs/real-bringg.md).";

/** The way on per write route, when the account does not serve it. */
const waysOn: Partial<Record<RouteName, string>> = {
    createApplication:
        `create the application in ${applicationsPage}, then manage it with the Application's \`adopt: { clientId }\` ` +
        "(its client id is shown there, or by the getApplications lookup); Pulumi cannot create it here.",
    enableApplication: `enable the application in ${applicationsPage}, and set the Application's \`enabled\` to match.`,
    disableApplication: `disable the application in ${applicationsPage}, and set the Application's \`enabled\` to match.`,
    regenerateSecret: `generate a new secret in ${applicationsPage}; secret rotation through Pulumi cannot run on this account.`,
    deleteApplication: `delete the application in ${applicationsPage}, then run \`pulumi refresh\` to drop it from the stack.`,
    setScopeTtls: "set the token lifetimes in Bringg's web UI, and remove the ScopeTtls resource from the program.",
    updateApplication: "an application's name and scopes cannot change: replace the application instead.",
};

/**
 * True when `status` says the account has no such route, rather than no such application: a 405,
 * or a 404 on a path without an `{id}` (with one, 404 may as well mean that the application is
 * gone: a caller tells them apart by listing).
 */
export function routeMissing(route: Pick<Route, "path">, status: number): boolean {
    return status === 405 || (status === 404 && !route.path.includes("{"));
}

/** True when a reply of `status` to an admin write says the account does not offer the route ({@link routeMissing}). */
export function isRefusal(route: Route, status: number): boolean {
    return route.auth === "admin" && route.method !== "GET" && routeMissing(route, status);
}

/** What the error for a refused route says: that the account does not offer it, and the way on. */
export function refusal(name: RouteName, status: number): { what: string; fix: string } {
    return {
        what: `this Bringg account does not offer ${name} through its API (it answered ${status}; not retried)`,
        fix: `${waysOn[name] ?? "do it in Bringg's web UI."} ${profileHint}`,
    };
}
