/**
 * The native plugin's wire values: what the engine sends (a Struct with Pulumi's signed secret
 * wrappers) becomes plain values for the operations, and what the plugin returns marks secrets.
 */
import test from "ava";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { secretSignature, secretSignatureKey } from "../../provider/core/pulumi-wire";
import { secretProperties } from "../../provider/native/secrets";
import { fromWire, toWire } from "../../provider/native/wire";

const secret = (value: unknown) => ({ [secretSignatureKey]: secretSignature, value });

test("secrets from the engine become plain values, and the keys that held one are named", (t) => {
    const wire = Struct.fromJavaScript({
        vendor: "bruin",
        clientSecret: secret("s3cret"),
        deliverTo: [{ command: { env: { TOKEN: secret("t0ken") } } }],
        unknown: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    } as never);
    const { props, secretKeys } = fromWire(wire);
    t.deepEqual(props, {
        vendor: "bruin",
        clientSecret: "s3cret",
        deliverTo: [{ command: { env: { TOKEN: "t0ken" } } }],
        unknown: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    });
    t.deepEqual([...secretKeys].sort(), ["clientSecret", "deliverTo"]);
    t.deepEqual(fromWire(undefined), { props: {}, secretKeys: new Set() });
});

test("returned properties wrap the secret keys once, and leave out undefined fields", (t) => {
    const wire = toWire({ clientId: "id", clientSecret: "s3cret", previous: secret("old"), gone: undefined }, ["clientSecret", "previous"]).toJavaScript();
    t.deepEqual(wire, { clientId: "id", clientSecret: secret("s3cret"), previous: secret("old") });
});

test("the package schema's secret properties are found per resource and function token", (t) => {
    const spec = {
        resources: {
            "bringg:index:App": { inputProperties: { pw: { secret: true }, name: {} }, properties: { clientSecret: { secret: true }, clientId: {} } },
        },
        functions: { "bringg:index:getToken": { outputs: { properties: { accessToken: { secret: true }, tokenType: {} } } } },
    };
    const secrets = secretProperties(spec);
    t.deepEqual(secrets.inputs("bringg:index:App"), ["pw"]);
    t.deepEqual(secrets.outputs("bringg:index:App"), ["clientSecret"]);
    t.deepEqual(secrets.outputs("bringg:index:getToken"), ["accessToken"]);
    t.deepEqual(secrets.outputs("bringg:index:Unknown"), []);
});
