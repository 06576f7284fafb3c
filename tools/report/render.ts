import { renderMarkdown } from "./markdown";
import type { ReportDocument } from "./model";
import { renderSarif } from "./render/sarif";

export const FORMATS = ["md", "json", "sarif"] as const;
export type Format = (typeof FORMATS)[number];

/** The report in one of its output formats, as the text of the file. */
export function renderReport(doc: ReportDocument, format: Format): string {
    switch (format) {
        case "json":
            return JSON.stringify(doc, null, 2) + "\n";
        case "sarif":
            return JSON.stringify(renderSarif(doc), null, 2) + "\n";
        default:
            return renderMarkdown(doc);
    }
}

/** One line for the terminal when the report goes to a file. */
export function verdictLine(doc: ReportDocument): string {
    const s = doc.summary;
    const weakened = doc.enforcement?.weakenedConfig ?? [];
    const enforcement =
        weakened.length > 0
            ? ` (the policy config weakens: ${weakened.join("; ")}${doc.enforcement.acceptedWeakenedConfig ? "; accepted with --accept-weakened-config" : ""})`
            : "";
    return `${s.verdict.toUpperCase().replace("-", " ")}${enforcement}: ${s.mandatory} mandatory, ${s.advisory} advisory, ${s.exempted} exempted; ${s.storesOutsideApproved} store(s) and ${s.copiesOutsideApproved} copy(ies) outside approved locations`;
}
