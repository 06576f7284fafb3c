import { UserInputError } from "../errors";
import { readBaseline, diffAgainstBaseline, isReportDocument, readReportDocument } from "./baseline";
import { buildReport } from "./buildReport";
import type { ReportDocument, ReportInput } from "./model";
import { policyMetadata } from "./policyCatalog";
import { readJsonFile } from "./readJson";
import { isOfflinePreview, readOfflinePreview } from "./readers/offlinePreview";
import { isPulumiPreview, readPulumiPreview } from "./readers/pulumiPreview";
import { isStackExport, readStackExport } from "./readers/stackExport";

/** Reads any supported input file into the report's one model. */
export function readReportInput(value: unknown, file: string): ReportInput {
    if (isOfflinePreview(value)) return readOfflinePreview(value, file);
    if (isStackExport(value)) return readStackExport(value, file);
    if (isPulumiPreview(value)) return readPulumiPreview(value, file);
    throw new UserInputError(
        `input ${file} is not a format the report reads: expected the offline preview's JSON ('npm run preview -- --json FILE'), 'pulumi preview --json' output, 'pulumi stack export' output, or a report JSON`,
    );
}

/** The report of `file`, enriched with the policies' metadata, and diffed against `baseline` when given. */
export async function loadReport(file: string, baseline?: string): Promise<ReportDocument> {
    const value = readJsonFile(file, "input");
    let doc: ReportDocument;
    if (isReportDocument(value)) {
        doc = { ...readReportDocument(value, file), baseline: null };
    } else {
        const input = readReportInput(value, file);
        if (!input.policies) input.policies = await policyMetadata(input.policyPacks);
        doc = buildReport(input);
    }
    return withBaseline(doc, baseline);
}

export function withBaseline(doc: ReportDocument, baseline?: string): ReportDocument {
    if (!baseline) return doc;
    return { ...doc, baseline: diffAgainstBaseline(doc, readBaseline(baseline), baseline) };
}
