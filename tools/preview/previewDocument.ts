import type { ResourceGraph } from "../graph/resourceGraph";
import type { PackRun, PolicyResult } from "../analyzer/runAnalysis";
import { buildStackModel, describeFlow, sourceClassOf } from "../../policies/model/stackModel";
import { toModelResources } from "../graph/modelBridge";
import { isProviderType } from "./defaultProviders";
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

export interface PreviewResource {
    urn: string;
    type: string;
    name: string;
    parent: string | null;
    provider: string | null;
    custom: boolean;
    isDataStore: boolean;
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

function fileOf(uri: string, root: string): string {
    const path = uri.startsWith("file://") ? decodeURIComponent(uri.slice("file://".length)) : uri;
    return path.startsWith(root + "/") ? path.slice(root.length + 1) : path;
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
): PreviewDocument {
    const model = buildStackModel(toModelResources(graph));
    const resources: PreviewResource[] = graph.resources.map((r) => {
        const f = model.facts.get(r.urn)!;
        const loc = f.location;
        const label = f.label;
        const position =
            r.sourcePosition && !r.sourcePosition.uri.includes("/node_modules/")
                ? { file: fileOf(r.sourcePosition.uri, projectDir), line: r.sourcePosition.line }
                : null;
        return {
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent ?? null,
            provider: r.provider ? r.provider.slice(0, r.provider.lastIndexOf("::")) : null,
            custom: r.custom,
            isDataStore: f.isStore && !isProviderType(r.type),
            location: loc.kind === "known" ? loc.location : null,
            locationProblem: loc.kind === "unknown" || loc.kind === "invalid" ? `${loc.kind}: ${loc.reason}` : null,
            dataClass: f.effectiveClass ?? null,
            dataClassLabel: label.kind === "known" ? label.value : null,
            dataClassProblem:
                label.kind === "unknown" || label.kind === "invalid"
                    ? `${label.kind}: ${label.reason}`
                    : label.kind === "missing" && f.isStore
                      ? "missing"
                      : null,
            source: position,
        };
    });
    const flows: PreviewFlow[] = model.flows.map((flow) => ({
        kind: flow.kind,
        carrier: flow.carrier.urn,
        property: flow.property,
        description: describeFlow(flow),
        sources: flow.sources.kind === "resources" ? flow.sources.resources.map((s) => s.urn) : null,
        sourceProblem: flow.sources.kind === "unknown" ? flow.sources.reason : null,
        sourceClass: sourceClassOf(model, flow) ?? null,
        destination:
            flow.destination.kind === "resources"
                ? { resources: flow.destination.resources.map((d) => d.urn) }
                : flow.destination.kind === "location"
                  ? { location: flow.destination.location }
                  : { problem: `${flow.destination.kind}: ${flow.destination.reason}` },
    }));
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
        weakenedConfig: runs.flatMap(({ run }) => run.weakened.map((w) => `${run.pack.name}: ${w}`)),
        acceptedWeakenedConfig,
        unknownInvokes: findings.unknownInvokes,
        environmentRemoved: findings.environmentRemoved,
        resourcesBehindUnknowns: findings.resourcesBehindUnknowns,
        summary: {
            resources: resources.length,
            dataStores: resources.filter((r) => r.isDataStore).length,
            flows: flows.length,
            mandatory: violations.filter((v) => v.level === "mandatory").length,
            advisory: violations.filter((v) => v.level === "advisory").length,
            exempted: exempted.length,
        },
    };
}
