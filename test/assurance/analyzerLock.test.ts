/**
 * Contract of policies/analyzerLock.ts, the pack's one reach into @pulumi/policy 1.21.0 and @grpc/grpc-js: the
 * grpc-js it hooks is the one @pulumi/policy serves with, the service it recognizes is the Analyzer, it converts a
 * Configure as @pulumi/policy's server applies it, and then the lock holds: one Configure and one ConfigureStack,
 * the first, and a proof of the applied config in every AnalyzeStack response. An SDK upgrade that moves one of
 * these fails here, naming it.
 */
import * as path from "path";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { lockAnalyzerConfig } from "../../policies/analyzerLock";
import { APPLIED_CONFIG_PROOF, appliedConfigProof } from "../../policies/configProof";
import { proofOfRequest } from "../../tools/analyzer/appliedConfig";
import { analyzerpb, levelFromWire, levelToWire, type EnforcementLevel } from "../../tools/analyzer/proto";
import { captureGrpcService, type GrpcHandlers, loadedPolicySdkVersion, packageRoot, PINNED_POLICY_SDK } from "../../tools/sdkAdapter";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const ECHO_PACK = path.join(REPO_ROOT, "test", "fixtures", "packs", "config-echo");

/**
 * A fresh copy of @pulumi/policy, grpc-js and the echo pack (jest keeps one copy of a module per test file, and
 * @pulumi/policy serves one pack per copy), served (captured) with the lock installed `locks` times.
 */
function serveEchoPack(locks: number): GrpcHandlers {
    const cwd = process.cwd();
    let handlers: GrpcHandlers | undefined;
    try {
        jest.isolateModules(() => {
            handlers = captureGrpcService(
                ECHO_PACK,
                () => {
                    process.chdir(ECHO_PACK);
                    for (let i = 0; i < locks; i++) lockAnalyzerConfig(ECHO_PACK);
                    // eslint-disable-next-line @typescript-eslint/no-require-imports
                    require(ECHO_PACK);
                },
                (code) => new Error(`exit ${code}`),
            );
        });
    } finally {
        process.chdir(cwd);
    }
    if (!handlers) throw new Error("the echo pack served nothing");
    return handlers;
}

function call<T>(h: GrpcHandlers, method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => h[method]({ request }, (err, resp) => (err ? reject(err) : resolve(resp as T))));
}

function configure(settings: Record<string, { level: EnforcementLevel; setting?: string }>): analyzerpb.ConfigureAnalyzerRequest {
    const req = new analyzerpb.ConfigureAnalyzerRequest();
    for (const [name, c] of Object.entries(settings)) {
        const pc = new analyzerpb.PolicyConfig();
        pc.setEnforcementlevel(levelToWire(c.level));
        pc.setProperties(Struct.fromJavaScript(c.setting === undefined ? {} : { setting: c.setting }));
        req.getPolicyconfigMap().set(name, pc);
    }
    return req;
}

function configureStack(tags: Record<string, string>): analyzerpb.AnalyzerStackConfigureRequest {
    const req = new analyzerpb.AnalyzerStackConfigureRequest();
    for (const [k, v] of Object.entries(tags)) req.getTagsMap().set(k, v);
    return req;
}

function analyzeRequest(): analyzerpb.AnalyzeRequest {
    const req = new analyzerpb.AnalyzeRequest();
    req.setType("test:index:Thing");
    req.setUrn("urn:pulumi:s::p::test:index:Thing::t");
    req.setName("t");
    req.setProperties(Struct.fromJavaScript({}));
    req.setOptions(new analyzerpb.AnalyzerResourceOptions());
    return req;
}

type Seen = { policy: string; level: EnforcementLevel; config: unknown; tags: unknown };
const seenIn = (resp: analyzerpb.AnalyzeResponse): Seen[] =>
    resp.getDiagnosticsList().map((d) => {
        const { config, tags } = JSON.parse(d.getMessage().split("\n")[1]) as { config: unknown; tags: unknown };
        return { policy: d.getPolicyname(), level: levelFromWire(d.getEnforcementlevel()), config, tags };
    });
const proofsIn = (resp: analyzerpb.AnalyzeResponse) =>
    resp
        .getNotApplicableList()
        .filter((n) => n.getPolicyName() === APPLIED_CONFIG_PROOF)
        .map((n) => n.getReason());

