import type { ResourceGraph } from "../graph/resourceGraph";
import type { PackRun, PolicyResult } from "../analyzer/runAnalysis";
import { graphFacts } from "../report/facts";
import type { SettingsInForce } from "../report/settingsInForce";
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
    summary: { resources: number; dataStores: number; flows: number; mandatory: number; advisory: number; exempted: number };
}

export interface PreviewResource {
    urn: string;
    type: string;
    name: string;
    parent: string | null;
    provider: string | null;
    custom: boolean;
    isDataStore: boolean;
    /** "data-store", "classified" (a key, a vault, a DNS zone: held to the rules, holds no data) or "other". */
    role: "data-store" | "classified" | "other";
    location: string | null;
    locationProblem: string | null;
    dataClass: string | null;
    dataClassLabel: string | null;
    dataClassProblem: string | null;
    source: { file: string; line: number } | null;
}

export interface PreviewFlow {
    kind: string;
    carrier: string;
    property: string;
    description: string;
    sources: string[] | null;
    sourceProblem: string | null;
    sourceClass: string | null;
    destination: { resources?: string[]; location?: string; problem?: string };
}

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

export function buildPreviewDocument(graph: ResourceGraph, runs: { path: string; run: PackRun }[], projectDir: string): PreviewDocument {
    // One facts function for the preview, the report and the audit: resources and copies through the policy model once.
    const { resources, flows } = graphFacts(graph, projectDir);
    const all = runs.flatMap(({ run }) => run.results);
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
