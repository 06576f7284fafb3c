/**
 * Contract of tools/sdkAdapter.ts: the SDK internals the tools rely on, as read from @pulumi/pulumi 3.248.0 and
 * @pulumi/policy 1.21.0. An SDK upgrade that moves one of them fails here, naming it, before a preview goes wrong.
 */
import * as path from "path";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as grpc from "@grpc/grpc-js";
import {
    captureGrpcService,
    loadedPolicySdkVersion,
    loadedPulumiSdkVersion,
    PINNED_POLICY_SDK,
    PINNED_PULUMI_SDK,
    policyView,
    specialSecretSig,
    specialSigKey,
    unknownValue,
} from "../../tools/sdkAdapter";

import { SECRET_SIG_KEY, SECRET_SIG_VALUE } from "../../tools/secrets";
import { get, isUnknownSentinel, PROXY_TARGET, UNKNOWN, UNKNOWN_SENTINEL } from "../../policies/model/unknown";
import { SECRET_SIG, SIG_KEY, UNKNOWN_VALUE } from "../../tools/report/pulumiFormats";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdkTuning = require("../../tools/preview/program/sdkTuning");

const REPO_ROOT = path.resolve(__dirname, "..", "..");

describe("the SDK versions the adapter was written against", () => {
    it("are the versions installed", () => {
        expect(loadedPulumiSdkVersion()).toBe(PINNED_PULUMI_SDK);
        expect(loadedPolicySdkVersion(path.join(REPO_ROOT, "policies"))).toBe(PINNED_POLICY_SDK);
    });
});

describe("wire constants", () => {
    it("are the engine's: the unknown sentinel and the secret signature", () => {
        expect(unknownValue).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
        expect(specialSigKey).toBe("4dabf18193072939515e22adb298388d");
        expect(specialSecretSig).toBe("1b47061264138c4ac30d75fd1eb44270");
    });

    it("match the copies kept by the modules that read files without loading the SDK (report, secret masking)", () => {
        expect([SECRET_SIG_KEY, SECRET_SIG_VALUE]).toEqual([specialSigKey, specialSecretSig]);
        expect([SIG_KEY, SECRET_SIG, UNKNOWN_VALUE]).toEqual([specialSigKey, specialSecretSig, unknownValue]);
    });
});

describe("the policy model's copy of CrossGuard's unknowns (policies/model/unknown.ts; the pack cannot import the tools)", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const proxy = require("@pulumi/policy/proxy");
    const crossGuardSentinels = Object.entries(proxy)
        .filter(([name]) => /^unknown[A-Z]\w*Value$/.test(name))
        .map(([, value]) => value as string);

    it("knows every unknown sentinel CrossGuard defines, and no other", () => {
        expect(crossGuardSentinels.length).toBeGreaterThanOrEqual(7);
        expect(UNKNOWN_SENTINEL).toBe(unknownValue);
        for (const sentinel of crossGuardSentinels) expect(isUnknownSentinel(sentinel)).toBe(true);
        expect(isUnknownSentinel("us-east-1")).toBe(false);
    });

    it("reads an unknown through CrossGuard's own proxy as UNKNOWN, by the proxy's target key", () => {
        // The fast path: without the right key every unknown read would go through a thrown UnknownValueError.
        expect(PROXY_TARGET).toBe(proxy.getSpecialProxyTarget);
        const view = policyView(Struct.fromJavaScript({ known: "x", nested: { region: unknownValue } }));
        expect(get(view, "known")).toBe("x");
        expect(get(get(view, "nested"), "region")).toBe(UNKNOWN);
    });
});

describe("the SDK's promise leak tracking, without the stack stamps", () => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const debuggable = require("@pulumi/pulumi/runtime/debuggable");
    const state = require("@pulumi/pulumi/runtime/state");
    /* eslint-enable @typescript-eslint/no-require-imports */
    const leakCandidates = () => state.getStore().leakCandidates as Set<Promise<unknown>>;

    it("is the export every SDK module calls, a function of (promise, context)", () => {
        expect(typeof debuggable.debuggablePromise).toBe("function");
        expect(debuggable.debuggablePromise.length).toBe(2);
        expect(leakCandidates()).toBeInstanceOf(Set);
    });

    it("keeps a pending promise a leak candidate until it settles, and stamps no stack", async () => {
        expect(sdkTuning.leanPromises(debuggable, state)).toBe(true);
        expect(sdkTuning.leanPromises(debuggable, state)).toBe(false);
        // The first call is the SDK's own (it schedules the exit-time check); every later one is the lean one.
        await debuggable.debuggablePromise(Promise.resolve(0), "first");
        let resolve!: (v: number) => void;
        let reject!: (e: Error) => void;
        const pending = new Promise<number>((r) => (resolve = r));
        const failing = new Promise<number>((_, r) => (reject = r));
        const wrapped = debuggable.debuggablePromise(pending, "pending");
        const wrappedFailing = debuggable.debuggablePromise(failing, "failing");
        expect(leakCandidates().has(pending)).toBe(true);
        expect(leakCandidates().has(failing)).toBe(true);
        expect(Object.getOwnPropertyNames(pending)).not.toContain("_debugStackTrace");
        resolve(7);
        await expect(wrapped).resolves.toBe(7);
        expect(leakCandidates().has(pending)).toBe(false);
        const error = new Error("boom");
        reject(error);
        await expect(wrappedFailing).rejects.toBe(error);
        expect((error as Error & { promise?: unknown }).promise).toBe(failing);
        expect(leakCandidates().has(failing)).toBe(false);
    });
});

