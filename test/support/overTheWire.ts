/**
 * The check that the offline preview decided what the pack decides when the CLI launches it: the graph a preview
 * captured (`--graph`) sent to the pack started by `run-policy-pack` itself, over gRPC, gives the same results.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { GrpcPack } from "../../tools/analyzer/grpcPack";
import { launchPackOverGrpc } from "../../tools/analyzer/grpcPack";
import { runAnalysis } from "../../tools/analyzer/runAnalysis";
import { graphFromJson } from "../../tools/graph/graphFile";
import { BEHIND_UNKNOWNS, ENGINE_CHECKS } from "../../tools/preview/behindUnknowns";
import { EVALUATION_DAY, REPO_ROOT, type PreviewRun } from "./offlinePreview";

/**
 * The residency pack as the CLI starts it, on the evaluation day `runOfflinePreview` pins. Given as the child's
 * environment: what a test assigns to jest's `process.env` does not reach the processes it spawns.
 */
export function launchPackAsTheCliDoes(): Promise<GrpcPack> {
    return launchPackOverGrpc(path.join(REPO_ROOT, "policies"), 60_000, { ...process.env, RESIDENCY_POLICY_TODAY: EVALUATION_DAY });
}

/** A fresh path for a preview's `--graph`. */
export function graphFile(): string {
    return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "graph-")), "graph.json");
}

type Row = { policy: string; urn: string; level: string; message: string };
const key = (r: Row) => `${r.policy}\u0000${r.urn}\u0000${r.level}\u0000${r.message}`;
const sorted = (rows: Row[]) =>
    rows.map((r) => ({ policy: r.policy, urn: r.urn, level: r.level, message: r.message })).sort((a, b) => key(a).localeCompare(key(b)));

/** How the preview marks a result only the second pass (the program run again with every output known) gives (tools/preview/secondPass.ts). */
const SECOND_PASS = "with every value known (the second pass): ";

/**
 * The preview's results of its preview pass: what the CLI's pack, sent the same graph, can decide. The second pass
 * adds what only known values show (marked), results on the resources only it registered (not in `--graph`), and
 * the preview's own finding that those exist or that the second pass could not run.
 */
function previewPassResults(preview: PreviewRun): Row[] {
    const doc = preview.doc!;
    const behindUnknowns = new Set(doc.resourcesBehindUnknowns);
    return [...doc.violations, ...doc.exempted].filter(
        (r) => !r.message.startsWith(SECOND_PASS) && !behindUnknowns.has(r.urn) && !(r.policyPack === ENGINE_CHECKS && r.policy === BEHIND_UNKNOWNS),
    );
}

/**
 * The preview's results of its preview pass and those of the pack started as the CLI starts it over the preview's
 * graph, sorted alike, for `toEqual`. A pack per run, as the engine starts one: a pack takes one configuration per process.
 */
export async function resultsBothWays(
    preview: PreviewRun,
    graphPath: string,
    policyConfigFile?: Record<string, unknown>,
): Promise<{ overWire: Row[]; offline: Row[] }> {
    const graph = graphFromJson(JSON.parse(fs.readFileSync(graphPath, "utf8")));
    const conn = await launchPackAsTheCliDoes();
    try {
        const run = await runAnalysis(conn, graph, { stackConfig: {}, secretKeys: [], dryRun: true, policyConfigFile });
        return { overWire: sorted(run.results), offline: sorted(previewPassResults(preview)) };
    } finally {
        conn.close();
    }
}
