import { createHash } from "crypto";
import { loadPackInProcess } from "../tools/analyzer/inProcessPack";
import { readPolicyConfigFile } from "../tools/analyzer/policyConfig";
import { runAnalysis } from "../tools/analyzer/runAnalysis";
import type { ResourceGraph } from "../tools/graph/resourceGraph";
import { OUR_PACK, OUR_PACK_CONFIG, PEER_PACK } from "./paths";
import { awsSubset, buildSyntheticStack } from "./syntheticStack";
import { timedConnection } from "./timedConnection";

export type PackName = "ours" | "awsguard";

/** What one worker process measures: one pack over one synthetic stack. */
export interface ThroughputRequest {
    pack: PackName;
    /** Resources in the synthetic stack. */
    size: number;
    /** "aws": only the AWS part of that stack (what awsguard can judge). */
    subset: "all" | "aws";
    warmup: number;
    /** Size of the stack the warm-up runs analyze (smaller than `size` for the large stacks, to keep the bench short). */
    warmupSize: number;
    runs: number;
    /** Measure the pack in this directory instead (e.g. a candidate fix of ours); `pack` still picks the config. */
    packDir?: string;
}

export interface ThroughputResult {
    request: ThroughputRequest;
    /** Resources sent to the pack. */
    resources: number;
    unknownShare: number;
    loadMs: number;
    totalMs: number[];
    analyzeMs: number[];
    analyzeStackMs: number[];
    diagnostics: number;
    mandatory: number;
    /** SHA-1 of the sorted diagnostics (policy, URN, message): equal digests mean a candidate pack reports the same. */
    resultDigest: string;
    peakRssMb: number;
}

export const RESULT_PREFIX = "BENCH-RESULT ";

function stackOf(size: number, subset: ThroughputRequest["subset"]): { graph: ResourceGraph; unknownShare: number } {
    const { graph, unknownShare } = buildSyntheticStack(size);
    return { graph: subset === "aws" ? awsSubset(graph) : graph, unknownShare };
}

function digest(lines: string[]): string {
    return createHash("sha1").update(lines.sort().join("\n")).digest("hex");
}

/**
 * Sends a synthetic stack through the pack the way the offline preview does (loadPackInProcess, then
 * runAnalysis: `Analyze` per resource and one `AnalyzeStack`) and times each run. Runs in its own
 * process so that the peak RSS belongs to this stack size alone.
 */
export async function measureThroughput(req: ThroughputRequest): Promise<ThroughputResult> {
    const { graph, unknownShare } = stackOf(req.size, req.subset);
    const warmGraph = req.warmupSize === req.size ? graph : stackOf(req.warmupSize, req.subset).graph;
    const loadStarted = process.hrtime.bigint();
    const timed = timedConnection(loadPackInProcess(req.packDir ?? (req.pack === "ours" ? OUR_PACK : PEER_PACK)));
    const loadMs = Number(process.hrtime.bigint() - loadStarted) / 1e6;
    const options = {
        policyConfigFile: req.pack === "ours" ? readPolicyConfigFile(OUR_PACK_CONFIG) : { all: "mandatory" },
        stackConfig: {},
        secretKeys: [],
        dryRun: true,
    };
    for (let i = 0; i < req.warmup; i++) await runAnalysis(timed.conn, warmGraph, options);

    const result: ThroughputResult = {
        request: req,
        resources: graph.resources.length,
        unknownShare,
        loadMs,
        totalMs: [],
        analyzeMs: [],
        analyzeStackMs: [],
        diagnostics: 0,
        mandatory: 0,
        resultDigest: "",
        peakRssMb: 0,
    };
    for (let i = 0; i < req.runs; i++) {
        timed.reset();
        const started = process.hrtime.bigint();
        const run = await runAnalysis(timed.conn, graph, options);
        result.totalMs.push(Number(process.hrtime.bigint() - started) / 1e6);
        result.analyzeMs.push(timed.times.analyzeMs);
        result.analyzeStackMs.push(timed.times.analyzeStackMs);
        result.diagnostics = run.results.length;
        result.mandatory = run.results.filter((r) => r.level === "mandatory").length;
        result.resultDigest = digest(run.results.map((r) => `${r.policy}|${r.level}|${r.urn}|${r.message}`));
    }
    // maxRSS is in kilobytes.
    result.peakRssMb = process.resourceUsage().maxRSS / 1024;
    return result;
}
