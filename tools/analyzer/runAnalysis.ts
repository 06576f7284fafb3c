import type { ResourceGraph } from "../graph/resourceGraph";
import type { AnalyzerConnection } from "./connection";
import { configureStackRequest, indexByUrn, RunRequests } from "./requests";
import { configureRequest, ResolvedPolicyConfig, resolvePolicyConfig } from "./policyConfig";
import { packInfoFromWire, PackInfo } from "./policyInfo";
import { weakenedByConfig } from "./weakenedConfig";
import { analyzerpb, EnforcementLevel, levelFromWire, Severity, severityFromWire } from "./proto";
import { checkAppliedConfig, proofOfRequest } from "./appliedConfig";
import { callDeadlines, callPack, CallDeadlines } from "./packCalls";

/** One diagnostic a policy reported, as the CLI would show it. */
export interface PolicyResult {
    policyPack: string;
    policyPackVersion: string;
    policy: string;
    level: EnforcementLevel;
    severity: Severity;
    urn: string;
    /** The resource's name (last URN segment), or "" for a stack-wide result. */
    name: string;
    message: string;
}

export interface PackRun extends ConfiguredPack {
    results: PolicyResult[];
}

export function nameOfUrn(urn: string): string {
    const parts = urn.split("::");
    return parts.length >= 4 ? parts.slice(3).join("::") : "";
}

function resultsOf(resp: analyzerpb.AnalyzeResponse, fallbackUrn: string): PolicyResult[] {
    return resp.getDiagnosticsList().map((d): PolicyResult => {
        const urn = d.getUrn() || fallbackUrn;
        // @pulumi/policy sends "<policy description>\n<violation message>"; keep the message.
        const description: string = d.getDescription();
        const raw: string = d.getMessage();
        const message = description && raw.startsWith(`${description}\n`) ? raw.slice(description.length + 1) : raw;
        return {
            policyPack: d.getPolicypackname(),
            policyPackVersion: d.getPolicypackversion(),
            policy: d.getPolicyname(),
            level: levelFromWire(d.getEnforcementlevel()),
            severity: severityFromWire(d.getSeverity()),
            urn,
            name: nameOfUrn(urn),
            message,
        };
    });
}

/** Analyze calls in flight at once: the engine analyzes resource steps concurrently too; over gRPC this hides the round trips. */
const ANALYZE_IN_FLIGHT = 32;

