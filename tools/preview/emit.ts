import type { PackRun } from "../analyzer/runAnalysis";
import { ACCEPT_WEAKENED_FLAG } from "../analyzer/weakenedConfig";
import { graphToJson } from "../graph/graphFile";
import type { ResourceGraph } from "../graph/resourceGraph";
import { exitCodeOf } from "../report/exitCode";
import { buildPreviewReport, type PreviewJudgement } from "../report/previewReport";
import { renderReport } from "../report/render";
import { redactor } from "../secrets";
import { writeAtomically } from "../writeAtomically";
import { renderPreviewDocument } from "./previewDocument";
import { renderTerminal } from "./render";

export interface PreviewOutputs {
    /** `--json`: the preview's JSON document. */
    json?: string;
    /** `--report`: the Markdown report. */
    report?: string;
    /** `--graph`: what the analyzer was sent (the preview pass's graph). */
    graph?: { file: string; captured: ResourceGraph };
    /** Seconds since the preview started, read when the summary is printed. */
    seconds: () => number;
}

/**
 * The end of the offline preview: one report document, built once from the judged graph and every result,
 * with secrets masked in it; the terminal, the files and the exit code are each rendered from that document.
 */
export function emitPreview(
    judged: ResourceGraph,
    runs: { path: string; run: PackRun }[],
    judgement: PreviewJudgement,
    outputs: PreviewOutputs,
    out: (line: string) => void,
): number {
    const doc = redactor.mask(buildPreviewReport(judged, runs, judgement));
    for (const line of renderTerminal(doc, outputs.seconds(), ACCEPT_WEAKENED_FLAG)) out(line);
    // The graph file is what the analyzer was sent, with every secret's value masked inside its envelope.
    if (outputs.graph) writeAtomically(outputs.graph.file, JSON.stringify(redactor.mask(graphToJson(outputs.graph.captured))) + "\n");
    if (outputs.json) writeAtomically(outputs.json, redactor.redact(JSON.stringify(renderPreviewDocument(doc), null, 2)) + "\n");
    if (outputs.report) writeAtomically(outputs.report, renderReport(doc, "md"));
    return exitCodeOf(doc);
}
