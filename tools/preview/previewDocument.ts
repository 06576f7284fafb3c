import { weakenedLines } from "../analyzer/weakenedConfig";
import type { ResourceGraph } from "../graph/resourceGraph";
import type { PackRun, PolicyResult } from "../analyzer/runAnalysis";
import type { GraphFacts } from "../report/facts";
import type { SettingsInForce } from "../report/settingsInForce";
import type { ReportFlow, ReportResource, ResourceRole } from "../report/model";
import { EXEMPTIONS_IN_FORCE } from "../../policies/rules/exemptionsInForce";

export const PREVIEW_DOCUMENT_VERSION = 1;

/** The `--json` output of the offline preview. Documented in docs/preview-json.md; bump the version on any breaking change. */
export interface PreviewDocument {
    version: number;
    kind: "offline-preview";
    project: string;
    stack: string;
    policyPacks: { name: string; version: string; path: string }[];
    resources: PreviewResource[];
    flows: PreviewFlow[];
    violations: PreviewViolation[];
    exempted: PreviewViolation[];
    /** The approved locations of the `--policy-pack-config` in force, and its file; null when the pack ran on its defaults. */
    settings?: SettingsInForce | null;
    /** What the policy config weakens in the residency gate, `<pack>: <what>`; the verdict is NOT ENFORCED when any. */
    weakenedConfig: string[];
    /** True when the run was given --accept-weakened-config. */
    acceptedWeakenedConfig: boolean;
    /** Invokes the offline preview could not answer from stack config: their results were unknown. */
    unknownInvokes: { token: string; reason: string; count: number }[];
    /** Region-bearing environment variables the previewing shell had and the program was not given. */
    environmentRemoved: string[];
    /** URNs of resources the program creates only behind values unknown at preview (found by the second, known pass). */
    resourcesBehindUnknowns: string[];
    summary: { resources: number; dataStores: number; flows: number; mandatory: number; advisory: number; exempted: number };
}

/** A resource of the document: the report's one resource record (tools/report/model.ts), plus `custom` and a required `role`. */
export type PreviewResource = ReportResource & { custom: boolean; role: ResourceRole };

/** A copy of data: the report's one flow record. */
export type PreviewFlow = ReportFlow;

export interface PreviewViolation {
    policyPack: string;
    policy: string;
    level: string;
    severity: string;
    urn: string;
    name: string;
    message: string;
}

function toViolation(r: PolicyResult): PreviewViolation {
    return { policyPack: r.policyPack, policy: r.policy, level: r.level, severity: r.severity, urn: r.urn, name: r.name, message: r.message };
}

/** What the preview itself found, beside the packs' results. */
export interface PreviewFindings {
    engineResults: PolicyResult[];
    unknownInvokes: PreviewDocument["unknownInvokes"];
    environmentRemoved: string[];
    resourcesBehindUnknowns: string[];
}

const NO_FINDINGS: PreviewFindings = { engineResults: [], unknownInvokes: [], environmentRemoved: [], resourcesBehindUnknowns: [] };

export function buildPreviewDocument(
    graph: ResourceGraph,
    runs: { path: string; run: PackRun }[],
    projectDir: string,
    acceptedWeakenedConfig = false,
    findings: PreviewFindings = NO_FINDINGS,
    /** The facts of `graph`, when computed elsewhere (the pack's process); else computed here. */
    facts?: GraphFacts,
): PreviewDocument {
    // One facts function for the preview, the report and the audit: resources and copies through the policy model once.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { resources, flows } = facts ?? (require("../report/facts") as typeof import("../report/facts")).graphFacts(graph, projectDir);
    const all = [...findings.engineResults, ...runs.flatMap(({ run }) => run.results)];
    const exempted = all.filter((r) => r.policy === EXEMPTIONS_IN_FORCE).map(toViolation);
    const violations = all.filter((r) => r.policy !== EXEMPTIONS_IN_FORCE).map(toViolation);
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
