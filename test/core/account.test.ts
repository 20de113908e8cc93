import test from "ava";
import { accountInput, withAccount } from "../../provider/core/account";
import { unknownValue } from "../../provider/core/check";
import type { Props, ResourceCrud } from "../../provider/core/contract";

/** A resource whose logic knows nothing of accounts: it echoes what it is given. */
const echo: ResourceCrud<null> = {
    kind: "Echo",
    check: (_olds, news) => ({ inputs: news, failures: [] }),
    diff: (_id, olds, news) => ({ changes: olds.value !== news.value }),
    create: async (inputs) => ({ id: "1", outs: { value: inputs.value } }),
    read: async (id, props) => ({ id, props: { value: props.value }, inputs: { value: props.value }, warnings: [] }),
    update: async (id, _olds, news) => ({ id, outs: { value: news.value } }),
    delete: async () => undefined,
};
const crud = withAccount(echo);

test("the state of a resource carries the account of its inputs, through create, update and refresh", async (t) => {
    t.deepEqual((await crud.create({ value: 1, account: "eu" }, null)).outs, { value: 1, account: "eu" });
    t.deepEqual((await crud.update("1", { value: 1, account: "eu" }, { value: 2, account: "eu" }, null)).outs, { value: 2, account: "eu" });
    const read = await crud.read("1", { value: 2, account: "eu" }, null);
    t.deepEqual(read.props, { value: 2, account: "eu" });
    t.deepEqual(read.inputs, { value: 2, account: "eu" });
});

test("without an account, the state has no account key (the default settings)", async (t) => {
    t.deepEqual((await crud.create({ value: 1 }, null)).outs, { value: 1 });
});

test("moving a resource to another account replaces it, creating the new one first, and says why", (t) => {
    const moved = crud.diff("1", { value: 1, account: "us" }, { value: 1, account: "eu" }, null);
    t.true(moved.changes);
    t.deepEqual(moved.replaces, ["account"]);
    t.false(moved.deleteBeforeReplace);
    t.regex(moved.reason ?? "", /moves from account "us" to account "eu"/);
    const fromDefault = crud.diff("1", { value: 1 } as Props, { value: 1, account: "eu" }, null);
    t.deepEqual(fromDefault.replaces, ["account"]);
    t.regex(fromDefault.reason ?? "", /from the default settings/);
    t.deepEqual(crud.diff("1", { value: 1 }, { value: 1, account: unknownValue }, null).replaces, ["account"]);
});

test("the same account leaves the resource's own diff as it is", (t) => {
    t.deepEqual(crud.diff("1", { value: 1, account: "eu" }, { value: 2, account: "eu" }, null), { changes: true });
    t.deepEqual(crud.diff("1", { value: 1 }, { value: 1 }, null), { changes: false });
});

test("an account name must be a name: letters first, then letters, digits, - or _", (t) => {
    t.true(accountInput.safeParse("eu-west_2").success);
    for (const bad of ["", "2eu", "eu west", "eu.west", 7]) {
        const parsed = accountInput.safeParse(bad);
        t.false(parsed.success, JSON.stringify(bad));
    }
    t.regex(accountInput.safeParse("eu.west").error?.issues[0]?.message ?? "", /is not an account name: use the name of an entry of bringg:accounts/);
});
