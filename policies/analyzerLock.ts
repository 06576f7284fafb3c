/**
 * The pack takes one policy config per process, and proves which.
 *
 * @pulumi/policy's Analyzer replaces its config on every `Configure` and serves on 127.0.0.1 without
 * authentication: any local process that finds the port could switch the pack's policies off, under the real
 * CLI too. What the engine sends, read in pulumi/pulumi (pkg/engine/update.go, pkg/resource/plugin/analyzer_plugin.go):
 * - `Handshake` (@pulumi/policy does not implement it), then `ConfigureStack` when the engine starts the pack
 *   with stack options (`NewPolicyAnalyzer`, analyzer_plugin.go:230-249; `pulumi policy publish` and
 *   `pulumi policy analyze` pass none and send none);
 * - `GetAnalyzerInfo`, then `Configure` with the policy config reconciled over the schema defaults, once, in
 *   `loadPolicyPlugins` (update.go:894/927 for a published pack of a Pulumi Cloud policy group, update.go:996/1038
 *   for a `--policy-pack` one; `LoadLocalPolicyPackAnalyzers`, update.go:296/322, for `pulumi policy analyze`);
 *   all before the program starts (`newUpdateSource`: loadPolicyPlugins at update.go:1116, the program's source
 *   at update.go:1151);
 * - no `Configure` when the pack says `SupportsConfig` false (@pulumi/policy always says true) or when the
 *   reconciled config is empty (analyzer_plugin.go:616), which needs a pack without policies;
 * - then `Analyze` (and `Remediate`) per resource, and `AnalyzeStack` at the end.
 * So the engine's `Configure` always comes first, before anything else can know the port. This module makes the
 * first `Configure` the only one: a later one gets FAILED_PRECONDITION and changes nothing; likewise the first
 * `ConfigureStack`. A pack analyzed before any `Configure` keeps the config it has (none) and takes none after.
 * Every `AnalyzeStack` response then carries the proof of the applied config (configProof.ts), which the offline
 * preview and the audit check against their own.
 *
 * It reaches into @pulumi/policy 1.21.0 and @grpc/grpc-js (test/assurance/analyzerLock.test.ts pins what it
 * relies on): it wraps the service implementation @pulumi/policy's `serve` hands to `Server.prototype.addService`
 * of the grpc-js instance @pulumi/policy itself loads, and converts a `Configure` request as its server does.
 */
import * as path from "path";
import { APPLIED_CONFIG_PROOF, AppliedConfig, appliedConfigProof } from "./configProof";

type Callback = (err: unknown, resp?: unknown) => void;
type Handler = (call: { request: unknown }, callback: Callback) => unknown;
type Handlers = Record<string, Handler>;

interface PolicyConfigMessage {
    getEnforcementlevel(): number;
    getProperties(): { toJavaScript(): Record<string, unknown> } | undefined;
}
interface ConfigureRequest {
    getPolicyconfigMap(): { entries(): Iterable<[string, PolicyConfigMessage]> };
}
interface AnalyzeResponse {
    addNotApplicable(entry: unknown): void;
}

const LOCKED = Symbol.for("us-data-residency.analyzer-lock");
/**
 * On the locked handlers, for a host that loads the pack into its own process (tools/analyzer/inProcessPack.ts):
 * `(handlers[AS_NEW_PROCESS] as () => Promise<void>)()` puts the pack back as a new process would start, without
 * config, lock or stack tags, so that one load can serve runs with different configs. Nothing over gRPC reaches
 * it: a server dispatches only the service's methods. In the pack's own process nothing calls it.
 */
export const AS_NEW_PROCESS = Symbol.for("us-data-residency.analyzer-lock.as-new-process");
const CONFIGURE_PATH = "/pulumirpc.Analyzer/Configure";

/** The @pulumi/policy that `fromDir` loads, and the modules of its own dependency tree this module uses. */
function policySdk(fromDir: string) {
    const policyRoot = path.dirname(require.resolve("@pulumi/policy/package.json", { paths: [fromDir] }));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the modules of @pulumi/policy's own tree, resolved from it
    const from = (id: string) => require(require.resolve(id, { paths: [policyRoot] }));
    return {
        grpc: from("@grpc/grpc-js") as { Server: { prototype: Record<string, unknown> }; status: { FAILED_PRECONDITION: number } },
        convertEnforcementLevel: (from(path.join(policyRoot, "protoutil")) as { convertEnforcementLevel(level: number): string }).convertEnforcementLevel,
        proto: from("@pulumi/pulumi/proto/analyzer_pb") as {
            PolicyNotApplicable: new () => { setPolicyName(n: string): void; setReason(r: string): void };
            ConfigureAnalyzerRequest: new () => unknown;
            AnalyzerStackConfigureRequest: new () => unknown;
        },
    };
}

