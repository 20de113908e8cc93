/**
 * The contract between a resource's logic (`provider/<resource>/crud.ts`) and the one Pulumi adapter
 * (`adapt` in ./hooks.ts). No Pulumi imports: crud modules are tested directly, with the
 * dependencies injected.
 *
 * Each hook gets {@link Deps}: the Bringg client of the resource's account, the settings problems
 * check reports, where warnings go, the clock, and the state shared between resources. The adapter
 * takes them from the provider context (./context.ts) built from the stack config; tests build
 * them from an emulator and a fixed clock. A resource that talks to another service
 * (VendorCredential) declares deps of its own.
 */
import type { BringgClient } from "./client";
import type { CheckOutcome } from "./check";
import type { ConfigurationProblem } from "./config";
import type { ApplicationLocks, ScopeClaims } from "./context";

/** A property bag as the engine passes it to a hook (inputs or state). */
export type Props = Record<string, unknown>;

/** Where a hook's warnings go: the CLI (adapter), or a list (tests). */
export type Warn = (message: string) => void | Promise<void>;

/** What every hook may use besides its arguments. */
export interface Deps {
    /**
     * The Bringg client of the resource's account, made once per provider context (check runs with
     * bad settings too, so nothing is made before a hook asks).
     *
     * @throws ConfigurationError naming every key to set, when the account's settings are invalid:
     * check reports those problems first (from {@link Deps.settingsProblems}) and asks only without.
     */
    client(): BringgClient;
    /** The problems with an account's settings (undefined: the default settings); empty when valid. */
    readonly settingsProblems: (account?: string) => readonly ConfigurationProblem[];
    readonly warn: Warn;
    /** The clock that decides time-based changes (rotation's `rotateAfter`). */
    readonly now: () => Date;
    /** The rotation locks shared by every resource that rotates a secret in this provider context. */
    readonly applicationLocks: ApplicationLocks;
    /** The scope claims shared by every ScopeTtls in this provider context. */
    readonly scopeClaims: ScopeClaims;
}

/** A diff: what changes, and why (shown in the CLI, since a dynamic diff cannot carry a message). */
export interface DiffOutcome {
    readonly changes: boolean;
    readonly replaces?: string[];
    readonly deleteBeforeReplace?: boolean;
    /** Why the resource changes; undefined when it does not or the reason is obvious. */
    readonly reason?: string;
}

/** What create and update return: the id and the state, which always comes from Bringg. */
export interface Written {
    readonly id: string;
    readonly outs: Props;
}

/** What refresh found: the state, or nothing when the resource is gone; warnings for the user. */
export interface ReadOutcome {
    readonly id: string;
    /** Undefined when the resource no longer exists: the engine drops it from the stack. */
    readonly props?: Props;
    /** Inputs realigned with what Bringg has, so the next preview shows the way back. */
    readonly inputs?: Props;
    readonly warnings: readonly string[];
}

/**
 * A resource's logic: every hook the engine calls. Each `provider/<resource>/crud.ts` module is one
 * (its exports are `kind` and the hooks, `delete` exported under that name). Hooks that have
 * nothing to do say so (`delete` of a rotation returns at once); none is optional, so none is
 * forgotten.
 */
export interface ResourceCrud<D = Deps> {
    /** The resource type's name in messages, e.g. `SecretRotation`. */
    readonly kind: string;
    check(olds: Props, news: Props, deps: D): CheckOutcome | Promise<CheckOutcome>;
    diff(id: string, olds: Props, news: Props, deps: D): DiffOutcome;
    create(inputs: Props, deps: D): Promise<Written>;
    read(id: string, props: Props, deps: D): Promise<ReadOutcome>;
    update(id: string, olds: Props, news: Props, deps: D): Promise<Written>;
    delete(id: string, props: Props, deps: D): Promise<unknown>;
}
