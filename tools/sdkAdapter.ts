/**
 * The one place the tools reach into SDK internals (things @pulumi/pulumi and @pulumi/policy do not
 * export as API). Each is pinned to the SDK versions below by test/assurance/sdkAdapter.test.ts: when an
 * upgrade changes one of them, that test names it.
 */
import * as path from "path";
import type * as grpcTypes from "@grpc/grpc-js";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** The versions the internals below were read from. */
export const PINNED_PULUMI_SDK = "3.248.0";
export const PINNED_POLICY_SDK = "1.21.0";

/** The SDK's wire constants (public exports of `@pulumi/pulumi/runtime/rpc`), re-exported for the tools. */
export { unknownValue, specialSigKey, specialSecretSig } from "@pulumi/pulumi/runtime/rpc";

/** `@pulumi/pulumi/version`: the SDK actually loaded. */
export function loadedPulumiSdkVersion(): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("@pulumi/pulumi/package.json").version;
}

export function loadedPolicySdkVersion(fromDir = process.cwd()): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(require.resolve("@pulumi/policy/package.json", { paths: [fromDir] })).version.replace(/^v/, "");
}

/**
 * CrossGuard's own deserialization and unknown-checking proxy (`@pulumi/policy/deserialize`, `/proxy`),
 * applied before a policy sees properties.
 */
export function policyView(properties: Struct): unknown {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { deserializeProperties } = require("@pulumi/policy/deserialize");
    const { unknownCheckingProxy } = require("@pulumi/policy/proxy");
    /* eslint-enable @typescript-eslint/no-require-imports */
    return unknownCheckingProxy(deserializeProperties(properties, false));
}

export type GrpcHandler = (call: { request: unknown }, callback: (err: Error | null, resp?: unknown) => void) => unknown;
export type GrpcHandlers = Record<string, GrpcHandler>;

/**
 * Runs `load` with `@grpc/grpc-js`'s `Server.prototype.addService` captured and `bindAsync` disabled, and
 * returns the handlers the loaded code registered: the real service implementation, callable without a socket.
 * `process.exit` inside `load` becomes a thrown error built by `onExit`.
 */
export function captureGrpcService(resolveFrom: string, load: () => void, onExit: (code?: number) => Error): GrpcHandlers | undefined {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [resolveFrom] })) as typeof grpcTypes;
    let handlers: GrpcHandlers | undefined;
    const proto = grpc.Server.prototype as unknown as Record<string, unknown>;
    const { addService, bindAsync } = proto;
    const exit = process.exit;
    proto.addService = function (_service: unknown, impl: GrpcHandlers) {
        handlers = impl;
    };
    proto.bindAsync = function () {
        /* never bind: the handlers are called directly */
    };
    process.exit = ((code?: number) => {
        throw onExit(code);
    }) as typeof process.exit;
    try {
        load();
    } finally {
        proto.addService = addService;
        proto.bindAsync = bindAsync;
        process.exit = exit;
    }
    return handlers;
}

/** The folder of an installed package, resolved as Node resolves it from `fromDir`. */
export function packageRoot(name: string, fromDir: string): string {
    return path.dirname(require.resolve(`${name}/package.json`, { paths: [fromDir] }));
}
