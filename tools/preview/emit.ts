/** Emit: the terminal's preview and verdict, and the files asked for, all from the judged document and graph. */
import { ACCEPT_WEAKENED_FLAG } from "../analyzer/weakenedConfig";
import { writeAtomically } from "../writeAtomically";
import { redactor } from "../secrets";
import type { PreviewInputs } from "./inputs";
import type { Judged } from "./judge";
import { renderPolicies, renderSummary, renderTree, renderVerdict } from "./render";
import { graphToJson } from "../graph/graphFile";

export function emit(inputs: PreviewInputs, judged: Judged, out: (line: string) => void, seconds: number): void {
    const { opts } = inputs;
    const { doc } = judged;
    out(`Previewing update (${opts.stack}) [offline preview: program in the Node language host, offline engine, real policy analyzer]`);
    out("");
    for (const l of renderTree(doc)) out(l);
    out("");
    out("Policies:");
    for (const l of renderPolicies(doc)) out(l);
    out("");
    for (const l of renderSummary(doc, seconds)) out(l);
    for (const l of renderVerdict(doc, ACCEPT_WEAKENED_FLAG)) out(l);

    // The graph file is what the analyzer was sent, with every secret's value masked inside its envelope.
    if (opts.graph) writeAtomically(opts.graph, JSON.stringify(redactor.mask(graphToJson(judged.previewGraph))) + "\n");
    if (opts.json) writeAtomically(opts.json, redactor.redact(JSON.stringify(doc, null, 2)) + "\n");
    if (opts.report) {
        // The report is built in memory from the same graph and runs, with the settings the packs judged with.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { previewReport } = require("../report/previewReport") as typeof import("../report/previewReport");
        const { findings } = judged;
        writeAtomically(
            opts.report,
            previewReport(judged.graph, judged.runs, inputs.project.dir, opts.policyPackConfig, opts.acceptWeakenedConfig === true, judged.facts, findings.engineResults, {
                partial: findings.partial,
                unisolated: findings.unisolated,
            }),
        );
    }
}
