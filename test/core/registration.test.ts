/**
 * Registration with light stacks (provider/core/registration.ts): the SDK's per-promise stack
 * captures are skipped while this package's resources call `super()`, and nothing else changes:
 * the process's limit is back afterwards, errors thrown meanwhile carry a stack, and
 * PULUMI_DEBUG_PROMISE_LEAKS keeps the stacks. The time it saves is measured by the bench.
 */
import test from "ava";
import * as pulumi from "@pulumi/pulumi";
import { Application } from "../../provider/application/resource";
import { lightStacks } from "../../provider/core/registration";

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

test.serial("while light, new errors carry no frames; afterwards the process's limit is back", (t) => {
    const before = Error.stackTraceLimit;
    const stacks = lightStacks();
    const inside = new Error("inside").stack ?? "";
    stacks.restore();
    t.is(inside.split("\n").length, 1);
    t.is(Error.stackTraceLimit, before);
    t.true((new Error("after").stack ?? "").split("\n").length > 1);
});

test.serial("an error thrown while light is given a stack before it is rethrown", (t) => {
    const stacks = lightStacks();
    const error = stacks.restack(new Error("thrown inside")) as Error;
    t.regex(error.stack ?? "", /registration\.test/);
});

test.serial("with PULUMI_DEBUG_PROMISE_LEAKS set, stacks are kept for the SDK's leak report", (t) => {
    process.env.PULUMI_DEBUG_PROMISE_LEAKS = "true";
    try {
        const before = Error.stackTraceLimit;
        const stacks = lightStacks();
        t.is(Error.stackTraceLimit, before);
        stacks.restore();
    } finally {
        delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    }
});

test.serial("a resource class restores the limit after registering, and its registration errors point at the program", async (t) => {
    const before = Error.stackTraceLimit;
    const app = new Application("dashboards", { scopes: ["tasks_read"] });
    t.is(Error.stackTraceLimit, before);
    t.truthy(await new Promise((resolve) => app.urn.apply(resolve)));
    const error = t.throws(() => new Application("orphaned", { scopes: ["tasks_read"] }, { parent: {} as pulumi.Resource }));
    t.is(Error.stackTraceLimit, before);
    t.regex(error?.stack ?? "", /registration\.test/);
});
