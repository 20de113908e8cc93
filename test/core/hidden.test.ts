/**
 * The hidden inputs (provider/core/hidden.ts): one key carries what a resource class tells check,
 * the adapter takes it out of check's inputs in one place, and the keys 0.1.0 used (one per hidden
 * input) are read the same way.
 */
import test from "ava";
import { defaultPattern } from "../../provider/application/naming";
import { unknownValue } from "../../provider/core/check";
import type { Props, ResourceCrud } from "../../provider/core/contract";
import { hiddenInput, hiddenKey, splitHiddenInputs, type HiddenInputs } from "../../provider/core/hidden";
import { adaptWith } from "../../provider/core/hooks";

const hidden: HiddenInputs = {
    autonaming: { resourceName: "dashboards", project: "platform", stack: "prod", mode: "default", pattern: defaultPattern },
    nameTakenBy: "earlier",
    discardSecret: true,
    inputProblems: [{ property: "__proto__", reason: "names a prototype" }],
    resourceName: "policy",
    overlaps: { tasks_write: "first" },
};

/** The same hidden inputs as 0.1.0 passed them: one key each. */
const keysOf010: Props = {
    __autonaming: hidden.autonaming,
    __nameTakenBy: hidden.nameTakenBy,
    __discardSecret: hidden.discardSecret,
    __inputProblems: hidden.inputProblems,
    __resourceName: hidden.resourceName,
    __overlaps: hidden.overlaps,
};

test("the envelope is parsed into the hidden inputs and taken out; the other inputs are left as they are", (t) => {
    const split = splitHiddenInputs({ __provider: "p", scopes: ["tasks_read"], account: "eu", ...hiddenInput(hidden) });
    t.deepEqual(split.hidden, hidden);
    t.deepEqual(split.inputs, { __provider: "p", scopes: ["tasks_read"], account: "eu" });
});

test("the keys 0.1.0 wrote are read as the same hidden inputs and taken out too", (t) => {
    const split = splitHiddenInputs({ __provider: "p", ttls: {}, ...keysOf010 });
    t.deepEqual(split.hidden, hidden);
    t.deepEqual(split.inputs, { __provider: "p", ttls: {} });
});

test("the envelope wins over a 0.1.0 key; malformed and still-unknown fields are left out, and unknown fields ignored", (t) => {
    const split = splitHiddenInputs({
        __resourceName: "old",
        [hiddenKey]: {
            resourceName: "new",
            nameTakenBy: unknownValue,
            overlaps: unknownValue,
            discardSecret: "yes",
            autonaming: { resourceName: "" },
            inputProblems: [{ property: 1 }],
            somethingElse: 1,
        },
    });
    t.deepEqual(split.hidden, { resourceName: "new" });
    t.deepEqual(split.inputs, {});
    t.deepEqual(splitHiddenInputs({ [hiddenKey]: unknownValue, name: "n" }), { hidden: {}, inputs: { name: "n" } });
});

test("a class registers only the hidden inputs that say something, and no key at all when none does", (t) => {
    t.deepEqual(hiddenInput({ nameTakenBy: undefined, inputProblems: [] }), {});
    t.deepEqual(hiddenInput({ resourceName: "p", overlaps: undefined, inputProblems: [] }), { [hiddenKey]: { resourceName: "p" } });
});

test("the adapter hands check the inputs without hidden inputs, and the hidden inputs parsed", async (t) => {
    const seen: Array<{ news: Props; hidden: HiddenInputs }> = [];
    const crud: ResourceCrud<undefined> = {
        kind: "Probe",
        check: (_olds, news, _deps, given) => {
            seen.push({ news, hidden: given });
            return { inputs: news, failures: [] };
        },
        diff: () => ({ changes: false }),
        create: async () => ({ id: "id", outs: {} }),
        read: async (id) => ({ id, warnings: [] }),
        update: async (id) => ({ id, outs: {} }),
        delete: async () => undefined,
    };
    const hooks = adaptWith(crud, () => undefined);
    const envelope = await hooks.check({}, { name: "n", ...hiddenInput(hidden) });
    const old = await hooks.check({}, { name: "n", ...keysOf010 });
    t.deepEqual(envelope.inputs, { name: "n" }, "no hidden input reaches the checked inputs");
    t.deepEqual(old.inputs, { name: "n" });
    t.deepEqual(
        seen.map((call) => call.hidden),
        [hidden, hidden],
    );
    t.deepEqual(
        seen.map((call) => call.news),
        [{ name: "n" }, { name: "n" }],
    );
});