/**
 * Locks the config of every Analyzer served from now on by the @pulumi/policy that `fromDir` resolves. Call it
 * before `new PolicyPack(...)`. Idempotent: a service is locked once, whoever installed the lock first.
 */
export function lockAnalyzerConfig(fromDir: string = __dirname): void {
    const sdk = policySdk(fromDir);
    const proto = sdk.grpc.Server.prototype;
    const previous = proto.addService as (this: unknown, service: unknown, impl: Handlers) => unknown;
    if ((previous as unknown as Record<symbol, unknown>)[LOCKED]) return;
    const addService = function (this: unknown, service: unknown, impl: Handlers) {
        const isAnalyzer = (service as Record<string, { path?: string } | undefined> | undefined)?.configure?.path === CONFIGURE_PATH;
        return previous.call(this, service, isAnalyzer && !(impl as Record<symbol, unknown>)[LOCKED] ? lockedAnalyzer(impl, sdk) : impl);
    };
    proto.addService = Object.assign(addService, { [LOCKED]: true });
}

/** The config @pulumi/policy's `configure` stores for a request (server.js), as one object. */
function appliedConfigOf(req: ConfigureRequest, convertEnforcementLevel: (level: number) => string): AppliedConfig {
    const config: AppliedConfig = {};
    for (const [name, pc] of req.getPolicyconfigMap().entries()) {
        const props = pc.getProperties()!.toJavaScript();
        props.enforcementLevel = convertEnforcementLevel(pc.getEnforcementlevel());
        config[name] = props;
    }
    return config;
}

function lockedAnalyzer(impl: Handlers, sdk: ReturnType<typeof policySdk>): Handlers {
    let proof: string | undefined;
    let stackConfigured = false;
    const refuse = (callback: Callback, what: string) => {
        const message = `this policy pack takes one ${what} per process, and it has had it; the config it judges with is unchanged`;
        callback(Object.assign(new Error(message), { code: sdk.grpc.status.FAILED_PRECONDITION, details: message }));
    };
    /** Analyzed without a Configure: the pack judges with what it has (no config) and takes none later. */
    const lockAsIs = () => {
        proof ??= appliedConfigProof({});
        stackConfigured = true;
    };
    const locked: Handlers = {
        ...impl,
        configure: (call, callback) => {
            if (proof !== undefined) return refuse(callback, "Configure");
            let applied: AppliedConfig | undefined;
            try {
                applied = appliedConfigOf(call.request as ConfigureRequest, sdk.convertEnforcementLevel);
            } catch {
                applied = undefined;
            }
            // Locked before the SDK sees it, so that no second Configure can slip in while it applies this one.
            proof = appliedConfigProof(applied ?? {});
            return impl.configure(call, (err, resp) => {
                // A Configure the SDK refuses leaves its config as it was: none.
                if (err) proof = appliedConfigProof({});
                callback(err, resp);
            });
        },
        configureStack: (call, callback) => {
            if (stackConfigured) return refuse(callback, "ConfigureStack");
            stackConfigured = true;
            return impl.configureStack(call, callback);
        },
        analyze: (call, callback) => {
            lockAsIs();
            return impl.analyze(call, callback);
        },
        remediate: (call, callback) => {
            lockAsIs();
            return impl.remediate(call, callback);
        },
        analyzeStack: (call, callback) => {
            lockAsIs();
            const applied = proof!;
            return impl.analyzeStack(call, (err, resp) => {
                if (!err && resp) {
                    const entry = new sdk.proto.PolicyNotApplicable();
                    entry.setPolicyName(APPLIED_CONFIG_PROOF);
                    entry.setReason(applied);
                    (resp as AnalyzeResponse).addNotApplicable(entry);
                }
                callback(err, resp);
            });
        },
    };
    /** Back to how @pulumi/policy starts: its config `{}` and no stack tags (what an empty request sets), unlocked. */
    const asNewProcess = async () => {
        const send = (method: string, request: unknown) =>
            new Promise<void>((resolve, reject) => impl[method]({ request }, (err) => (err ? reject(err as Error) : resolve())));
        await send("configure", new sdk.proto.ConfigureAnalyzerRequest());
        await send("configureStack", new sdk.proto.AnalyzerStackConfigureRequest());
        proof = undefined;
        stackConfigured = false;
    };
    Object.defineProperty(locked, AS_NEW_PROCESS, { value: asNewProcess });
    return Object.defineProperty(locked, LOCKED, { value: true });
}
