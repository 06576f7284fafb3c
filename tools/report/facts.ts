import { weakenedLines } from "../analyzer/weakenedConfig";
import { categoryOf } from "../../policies/model/typeCatalogue";
import { buildStackModel, describeFlow, sourceClassOf, type StackModel } from "../../policies/model/stackModel";
import { declaredDefault, stackDefaultClass } from "../../policies/model/stackConfig";
import type { PackRun, PolicyResult } from "../analyzer/runAnalysis";
import { toModelResources } from "../graph/modelBridge";
import type { ResourceGraph } from "../graph/resourceGraph";
import { isProviderType } from "../preview/defaultProviders";
import { toReportPolicyResult, type InputKind, type PreviewFindings, type ReportFlow, type ReportInput, type ReportResource, type ResourceRole } from "./model";
import { policiesOf } from "./policyCatalog";
import type { SettingsInForce } from "./settingsInForce";

/** A resource held to the residency rules is a data store when its type holds data, else another classified resource. */
export function roleOf(type: string, heldToRules: boolean): ResourceRole {
    if (!heldToRules) return "other";
    return categoryOf(type) === "store" ? "data-store" : "classified";
}

function fileOf(uri: string, root: string): string {
    const path = uri.startsWith("file://") ? decodeURIComponent(uri.slice("file://".length)) : uri;
    return path.startsWith(root + "/") ? path.slice(root.length + 1) : path;
}

const IAM_ROLE = "aws:iam/role:Role";
const IAM_ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const IAM_ROLE_POLICY_ATTACHMENT_TYPES = new Set(["aws:iam/rolePolicyAttachment:RolePolicyAttachment"]);

/**
 * Copies, one per source, destination and declaring resource: the policy model may see one copy twice
 * (an OCI replication policy names both its destination bucket and that bucket's region). A copy to a
 * region is folded into a copy to a store of the same carrier and sources when the store is in that
 * region; when they disagree, both stay, so a wrong region is never hidden.
 */
export function copiesOf(flows: ReportFlow[], resources: ReportResource[]): ReportFlow[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const key = (f: ReportFlow) => `${f.kind}|${f.carrier}|${(f.sources ?? []).join(",")}|${f.sourceProblem ?? ""}`;
    const toStores = new Map<string, ReportFlow[]>();
    for (const f of flows) {
        if (!f.destination.resources) continue;
        const list = toStores.get(key(f));
        if (list) list.push(f);
        else toStores.set(key(f), [f]);
    }
    const out: ReportFlow[] = [];
    const merged = new Map<ReportFlow, string[]>();
    for (const f of flows) {
        const location = f.destination.location;
        const same = location
            ? (toStores.get(key(f)) ?? []).find((g) => g.destination.resources!.every((u) => byUrn.get(u)?.location === location))
            : undefined;
        if (same) merged.set(same, [...(merged.get(same) ?? []), f.property]);
        else out.push(f);
    }
    return out.map((f) => (merged.has(f) ? { ...f, property: [f.property, ...merged.get(f)!].join(" + ") } : f));
}

/**
 * The route of each writer into a backup bucket: an IAM role whose inline policy is built from the
 * bucket (its `policy` depends on it) can put objects there. Drawn as a copy from the writer principal
 * to the bucket, carrying the bucket's class, so the map shows how data reaches every backup store.
 */
export function writerRoutes(graph: ResourceGraph, resources: ReportResource[]): ReportFlow[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const out: ReportFlow[] = [];
    for (const g of graph.resources) {
        if (g.type !== IAM_ROLE_POLICY && !IAM_ROLE_POLICY_ATTACHMENT_TYPES.has(g.type)) continue;
        const roles = (g.propertyDependencies.role ?? []).filter((u) => byUrn.get(u)?.type === IAM_ROLE);
        const buckets = (g.propertyDependencies.policy ?? []).filter((u) => byUrn.get(u)?.role === "data-store");
        if (roles.length === 0 || buckets.length === 0) continue;
        for (const bucket of buckets) {
            const store = byUrn.get(bucket)!;
            out.push({
                kind: "backup-write",
                carrier: g.urn,
                property: "policy",
                description: `writes of ${roles.map((r) => `'${byUrn.get(r)!.name}'`).join(", ")} into '${store.name}' (granted by '${g.name}'.policy)`,
                sources: roles,
                sourceProblem: null,
                sourceClass: store.dataClass,
                destination: { resources: [bucket] },
            });
        }
    }
    return out;
}

export type GraphFacts = { resources: (ReportResource & { custom: boolean; role: ResourceRole })[]; flows: ReportFlow[] };

/**
 * The facts of a resource graph, through the policy model once: every resource with its location,
 * class and role, and every copy of data (model flows as copies, plus writer routes into backup buckets).
 * `model` is the one the policies built over this very graph, when the caller has it (the pack's
 * `modelOfLastRun`); else it is built here, with the class the stack declares in its config as what this process
 * was given as the pack is (PULUMI_CONFIG), so that facts worked out in the pack's process agree with its policies.
 */
export function graphFacts(
    graph: ResourceGraph,
    projectDir: string,
    model: StackModel = buildStackModel(toModelResources(graph), declaredDefault(stackDefaultClass())),
): GraphFacts {
    const resources = graph.resources.map((r) => {
        const f = model.facts.get(r.urn)!;
        const loc = f.location;
        const label = f.label;
        const heldToRules = f.isStore && !isProviderType(r.type);
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
            isDataStore: heldToRules,
            role: roleOf(r.type, heldToRules),
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
    const modelFlows: ReportFlow[] = model.flows.map((flow) => ({
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
    return { resources, flows: [...copiesOf(modelFlows, resources), ...writerRoutes(graph, resources)] };
}

/** The report input of a graph and the pack runs over it: what every graph-based reader and the offline preview hand to `buildReport`. */
export function reportInputOf(
    graph: ResourceGraph,
    runs: { path: string; run: PackRun }[],
    opts: {
        kind: InputKind;
        file: string | null;
        projectDir: string;
        settings?: SettingsInForce;
        acceptedWeakenedConfig?: boolean;
        facts?: GraphFacts;
        /** What the offline preview itself found (resources behind unknowns), beside the packs' results. */
        engineResults?: PolicyResult[];
        partial?: string[];
        unisolated?: boolean;
        /** The offline preview's other findings. */
        preview?: PreviewFindings;
    },
): ReportInput {
    const { resources, flows } = opts.facts ?? graphFacts(graph, opts.projectDir);
    return {
        input: { kind: opts.kind, file: opts.file },
        project: graph.project,
        stack: graph.stack,
        policyResultsAvailable: runs.length > 0,
        policyPacks: runs.map(({ path, run }) => ({ name: run.pack.name, version: run.pack.version, path })),
        policies: runs.length > 0 ? runs.flatMap(({ run }) => policiesOf(run.pack)) : undefined,
        resources,
        flows,
        results: [...(opts.engineResults ?? []), ...runs.flatMap(({ run }) => run.results)].map(toReportPolicyResult),
        approvedLocations: opts.settings?.approvedLocations,
        approvedExternalDestinations: opts.settings?.approvedExternalDestinations,
        settingsSource: opts.settings ? "policy-config" : undefined,
        settingsFile: opts.settings?.file ?? null,
        settingsFromRun: opts.settings !== undefined && runs.length > 0,
        weakenedConfig: weakenedLines(runs),
        acceptedWeakenedConfig: opts.acceptedWeakenedConfig === true,
        partial: opts.partial ?? [],
        unisolated: opts.unisolated === true,
        ...(opts.preview ? { preview: opts.preview } : {}),
    };
}
