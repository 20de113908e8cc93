/**
 * The operations of one resource type, as every way into the provider runs them: the dynamic
 * adapter (./hooks.ts, the hooks the engine calls on a dynamic provider) and the native plugin
 * (provider/native/, the gRPC `ResourceProvider` service) are thin shims over the same
 * {@link ResourceOperations}. No Pulumi imports.
 *
 * From a resource's logic ({@link ResourceCrud}) and the provider context of the caller, the
 * operations build the hooks' {@link Deps} for the account a resource lives in, apply the account
 * rules (./account.ts) and, for a resource that holds a secret, the delivery rules
 * (provider/delivery/hooks.ts), send warnings and diff reasons to the caller's {@link OperationLog},
 * turn a gone resource into the engine's empty id, say why refresh and destroy may use old
 * credentials, and redact every error they let through.
 */
import { withDelivery } from "../delivery/hooks";
import { accountOf, withAccount } from "./account";
import type { CheckOutcome } from "./check";
import { rotationNow } from "./clock";
import type { ProviderContext } from "./context";
import type { Deps, Props, ResourceCrud } from "./contract";
import { BringgApiError, type SecretRegistry } from "./errors";
import type { HiddenInputs } from "./hidden-types";

/**
 * Where an operation's messages go: the CLI, under the resource when the way in knows its URN (the
 * native plugin), under the stack otherwise (the engine tells dynamic providers no URN).
 */
export interface OperationLog {
    info(message: string): Promise<void>;
    warn(message: string): Promise<void>;
}

/** What a diff tells the engine (its reason has gone to the log). */
export interface DiffAnswer {
    readonly changes: boolean;
    readonly replaces?: string[];
    readonly deleteBeforeReplace?: boolean;
}

/** What a read tells the engine: an empty id when the resource is gone. */
export interface ReadAnswer {
    readonly id: string;
    readonly props?: Props;
    readonly inputs?: Props;
}

/**
 * One resource type's operations, each given the provider context it runs in and the log of the
 * call. Inputs are plain values (no secret wrappers); hidden inputs are already split off.
 */
export interface ResourceOperations {
    readonly kind: string;
    check(context: ProviderContext, log: OperationLog, olds: Props, news: Props, hidden: HiddenInputs): Promise<CheckOutcome>;
    diff(context: ProviderContext, log: OperationLog, id: string, olds: Props, news: Props): Promise<DiffAnswer>;
    create(context: ProviderContext, log: OperationLog, inputs: Props): Promise<{ id: string; outs: Props }>;
    read(context: ProviderContext, log: OperationLog, id: string, props: Props): Promise<ReadAnswer>;
    update(context: ProviderContext, log: OperationLog, id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
    delete(context: ProviderContext, log: OperationLog, id: string, props: Props): Promise<void>;
}

/**
 * Runs one operation. Whatever it throws reaches the engine, which prints it, so it must never carry
 * a credential or secret: it is redacted with the secret registry of the operation's context.
 * Redaction is in place, so a partial failure's `id` and `properties` survive.
 */
async function guardedBy<T>(secrets: SecretRegistry, work: () => Promise<T> | T): Promise<T> {
    try {
        return await work();
    } catch (error) {
        throw secrets.redactError(error);
    }
}

/**
 * The hooks' dependencies for one account (undefined: the default settings), from the provider
 * context: that account's client (made once per context, on first use), the settings problems
 * check reports, and the locks and claims every resource of the context shares.
 */
function bringgDeps(context: ProviderContext, log: OperationLog, account: string | undefined): Deps {
    return {
        client: () => context.client(account),
        settingsProblems: context.settingsProblems,
        // What a hook warns reaches the CLI as it is: redacted like its errors.
        warn: (message) => log.warn(context.secrets.redact(message)),
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
 * The operations of one Bringg resource type, from its logic; each resource uses its account's
 * settings, and one that holds a secret (its crud has a `holding`) delivers it.
 */
export function bringgOperations(crud: ResourceCrud): ResourceOperations {
    const { holding } = crud;
    const logic = holding ? withDelivery({ ...crud, holding }) : crud;
    const operations = operationsWith(withAccount(logic), (context, log, props) => bringgDeps(context, log, accountOf(props)));
    return {
        ...operations,
        read: (context, log, id, props) => operations.read(context, log, id, props).catch(explainRecordedSettings),
        delete: (context, log, id, props) => operations.delete(context, log, id, props).catch(explainRecordedSettings),
    };
}

/**
 * The operations of a resource type whose logic needs dependencies of its own, made from the
 * provider context and the call's log (`props`: the inputs or state the operation got).
 */
export function operationsWith<D>(crud: ResourceCrud<D>, depsOf: (context: ProviderContext, log: OperationLog, props: Props) => D): ResourceOperations {
    return {
        kind: crud.kind,
        check: (context, log, olds, news, hidden) => guardedBy(context.secrets, () => crud.check(olds, news, depsOf(context, log, news), hidden)),
        diff: (context, log, id, olds, news) =>
            guardedBy(context.secrets, async () => {
                const { reason, ...answer } = crud.diff(id, olds, news, depsOf(context, log, news));
                if (reason) await log.info(`${crud.kind}: ${reason}`);
                return answer;
            }),
        create: (context, log, inputs) =>
            guardedBy(context.secrets, async () => {
                const { id, outs } = await crud.create(inputs, depsOf(context, log, inputs));
                return { id, outs };
            }),
        read: (context, log, id, props) =>
            guardedBy(context.secrets, async () => {
                const outcome = await crud.read(id, props, depsOf(context, log, props));
                for (const message of outcome.warnings) await log.warn(context.secrets.redact(message));
                // An empty id is how a provider tells the engine the resource is gone.
                if (!outcome.props) return { id: "" };
                return outcome.inputs ? { id: outcome.id, props: outcome.props, inputs: outcome.inputs } : { id: outcome.id, props: outcome.props };
            }),
        update: (context, log, id, olds, news) =>
            guardedBy(context.secrets, async () => ({ outs: (await crud.update(id, olds, news, depsOf(context, log, news))).outs })),
        delete: (context, log, id, props) =>
            guardedBy(context.secrets, async () => {
                await crud.delete(id, props, depsOf(context, log, props));
            }),
    };
}
