/**
 * Judge: the one document of a preview, from the judged graph (the preview pass and what only the second pass
 * found), every pack's results and the preview's own findings. Secrets are masked in the document itself, before
 * any line, message or report is formatted from it.
 */
import type { PackRun } from "../analyzer/runAnalysis";
import type { ResourceGraph } from "../graph/resourceGraph";
import type { GraphFacts } from "../report/facts";
import { settingsInForce } from "../report/settingsInForce";
import { redactor } from "../secrets";
import type { PreviewPass } from "./capture";
import type { PreviewInputs } from "./inputs";
import { buildPreviewDocument, PreviewDocument, PreviewFindings } from "./previewDocument";
import type { SecondPassVerdict } from "./secondPass";
import { partialBecause, remoteComponentViolation } from "./remoteComponents";

export interface Judged {
    doc: PreviewDocument;
    /** What the verdict is about: the preview pass's graph and what the second pass found behind unknowns. */
    graph: ResourceGraph;
    /** The preview pass's graph, as the packs were sent it (`--graph`). */
    previewGraph: ResourceGraph;
    runs: { path: string; run: PackRun }[];
    findings: PreviewFindings;
    facts?: GraphFacts;
}

export async function judge(
    inputs: PreviewInputs,
    preview: PreviewPass,
    runs: { path: string; run: PackRun }[],
    second: SecondPassVerdict,
    previewFacts: Promise<GraphFacts> | undefined,
    environmentRemoved: string[],
): Promise<Judged> {
    for (const [i, results] of second.packResults.entries()) runs[i].run.results.push(...results);
    const graph: ResourceGraph = { ...preview.graph, resources: [...preview.graph.resources, ...second.added] };
    // The pack's process worked out the facts of the preview pass's graph; what the second pass added needs them anew.
    const facts = second.added.length === 0 ? await previewFacts : undefined;
    const findings: PreviewFindings = {
        engineResults: [...preview.remoteComponents.map(remoteComponentViolation), ...second.engineResults],
        unknownInvokes: preview.unknownInvokes,
        environmentRemoved,
        resourcesBehindUnknowns: second.added.filter((r) => !r.defaultProvider).map((r) => r.urn),
        partial: partialBecause(preview.remoteComponents),
        unisolated: inputs.opts.unisolated === true,
    };
    const doc = redactor.mask({
        ...buildPreviewDocument(graph, runs, inputs.project.dir, inputs.opts.acceptWeakenedConfig === true, findings, facts),
        settings: settingsInForce(runs, inputs.opts.policyPackConfig) ?? null,
    });
    return { doc, graph, previewGraph: preview.graph, runs, findings, facts };
}
