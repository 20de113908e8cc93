/**
 * Named accounts on resources: the `account` input every Bringg resource has, and the rules that
 * hold for it whatever the resource (written once, applied by the adapter):
 * - the account is kept in the state, so refresh and destroy reach the account the resource lives
 *   in (its credentials never are: they are read from `bringg:accounts` when the provider runs);
 * - moving a resource to another account replaces it (Bringg cannot move an application or a TTL
 *   override between merchants);
 * - check and every call use that account's settings.
 * No Pulumi imports.
 */
import { z } from "zod";
import { unknownValue } from "./check";
import { accountNamePattern, accountsKey } from "./config";

export type { AccountArgs } from "./account-args";
import type { DiffOutcome, Props, ReadOutcome, ResourceCrud, Written } from "./contract";

/** The `account` input of every Bringg resource and lookup. */
export const accountInput = z
    .string({ error: `account must be the name of an account in ${accountsKey}, e.g. "eu"` })
    .regex(accountNamePattern, {
        error: (issue) =>
            `account ${JSON.stringify(issue.input)} is not an account name: use the name of an entry of ${accountsKey} ` +
            '(a letter, then letters, digits, "-" or "_")',
    })
    .optional()
    .meta({
        description:
            "The named account (an entry of `bringg:accounts`) this resource lives in; without it, the default settings " +
            "(`bringg:region` or `bringg:endpoint`, `bringg:username`, `bringg:password`). Kept in the state so refresh and " +
            "destroy reach the same account; changing it replaces the resource.",
    });

/** The account a resource's inputs or state name; undefined for the default settings (or while unknown). */
export function accountOf(props: Props): string | undefined {
    const account = props.account;
    return typeof account === "string" && account !== "" && account !== unknownValue ? account : undefined;
}

function withAccountOf(source: Props, props: Props): Props {
    const account = accountOf(source);
    return account === undefined ? props : { ...props, account };
}

/**
 * The account rules around a resource's logic: its state carries the account of its inputs, and a
 * change of account replaces it (the new one is created first: the two live in different accounts).
 */
export function withAccount<D>(crud: ResourceCrud<D>): ResourceCrud<D> {
    return {
        kind: crud.kind,
        check: (olds, news, deps, hidden) => crud.check(olds, news, deps, hidden),
        diff(id, olds, news, deps): DiffOutcome {
            const outcome = crud.diff(id, olds, news, deps);
            const before = accountOf(olds);
            const after = news.account === unknownValue ? unknownValue : accountOf(news);
            if (before === after) return outcome;
            const name = (account: string | undefined) => (account === undefined ? "the default settings" : `account ${JSON.stringify(account)}`);
            return {
                changes: true,
                replaces: [...new Set([...(outcome.replaces ?? []), "account"])],
                deleteBeforeReplace: outcome.deleteBeforeReplace ?? false,
                reason: `moves from ${name(before)} to ${after === unknownValue ? "an account not known yet" : name(after)}: Bringg cannot move it, so it is replaced`,
            };
        },
        async create(inputs, deps): Promise<Written> {
            const written = await crud.create(inputs, deps);
            return { id: written.id, outs: withAccountOf(inputs, written.outs) };
        },
        async read(id, props, deps): Promise<ReadOutcome> {
            const outcome = await crud.read(id, props, deps);
            if (!outcome.props) return outcome;
            return {
                ...outcome,
                props: withAccountOf(props, outcome.props),
                ...(outcome.inputs ? { inputs: withAccountOf(props, outcome.inputs) } : {}),
            };
        },
        async update(id, olds, news, deps): Promise<Written> {
            const written = await crud.update(id, olds, news, deps);
            return { id: written.id, outs: withAccountOf(news, written.outs) };
        },
        delete: (id, props, deps) => crud.delete(id, props, deps),
    };
}
