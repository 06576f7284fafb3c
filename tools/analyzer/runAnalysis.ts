import type { ResourceGraph } from "../graph/resourceGraph";
import type { AnalyzerConnection } from "./connection";
import { configureStackRequest, indexByUrn, RunRequests } from "./requests";
import { configureRequest, ResolvedPolicyConfig, resolvePolicyConfig } from "./policyConfig";
import { packInfoFromWire, PackInfo } from "./policyInfo";
import { weakenedByConfig } from "./weakenedConfig";
import { analyzerpb, EnforcementLevel, levelFromWire, Severity, severityFromWire } from "./proto";

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

export interface PackRun {
    pack: PackInfo;
    config: Map<string, ResolvedPolicyConfig>;
    results: PolicyResult[];
    /** What the policy config weakens in the residency gate (see weakenedConfig.ts); empty when nothing. */
    weakened: string[];
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
}

/**
 * Drives one pack the way the engine does: `GetAnalyzerInfo`, `ConfigureStack`, `Configure`, then
 * `Analyze` for each resource (results kept in registration order), then `AnalyzeStack` once.
 */
export async function runAnalysis(conn: AnalyzerConnection, graph: ResourceGraph, opts: AnalysisOptions): Promise<PackRun> {
    const pack = packInfoFromWire(await conn.getAnalyzerInfo());
    const config = resolvePolicyConfig(pack, opts.policyConfigFile ?? {}, opts.policyConfigSource ?? "policy config");
    await conn.configureStack(configureStackRequest(graph, opts.stackConfig, opts.secretKeys, opts.dryRun));
    await conn.configure(configureRequest(config));
    const results = await analyzeGraph(conn, graph);
    return { pack, config, results, weakened: weakenedByConfig(pack, opts.policyConfigFile ?? {}, config) };
}

/** `Analyze` for each resource (results in registration order), then `AnalyzeStack`, on a pack already configured. */
export async function analyzeGraph(conn: AnalyzerConnection, graph: ResourceGraph): Promise<PolicyResult[]> {
    const requests = new RunRequests(indexByUrn(graph));
    const perResource = await inOrder(graph.resources, ANALYZE_IN_FLIGHT, async (r) => resultsOf(await conn.analyze(requests.analyze(r)), r.urn));
    const results: PolicyResult[] = perResource.flat();
    for (const x of resultsOf(await conn.analyzeStack(requests.analyzeStack(graph)), "")) results.push(x);
    return results;
}
