/**
 * The soak's Pulumi program as data, the random changes made to it between runs, and the program
 * source generated from it.
 *
 * The program: a few Applications (the `anchor` always, others added and removed), one ScopeTtls
 * and one SecretRotation of the anchor. Every live client secret is exported, so that the
 * convergence check can prove each one still obtains a token: the anchor's secret through the
 * rotation (the Application's own `clientSecret` is dead by design after the first rotation).
 */
import type { Rng } from "./rng";

/** One declared Application. */
export interface AppSpec {
    /** The resource name (also Bringg's display name unless the provider autonames). */
    readonly key: string;
    readonly scopes: readonly string[];
    readonly enabled: boolean;
}

/** The whole program. */
export interface ProgramModel {
    readonly apps: readonly AppSpec[];
    /** ScopeTtls `policy`: scope → seconds. */
    readonly ttls: Readonly<Record<string, number>>;
    /** SecretRotation `anchor-secret`'s trigger value. */
    readonly trigger: number;
    /** The number the next added app is named after. */
    readonly nextApp: number;
}

/** The application whose secret the SecretRotation owns; never removed. */
export const anchorKey = "anchor";

/** Scopes the applications are given (a set of 1-2 of them). */
export const appScopePool = ["tasks_read", "users_read", "teams_write", "teams_read", "vehicles_read"] as const;

/** Scopes the ScopeTtls may manage; a scope left out must be back at Bringg's default. */
export const ttlScopePool = ["tasks_write", "users_read", "teams_write", "teams_read"] as const;

const ttlValues = [600, 900, 3600, 7200] as const;

/** The program every soak starts from. */
export function initialModel(): ProgramModel {
    return {
        apps: [
            { key: anchorKey, scopes: ["tasks_read"], enabled: true },
            { key: "app-1", scopes: ["tasks_read", "users_read"], enabled: true },
            { key: "app-2", scopes: ["teams_write"], enabled: false },
        ],
        ttls: { tasks_write: 900, users_read: 7200 },
        trigger: 0,
        nextApp: 3,
    };
}

/** The kinds of change one run makes. */
export const changeKinds = ["addApp", "removeApp", "toggleEnabled", "changeScopes", "changeTtls", "bumpRotation"] as const;
/** A kind of change. */
export type ChangeKind = (typeof changeKinds)[number];

/** One planned change: its kind, a description, and the program after it. */
export interface Change {
    readonly kind: ChangeKind;
    /** E.g. `add app-4 (enabled, users_read)`. */
    readonly description: string;
    /** The application the change is about, if any. */
    readonly app?: string;
    readonly after: ProgramModel;
}

function scopesFor(rng: Rng, other?: readonly string[]): string[] {
    for (;;) {
        const scopes = rng.sample(appScopePool, rng.int(1, 2));
        if (!other || scopes.join() !== [...other].sort().join()) return scopes.sort();
    }
}

/** A random change of `model`; a change that cannot apply (no app to remove) becomes another. */
export function randomChange(rng: Rng, model: ProgramModel): Change {
    const others = model.apps.filter((app) => app.key !== anchorKey);
    let kind = rng.pick(changeKinds);
    if ((kind === "removeApp" || kind === "changeScopes") && others.length === 0) kind = "addApp";
    if (kind === "addApp" && others.length >= 4) kind = "removeApp";

    switch (kind) {
        case "addApp": {
            const app: AppSpec = { key: `app-${model.nextApp}`, scopes: scopesFor(rng), enabled: rng.chance(0.5) };
            return {
                kind,
                app: app.key,
                description: `add ${app.key} (${app.enabled ? "enabled" : "disabled"}, ${app.scopes.join(" ")})`,
                after: { ...model, apps: [...model.apps, app], nextApp: model.nextApp + 1 },
            };
        }
        case "removeApp": {
            const gone = rng.pick(others);
            return {
                kind,
                app: gone.key,
                description: `remove ${gone.key}`,
                after: { ...model, apps: model.apps.filter((app) => app.key !== gone.key) },
            };
        }
        case "toggleEnabled": {
            const target = rng.pick(model.apps);
            return {
                kind,
                app: target.key,
                description: `${target.enabled ? "disable" : "enable"} ${target.key}`,
                after: { ...model, apps: model.apps.map((app) => (app.key === target.key ? { ...app, enabled: !app.enabled } : app)) },
            };
        }
        case "changeScopes": {
            const target = rng.pick(others);
            const scopes = scopesFor(rng, target.scopes);
            return {
                kind,
                app: target.key,
                description: `change ${target.key}'s scopes to ${scopes.join(" ")} (replace)`,
                after: { ...model, apps: model.apps.map((app) => (app.key === target.key ? { ...app, scopes } : app)) },
            };
        }
        case "changeTtls": {
            const ttls: Record<string, number> = { ...model.ttls };
            const scope = rng.pick(ttlScopePool);
            if (scope in ttls && Object.keys(ttls).length > 1 && rng.chance(0.4)) {
                delete ttls[scope];
                return { kind, description: `drop the ${scope} TTL`, after: { ...model, ttls } };
            }
            const value = rng.pick(ttlValues.filter((v) => v !== ttls[scope]));
            ttls[scope] = value;
            return { kind, description: `set ${scope} TTL to ${value}s`, after: { ...model, ttls } };
        }
        case "bumpRotation":
            return {
                kind,
                app: anchorKey,
                description: `bump the rotation trigger to ${model.trigger + 1}`,
                after: { ...model, trigger: model.trigger + 1 },
            };
    }
}

/**
 * The program's index.ts. Outputs: `secrets` (a secret): resource name → `{clientId, clientSecret}`
 * for every live secret; `apps`: resource name → client id.
 */
export function programSource(model: ProgramModel): string {
    const lines = [`import * as bringg from "pulumi-bringg";`, ``, `const apps: Record<string, bringg.Application> = {};`];
    for (const app of model.apps) {
        lines.push(
            `apps[${JSON.stringify(app.key)}] = new bringg.Application(${JSON.stringify(app.key)}, ` +
                `{ scopes: ${JSON.stringify(app.scopes)}, enabled: ${app.enabled} });`,
        );
    }
    lines.push(
        `new bringg.ScopeTtls("policy", { ttls: ${JSON.stringify(model.ttls)} });`,
        `const rotation = new bringg.SecretRotation("${anchorKey}-secret", {`,
        `    application: apps[${JSON.stringify(anchorKey)}]!,`,
        `    triggers: { n: ${model.trigger} },`,
        `});`,
        ``,
        `export const secrets = {`,
        ...model.apps
            .filter((app) => app.key !== anchorKey)
            .map(
                (app) =>
                    `    ${JSON.stringify(app.key)}: { clientId: apps[${JSON.stringify(app.key)}]!.clientId, clientSecret: apps[${JSON.stringify(app.key)}]!.clientSecret },`,
            ),
        `    "${anchorKey}-secret": { clientId: rotation.clientId, clientSecret: rotation.clientSecret },`,
        `};`,
        `export const clientIds = Object.fromEntries(Object.entries(apps).map(([key, app]) => [key, app.clientId]));`,
        ``,
    );
    return lines.join("\n");
}
