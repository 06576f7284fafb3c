import { weakenedLines } from "../analyzer/weakenedConfig";
import type { ResourceGraph } from "../graph/resourceGraph";
import type { PackRun, PolicyResult } from "../analyzer/runAnalysis";
import type { GraphFacts } from "../report/facts";
import type { PreviewDocument } from "./previewDocumentSchema";
import { toReportPolicyResult } from "../report/model";
import { PREVIEW_DOCUMENT_VERSION } from "./previewDocumentSchema";
import { EXEMPTIONS_IN_FORCE } from "../../policies/rules/exemptionsInForce";

export type { PreviewDocument, PreviewResource, PreviewViolation } from "./previewDocumentSchema";

/** What the preview itself found, beside the packs' results. */
export interface PreviewFindings {
    engineResults: PolicyResult[];
    unknownInvokes: PreviewDocument["unknownInvokes"];
    environmentRemoved: string[];
    resourcesBehindUnknowns: string[];
    partial: string[];
    unisolated: boolean;
}

const NO_FINDINGS: PreviewFindings = {
    engineResults: [],
    unknownInvokes: [],
    environmentRemoved: [],
    resourcesBehindUnknowns: [],
    partial: [],
    unisolated: false,
};

export function buildPreviewDocument(
    graph: ResourceGraph,
    runs: { path: string; run: PackRun }[],
    projectDir: string,
    acceptedWeakenedConfig = false,
    findings: PreviewFindings = NO_FINDINGS,
    /** The facts of `graph`, when computed elsewhere (the pack's process); else computed here. */
    facts?: GraphFacts,
): Omit<PreviewDocument, "settings"> {
    // One facts function for the preview, the report and the audit: resources and copies through the policy model once.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { resources, flows } = facts ?? (require("../report/facts") as typeof import("../report/facts")).graphFacts(graph, projectDir);
    const all = [...findings.engineResults, ...runs.flatMap(({ run }) => run.results)];
    const exempted = all.filter((r) => r.policy === EXEMPTIONS_IN_FORCE).map(toReportPolicyResult);
    const violations = all.filter((r) => r.policy !== EXEMPTIONS_IN_FORCE).map(toReportPolicyResult);
    return {
        version: PREVIEW_DOCUMENT_VERSION,
        kind: "offline-preview",
        project: graph.project,
        stack: graph.stack,
        policyPacks: runs.map(({ path, run }) => ({ name: run.pack.name, version: run.pack.version, path })),
        resources,
        flows,
        violations,
        exempted,
        weakenedConfig: weakenedLines(runs),
        acceptedWeakenedConfig,
        unknownInvokes: findings.unknownInvokes,
        environmentRemoved: findings.environmentRemoved,
        resourcesBehindUnknowns: findings.resourcesBehindUnknowns,
        partial: findings.partial,
        unisolated: findings.unisolated,
        summary: {
            resources: resources.length,
            dataStores: resources.filter((r) => r.role === "data-store").length,
            flows: flows.length,
            mandatory: violations.filter((v) => v.level === "mandatory").length,
            advisory: violations.filter((v) => v.level === "advisory").length,
            exempted: exempted.length,
        },
    };
}
