/** Emit: the terminal's preview and verdict, and the files asked for, each rendered from the judged report document. */
import { ACCEPT_WEAKENED_FLAG } from "../analyzer/weakenedConfig";
import { graphToJson } from "../graph/graphFile";
import { renderReport } from "../report/render";
import { redactor } from "../secrets";
import { writeAtomically } from "../writeAtomically";
import type { PreviewInputs } from "./inputs";
import type { Judged } from "./judge";
import { renderPreviewDocument } from "./previewDocument";
import { renderTerminal } from "./render";

export function emit(inputs: PreviewInputs, judged: Judged, out: (line: string) => void, seconds: number): void {
    const { opts } = inputs;
    const { doc } = judged;
    for (const line of renderTerminal(doc, seconds, ACCEPT_WEAKENED_FLAG)) out(line);
    // The graph file is what the analyzer was sent, with every secret's value masked inside its envelope.
    if (opts.graph) writeAtomically(opts.graph, JSON.stringify(redactor.mask(graphToJson(judged.previewGraph))) + "\n");
    if (opts.json) writeAtomically(opts.json, redactor.redact(JSON.stringify(renderPreviewDocument(doc), null, 2)) + "\n");
    if (opts.report) writeAtomically(opts.report, renderReport(doc, "md"));
}
