/**
 * Two resources of one program that deliver to the same store: the program side decides, from the
 * declaration order, which keeps the store (the first declared), and each resource's check refuses
 * the later one, naming the other resource and the store. No CLI, no Bringg call.
 */
import test from "ava";
import * as pulumi from "@pulumi/pulumi";
import * as applicationCrud from "../../provider/application/crud";
import type { Props, ResourceCrud } from "../../provider/core/contract";
import { deliveryTargetsTakenBy } from "../../provider/delivery/claims";
import { withDelivery } from "../../provider/delivery/hooks";
import { hiddenInput, hiddenKey, splitHiddenInputs } from "../../provider/core/hidden";
import * as pairCrud from "../../provider/rotating-credentials/crud";
import * as rotationCrud from "../../provider/rotation/crud";
import * as vendorCrud from "../../provider/vendor-credential/crud";
import { contextOf } from "../helpers/deps";

const { settingsProblems } = contextOf({ "bringg:endpoint": "http://127.0.0.1:9", "bringg:username": "admin", "bringg:password": "pw" });

const application = withDelivery({ ...applicationCrud, check: (olds, news, deps, hidden) => applicationCrud.checkLocally(olds, news, deps, hidden) });
const rotation = withDelivery(rotationCrud);
const pair = withDelivery(pairCrud);

/** A check as the adapter runs it: the hidden inputs taken out of the engine's inputs first. */
function check(crud: ResourceCrud, news: Props) {
    const { hidden, inputs } = splitHiddenInputs(news);
    return crud.check({}, inputs, { settingsProblems } as never, hidden);
}

function resolved<T>(output: pulumi.Output<T> | undefined): Promise<T | undefined> {
    return output === undefined ? Promise.resolve(undefined) : new Promise((resolve) => output.apply(resolve));
}

test.serial("the first resource declared keeps a store; a later one that names it again is marked, whatever the format or path spelling", async (t) => {
    const first = deliveryTargetsTakenBy('Application "dash"', [{ file: { path: "/run/secrets/dash.json" } }]);
    const second = deliveryTargetsTakenBy('SecretRotation "dash-secret"', [
        { awsSecretsManager: { secretId: "prod/dash", region: "eu-west-1" } },
        { file: { path: "/run/secrets/../secrets/dash.json" }, format: "secret" },
    ]);
    const third = deliveryTargetsTakenBy('RotatingCredentials "pair"', pulumi.output([{ awsSecretsManager: { secretId: "prod/dash", region: "eu-west-1" } }]));
    const elsewhere = deliveryTargetsTakenBy('SecretRotation "other"', [{ awsSecretsManager: { secretId: "prod/dash", region: "us-east-1" } }]);
    t.is(first, undefined, "nothing declared earlier: no hidden input");
    t.deepEqual(await resolved(second), { "1": 'Application "dash"' });
    t.deepEqual(await resolved(third), { "0": 'SecretRotation "dash-secret"' });
    t.is(await resolved(elsewhere), undefined, "another region is another secret");
    t.is(deliveryTargetsTakenBy('Application "no-delivery"', undefined), undefined);
});

const taken = hiddenInput({ deliveryTargetsTakenBy: { "0": 'SecretRotation "dash-secret"' } });
const target = { file: { path: "/run/secrets/dash.json" } };
const cases: Array<[string, ResourceCrud, Props]> = [
    ["Application", application, { name: "dash", scopes: ["tasks_read"], deliverTo: [target], ...taken }],
    ["SecretRotation", rotation, { clientId: "c", deliverTo: [target], ...taken }],
    ["CredentialPair", pair, { clientIds: ["a", "b"], deliverTo: [target], ...taken }],
];

for (const [resource, crud, news] of cases) {
    test(`check of ${resource} refuses a store another resource of the program delivers to, naming both`, async (t) => {
        const outcome = await check(crud, news);
        t.deepEqual(
            outcome.failures.map((f) => f.property),
            ["deliverTo[0]"],
        );
        t.is(
            outcome.failures[0]!.reason,
            'SecretRotation "dash-secret", which comes earlier in the deployment, delivers to the same store (file "/run/secrets/dash.json"): ' +
                "two resources that write one store overwrite each other's secret on every `pulumi up`; give each its own store, " +
                "or deliver from one of them only (for an Application and a SecretRotation of it: from the rotation)",
        );
        const unknown = await check(crud, { ...news, ...hiddenInput({ deliveryTargetsTakenBy: pulumi.runtime.unknownValue }) });
        t.deepEqual(unknown.failures, [], "not known yet during preview: not judged");
        t.false(hiddenKey in unknown.inputs, "the hidden input is not kept");
    });
}

test("check of VendorCredential refuses a store another resource of the program delivers to, naming both", (t) => {
    const outcome = check(vendorCrud as unknown as ResourceCrud, { deliverTo: [target], ...taken }) as ReturnType<typeof vendorCrud.check>;
    const failure = outcome.failures.find((f) => f.property === "deliverTo[0]");
    t.regex(
        failure?.reason ?? "",
        /^SecretRotation "dash-secret", which comes earlier in the deployment, delivers to the same store \(file "\/run\/secrets\/dash\.json"\)/,
    );
    t.false(hiddenKey in outcome.inputs);
});
