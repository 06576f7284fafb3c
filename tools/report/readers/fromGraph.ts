import type { ResourceGraph } from "../../graph/resourceGraph";
import type { PackRun } from "../../analyzer/runAnalysis";
import { buildPreviewDocument } from "../../preview/previewDocument";
import { PROJECT_ROOT } from "../stateGraph";
import { readOfflinePreview } from "./offlinePreview";
import type { InputKind, ReportInput } from "../model";

/**
 * Resources, locations, classes and flows of a graph, computed exactly as the offline preview does:
 * the resources go through the same bridge into the residency model's `ModelResource` shape and
 * `buildStackModel`, so there is one truth for locations and flows whatever the input.
 */
export function inputFromGraph(graph: ResourceGraph, runs: { path: string; run: PackRun }[], kind: InputKind, file: string | null): ReportInput {
    const doc = buildPreviewDocument(graph, runs, PROJECT_ROOT);
    const input = readOfflinePreview(doc, file);
    return { ...input, input: { kind, file }, policyResultsAvailable: runs.length > 0 };
}
