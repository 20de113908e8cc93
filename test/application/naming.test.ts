/**
 * Autonaming: a generated display name is unique, honours `pulumi:autonaming`, and is kept for the
 * application's life, including the names that earlier releases gave (no replace on upgrade).
 */
import test from "ava";
import { checkLocally, diff } from "../../provider/application/crud";
import { autoname } from "../../provider/application/naming";
import type { Props } from "../../provider/core/contract";
import { hiddenInput, splitHiddenInputs } from "../../provider/core/hidden";
import { contextOf } from "../helpers/deps";

const { settingsProblems } = contextOf({ "bringg:endpoint": "http://127.0.0.1:9", "bringg:username": "u", "bringg:password": "p" });

/** The local check as the adapter calls it, with complete settings: the hidden inputs (what the class passes) split off first. */
function check(olds: Props, news: Props) {
    const { hidden, inputs } = splitHiddenInputs(news);
    return checkLocally(olds, inputs, { settingsProblems }, hidden);
}

const autonaming = { resourceName: "dashboards", project: "platform", stack: "prod" };

test("without a name, the resource name gets seven random hex digits, marked unique", (t) => {
    const { inputs, failures } = check({}, { scopes: ["tasks_read"], ...hiddenInput({ autonaming }) });
    t.deepEqual(failures, []);
    t.regex(inputs.name as string, /^dashboards-[0-9a-f]{7}$/);
    t.is(inputs.__uniqueName, true);
    t.false("__bringg" in inputs || "__autonaming" in inputs, "the request is not stored");
    const again = check({}, { scopes: ["tasks_read"], ...hiddenInput({ autonaming }) });
    t.not(again.inputs.name, inputs.name, "two stacks (or two resources) never share a generated name");
});

test("a generated name is kept on every later check, so it never causes a replace", (t) => {
    const first = check({}, { scopes: ["tasks_read"], ...hiddenInput({ autonaming }) });
    const second = check(first.inputs, { scopes: ["tasks_read"], ...hiddenInput({ autonaming }) });
    t.is(second.inputs.name, first.inputs.name);
    t.is(second.inputs.__uniqueName, true);
});

test("state written before autonaming keeps its name: an upgrade replaces nothing", (t) => {
    // Earlier releases stored the resource name itself as the display name.
    const oldInputs = { name: "dashboards", scopes: ["tasks_read"], enabled: true };
    const { inputs } = check(oldInputs, { scopes: ["tasks_read"], enabled: true, ...hiddenInput({ autonaming }) });
    t.is(inputs.name, "dashboards");
    t.false("__uniqueName" in inputs, "an old name is not known to be unique");
    const state = {
        applicationId: 1,
        clientId: "c",
        clientSecretKnown: true,
        name: "dashboards",
        scopes: ["tasks_read"],
        enabled: true,
        createdAt: "",
        schemaVersion: 1,
    };
    t.false(diff("1", state, inputs).changes);
});

test("pulumi:autonaming modes and patterns are honoured, and a bad one is refused naming the config", (t) => {
    t.deepEqual(autoname({ ...autonaming, mode: "verbatim" }), { ok: true, name: "dashboards", unique: false });
    t.regex(
        (autoname({ ...autonaming, pattern: "${project}-${stack}-${name}-${alphanum(4)}" }) as { name: string }).name,
        /^platform-prod-dashboards-[a-z0-9]{4}$/,
    );
    t.deepEqual(autoname({ ...autonaming, pattern: "${stack}-${name}" }), { ok: true, name: "prod-dashboards", unique: false });
    const disabled = check({}, { scopes: ["tasks_read"], ...hiddenInput({ autonaming: { ...autonaming, mode: "disabled" } }) });
    t.deepEqual(
        disabled.failures.map((f) => f.property),
        ["name"],
    );
    t.regex(disabled.failures[0]!.reason, /name is required: pulumi:autonaming mode is disabled/);
    const bad = autoname({ ...autonaming, pattern: "${name}-${colour}" });
    t.false(bad.ok);
    t.regex((bad as { reason: string }).reason, /uses \$\{colour\}, which is not one of/);
});

test("an explicit name is used as written, and one taken by an earlier Application of the program is refused", (t) => {
    const { inputs } = check({}, { name: "Dashboards (prod)", scopes: ["tasks_read"] });
    t.is(inputs.name, "Dashboards (prod)");
    t.false("__uniqueName" in inputs);
    const taken = check({}, { name: "Dashboards (prod)", scopes: ["tasks_read"], ...hiddenInput({ nameTakenBy: "dashboards" }) });
    t.deepEqual(
        taken.failures.map((f) => f.property),
        ["name"],
    );
    t.regex(taken.failures[0]!.reason, /Application "dashboards", which comes earlier in the deployment, has the same name/);
});

test("names with control or text-direction characters are refused at check", (t) => {
    const { failures } = check({}, { name: "dash\u202Eboards", scopes: ["tasks_read"] });
    t.deepEqual(
        failures.map((f) => f.property),
        ["name"],
    );
    t.regex(failures[0]!.reason, /U\+202E, a control or text-direction character/);
});

test("problems the class found in the program's arguments (prototype keys) are reported by check", (t) => {
    const { failures } = check({}, { scopes: ["tasks_read"], ...hiddenInput({ inputProblems: [{ property: "__proto__", reason: "names a prototype" }] }) });
    t.deepEqual(failures, [{ property: "__proto__", reason: "names a prototype" }]);
});

test("hidden inputs in the keys 0.1.0 used (one key each) are read as before", (t) => {
    const { inputs, failures } = check({}, { scopes: ["tasks_read"], __autonaming: autonaming, __discardSecret: true });
    t.deepEqual(failures, []);
    t.regex(inputs.name as string, /^dashboards-[0-9a-f]{7}$/);
    t.is(inputs.__uniqueName, true);
    t.is(inputs.__discardSecret, true, "kept in the checked inputs, as 0.1.0 did");
    t.false("__autonaming" in inputs);
    const taken = check({}, { name: "Dashboards (prod)", scopes: ["tasks_read"], __nameTakenBy: "dashboards" });
    t.deepEqual(
        taken.failures.map((f) => f.property),
        ["name"],
    );
    const reported = check({}, { scopes: ["tasks_read"], __inputProblems: [{ property: "__proto__", reason: "names a prototype" }] });
    t.deepEqual(reported.failures, [{ property: "__proto__", reason: "names a prototype" }]);
});
