/**
 * Serves a Deployment as the engine serves its resource monitor and engine services to the language host: gRPC,
 * here on a unix socket in the run's own folder (the only place the program's box lets it connect to). Every
 * request goes through the Deployment, which validates it, counts it in flight and keeps the first error.
 */
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { ResourceMonitorService } from "@pulumi/pulumi/proto/resource_grpc_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import type { Deployment } from "./deployment";

export interface EngineServer {
    /** `unix:<socket>`, the address cmd/run's `--monitor` and `--engine` take. */
    address: string;
    /** Stops taking requests and ends the ones in flight. */
    close(): void;
}

type Handler = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => void;

function unary<Req>(deployment: Deployment, fn: (req: Req) => Promise<unknown>): Handler {
    return (call, callback) => {
        deployment
            .serve(() => fn(call.request as Req))
            .then(
                (resp) => callback(null, resp),
                (err: Error) => callback({ code: grpc.status.FAILED_PRECONDITION, details: err.message }),
            );
    };
}

/** The socket's file name in the run's folder. */
export const MONITOR_SOCKET = "monitor.sock";

export async function serveEngine(deployment: Deployment, runDir: string): Promise<EngineServer> {
    const d = deployment;
    // channelz bookkeeping costs every call; nothing here reads it.
    const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024, "grpc.enable_channelz": 0 });
    server.addService(
        ResourceMonitorService as unknown as grpc.ServiceDefinition,
        {
            getDeploymentInfo: unary(d, () => d.getDeploymentInfo()),
            supportsFeature: unary(d, (req: never) => d.supportsFeature(req)),
            invoke: unary(d, (req: never) => d.invoke(req)),
            call: unary(d, (req: never) => d.call(req)),
            readResource: unary(d, (req: never) => d.readResource(req)),
            registerResource: unary(d, (req: never) => d.registerResource(req)),
            registerResourceOutputs: unary(d, (req: never) => d.registerResourceOutputs(req)),
            registerStackTransform: unary(d, (req: never) => d.registerStackTransform(req)),
            registerStackInvokeTransform: unary(d, (req: never) => d.registerStackInvokeTransform(req)),
            registerResourceHook: unary(d, () => d.registerHook()),
            registerErrorHook: unary(d, () => d.registerHook()),
            registerPackage: unary(d, (req: never) => d.registerPackage(req)),
            signalAndWaitForShutdown: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => {
                d.signalAndWaitForShutdown().then((resp) => callback(null, resp));
            },
        } as unknown as grpc.UntypedServiceImplementation,
    );
    server.addService(
        EngineService as unknown as grpc.ServiceDefinition,
        {
            log: unary(d, (req: never) => d.log(req)),
            getRootResource: unary(d, () => d.getRootResource()),
            setRootResource: unary(d, (req: never) => d.setRootResource(req)),
            startDebugging: unary(d, () => d.startDebugging()),
            requirePulumiVersion: unary(d, () => d.requirePulumiVersion()),
        } as unknown as grpc.UntypedServiceImplementation,
    );
    const address = `unix:${path.join(runDir, MONITOR_SOCKET)}`;
    await new Promise<void>((resolve, reject) => server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err) => (err ? reject(err) : resolve())));
    return { address, close: () => server.forceShutdown() };
}
