/**
 * The native plugin's checks across resources (provider/native/declarations.ts): what the dynamic
 * classes judge from the program's order, judged from the order of the checks.
 */
import test from "ava";
import { unknownValue } from "../../provider/core/check";
import { CheckedDeclarations } from "../../provider/native/declarations";

const urn = (type: string, name: string) => `urn:pulumi:dev::inventory::bringg:index:${type}::${name}`;

test("an Application with the name of one checked earlier in the same account is told which; another account or no name is no clash", (t) => {
    const registry = new CheckedDeclarations();
    t.deepEqual(registry.judge(urn("Application", "a"), "bringg:index:Application", "a", { name: "reports", scopes: ["tasks_read"] }), {});
    t.deepEqual(registry.judge(urn("Application", "b"), "bringg:index:Application", "b", { name: " reports " }), { nameTakenBy: "a" });
    t.deepEqual(registry.judge(urn("Application", "c"), "bringg:index:Application", "c", { name: "reports", account: "eu" }), {});
    t.deepEqual(registry.judge(urn("Application", "d"), "bringg:index:Application", "d", { scopes: ["tasks_read"] }), {});
    t.deepEqual(registry.judge(urn("Application", "e"), "bringg:index:Application", "e", { name: unknownValue }), {}, "an unknown name says nothing yet");
});

test("a ScopeTtls is told the scopes an earlier one lists; checking the earlier one again is no clash with itself", (t) => {
    const registry = new CheckedDeclarations();
    t.deepEqual(registry.judge(urn("ScopeTtls", "first"), "bringg:index:ScopeTtls", "first", { ttls: { tasks_write: "15m" } }), {});
    t.deepEqual(registry.judge(urn("ScopeTtls", "second"), "bringg:index:ScopeTtls", "second", { ttls: { tasks_write: 60, users_read: 60 } }), {
        overlaps: { tasks_write: "first" },
    });
    t.deepEqual(
        registry.judge(urn("ScopeTtls", "first"), "bringg:index:ScopeTtls", "first", { ttls: { tasks_write: "20m" } }),
        {},
        "checked first, it keeps the scope",
    );
    t.deepEqual(registry.judge(urn("ScopeTtls", "eu"), "bringg:index:ScopeTtls", "eu", { ttls: { tasks_write: 60 }, account: "eu" }), {});
});

test("a resource delivering to a store an earlier one delivers to is told which, by deliverTo index", (t) => {
    const registry = new CheckedDeclarations();
    const file = { file: { path: "/run/secrets/dash.json" } };
    t.deepEqual(registry.judge(urn("SecretRotation", "dash"), "bringg:index:SecretRotation", "dash", { clientId: "x", deliverTo: [file] }), {});
    t.deepEqual(
        registry.judge(urn("Application", "reports"), "bringg:index:Application", "reports", {
            scopes: ["tasks_read"],
            deliverTo: [{ file: { path: "/run/secrets/other.json" } }, { file: { path: "/run/secrets/../secrets/dash.json" } }],
        }),
        { deliveryTargetsTakenBy: { "1": 'SecretRotation "dash"' } },
    );
});
