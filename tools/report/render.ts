import { redactor } from "../secrets";
import { renderMarkdown } from "./markdown";
import type { ReportDocument } from "./model";
import { renderSarif } from "./render/sarif";

/** Above this many results the SARIF text is written without indentation. */
const COMPACT_SARIF_RESULTS = 10_000;

export const FORMATS = ["md", "json", "sarif"] as const;
export type Format = (typeof FORMATS)[number];

/**
 * JSON text that is also safe to print: JSON.stringify leaves DEL, the C1 controls (8-bit ANSI) and the
 * Unicode line separators raw inside strings; as `\uXXXX` escapes they mean the same JSON.
 */
export function safeJson(value: unknown, indent = 2): string {
    return JSON.stringify(value, null, indent).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) + "\n";
}

/** The report in one of its output formats, as the text of the file. Known secrets are masked in the document first. */
export function renderReport(doc: ReportDocument, format: Format): string {
    const masked = redactor.mask(doc);
    switch (format) {
        case "json":
            return safeJson(masked);
        case "sarif": {
            const log = renderSarif(masked);
            // Indented for a reader; past that size only machines read it, and compact text is three times faster.
            return safeJson(log, log.runs[0].results!.length > COMPACT_SARIF_RESULTS ? 0 : 2);
        }
        default:
            return renderMarkdown(masked);
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
