/**
 * The one model every report input is read into and every renderer writes from. Its JSON form is the
 * report's `--format json` output (docs/report-json.md); bump REPORT_SCHEMA_VERSION on a breaking change.
 */
import { z } from "zod";

export const REPORT_SCHEMA_VERSION = 1;

export type InputKind = "offline-preview" | "pulumi-preview" | "stack-export" | "audit" | "report";

const nullableString = z.string().nullable();

/**
 * What a resource is to the residency map: a data store (a type that holds data), another classified
 * resource held to the same rules (keys, vaults, DNS zones, types the pack does not know), or neither.
 */
export const RESOURCE_ROLES = ["data-store", "classified", "other"] as const;
export type ResourceRole = (typeof RESOURCE_ROLES)[number];

/** One resource of the report: declared once, read by every reader, validated by the same schema. */
export const reportResourceSchema = z.object({
    urn: z.string(),
    type: z.string(),
    name: z.string(),
    parent: nullableString,
    /** The provider's URN (without the `::<id>` of a provider reference). */
    provider: nullableString,
    /** Held to the residency rules: a data store, or another resource with a class (see `role`). */
    isDataStore: z.boolean(),
    /** Absent in documents written before it existed: derived from `type` and `isDataStore` then. */
    role: z.enum(RESOURCE_ROLES).optional(),
    /** `<cloud>:<region>`, or null with `locationProblem` saying why. */
    location: nullableString,
    locationProblem: nullableString,
    /** The class the store holds: its label, raised by every copy it receives. */
    dataClass: nullableString,
    dataClassLabel: nullableString,
    dataClassProblem: nullableString,
    /** Where the program declared it, relative to the project directory. */
    source: z.object({ file: z.string(), line: z.number() }).nullable(),
});
export type ReportResource = z.infer<typeof reportResourceSchema>;

/** One copy of data: a source, a destination store or region, and the resource and property that declare it. */
export const reportFlowSchema = z.object({
    kind: z.string(),
    /** The resource that declares the copy. */
    carrier: z.string(),
    /** The property (or properties, joined by " + ") of the carrier that name the destination. */
    property: z.string(),
    description: z.string(),
    sources: z.array(z.string()).nullable(),
    sourceProblem: nullableString,
    sourceClass: nullableString,
    destination: z.object({ resources: z.array(z.string()).optional(), location: z.string().optional(), problem: z.string().optional() }),
});
export type ReportFlow = z.infer<typeof reportFlowSchema>;

export const LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;
export type Level = (typeof LEVELS)[number];

export const reportPolicyResultSchema = z.object({
    policyPack: z.string(),
    policy: z.string(),
    level: z.enum(LEVELS),
    severity: z.string(),
    /** "" for a stack-wide result. */
    urn: z.string(),
    name: z.string(),
    message: z.string(),
});
export type ReportPolicyResult = z.infer<typeof reportPolicyResultSchema>;

/** The fields of a policy result the reports and the preview's JSON carry (the pack's version stays out). */
export function toReportPolicyResult(r: ReportPolicyResult): ReportPolicyResult {
    return { policyPack: r.policyPack, policy: r.policy, level: r.level, severity: r.severity, urn: r.urn, name: r.name, message: r.message };
}

/** Metadata of one policy, when the pack could be asked for it. */
export interface ReportPolicy {
    policyPack: string;
    name: string;
    description: string;
    enforcementLevel: string;
    severity: string;
    remediationSteps: string;
}

/** A violation an exemption set aside, parsed from the `exemptions-in-force` policy's message. */
export interface ReportExemption {
    policy: string;
    urn: string;
    name: string;
    expires: string;
    daysLeft: number;
    ticket: string;
    reason: string;
    violation: string;
}

export interface ApprovalEntry {
    location: string;
    until: string | null;
}

/** One store in the residency map, under the class it holds. */
export interface ResidencyStore {
    urn: string;
    name: string;
    type: string;
    /** A data store, or another classified resource (a key, a vault, a DNS zone) held to the same rules. */
    role: ResourceRole;
    location: string | null;
    locationProblem: string | null;
    /** True when the location is approved for the class on the report's day. */
    approved: boolean;
    /** The sunset of the transitional approval it relies on, if any. */
    approvedUntil: string | null;
}

export interface ResidencyClass {
    /** A data class, or "unclassified" (held to the rules of us-user-data). */
    dataClass: string;
    stores: ResidencyStore[];
}

/** One destination of one flow, with its verdict. */
export interface FlowDestinationVerdict {
    store: string | null;
    location: string | null;
    problem: string | null;
    approved: boolean;
    approvedUntil: string | null;
}

