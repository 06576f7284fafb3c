/**
 * Judge: the one report document of a preview, from the judged graph (the preview pass and what only the second
 * pass found), every pack's results and the preview's own findings. Secrets are masked in the document itself,
 * before any line, message or report is formatted from it.
 */
import type { PackRun } from "../analyzer/runAnalysis";
import type { ResourceGraph } from "../graph/resourceGraph";
import type { GraphFacts } from "../report/facts";
import type { ReportDocument } from "../report/model";
import { buildPreviewReport } from "../report/previewReport";
import { redactor } from "../secrets";
import type { PreviewPass } from "./capture";
import type { PreviewInputs } from "./inputs";
import type { SecondPassVerdict } from "./secondPass";
import { partialBecause, remoteComponentViolation } from "./remoteComponents";
import { madeUpInvokesViolation, madeUpPartialBecause } from "./madeUpInvokes";
import { readExistingPartialBecause, readExistingViolation } from "./readExisting";

export interface Judged {
    doc: ReportDocument;
    /** The preview pass's graph, as the packs were sent it (`--graph`). */
    previewGraph: ResourceGraph;
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
    const doc = buildPreviewReport(graph, runs, {
        projectDir: inputs.project.dir,
        configFiles: inputs.opts.policyPackConfig,
        acceptedWeakenedConfig: inputs.opts.acceptWeakenedConfig === true,
        facts,
        engineResults: [
            ...(preview.invokesMadeUpBecause ? [madeUpInvokesViolation(preview.unknownInvokes, preview.invokesMadeUpBecause)] : []),
            ...preview.remoteComponents.map(remoteComponentViolation),
            ...preview.readExisting.map(readExistingViolation),
            ...second.engineResults,
        ],
        findings: {
            unknownInvokes: preview.unknownInvokes,
            environmentRemoved,
            resourcesBehindUnknowns: second.added.filter((r) => !r.defaultProvider).map((r) => r.urn),
        },
        scope: {
            partial: [
                ...(preview.invokesMadeUpBecause ? madeUpPartialBecause(preview.unknownInvokes) : []),
                ...partialBecause(preview.remoteComponents),
                ...readExistingPartialBecause(preview.readExisting),
                ...second.partial,
            ],
            unisolated: inputs.opts.unisolated === true,
        },
    });
    return { doc: redactor.mask(doc), previewGraph: preview.graph };
}
