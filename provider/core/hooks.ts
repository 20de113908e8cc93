/**
 * The one adapter from a resource's logic ({@link ResourceCrud}) to the dynamic-provider hooks the
 * engine calls. Every `provider/<resource>/provider.ts` is `export = adapt(crud)`.
 *
 * The adapter reads the stack config (`configure`), builds the hooks' {@link Deps}, shows warnings
 * and diff reasons in the CLI, turns a gone resource into the engine's empty id, and redacts every
 * error it lets through.
 */
import * as pulumi from "@pulumi/pulumi";
import { sharedClient } from "./client";
import { useStackConfig } from "./config";
import type { Deps, Props, ResourceCrud } from "./contract";
import { rotationNow } from "./clock";
import { redactError } from "./errors";

/**
 * Runs one hook. Whatever it throws reaches the engine, which prints it, so it must never carry a
 * credential or secret. Redaction is in place, so a partial failure's `id` and `properties` survive.
 */
async function guarded<T>(work: () => Promise<T> | T): Promise<T> {
    try {
        return await work();
    } catch (error) {
        throw redactError(error);
    }
}

/** Shows a warning in the CLI, under the stack (dynamic providers are not told the resource's URN). */
export async function warn(message: string): Promise<void> {
    await pulumi.log.warn(message);
}

/** The hooks' dependencies in a provider process: the shared client of the current settings. */
const bringgDeps: Deps = {
    get client() {
        return sharedClient();
    },
    warn,
    now: rotationNow,
};

/** The dynamic-provider hooks of one Bringg resource type, from its logic. */
export function adapt(crud: ResourceCrud) {
    return adaptWith(crud, bringgDeps);
}

/** The dynamic-provider hooks of a resource type whose logic needs dependencies of its own. */
export function adaptWith<D>(crud: ResourceCrud<D>, deps: D) {
    return {
        /** Reads `bringg:*` stack config into the process (never into state). Never throws: check reports. */
        async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
            useStackConfig((key) => req.config.get(key));
        },
        async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
            return guarded(() => crud.check(olds, news, deps));
        },
        async diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
            return guarded(async () => {
                const { reason, ...result } = crud.diff(id, olds, news, deps);
                if (reason) await pulumi.log.info(`${crud.kind}: ${reason}`);
                return result;
            });
        },
        async create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
            return guarded(() => crud.create(inputs, deps));
        },
        async read(id: string, props?: Props): Promise<pulumi.dynamic.ReadResult> {
            return guarded(async () => {
                const outcome = await crud.read(id, props ?? {}, deps);
                for (const message of outcome.warnings) await warn(message);
                // An empty id is how a provider tells the engine the resource is gone.
                if (!outcome.props) return { id: "" };
                return outcome.inputs ? { id: outcome.id, props: outcome.props, inputs: outcome.inputs } : { id: outcome.id, props: outcome.props };
            });
        },
        async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
            return guarded(async () => ({ outs: (await crud.update(id, olds, news, deps)).outs }));
        },
        async delete(id: string, props: Props): Promise<void> {
            await guarded(() => crud.delete(id, props, deps));
        },
    } satisfies pulumi.dynamic.ResourceProvider;
}