export interface FlowVerdict {
    /** Index into `flows`. */
    flow: number;
    /** The class the copy carries; "us-user-data" when its source cannot be known (fail closed). */
    dataClass: string;
    assumed: boolean;
    destinations: FlowDestinationVerdict[];
}

export interface TransitionalApproval {
    dataClass: string;
    location: string;
    until: string;
    daysLeft: number;
    inForce: boolean;
}

/** "not-enforced": the policy config weakened the residency gate (`enforcement.weakenedConfig`); never a pass. */
export type Verdict = "pass" | "advisory" | "fail" | "not-evaluated" | "not-enforced";

/** What changed since a baseline report (`--baseline`). Flows and results are matched by resource name, not URN. */
/** A store as a baseline diff names it. */
export interface BaselineStore {
    name: string;
    type: string;
    dataClass: string;
    location: string | null;
    approved: boolean;
}

export interface BaselineDiff {
    file: string;
    /** A data class now held in a location it was not held in before. */
    newLocations: { dataClass: string; location: string; stores: string[] }[];
    removedLocations: { dataClass: string; location: string; stores: string[] }[];
    /** Stores (data stores and other classified resources), by name: new, gone, or moved to another location or class. */
    addedStores: BaselineStore[];
    removedStores: BaselineStore[];
    movedStores: { name: string; before: BaselineStore; after: BaselineStore }[];
    /** Indexes into `flows` of the flows the baseline did not have. */
    newFlows: number[];
    removedFlows: { description: string; to: string }[];
    newResults: ReportPolicyResult[];
    resolvedResults: ReportPolicyResult[];
    /** Same policy, resource and message, different enforcement level. */
    changedResults: { before: ReportPolicyResult; after: ReportPolicyResult }[];
    newExemptions: ReportExemption[];
    expiredOrRemovedExemptions: ReportExemption[];
}

export interface ReportDocument {
    schemaVersion: typeof REPORT_SCHEMA_VERSION;
    kind: "residency-report";
    input: { kind: InputKind; file: string | null };
    project: string | null;
    stack: string | null;
    /** The day approvals and exemptions were evaluated on (RESIDENCY_POLICY_TODAY pins it). */
    today: string;
    /** Where the approved locations came from: the pack's defaults, or the policy config file in force (`file`). */
    settings: { source: "default" | "policy-config" | "input"; file: string | null; approvedLocations: Record<string, ApprovalEntry[]> };
    /** False when the input carries no policy results (a checkpoint, or a `pulumi preview --json` without policy events). */
    policyResultsAvailable: boolean;
    policyPacks: { name: string; version: string }[];
    policies: ReportPolicy[];
    resources: ReportResource[];
    flows: ReportFlow[];
    residency: ResidencyClass[];
    flowVerdicts: FlowVerdict[];
    violations: ReportPolicyResult[];
    exemptions: ReportExemption[];
    transitionalApprovals: TransitionalApproval[];
    diagnostics: { severity: string; urn: string; message: string }[];
    /** Set with `--baseline`; null otherwise. */
    baseline: BaselineDiff | null;
    /** What the policy config in force weakened in the residency gate, and whether the run accepted it (--accept-weakened-config). */
    enforcement: { weakenedConfig: string[]; acceptedWeakenedConfig: boolean };
    /** What the run could not see (a partial verdict), and whether the program ran unboxed (then no gate). */
    scope: { partial: string[]; unisolated: boolean };
    summary: {
        verdict: Verdict;
        resources: number;
        dataStores: number;
        /** Keys, vaults and other resources with a class that hold no data themselves. */
        classifiedNonStores: number;
        flows: number;
        storesOutsideApproved: number;
        copiesOutsideApproved: number;
        mandatory: number;
        advisory: number;
        exempted: number;
    };
}

/** What a reader produces; `buildReport` adds the derived parts (residency map, verdicts, summary). */
export interface ReportInput {
    input: { kind: InputKind; file: string | null };
    project: string | null;
    stack: string | null;
    policyResultsAvailable: boolean;
    policyPacks: { name: string; version: string; path?: string }[];
    policies?: ReportPolicy[];
    resources: ReportResource[];
    flows: ReportFlow[];
    /** Every policy result, exempted ones included (as the `exemptions-in-force` policy reports them). */
    results: ReportPolicyResult[];
    diagnostics?: { severity: string; urn: string; message: string }[];
    /** Approved locations, when the input says which were used. */
    approvedLocations?: Record<string, ApprovalEntry[]>;
    settingsSource?: "policy-config" | "input";
    /** The policy config file the settings came from. */
    settingsFile?: string | null;
    /** What the policy config weakened in the residency gate, when the input says. */
    weakenedConfig?: string[];
    acceptedWeakenedConfig?: boolean;
    partial?: string[];
    unisolated?: boolean;
}
