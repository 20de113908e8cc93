/**
 * The one input check every resource shares: property paths, unknown values, prototype keys and
 * unsafe names.
 */
import test from "ava";
import { z } from "zod";
import { checkInputs, containsUnknown, propertyPath, prototypeKeyFailures, unknownValue, unsafeNameReason } from "../../provider/core/check";

const schema = z.strictObject({ name: z.string().min(1, "name must not be empty"), tags: z.array(z.string().regex(/^[a-z]+$/, "lower-case only")).optional() });
const rules = {
    schema,
    standIns: { name: "x", tags: ["a"] },
    unrecognized: (key: string) => `${JSON.stringify(key)} is not an input`,
    settings: () => [{ key: "bringg:password", message: "bringg:password is not set" }],
};

test("property paths are written in Pulumi's notation: dots for names, brackets for indexes and odd keys", (t) => {
    t.is(propertyPath(["scopes", 1]), "scopes[1]");
    t.is(propertyPath(["ttls", "tasks_write"]), "ttls.tasks_write");
    t.is(propertyPath(["ttls", "Bad-Name"]), 'ttls["Bad-Name"]');
    t.is(propertyPath(["adopt", "clientId"]), "adopt.clientId");
    t.is(propertyPath([]), "");
});

test("every failure comes at once: schema issues by path, misspelt inputs, and settings for the whole resource", (t) => {
    const { failures, parsed } = checkInputs(rules, { __provider: "p", name: "", tags: ["ok", "Bad"], colour: 1 });
    t.is(parsed, undefined);
    t.deepEqual(failures, [
        { property: "name", reason: "name must not be empty" },
        { property: "tags[1]", reason: "lower-case only" },
        { property: "colour", reason: '"colour" is not an input' },
        { property: "", reason: "bringg:password is not set" },
    ]);
});

test("unknown values are passed through unjudged, and known list elements next to unknown ones are judged", (t) => {
    const whole = checkInputs({ ...rules, settings: () => [] }, { name: unknownValue, tags: unknownValue });
    t.deepEqual(whole.failures, []);
    t.deepEqual(whole.inputs, { name: unknownValue, tags: unknownValue });
    t.deepEqual([...whole.unknown].sort(), ["name", "tags"]);
    const partly = checkInputs({ ...rules, settings: () => [] }, { name: "n", tags: [unknownValue, "Bad"] });
    t.deepEqual(
        partly.failures.map((f) => f.property),
        ["tags[1]"],
    );
    t.true(containsUnknown({ a: [1, { b: unknownValue }] }));
    t.false(containsUnknown({ a: [1, { b: "known" }] }));
});

test("keys that name an object's prototype are refused wherever they are, as parsed YAML produces them", (t) => {
    const parsed = JSON.parse('{"ttls": {"__proto__": {"users_read": 60}, "constructor": 5}, "list": [{"prototype": 1}]}');
    t.deepEqual(
        prototypeKeyFailures(parsed).map((f) => f.property),
        ["ttls.__proto__", "ttls.constructor", "list[0].prototype"],
    );
    // What such a key becomes once a map is rebuilt with `map[key] = value`, as the engine's host does.
    const rebuilt: Record<string, unknown> = {};
    // biome-ignore lint/complexity/useLiteralKeys lint/suspicious/noProto: the computed key is the point: the engine's host rebuilds maps this way.
    rebuilt["__proto__"] = { users_read: 60 };
    t.deepEqual(
        prototypeKeyFailures({ ttls: rebuilt }).map((f) => f.property),
        ["ttls.__proto__"],
    );
    t.regex(prototypeKeyFailures(parsed)[0]!.reason, /names a JavaScript object's prototype/);
    const checked = checkInputs({ ...rules, settings: () => [] }, JSON.parse('{"name": "n", "__proto__": {"x": 1}}'));
    t.deepEqual(
        checked.failures.map((f) => f.property),
        ["__proto__"],
    );
});

test("names with control or text-direction characters are refused, naming the character", (t) => {
    t.is(unsafeNameReason("dashboards", "name"), undefined);
    t.is(unsafeNameReason("Entregas São Paulo – ñ", "name"), undefined);
    t.regex(unsafeNameReason("dash\u0000", "name")!, /name contains U\+0000, a control or text-direction character/);
    t.regex(unsafeNameReason("evil\u202Etxt.exe", "name")!, /U\+202E/);
    t.regex(unsafeNameReason("two\nlines", "name")!, /U\+000A/);
});
