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
import type { HiddenInputs } from "./hidden-types";
import type { ConfigurationProblem } from "./config";
import type { ApplicationLocks, ScopeClaims } from "./context";
import type { SecretRegistry } from "./errors";

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
    /** The provider context's secret registry: what its clients saw, redacted from every message. */
    readonly secrets: SecretRegistry;
}

/** A diff: what changes, and why (shown in the CLI, since a dynamic diff cannot carry a message). */
export interface DiffOutcome {
    readonly changes: boolean;
    readonly replaces?: string[];
    readonly deleteBeforeReplace?: boolean;
    /** Why the resource changes; undefined when it does not or the reason is obvious. */
    readonly reason?: string;
}

/** A client id and its secret. */
export interface Credential {
    readonly clientId: string;
    readonly clientSecret: string;
}

/** The secret(s) Bringg just issued: the current credential, and the one before it (RotatingCredentials). */
export interface Issued {
    readonly current: Credential;
    readonly previous?: Credential;
}

/**
 * What create and update return: the id and the state, which always comes from Bringg. A resource
 * that holds a secret returns its state with the secret in it (whatever `keepSecretInState` says),
 * and `issued` when Bringg generated a new one: `withDelivery` (provider/delivery/hooks.ts)
 * delivers it and applies `keepSecretInState`.
 */
export interface Written {
    readonly id: string;
    readonly outs: Props;
    readonly issued?: Issued;
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

/** A credential a state knows of: always its fingerprint, its secret only when kept there. */
export interface HeldCredential {
    readonly clientId: string;
    readonly fingerprint: string;
    /** Absent (or empty) when the state does not hold it. */
    readonly clientSecret?: string;
}

/** The credentials a state holds: the current one, and RotatingCredentials' previous one. */
export interface HeldCredentials {
    readonly current: HeldCredential;
    /** The credential Secrets Manager keeps as AWSPREVIOUS. */
    readonly previous?: HeldCredential;
}

/**
 * How a resource holds the secret Bringg issues it: what `withDelivery`
 * (provider/delivery/hooks.ts) needs to deliver it, keep it out of the state, put it back, and
 * record it in a partial failure. A crud module that exports one (`holding`) delivers.
 */
export interface SecretHolding {
    /** The outputs that hold secrets, e.g. `["clientSecret"]`: wrapped as Pulumi secrets in a partial failure. */
    readonly secretKeys: readonly string[];
    /** The resource in messages, from its state. */
    label(state: Props): string;
    /** What a state holds; undefined when it holds no secret to deliver under these inputs (an adopted application). */
    held(state: Props, inputs: Props): HeldCredentials | undefined;
    /** Whether the state keeps the secret beyond `keepSecretInState` (undefined: it does). */
    keepsSecret?(inputs: Props): boolean;
    /** A failure of the delivery inputs that only this resource has (e.g. `deliverTo` with `adopt`). */
    refuseDelivery?(inputs: Props): { property: string; reason: string } | undefined;
    /** The state without its secrets (their fingerprints stay). */
    withoutSecret(state: Props): Props;
    /** The state with the secrets read back from the state or a store; `previousLost` when no store holds the previous one any more. */
    withSecrets(state: Props, secrets: { current?: Credential; previous?: Credential; previousLost: boolean }): Props;
    /** The fix named when no store holds a secret that must be delivered again. */
    readonly newSecretFix: string;
}

/**
 * What `withDelivery` adds to the deps of a resource that delivers: a held secret read back from
 * a `deliverTo` store that still holds it (`keepSecretInState: false`), or undefined.
 */
export interface DeliveryDeps {
    readonly storedSecret?: (credential: HeldCredential) => Promise<string | undefined>;
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
    /**
     * `news` are the engine's inputs without the hidden inputs, which the adapter parsed into
     * `hidden` (./hidden.ts); `olds` are the checked inputs stored last time.
     */
    check(olds: Props, news: Props, deps: D, hidden: HiddenInputs): CheckOutcome | Promise<CheckOutcome>;
    diff(id: string, olds: Props, news: Props, deps: D): DiffOutcome;
    create(inputs: Props, deps: D): Promise<Written>;
    read(id: string, props: Props, deps: D): Promise<ReadOutcome>;
    update(id: string, olds: Props, news: Props, deps: D): Promise<Written>;
    delete(id: string, props: Props, deps: D): Promise<unknown>;
    /**
     * The check without calls to Bringg, for a resource whose `check` calls it: run instead of
     * `check` when a decorator's own inputs already failed, so that a failing preview makes no call.
     */
    checkLocally?(olds: Props, news: Props, deps: D, hidden: HiddenInputs): CheckOutcome;
    /** How the resource holds a secret Bringg issues it; present when it delivers (see {@link SecretHolding}). */
    readonly holding?: SecretHolding;
}
