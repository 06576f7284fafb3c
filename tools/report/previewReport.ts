import type { PackRun, PolicyResult } from "../analyzer/runAnalysis";
import type { ResourceGraph } from "../graph/resourceGraph";
import { buildReport } from "./buildReport";
import { GraphFacts, reportInputOf } from "./facts";
import type { PreviewFindings, ReportDocument } from "./model";
import { settingsInForce } from "./settingsInForce";

export interface PreviewJudgement {
    projectDir: string;
    /** The `--policy-pack-config` files, by pack. */
    configFiles: string[];
    acceptedWeakenedConfig: boolean;
    /** The facts of the judged graph, from the model the pack's policies built (see facts.ts); else computed here. */
    facts?: GraphFacts;
    /** What the preview itself found beside the packs' results (resources behind unknowns). */
    engineResults: PolicyResult[];
    findings: PreviewFindings;
    /** What the preview could not see (a partial verdict), and whether the program ran unboxed (then no gate). */
    scope: { partial: string[]; unisolated: boolean };
}

/**
 * The offline preview's one report document: built once from the judged graph (the preview pass's, plus what the
 * second pass found behind unknowns) and every result, with the settings of the `--policy-pack-config` files the
 * packs judged with. The terminal, `--json`, `--report` and the exit code are each rendered from it.
 */
export function buildPreviewReport(judged: ResourceGraph, runs: { path: string; run: PackRun }[], j: PreviewJudgement): ReportDocument {
    return buildReport(
        reportInputOf(judged, runs, {
            kind: "offline-preview",
            file: null,
            projectDir: j.projectDir,
            settings: settingsInForce(runs, j.configFiles),
            acceptedWeakenedConfig: j.acceptedWeakenedConfig,
            facts: j.facts,
            engineResults: j.engineResults,
            preview: j.findings,
            ...j.scope,
        }),
    );
}
