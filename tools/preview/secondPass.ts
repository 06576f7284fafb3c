import type { GraphResource, ResourceGraph } from "../graph/resourceGraph";
import type { AnalysisOptions, PolicyResult } from "../analyzer/runAnalysis";
import { runAnalysis } from "../analyzer/runAnalysis";
import type { AnalyzerConnection } from "../analyzer/connection";
import { behindUnknownsViolation, knownPassFailedViolation, resourcesOnlyInKnownPass } from "./behindUnknowns";
import { providerUrnOf } from "../graph/resourceGraph";
import { redactor } from "../secrets";

/** What the second, known-outputs run of the program gave: its registrations, or why it could not run. */
export type KnownPassOutcome = { ok: true; resources: GraphResource[] } | { ok: false; message: string };

export interface SecondPassVerdict {
    /** Resources only the known pass registered, with the default providers they use. */
    added: GraphResource[];
    /** One mandatory violation per hidden resource (or one for a known pass that failed). */
    engineResults: PolicyResult[];
    /** Each pack's results about the hidden resources, from analyzing the known pass's graph. */
    packResults: PolicyResult[][];
}

/**
 * Compares the preview pass with the known pass and puts what only the known pass registered through the
 * packs: a resource created behind an unknown is a violation in itself, and the packs still name what it breaks.
 */
export async function judgeSecondPass(
    preview: ResourceGraph,
    known: KnownPassOutcome | undefined,
    openPacks: () => Promise<AnalyzerConnection[]>,
    analysisOptions: AnalysisOptions[],
): Promise<SecondPassVerdict> {
    if (!known) return { added: [], engineResults: [], packResults: [] };
    if (!known.ok) return { added: [], engineResults: [knownPassFailedViolation(known.message)], packResults: [] };
    const knownGraph: ResourceGraph = { project: preview.project, stack: preview.stack, resources: known.resources };
    for (const r of knownGraph.resources) redactor.addFromStruct(r.properties);
    const hidden = resourcesOnlyInKnownPass(preview, knownGraph);
    if (hidden.length === 0) return { added: [], engineResults: [], packResults: [] };

    const hiddenUrns = new Set(hidden.map((r) => r.urn));
    const previewUrns = new Set(preview.resources.map((r) => r.urn));
    const providers = knownGraph.resources.filter(
        (r) => r.defaultProvider && !previewUrns.has(r.urn) && hidden.some((h) => providerUrnOf(h.provider) === r.urn),
    );
    const packResults: PolicyResult[][] = [];
    for (const [i, conn] of (await openPacks()).entries()) {
        const run = await runAnalysis(conn, knownGraph, analysisOptions[i]);
        conn.close();
        packResults.push(run.results.filter((r) => hiddenUrns.has(r.urn)));
    }
    return { added: [...providers, ...hidden], engineResults: hidden.map(behindUnknownsViolation), packResults };
}