describe("the SDK's call sites, cut short", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Resource } = require("@pulumi/pulumi/resource");

    it("is a static of Resource with its frame pattern, and the SDK reads a frame past its constructors", () => {
        expect(typeof Resource.callsites).toBe("function");
        expect(Resource.framePositionRegExp).toBeInstanceOf(RegExp);
        expect(typeof Resource.stackTrace).toBe("function");
    });

    it("gives the same first frames as the SDK's, at most CALLSITE_FRAMES of them", () => {
        const sdk = Resource.callsites.bind(Resource);
        const nest = (n: number, f: () => unknown): unknown => (n === 0 ? f() : nest(n - 1, f));
        const full = nest(40, () => sdk()) as object[];
        const copy = { callsites: sdk, framePositionRegExp: Resource.framePositionRegExp };
        expect(sdkTuning.leanCallsites(copy)).toBe(true);
        const cut = nest(40, () => copy.callsites()) as object[];
        expect(cut.length).toBe(sdkTuning.CALLSITE_FRAMES);
        // The first frame differs only by the line of the call itself.
        expect(cut.slice(3, 8)).toEqual(full.slice(3, 8));
    });
});

describe("CrossGuard's view of properties", () => {
    it("deserializes secrets to plain values and throws on reading an unknown", () => {
        const view = policyView(
            Struct.fromJavaScript({ region: "us-east-1", token: { [specialSigKey]: specialSecretSig, value: "s3cret" }, id: unknownValue }),
        ) as Record<string, unknown>;
        expect(view.region).toBe("us-east-1");
        expect(view.token).toBe("s3cret");
        expect(() => view.id).toThrow("can't be known during preview");
    });
});

describe("gRPC service capture", () => {
    it("returns the handlers a server registers, binds no port, and turns process.exit into an error", () => {
        const impl = { ping: () => undefined };
        const handlers = captureGrpcService(
            REPO_ROOT,
            () => {
                const server = new grpc.Server();
                server.addService({} as grpc.ServiceDefinition, impl);
                server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), () => {
                    throw new Error("bound a port");
                });
            },
            (code) => new Error(`exit ${code}`),
        );
        expect(handlers).toBe(impl);
        expect(() =>
            captureGrpcService(
                REPO_ROOT,
                () => process.exit(3),
                (code) => new Error(`exit ${code}`),
            ),
        ).toThrow("exit 3");
        expect(typeof grpc.Server.prototype.bindAsync).toBe("function");
    });
});

describe("ts-node's transpiler, which the program's transpile cache wraps (tools/preview/program/transpileCache.js)", () => {
    // The SDK's run.js registers ts-node; for a CommonJS program ts-node transpiles each file through this internal
    // module's `createTsTranspileModule(ts, options)(source, { fileName }, packageJsonType)`.
    const tsNodeDist = path.dirname(require.resolve("ts-node"));
    it("is ts-node 10.9.2, the version the cache was written against", () => {
        expect(require(path.join(tsNodeDist, "..", "package.json")).version).toBe("10.9.2"); // eslint-disable-line @typescript-eslint/no-require-imports
    });
    it("is a factory of (ts, options) whose transpiler gives the output and source map of one file", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { createTsTranspileModule } = require(path.join(tsNodeDist, "ts-transpile-module.js"));
        expect(createTsTranspileModule).toHaveLength(2);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const transpile = createTsTranspileModule(require("typescript"), { compilerOptions: { module: 1, sourceMap: true }, reportDiagnostics: true });
        const result = transpile("export const x: number = 1;\n", { fileName: "/p/x.ts" }, "commonjs");
        expect(result).toEqual({
            outputText: expect.stringContaining("exports.x = 1"),
            sourceMapText: expect.stringContaining('"sources":["x.ts"]'),
            diagnostics: [],
        });
    });
});
