/**
 * Registration with unmapped stacks (provider/core/registration.ts): stacks read while this
 * package's resources call `super()` skip the source-map formatter, and nothing else changes: the
 * formatter is back afterwards, a stack captured meanwhile but read later is formatted by it, and
 * PULUMI_DEBUG_PROMISE_LEAKS keeps it. The time it saves is measured by the bench.
 */
import test from "ava";
import * as pulumi from "@pulumi/pulumi";
import { Application } from "../../provider/application/resource";
import { unmappedStacks } from "../../provider/core/registration";

/** A stand-in for ts-node's source-map formatter, recognisable in the stacks it formats. */
const mapped: NonNullable<typeof Error.prepareStackTrace> = (error, frames) => `mapped ${String(error)} (${frames.length} frames)`;

test.before(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
            call: (args) => args.inputs,
        },
        "project",
        "stack",
        false,
    );
});

test.beforeEach(() => {
    Error.prepareStackTrace = mapped;
});

test.afterEach.always(() => {
    delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
});

test.serial("a stack read while unmapped skips the formatter; one captured then but read afterwards is formatted, frames and all", (t) => {
    const restore = unmappedStacks();
    const readInside = new Error("inside").stack ?? "";
    const readLater = new Error("later");
    restore();
    t.false(readInside.startsWith("mapped"));
    t.regex(readInside, /^Error: inside\n\s+at /);
    t.is(Error.prepareStackTrace, mapped);
    t.regex(readLater.stack ?? "", /^mapped Error: later \([1-9]\d* frames\)$/);
});

test.serial("with PULUMI_DEBUG_PROMISE_LEAKS set, the formatter stays for the SDK's leak report", (t) => {
    process.env.PULUMI_DEBUG_PROMISE_LEAKS = "true";
    try {
        const restore = unmappedStacks();
        t.is(Error.prepareStackTrace, mapped);
        restore();
    } finally {
        delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    }
});

test.serial(
    "a resource class puts the formatter back after registering, also when registration throws, and the error's stack is formatted by it",
    async (t) => {
        const app = new Application("dashboards", { scopes: ["tasks_read"] });
        t.is(Error.prepareStackTrace, mapped);
        t.truthy(await new Promise((resolve) => app.urn.apply(resolve)));
        const error = t.throws(() => new Application("orphaned", { scopes: ["tasks_read"] }, { parent: {} as pulumi.Resource }));
        t.is(Error.prepareStackTrace, mapped);
        t.regex(error?.stack ?? "", /^mapped Error: Resource parent is not a valid Resource/);
    },
);