const FIRST = { "echo-resource": { level: "mandatory" as const, setting: "first" }, "echo-stack": { level: "mandatory" as const, setting: "first" } };
const SECOND = { "echo-resource": { level: "disabled" as const }, "echo-stack": { level: "disabled" as const } };

describe("the @pulumi/policy the lock was written against", () => {
    it("is the version installed", () => {
        expect(loadedPolicySdkVersion(path.join(REPO_ROOT, "policies"))).toBe(PINNED_POLICY_SDK);
    });

    it("converts enforcement levels as the tools do (protoutil.convertEnforcementLevel)", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const protoutil = require(path.join(packageRoot("@pulumi/policy", ECHO_PACK), "protoutil"));
        for (const level of ["advisory", "mandatory", "disabled", "remediate"] as EnforcementLevel[]) {
            expect(protoutil.convertEnforcementLevel(levelToWire(level))).toBe(level);
        }
    });

    it("serves the Analyzer through the hooked grpc-js: without the lock a second Configure replaces the first", async () => {
        const h = serveEchoPack(0);
        await call(h, "configure", configure(FIRST));
        await call(h, "configure", configure(SECOND));
        expect(seenIn(await call(h, "analyze", analyzeRequest()))).toEqual([]);
        expect(proofsIn(await call(h, "analyzeStack", new analyzerpb.AnalyzeStackRequest()))).toEqual([]);
    });
});

describe("the lock", () => {
    it("applies the first Configure, refuses a second with FAILED_PRECONDITION, and proves the first in AnalyzeStack", async () => {
        const h = serveEchoPack(1);
        await call(h, "configure", configure(FIRST));
        await expect(call(h, "configure", configure(SECOND))).rejects.toMatchObject({ code: 9, details: expect.stringContaining("one Configure per process") });
        expect(seenIn(await call(h, "analyze", analyzeRequest()))).toEqual([
            { policy: "echo-resource", level: "mandatory", config: { setting: "first" }, tags: {} },
        ]);
        const stack = await call<analyzerpb.AnalyzeResponse>(h, "analyzeStack", new analyzerpb.AnalyzeStackRequest());
        expect(seenIn(stack)).toEqual([{ policy: "echo-stack", level: "mandatory", config: { setting: "first" }, tags: {} }]);
        // The proof is of what the SDK applied (the policies saw it above), computed as the parent computes it.
        expect(proofsIn(stack)).toEqual([proofOfRequest(configure(FIRST))]);
        expect(proofOfRequest(configure(FIRST))).not.toBe(proofOfRequest(configure(SECOND)));
    });

    it("keeps the first ConfigureStack: a second is refused and the policies see the first's tags", async () => {
        const h = serveEchoPack(1);
        await call(h, "configureStack", configureStack({ team: "residency" }));
        await expect(call(h, "configureStack", configureStack({ team: "other" }))).rejects.toMatchObject({ code: 9 });
        await call(h, "configure", configure(FIRST));
        expect(seenIn(await call(h, "analyze", analyzeRequest())).map((s) => s.tags)).toEqual([{ team: "residency" }]);
    });

    it("locks what a pack analyzed without a Configure has (no config): a Configure after that is refused", async () => {
        const h = serveEchoPack(1);
        expect(seenIn(await call(h, "analyze", analyzeRequest())).map((s) => [s.level, s.config])).toEqual([["advisory", {}]]);
        await expect(call(h, "configure", configure(SECOND))).rejects.toMatchObject({ code: 9 });
        await expect(call(h, "configureStack", configureStack({ team: "other" }))).rejects.toMatchObject({ code: 9 });
        const stack = await call<analyzerpb.AnalyzeResponse>(h, "analyzeStack", new analyzerpb.AnalyzeStackRequest());
        expect(seenIn(stack).map((s) => s.level)).toEqual(["advisory"]);
        expect(proofsIn(stack)).toEqual([appliedConfigProof({})]);
    });

    it("locks once when installed twice (the pack's own lock under a host's), and leaves GetAnalyzerInfo alone", async () => {
        const h = serveEchoPack(2);
        await call(h, "configure", configure(FIRST));
        expect(proofsIn(await call(h, "analyzeStack", new analyzerpb.AnalyzeStackRequest()))).toHaveLength(1);
        expect((await call<analyzerpb.AnalyzerInfo>(h, "getAnalyzerInfo", new Empty())).getName()).toBe("config-echo");
    });
});
