#!/usr/bin/env node
/**
 * `pulumi-resource-bringg`: the native provider plugin's entry. The engine starts it with its own
 * address as an argument (beside flags such as `--logtostderr` or `-v=9`), reads the port it
 * prints on stdout, and talks gRPC to it (./server.ts).
 */
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { providerService } from "./server";

/**
 * The engine's address: the first argument that is not one of the flags the engine passes plugins
 * (`--logtostderr`, `-v=<n>`, `--tracing <endpoint>`), as the Pulumi SDK's own plugins read it.
 */
function engineAddressOf(args: readonly string[]): string | undefined {
    for (let i = 0; i < args.length; i++) {
        const arg = args[i]!;
        if (arg === "--tracing") i++;
        else if (arg !== "--logtostderr" && !arg.startsWith("-v=")) return arg;
    }
    return undefined;
}

async function main(args: readonly string[]): Promise<void> {
    const engineAddress = engineAddressOf(args);
    // Schemas and replies can be large: lift gRPC's 4 MB default as the Pulumi SDK does.
    const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    server.addService(ResourceProviderService, providerService(engineAddress));
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    process.stdout.write(`${port}\n`);
}

main(process.argv.slice(2)).catch((error) => {
    process.stderr.write(`pulumi-resource-bringg: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
});
