/**
 * The dynamic adapter: from a resource type's operations (./operations.ts) to the dynamic-provider
 * hooks the engine calls. Every `provider/<resource>/provider.ts` is `export = adapt(crud)`.
 *
 * What is dynamic-specific lives here, and nothing else: `configure` takes the process's provider
 * context for the stack config (./context.ts and ./process.ts); check takes the hidden inputs the
 * resource classes computed in the program out of its inputs (./hidden.ts); warnings and diff
 * reasons go to the CLI under the stack (the engine tells dynamic providers no URN). The native
 * plugin (provider/native/) is the other shim over the same operations.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ProviderContext } from "./context";
import type { Props, ResourceCrud } from "./contract";
import { splitHiddenInputs } from "./hidden";
import { bringgOperations, type OperationLog, operationsWith, type ResourceOperations } from "./operations";
import { processContext } from "./process";

export { recordedSettingsNote } from "./operations";

/** Shows a warning in the CLI, under the stack (dynamic providers are not told the resource's URN). */
export async function warn(message: string): Promise<void> {
    await pulumi.log.warn(message);
}

/** The CLI's log, under the stack. */
const stackLog: OperationLog = {
    info: async (message) => pulumi.log.info(message),
    warn,
};

/**
 * The dynamic-provider hooks of one Bringg resource type, from its logic (see
 * {@link bringgOperations}). The object is the provider the engine configures: `configure` takes
 * the process's context for the stack config it is given, and every later hook uses that context.
 */
export function adapt(crud: ResourceCrud) {
    return hooksOf(bringgOperations(crud));
}

/**
 * The dynamic-provider hooks of a resource type whose logic needs dependencies of its own, made
 * from the provider context (e.g. its secret registry) and the CLI's log.
 */
export function adaptWith<D>(crud: ResourceCrud<D>, depsOf: (context: ProviderContext, log: OperationLog) => D) {
    return hooksOf(operationsWith(crud, (context, log) => depsOf(context, log)));
}

/**
 * The hooks, each running its operation with the context `configure` gave this provider object
 * (before it, as without stack config: the environment's settings only; the engine always calls
 * `configure` first).
 */
function hooksOf(operations: ResourceOperations) {
    let context: ProviderContext | undefined;
    const current = (): ProviderContext => (context ??= processContext());
    return {
        /**
         * Takes the process's context for the `bringg:*` stack config (read into the process, never
         * into state). Never throws: check reports bad settings.
         */
        async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
            context = processContext((key) => req.config.get(key));
        },
        /** The one place the dynamic path reads hidden inputs: parsed and taken out of `news` (see ./hidden.ts). */
        async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
            const { hidden, inputs } = splitHiddenInputs(news);
            return operations.check(current(), stackLog, olds, inputs, hidden);
        },
        async diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
            return operations.diff(current(), stackLog, id, olds, news);
        },
        async create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
            return operations.create(current(), stackLog, inputs);
        },
        async read(id: string, props?: Props): Promise<pulumi.dynamic.ReadResult> {
            return operations.read(current(), stackLog, id, props ?? {});
        },
        async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
            return operations.update(current(), stackLog, id, olds, news);
        },
        async delete(id: string, props: Props): Promise<void> {
            await operations.delete(current(), stackLog, id, props);
        },
    } satisfies pulumi.dynamic.ResourceProvider;
}
