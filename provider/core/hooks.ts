/**
 * The one adapter from a resource's logic ({@link ResourceCrud}) to the dynamic-provider hooks the
 * engine calls. Every `provider/<resource>/provider.ts` is `export = adapt(crud)`.
 *
 * The adapter takes the process's provider context for the stack config (`configure`; see
 * ./context.ts and ./process.ts), builds from it the hooks' {@link Deps} for the account a
 * resource lives in, applies the account rules (./account.ts) and, for a resource that holds a
 * secret, the delivery rules (provider/delivery/hooks.ts), takes the hidden inputs out of check's
 * inputs (./hidden.ts), shows warnings and diff reasons in the CLI, turns a gone resource into the
 * engine's empty id, says why refresh and destroy may use old credentials, and redacts every error
 * it lets through.
 */
import * as pulumi from "@pulumi/pulumi";
import { withDelivery } from "../delivery/hooks";
import { accountOf, withAccount } from "./account";
import type { Deps, Props, ResourceCrud } from "./contract";
import { rotationNow } from "./clock";
import type { ProviderContext } from "./context";
import { BringgApiError, type SecretRegistry } from "./errors";
import { splitHiddenInputs } from "./hidden";
import { processContext } from "./process";

/**
 * Runs one hook. Whatever it throws reaches the engine, which prints it, so it must never carry a
 * credential or secret: it is redacted with the secret registry of the hook's provider context.
 * Redaction is in place, so a partial failure's `id` and `properties` survive.
 */
async function guardedBy<T>(secrets: SecretRegistry, work: () => Promise<T> | T): Promise<T> {
    try {
        return await work();
    } catch (error) {
        throw secrets.redactError(error);
    }
}

/** Shows a warning in the CLI, under the stack (dynamic providers are not told the resource's URN). */
export async function warn(message: string): Promise<void> {
    await pulumi.log.warn(message);
}

/**
 * The hooks' dependencies for one account (undefined: the default settings), from the provider
 * context: that account's client (made once per context, on first use), the settings problems
 * check reports, and the locks and claims every resource of the context shares.
 */
function bringgDeps(context: ProviderContext, account: string | undefined): Deps {
    return {
        client: () => context.client(account),
        settingsProblems: context.settingsProblems,
        // What a hook warns reaches the CLI as it is: redacted like its errors.
        warn: (message) => warn(context.secrets.redact(message)),
        now: rotationNow,
        applicationLocks: context.applicationLocks,
        scopeClaims: context.scopeClaims,
        secrets: context.secrets,
    };
}

/**
 * What a failed refresh or destroy adds when Bringg refused the credentials: the engine runs both
 * with the provider settings recorded at the last update, not with the current stack config.
 */
export const recordedSettingsNote =
    "Note: `pulumi refresh` and `pulumi destroy` use the provider settings recorded in the stack at the last `pulumi up`, " +
    "not the current stack config; if you changed bringg:* settings since, run `pulumi refresh --run-program` " +
    "(or `pulumi destroy --run-program`), or `pulumi up` first, to use the current ones.";

/** Appends {@link recordedSettingsNote} to a credentials refusal. */
function explainRecordedSettings(error: unknown): never {
    if (BringgApiError.isInstance(error) && (error.code === "unauthorized" || error.code === "forbidden") && !error.message.includes(recordedSettingsNote)) {
        error.message = `${error.message} ${recordedSettingsNote}`;
    }
    throw error;
}

/**
 * The dynamic-provider hooks of one Bringg resource type, from its logic; each resource uses its
 * account's settings, and one that holds a secret (its crud has a `holding`) delivers it. The
 * object is the provider the engine configures: `configure` takes the process's context for the
 * stack config it is given, and every later hook uses that context.
 */
export function adapt(crud: ResourceCrud) {
    const { holding } = crud;
    const logic = holding ? withDelivery({ ...crud, holding }) : crud;
    const hooks = hooksFor(withAccount(logic), (context, props) => bringgDeps(context, accountOf(props)));
    return {
        ...hooks,
        read: (id: string, props?: Props) => hooks.read(id, props).catch(explainRecordedSettings),
        delete: (id: string, props: Props) => hooks.delete(id, props).catch(explainRecordedSettings),
    } satisfies pulumi.dynamic.ResourceProvider;
}

/**
 * The dynamic-provider hooks of a resource type whose logic needs dependencies of its own, made
 * from the provider context (e.g. its secret registry).
 */
export function adaptWith<D>(crud: ResourceCrud<D>, depsOf: (context: ProviderContext) => D) {
    return hooksFor(crud, (context) => depsOf(context));
}

/**
 * The hooks, with the dependencies of the resource whose inputs or state a hook gets, taken from the
 * context `configure` gave this provider object (before it, as without stack config: the
 * environment's settings only; the engine always calls `configure` first).
 */
function hooksFor<D>(crud: ResourceCrud<D>, depsOf: (context: ProviderContext, props: Props) => D) {
    let context: ProviderContext | undefined;
    const current = (): ProviderContext => (context ??= processContext());
    const depsFor = (props: Props): D => depsOf(current(), props);
    const guarded = <T>(work: () => Promise<T> | T): Promise<T> => guardedBy(current().secrets, work);
    return {
        /**
         * Takes the process's context for the `bringg:*` stack config (read into the process, never
         * into state). Never throws: check reports bad settings.
         */
        async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
            context = processContext((key) => req.config.get(key));
        },
        /** The one place hidden inputs are read: parsed and taken out of `news` (see ./hidden.ts). */
        async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
            return guarded(() => {
                const { hidden, inputs } = splitHiddenInputs(news);
                return crud.check(olds, inputs, depsFor(inputs), hidden);
            });
        },
        async diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
            return guarded(async () => {
                const { reason, ...result } = crud.diff(id, olds, news, depsFor(news));
                if (reason) await pulumi.log.info(`${crud.kind}: ${reason}`);
                return result;
            });
        },
        async create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
            return guarded(() => crud.create(inputs, depsFor(inputs)));
        },
        async read(id: string, props?: Props): Promise<pulumi.dynamic.ReadResult> {
            return guarded(async () => {
                const outcome = await crud.read(id, props ?? {}, depsFor(props ?? {}));
                for (const message of outcome.warnings) await warn(current().secrets.redact(message));
                // An empty id is how a provider tells the engine the resource is gone.
                if (!outcome.props) return { id: "" };
                return outcome.inputs ? { id: outcome.id, props: outcome.props, inputs: outcome.inputs } : { id: outcome.id, props: outcome.props };
            });
        },
        async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
            return guarded(async () => ({ outs: (await crud.update(id, olds, news, depsFor(news))).outs }));
        },
        async delete(id: string, props: Props): Promise<void> {
            await guarded(() => crud.delete(id, props, depsFor(props)));
        },
    } satisfies pulumi.dynamic.ResourceProvider;
}
