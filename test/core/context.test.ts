/**
 * The provider context: built once from a configuration, one per process and configuration, so
 * that every resource type's provider object configured with the same stack config shares its
 * clients, secret registry, rotation locks and scope claims.
 */
import type * as pulumi from "@pulumi/pulumi";
import test from "ava";
import { ConfigurationError } from "../../provider/core/config";
import { createProviderContext, type ProviderContext } from "../../provider/core/context";
import type { ResourceCrud } from "../../provider/core/contract";
import { adaptWith } from "../../provider/core/hooks";
import { processContext } from "../../provider/core/process";

const config: Record<string, string> = { "bringg:endpoint": "http://127.0.0.1:9", "bringg:username": "u", "bringg:password": "context-test-pw" };
const reader = (values: Record<string, unknown>) => (key: string) => values[key];

test("a context reads its configuration once and makes one client per account, on first use", (t) => {
    const reads: string[] = [];
    const context = createProviderContext((key) => {
        reads.push(key);
        return config[key];
    }, {});
    const read = reads.length;
    t.is(context.client(), context.client());
    t.is(context.client().settings.baseUrl, "http://127.0.0.1:9");
    t.is(reads.length, read, "no configuration read after construction");
    t.deepEqual(context.settingsProblems(), []);
});

test("bad settings are problems of the context, and asking for their client throws them", (t) => {
    const context = createProviderContext(reader({ "bringg:region": "us2" }), {});
    t.deepEqual(
        context.settingsProblems().map((p) => p.key),
        ["bringg:username", "bringg:password"],
    );
    t.true(t.throws(() => context.client()) instanceof ConfigurationError);
    t.regex(context.settingsProblems("eu")[0]!.message, /account "eu" is not in bringg:accounts/);
});

test("the process keeps one context per configuration: provider objects configured alike share locks and claims", (t) => {
    const first = processContext(reader(config), {});
    const second = processContext(reader({ ...config }), {});
    t.is(first, second);
    t.is(first.applicationLocks, second.applicationLocks);
    t.is(first.scopeClaims, second.scopeClaims);
    const other = processContext(reader({ ...config, "bringg:timeout": "20s" }), {});
    t.not(other, first);
    t.not(processContext(reader(config), { BRINGG_TIMEOUT: "20s" }), first, "the environment is part of what a context is built from");
});

test("an error leaving a hook is redacted with the secret registry of the hook's context", async (t) => {
    const passwordOf = { a: "registry-test-pw-of-a", b: "registry-test-pw-of-b" };
    const configOf = (password: string) =>
        ({ config: { get: (key: string) => ({ ...config, "bringg:password": password })[key] } }) as unknown as pulumi.dynamic.ConfigureRequest;
    // A hook whose client (made on first use, registering its admin password in its context's
    // registry) fails with a message that quotes that password, as a careless error from below might.
    const crud: ResourceCrud<ProviderContext> = {
        kind: "Probe",
        check: (_olds, news) => ({ inputs: news, failures: [] }),
        diff: () => ({ changes: false }),
        create: async (_inputs, context) => {
            const client = context.client();
            throw new Error(`Bringg refused ${client.settings.password}`);
        },
        read: async (id) => ({ id, warnings: [] }),
        update: async (id) => ({ id, outs: {} }),
        delete: async () => undefined,
    };
    const [a, b] = [adaptWith(crud, (context) => context), adaptWith(crud, (context) => context)];
    await a.configure(configOf(passwordOf.a));
    await b.configure(configOf(passwordOf.b));
    const fromA = await t.throwsAsync(a.create({}));
    t.is(fromA!.message, "Bringg refused [redacted]");
    t.false(fromA!.stack!.includes(passwordOf.a), "the stack is redacted too");
    const fromB = await t.throwsAsync(b.create({}));
    t.is(fromB!.message, "Bringg refused [redacted]", "each provider object redacts with its own context's registry");
});
