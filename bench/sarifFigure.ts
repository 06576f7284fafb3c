import { buildReport } from "../tools/report/buildReport";
import type { ReportInput, ReportResource } from "../tools/report/model";
import { renderReport } from "../tools/report/render";
import { sample, Plan } from "./sampling";
import type { Summary } from "./stats";

export const SARIF_RESULTS = 100_000;
const RESOURCES = 10_000;

/** A report of `results` violations spread over RESOURCES buckets, each declared at its own source line. */
function syntheticReport(results: number) {
    const resources: ReportResource[] = Array.from({ length: RESOURCES }, (_, i) => ({
        urn: `urn:pulumi:bench::bench::aws:s3/bucket:Bucket::bucket-${i}`,
        type: "aws:s3/bucket:Bucket",
        name: `bucket-${i}`,
        parent: null,
        provider: null,
        isDataStore: true,
        location: "aws:eu-west-1",
        locationProblem: null,
        dataClass: "us-user-data",
        dataClassLabel: "us-user-data",
        dataClassProblem: null,
        source: { file: "infra/index.ts", line: i + 1 },
    }));
    const input: ReportInput = {
        input: { kind: "offline-preview", file: null },
        project: "bench",
        stack: "bench",
        policyResultsAvailable: true,
        policyPacks: [{ name: "us-data-residency", version: "0.1.0" }],
        resources,
        flows: [],
        results: Array.from({ length: results }, (_, i) => ({
            policyPack: "us-data-residency",
            policy: `policy-${i % 12}`,
            level: "mandatory" as const,
            severity: "critical",
            urn: resources[i % RESOURCES].urn,
            name: resources[i % RESOURCES].name,
            message: `'bucket-${i % RESOURCES}' holds us-user-data in aws:eu-west-1 (result ${i})`,
        })),
    };
    return buildReport(input);
}

/** Wall time of rendering the SARIF text of a report with SARIF_RESULTS results, in this process. */
export async function measureSarif(plan: Plan): Promise<Summary> {
    const doc = syntheticReport(SARIF_RESULTS);
    return sample(plan, async () => {
        const started = process.hrtime.bigint();
        const text = renderReport(doc, "sarif");
        if (!text.includes(`(result ${SARIF_RESULTS - 1})`)) throw new Error("the SARIF misses results");
        return Number(process.hrtime.bigint() - started) / 1e6;
    });
}
