/**
 * The dynamic-provider shim, serialized and loaded as the engine does it (Pulumi's closure
 * serializer, then the provider host's require-from-string and `handler()`).
 */
import test from "ava";
import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider, type ShimProvider } from "../../provider/core/shim";
import * as fixture from "../fixtures/shim-impl";

// The provider host's own loader: the serialized text is a module evaluated from a string.
const requireFromString: (code: string) => { handler(): ShimProvider } = require("require-from-string");

async function serialized(modulePath: string): Promise<string> {
    const provider = dynamicProvider(modulePath);
    return (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
}

async function loaded(modulePath: string): Promise<ShimProvider> {
    return requireFromString(await serialized(modulePath)).handler();
}

// Test fixtures are not exported by the package: the shim takes them by absolute path.
const fixtureModule = require.resolve("../fixtures/shim-impl");
const config = { config: { get: () => undefined } } as unknown as pulumi.dynamic.ConfigureRequest;

test.serial("the serialized provider is under 2 KB and holds only the implementation's module name", async (t) => {
    const text = await serialized("pulumi-bringg/provider/application/provider");
    t.log(`__provider: ${text.length} bytes`);
    t.true(text.length <= 2048, `${text.length} bytes`);
    t.true(text.includes('"pulumi-bringg/provider/application/provider"'));
    t.false(/zod|got\(|password/i.test(text));
});

test.serial("after configure, each hook reaches the implementation's, which gets the configure request first", async (t) => {
    fixture.calls.length = 0;
    const provider = await loaded(fixtureModule);
    await provider.configure!(config);
    t.deepEqual(await provider.create!({ a: 1 }), { id: "made", outs: { a: 1, made: true } });
    t.deepEqual(await provider.diff!("made", { a: 1 }, { a: 1 }), { changes: false });
    await provider.delete!("made", { a: 1 });
    t.deepEqual(
        fixture.calls.map((c) => c.hook),
        ["configure", "create", "diff", "delete"],
    );
    t.is(fixture.calls[0]!.args[0], config);
});

test.serial("hooks the implementation leaves out do what the engine does without them", async (t) => {
    const provider = await loaded(fixtureModule);
    await provider.configure!(config);
    t.deepEqual(await provider.check!({}, { x: 1 }), { inputs: { x: 1 } });
    t.deepEqual(await provider.read!("id", { x: 1 }), { id: "id", props: { x: 1 } });
    t.deepEqual(await provider.update!("id", { x: 1 }, { x: 2 }), { outs: { x: 2 } });
});

test.serial("a hook called before configure fails loudly instead of doing nothing", async (t) => {
    const provider = await loaded(fixtureModule);
    await t.throwsAsync(provider.delete!("made", {}), { message: /before configure/ });
    await t.throwsAsync(provider.create!({}), { message: /before configure/ });
});

test.serial("an implementation module that cannot load fails configure and every later hook with the load error", async (t) => {
    const provider = await loaded("pulumi-bringg/provider/no-such-resource/provider");
    t.throws(() => provider.configure!(config), { message: /no-such-resource/ });
    await t.throwsAsync(provider.delete!("x", {}), { message: /no-such-resource/ });
});