/** `items.map(f)` with at most `limit` calls pending, results in the order of `items`. */
async function inOrder<T, R>(items: T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
    const out = new Array<R>(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await f(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return out;
}

export interface AnalysisOptions {
    policyConfigFile?: Record<string, unknown>;
    policyConfigSource?: string;
    stackConfig: Record<string, string>;
    secretKeys: string[];
    dryRun: boolean;
    /** How long to wait for each call; by default `callDeadlines` of the graph's size. */
    deadlines?: CallDeadlines;
}

/**
 * What each connection's pack was configured with. A pack takes one ConfigureStack and one Configure per process
 * (policies/analyzerLock.ts), as the engine sends them: a later run on the same connection with the same
 * configuration analyzes again without sending them; one with another configuration sends it, and the pack refuses.
 */
const configuredWith = new WeakMap<AnalyzerConnection, string>();

/** Calls to one pack, each with its deadline (`ms`, by default the per-call one), named in a miss's message. */
function callerOf(packName: string, deadlines: CallDeadlines) {
    return <T>(name: Parameters<typeof callPack>[1], send: (deadline: Date) => Promise<T>, ms = deadlines.perCallMs) => callPack(packName, name, ms, send);
}

/** The pack's name for messages, and the proof of the config it was sent, by connection (for `analyzeGraph`). */
const appliedBy = new WeakMap<AnalyzerConnection, { packName: string; proof: ReturnType<typeof proofOfRequest> }>();

const bytesOf = (msg: { serializeBinary(): Uint8Array }) => Buffer.from(msg.serializeBinary()).toString("base64");

/** A pack configured as the engine configures it, before the program starts. */
export interface ConfiguredPack {
    pack: PackInfo;
    config: Map<string, ResolvedPolicyConfig>;
    /** What the policy config weakens in the residency gate (see weakenedConfig.ts); empty when nothing. */
    weakened: string[];
}

/**
 * What the engine sends a pack before it starts the program (pkg/engine's installAndLoadPolicyPlugins, after the
 * plugin's own ConfigureStack): `GetAnalyzerInfo`, the policy config resolved and validated against the pack's
 * schemas, `ConfigureStack`, `Configure`. A config the pack's schemas refuse stops here, before any resource.
 */
export async function configurePack(conn: AnalyzerConnection, stack: { stack: string; project: string }, opts: AnalysisOptions): Promise<ConfiguredPack> {
    const deadlines = opts.deadlines ?? callDeadlines(0);
    const info = await callerOf(conn.label ?? "(unnamed)", deadlines)("GetAnalyzerInfo", (d) => conn.getAnalyzerInfo(d));
    const pack = packInfoFromWire(info);
    const packName = conn.label ? `'${pack.name}' (${conn.label})` : `'${pack.name}'`;
    const call = callerOf(packName, deadlines);
    const config = resolvePolicyConfig(pack, opts.policyConfigFile ?? {}, opts.policyConfigSource ?? "policy config");
    const stackReq = configureStackRequest(stack, opts.stackConfig, opts.secretKeys, opts.dryRun);
    const configReq = configureRequest(config);
    const configuration = `${bytesOf(stackReq)}/${bytesOf(configReq)}`;
    if (configuredWith.get(conn) !== configuration) {
        configuredWith.delete(conn);
        await call("ConfigureStack", (d) => conn.configureStack(stackReq, d));
        await call("Configure", (d) => conn.configure(configReq, d));
        configuredWith.set(conn, configuration);
    }
    appliedBy.set(conn, { packName, proof: proofOfRequest(configReq) });
    return { pack, config, weakened: weakenedByConfig(pack, opts.policyConfigFile ?? {}, config) };
}

/**
 * Drives one pack the way the engine does: `configurePack`, then `Analyze` for each resource (results kept in
 * registration order), then `AnalyzeStack` once. Every call has a deadline, and the pack must prove in
 * `AnalyzeStack` that it judged with the config sent here.
 */
export async function runAnalysis(conn: AnalyzerConnection, graph: ResourceGraph, opts: AnalysisOptions): Promise<PackRun> {
    const configured = await configurePack(conn, graph, opts);
    const results = await analyzeGraph(conn, graph, opts.deadlines ?? callDeadlines(graph.resources.length));
    return { ...configured, results };
}

/**
 * `Analyze` for each resource (results in registration order), then `AnalyzeStack`, on a pack `runAnalysis`
 * configured: the pack proves again in `AnalyzeStack` that it judges with that config.
 */
export async function analyzeGraph(conn: AnalyzerConnection, graph: ResourceGraph, deadlines = callDeadlines(graph.resources.length)): Promise<PolicyResult[]> {
    const applied = appliedBy.get(conn);
    if (!applied) throw new Error("analyzeGraph: the pack was not configured by configurePack");
    const { packName, proof } = applied;
    const call = callerOf(packName, deadlines);
    const requests = new RunRequests(indexByUrn(graph));
    const perResource = await inOrder(graph.resources, ANALYZE_IN_FLIGHT, async (r) =>
        resultsOf(await call("Analyze", (d) => conn.analyze(requests.analyze(r), d)), r.urn),
    );
    const results: PolicyResult[] = perResource.flat();
    const stackResp = await call("AnalyzeStack", (d) => conn.analyzeStack(requests.analyzeStack(graph), d), deadlines.analyzeStackMs);
    checkAppliedConfig(stackResp, proof, packName);
    for (const x of resultsOf(stackResp, "")) results.push(x);
    return results;
}
