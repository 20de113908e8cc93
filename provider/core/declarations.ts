/**
 * The program process's declaration registry: what the resource classes of this package have
 * declared so far in this program, in declaration order.
 *
 * Some rules judge a resource against the ones declared before it (two Applications of one name,
 * two ScopeTtls that list one scope, two resources that deliver to one store): the first declared keeps what both claim, whatever order the
 * engine later checks them in. Only the program knows that order, so the classes record each
 * declaration here and pass what they found to check as a hidden input (./hidden.ts).
 *
 * Why this state is module-level: Pulumi runs a resource's constructor with only its name, its
 * arguments and its options, so there is no context to hand from one declaration to the next; the
 * program's process runs one program, so the module is that program's registry. It is the only
 * module-level mutable state in provider/, and only the program process fills it: the provider
 * process never constructs a resource class, and its hooks get everything through their arguments.
 */
import * as pulumi from "@pulumi/pulumi";

/** One declaration: the resource's name, its account (undefined: the default settings) and the value a rule compares. */
export interface Declared<T> {
    readonly resourceName: string;
    readonly account: string | undefined;
    readonly value: pulumi.Input<T>;
}

/** A declaration of the same account made before, with its value resolved. */
export interface Earlier<T> {
    readonly resourceName: string;
    readonly value: T;
}

/** The declarations one program has made so far. */
export class ProgramDeclarations {
    /** Applications with an explicit display name (the value), in declaration order. */
    readonly applicationNames: Declared<string>[] = [];
    /** ScopeTtls with their TTL maps (the value), in declaration order. */
    readonly scopeTtls: Declared<Record<string, unknown>>[] = [];
    /**
     * Resources with `deliverTo` (the value), in declaration order, named as messages name them
     * (e.g. `SecretRotation "dash-secret"`); a store is one store whatever the account, so the
     * account is left out (see provider/delivery/claims.ts).
     */
    readonly deliveryTargets: Declared<unknown[]>[] = [];
    /** The named account each resource object was declared in, for resources that follow it (SecretRotation follows its Application). */
    readonly #accounts = new WeakMap<object, string>();

    /** Records the named account a resource object was declared in (nothing for the default settings). */
    recordAccount(resource: object, account: string | undefined): void {
        if (account !== undefined) this.#accounts.set(resource, account);
    }

    /** The named account `resource` was declared in; undefined for the default settings or anything not declared. */
    accountOf(resource: unknown): string | undefined {
        return typeof resource === "object" && resource !== null ? this.#accounts.get(resource) : undefined;
    }
}

/** This program's declarations (see the module comment for why they are module-level). */
export const programDeclarations = new ProgramDeclarations();

/**
 * Adds `entry` to `list` (a list of {@link programDeclarations}) and judges it against the entries
 * of the same account declared before it, once every value involved is known. Undefined when there
 * are none, so that the resource passes no hidden input at all.
 */
export function judgeAgainstEarlier<T, R>(
    list: Declared<T>[],
    entry: Declared<T>,
    judge: (mine: T, earlier: readonly Earlier<T>[]) => R | undefined,
): pulumi.Output<R | undefined> | undefined {
    const earlier = list.filter((other) => other.account === entry.account);
    list.push(entry);
    if (earlier.length === 0) return undefined;
    const values = [entry, ...earlier].map((declared) => pulumi.output(declared.value) as pulumi.Output<T>);
    return pulumi.all(values).apply(([mine, ...theirs]) =>
        judge(
            mine as T,
            earlier.map((other, i) => ({ resourceName: other.resourceName, value: theirs[i] as T })),
        ),
    );
}
