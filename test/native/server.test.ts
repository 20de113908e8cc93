/**
 * The native plugin's gRPC service, its handlers called directly (as the engine calls them) against
 * the emulator: secrets in and out (a vendor credential's secret inputs, a lookup's token, a
 * partial failure's state), and which types `pulumi import` takes.
 */
import test from "ava";
import type * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { demoCredentials, startEmulator, type RunningEmulator } from "../../emulator/server";
import { secretSignature, secretSignatureKey } from "../../provider/core/pulumi-wire";
import { providerService } from "../../provider/native/server";

let emulator: RunningEmulator;
let service: ReturnType<typeof providerService>;

const secret = (value: unknown) => ({ [secretSignatureKey]: secretSignature, value });
const urn = (type: string, name: string) => `urn:pulumi:dev::inventory::bringg:index:${type}::${name}`;
const struct = (value: Record<string, unknown>) => Struct.fromJavaScript(value as never);

/** Calls a unary handler as the engine does; rejects with the gRPC error. */
function call<Req, Res>(handler: grpc.handleUnaryCall<Req, Res> | undefined, request: Req): Promise<Res> {
    return new Promise((resolve, reject) =>
        handler!({ request } as grpc.ServerUnaryCall<Req, Res>, (error: unknown, response?: Res | null) => (error ? reject(error) : resolve(response!))),
    );
}

test.before(async () => {
    emulator = await startEmulator({ port: 0 });
    service = providerService(undefined);
    const configure = new proto.ConfigureRequest();
    const variables = configure.getVariablesMap();
    variables.set("bringg:config:endpoint", emulator.url);
    variables.set("bringg:config:username", demoCredentials.username);
    variables.set("bringg:config:password", demoCredentials.password);
    await call(service.configure, configure);
});

test("Configure says the plugin takes secrets and the stack's autonaming settings, and not previews", async (t) => {
    const response = await call(providerService(undefined).configure, new proto.ConfigureRequest());
    t.true(response.getAcceptsecrets());
    t.true(response.getSupportsAutonamingConfiguration());
    t.false(response.getSupportspreview());
});

test.after.always(async () => {
    await emulator?.stop();
});

test("a vendor credential's secret inputs stay secret in the checked inputs and in the state", async (t) => {
    const issued = emulator.vendors.issueCredential("bruin");
    const news = { vendor: "bruin", clientId: issued.id, clientSecret: secret(issued.secret), scope: "public_api", endpoint: `${emulator.url}/bruin` };
    const check = new proto.CheckRequest().setUrn(urn("VendorCredential", "bruin")).setType("bringg:index:VendorCredential").setName("bruin");
    check.setOlds(struct({})).setNews(struct(news));
    const checked = await call(service.check, check);
    t.deepEqual(checked.getFailuresList(), []);
    const inputs = checked.getInputs()!.toJavaScript();
    t.deepEqual(inputs.clientSecret, secret(issued.secret));

    const create = new proto.CreateRequest()
        .setUrn(urn("VendorCredential", "bruin"))
        .setType("bringg:index:VendorCredential")
        .setProperties(checked.getInputs());
    const created = await call(service.create, create);
    const state = created.getProperties()!.toJavaScript();
    t.deepEqual(state.clientSecret, secret(issued.secret));
    t.is(state.status, "verified");
    t.false(JSON.stringify({ ...state, clientSecret: null }).includes(issued.secret), "the secret appears nowhere else");
});

test("getAccessToken returns its token as a secret, and a failing lookup names the field without the secret", async (t) => {
    const issued = emulator.vendors.issueCredential("bruin");
    const invoke = new proto.InvokeRequest()
        .setTok("bringg:index:getAccessToken")
        .setArgs(struct({ vendor: "bruin", clientId: issued.id, clientSecret: secret(issued.secret), scope: "public_api", endpoint: `${emulator.url}/bruin` }));
    const token = (await call(service.invoke, invoke)).getReturn()!.toJavaScript();
    t.true(
        typeof (token.accessToken as { value?: unknown }).value === "string" &&
            (token.accessToken as Record<string, unknown>)[secretSignatureKey] === secretSignature,
    );
    t.is(token.vendor, "bruin");

    const wrong = new proto.InvokeRequest()
        .setTok("bringg:index:getAccessToken")
        .setArgs(struct({ vendor: "bruin", clientId: issued.id, clientSecret: "not-the-secret-1234", scope: "public_api", endpoint: `${emulator.url}/bruin` }));
    const error = await t.throwsAsync(call(service.invoke, wrong));
    t.regex(error!.message, /Bruin/);
    t.false(error!.message.includes("not-the-secret-1234"));
});

test("an application created but not delivered is recorded with its id and its secret as a secret (a partial failure)", async (t) => {
    const create = new proto.CreateRequest()
        .setUrn(urn("Application", "reports"))
        .setType("bringg:index:Application")
        .setProperties(struct({ name: "reports", scopes: ["tasks_read"], enabled: true, deliverTo: [{ command: { run: ["false"] } }] }));
    const error = (await t.throwsAsync(call(service.create, create))) as Error & { metadata: grpc.Metadata };
    const [details] = error.metadata.get("grpc-status-details-bin") as Buffer[];
    const status = Status.deserializeBinary(new Uint8Array(details!));
    const failed = proto.ErrorResourceInitFailed.deserializeBinary(status.getDetailsList()[0]!.getValue_asU8());
    t.regex(failed.getId(), /^\d+$/);
    const state = failed.getProperties()!.toJavaScript();
    t.is((state.clientSecret as Record<string, unknown>)[secretSignatureKey], secretSignature, "the only copy of the secret is kept, as a secret");
    t.regex(error.message, /deliver/i);
});

test("pulumi import takes an Application and ScopeTtls, and refuses the types that hold what Bringg does not show", async (t) => {
    const legacy = emulator.control.createApplication(demoCredentials.merchantId, { name: "legacy", scopes: ["tasks_read"] });
    const read = (type: string, id: string) =>
        call(
            service.read,
            new proto.ReadRequest().setUrn(urn(type, "imported")).setType(`bringg:index:${type}`).setId(id).setProperties(struct({})).setInputs(struct({})),
        );
    const imported = await read("Application", legacy.client_id);
    t.is(imported.getId(), String(legacy.id));
    t.deepEqual(imported.getInputs()!.toJavaScript(), { name: "legacy", scopes: ["tasks_read"], enabled: false });
    t.false("clientSecret" in imported.getProperties()!.toJavaScript());
    t.truthy((await read("ScopeTtls", "overrides")).getInputs());
    for (const type of ["SecretRotation", "CredentialPair", "VendorCredential"]) {
        const error = await t.throwsAsync(read(type, legacy.client_id));
        t.regex(error!.message, new RegExp(`bringg:index:${type} cannot be imported`));
    }
});
