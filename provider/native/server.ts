/**
 * The native plugin's `ResourceProvider` gRPC service: a thin shim from the engine's requests to the
 * operations of provider/core/operations.ts (the same ones the dynamic adapter runs) and the lookups.
 *
 * It implements the service directly over `@pulumi/pulumi/proto` rather than through
 * `@pulumi/pulumi/provider`, whose server answers `Configure` without telling the provider (so no
 * provider settings would reach it), crashes on an import's `Read` (no properties), and hands hooks
 * neither the resource's name nor the old inputs (docs/native-provider.md says more).
 *
 * Per plugin process (the engine starts one per provider: the default one, or each explicit
 * `bringg.Provider`) there is one provider context, built by `Configure` from that provider's
 * `bringg:*` settings, with the `BRINGG_*` environment as the fallback, as the dynamic provider does.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import type { IResourceProviderServer } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { withoutPrototypeKeys } from "../core/check";
import { createProviderContext, type ProviderContext } from "../core/context";
import type { Props } from "../core/contract";
import type { HiddenInputs } from "../core/hidden-types";
import type { OperationLog, ResourceOperations } from "../core/operations";
import { isPartialFailure } from "../secrets/partial";
import { nativeCatalog, packageName } from "./catalog";
import { CheckedDeclarations } from "./declarations";
import { secretProperties } from "./secrets";
import { fromWire, markSecrets, toWire } from "./wire";

/** The package's version and schema, as shipped beside the built code. */
function packageFile(path: string): string {
    return readFileSync(join(__dirname, "..", "..", "..", path), "utf8");
}

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>` → its parts (the type without its parents'). */
function partsOf(urn: string): { stack?: string | undefined; project?: string | undefined; type?: string | undefined; name?: string | undefined } {
    const match = /^urn:pulumi:([^:]+)::([^:]+)::(.*?)::(.*)$/s.exec(urn);
    return match ? { stack: match[1], project: match[2], type: match[3]!.split("$").pop(), name: match[4] } : {};
}

/** Whether a wire Struct holds no field (the engine sends an empty one, not none, for "nothing"). */
function isEmpty(struct: { getFieldsMap(): { getLength(): number } } | undefined): boolean {
    return !struct || struct.getFieldsMap().getLength() === 0;
}

/**
 * What the dynamic resource classes compute in the program and pass as hidden inputs, from what the
 * engine tells a native provider: the resource's name (for ScopeTtls' ownership messages) and, for
 * an Application without a name, how to name it. With `pulumi:autonaming` set in the stack, the
 * engine applies it and sends the name (or that names are disabled); otherwise Pulumi's pattern
 * `<name>-<7 hex>`, as the dynamic classes generate it.
 */
function hiddenOf(request: proto.CheckRequest): HiddenInputs {
    const parts = partsOf(request.getUrn());
    const resourceName = request.getName() || parts.name;
    if (!resourceName) return {};
    // Older @pulumi/pulumi protos (a plugin run from a project's own install) lack the field.
    const options = (request as Partial<Pick<proto.CheckRequest, "getAutonaming">>).getAutonaming?.();
    if (!options) return { resourceName, autonaming: { resourceName, project: parts.project, stack: parts.stack } };
    const disabled = options.getMode() === proto.CheckRequest.AutonamingOptions.Mode.DISABLE;
    return { resourceName, autonaming: disabled ? { resourceName, mode: "disabled" } : { resourceName: options.getProposedName(), mode: "verbatim" } };
}

/**
 * For a failed create or update: marks, in a partial failure's state (created, then failed), the
 * properties that hold secrets, as its result would have been marked; then rethrows.
 */
function keepingSecrets(secretKeys: Iterable<string>): (error: unknown) => never {
    return (error) => {
        if (isPartialFailure(error)) Object.assign(error.properties, markSecrets(error.properties as Props, secretKeys));
        throw error;
    };
}

/** A gRPC error for a failure; a partial failure carries its id and state. */
function grpcError(error: unknown): grpc.ServiceError {
    const message = error instanceof Error ? error.message : String(error);
    const metadata = new grpc.Metadata();
    if (isPartialFailure(error)) {
        const detail = new proto.ErrorResourceInitFailed();
        detail.setId(error.id);
        detail.setProperties(toWire(error.properties as Props, []));
        detail.setReasonsList(error.reasons ?? [message]);
        const any = new Any();
        any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
        const status = new Status();
        status.setCode(grpc.status.UNKNOWN);
        status.setMessage(message);
        status.addDetails(any);
        metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
    }
    return Object.assign(new Error(message), { code: grpc.status.UNKNOWN, details: message, metadata });
}

/** A unary handler from an async function: its result, or its error as a gRPC error. */
function unary<Req, Res>(work: (request: Req) => Promise<Res>): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
        work(call.request).then(
            (response) => callback(null, response),
            (error) => callback(grpcError(error)),
        );
    };
}

/** The service the engine talks to, with the address of the engine for its log. */
export function providerService(engineAddress: string | undefined): Partial<IResourceProviderServer> & grpc.UntypedServiceImplementation {
    const version = JSON.parse(packageFile("package.json")).version as string;
    const schema = packageFile("schema/pulumi-package.json");
    const secrets = secretProperties(JSON.parse(schema));
    let engine = engineAddress ? new EngineClient(engineAddress, grpc.credentials.createInsecure()) : undefined;
    let context: ProviderContext | undefined;
    const declarations = new CheckedDeclarations();
    const { resourceTypes, importableTypes, functions } = nativeCatalog();
    // Before Configure (a schema read, a `pulumi import` probe): the environment's settings only.
    const current = (): ProviderContext => (context ??= createProviderContext(() => undefined));

    /** The engine's log, under a resource's URN. */
    const logFor = (urn: string): OperationLog => {
        const send = (severity: LogSeverity, message: string) =>
            new Promise<void>((resolve) => {
                if (!engine) {
                    process.stderr.write(`${message}\n`);
                    resolve();
                    return;
                }
                const request = new LogRequest();
                request.setSeverity(severity);
                request.setMessage(message);
                request.setUrn(urn);
                engine.log(request, () => resolve());
            });
        return { info: (message) => send(LogSeverity.INFO, message), warn: (message) => send(LogSeverity.WARNING, message) };
    };

    const operationsOf = (type: string): ResourceOperations => {
        const operations = resourceTypes.get(type);
        if (!operations) throw new Error(`${packageName}: unknown resource type ${type}; this plugin serves ${[...resourceTypes.keys()].join(", ")}`);
        return operations;
    };
    const typeOf = (urn: string, type?: string): string => type || partsOf(urn).type || "";

    return {
        getPluginInfo: unary(async () => new PluginInfo().setVersion(version)),
        getSchema: unary(async (request: proto.GetSchemaRequest) => {
            if (request.getVersion() !== 0) throw new Error(`unsupported schema version ${request.getVersion()}`);
            return new proto.GetSchemaResponse().setSchema(schema);
        }),
        attach: unary(async (request) => {
            engine = new EngineClient(request.getAddress(), grpc.credentials.createInsecure());
            return new Empty();
        }),
        cancel: unary(async () => new Empty()),
        // The settings are checked where they are used: each resource's check names every key to set.
        checkConfig: unary(async (request: proto.CheckRequest) => new proto.CheckResponse().setInputs(request.getNews())),
        diffConfig: unary(async (request: proto.DiffRequest) => {
            const olds = isEmpty(request.getOldInputs()) ? request.getOlds() : request.getOldInputs();
            const same = JSON.stringify(fromWire(olds).props) === JSON.stringify(fromWire(request.getNews()).props);
            return new proto.DiffResponse().setChanges(same ? proto.DiffResponse.DiffChanges.DIFF_NONE : proto.DiffResponse.DiffChanges.DIFF_SOME);
        }),
        configure: unary(async (request: proto.ConfigureRequest) => {
            const variables = new Map<string, string>();
            for (const [key, value] of request.getVariablesMap().getEntryList()) variables.set(key.replace(`${packageName}:config:`, `${packageName}:`), value);
            context = createProviderContext((key) => variables.get(key));
            const response = new proto.ConfigureResponse().setAcceptsecrets(true).setSupportspreview(false).setAcceptresources(false).setAcceptoutputs(false);
            (response as Partial<Pick<proto.ConfigureResponse, "setSupportsAutonamingConfiguration">>).setSupportsAutonamingConfiguration?.(true);
            return response;
        }),
        check: unary(async (request: proto.CheckRequest) => {
            const type = typeOf(request.getUrn(), request.getType());
            const olds = fromWire(request.getOlds());
            const news = fromWire(request.getNews());
            // Keys naming a prototype are refused by check, with their paths, as the dynamic classes do.
            const { clean, problems } = withoutPrototypeKeys(news.props);
            const naming = hiddenOf(request);
            const clashes = naming.resourceName === undefined ? {} : declarations.judge(request.getUrn(), type, naming.resourceName, clean);
            const hidden = { ...naming, ...clashes, ...(problems.length > 0 ? { inputProblems: problems } : {}) };
            const outcome = await operationsOf(type).check(current(), logFor(request.getUrn()), olds.props, clean, hidden);
            const response = new proto.CheckResponse().setInputs(toWire(outcome.inputs, [...news.secretKeys, ...secrets.inputs(type)]));
            for (const failure of outcome.failures) response.addFailures(new proto.CheckFailure().setProperty(failure.property).setReason(failure.reason));
            return response;
        }),
        diff: unary(async (request: proto.DiffRequest) => {
            const type = typeOf(request.getUrn(), request.getType());
            const answer = await operationsOf(type).diff(
                current(),
                logFor(request.getUrn()),
                request.getId(),
                fromWire(request.getOlds()).props,
                fromWire(request.getNews()).props,
            );
            const response = new proto.DiffResponse().setChanges(
                answer.changes ? proto.DiffResponse.DiffChanges.DIFF_SOME : proto.DiffResponse.DiffChanges.DIFF_NONE,
            );
            if (answer.replaces?.length) response.setReplacesList(answer.replaces);
            if (answer.deleteBeforeReplace) response.setDeletebeforereplace(true);
            return response;
        }),
        create: unary(async (request: proto.CreateRequest) => {
            const type = typeOf(request.getUrn(), request.getType());
            const inputs = fromWire(request.getProperties());
            const secretKeys = [...inputs.secretKeys, ...secrets.outputs(type)];
            const { id, outs } = await operationsOf(type).create(current(), logFor(request.getUrn()), inputs.props).catch(keepingSecrets(secretKeys));
            return new proto.CreateResponse().setId(id).setProperties(toWire(outs, secretKeys));
        }),
        read: unary(async (request: proto.ReadRequest) => {
            const type = typeOf(request.getUrn(), request.getType());
            // An import's read has no state: the operation reads the resource by its id alone.
            const importing = isEmpty(request.getProperties());
            if (importing && !importableTypes.has(type)) {
                throw new Error(
                    `${type} cannot be imported: it holds what Bringg does not show (a rotation's history, a vendor's secret). ` +
                        `\`pulumi import\` takes ${[...importableTypes].join(" and ")}; declare this resource in the program instead`,
                );
            }
            const state = fromWire(request.getProperties());
            const inputs = fromWire(request.getInputs());
            const answer = await operationsOf(type).read(current(), logFor(request.getUrn()), request.getId(), state.props);
            const response = new proto.ReadResponse().setId(answer.id);
            if (answer.props) response.setProperties(toWire(answer.props, [...state.secretKeys, ...secrets.outputs(type)]));
            if (answer.inputs) response.setInputs(toWire(answer.inputs, [...inputs.secretKeys, ...secrets.inputs(type)]));
            else if (answer.props && !isEmpty(request.getInputs())) response.setInputs(request.getInputs());
            return response;
        }),
        update: unary(async (request: proto.UpdateRequest) => {
            const type = typeOf(request.getUrn(), request.getType());
            const news = fromWire(request.getNews());
            const secretKeys = [...news.secretKeys, ...secrets.outputs(type)];
            const { outs } = await operationsOf(type)
                .update(current(), logFor(request.getUrn()), request.getId(), fromWire(request.getOlds()).props, news.props)
                .catch(keepingSecrets(secretKeys));
            return new proto.UpdateResponse().setProperties(toWire(outs, secretKeys));
        }),
        delete: unary(async (request: proto.DeleteRequest) => {
            const type = typeOf(request.getUrn(), request.getType());
            await operationsOf(type).delete(current(), logFor(request.getUrn()), request.getId(), fromWire(request.getProperties()).props);
            return new Empty();
        }),
        invoke: unary(async (request: proto.InvokeRequest) => {
            const invoke = functions.get(request.getTok());
            if (!invoke) throw new Error(`${packageName}: unknown function ${request.getTok()}; this plugin serves ${[...functions.keys()].join(", ")}`);
            const context = current();
            try {
                const result = (await invoke(context, fromWire(request.getArgs()).props)) as Props;
                return new proto.InvokeResponse().setReturn(toWire(result, secrets.outputs(request.getTok())));
            } catch (error) {
                throw context.secrets.redactError(error);
            }
        }),
        construct: unary(async (request: proto.ConstructRequest) => {
            throw new Error(
                `${packageName}: ${request.getType()} is a component of the TypeScript (dynamic) resources only; with this plugin, ` +
                    "declare two Applications and a CredentialPair (docs/native-provider.md shows how)",
            );
        }),
    };
}
