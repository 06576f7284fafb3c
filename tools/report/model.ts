/**
 * The one model every report input is read into and every renderer writes from. Its JSON form is the
 * report's `--format json` output (docs/report-json.md); bump REPORT_SCHEMA_VERSION on a breaking change.
 */
import { z } from "zod";
import { POLICY_ROLES, type PolicyRole } from "../../policies/model/policyRoles";

export const REPORT_SCHEMA_VERSION = 1;

export const INPUT_KINDS = ["offline-preview", "pulumi-preview", "stack-export", "audit", "report"] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

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
    /** A custom resource (a cloud resource or a provider); false for components and the stack. Absent when the input does not say. */
    custom: z.boolean().optional(),
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

/**
 * Whether a result at this level fails the run. The engine reports a `remediate` diagnostic that is still a
 * violation as `mandatory` (pulumi/pulumi `step_generator.go`, `analyze_snapshot.go`: a remediation that did
 * not fix it, and stack policies, which cannot remediate), and fails the update on it: so does everything here.
 */
export function isBlocking(level: string): boolean {
    return level === "mandatory" || level === "remediate";
}

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
export const reportPolicySchema = z.object({
    policyPack: z.string(),
    name: z.string(),
    description: z.string(),
    enforcementLevel: z.string(),
    severity: z.string(),
    remediationSteps: z.string(),
    /** What the policy is to the report (policies/model/policyRoles.ts), from its tags; empty when the pack declares none. */
    roles: z.array(z.enum(Object.keys(POLICY_ROLES) as [PolicyRole, ...PolicyRole[]])).default([]),
});
export type ReportPolicy = z.infer<typeof reportPolicySchema>;

/** A violation an exemption set aside, parsed from the `exemptions-in-force` policy's message. */
export const reportExemptionSchema = z.object({
    policy: z.string(),
    urn: z.string(),
    name: z.string(),
    expires: z.string(),
    daysLeft: z.number(),
    ticket: z.string(),
    reason: z.string(),
    violation: z.string(),
    /** The `exemptions-in-force` result it was read from, as the pack reported it. */
    result: reportPolicyResultSchema,
});
export type ReportExemption = z.infer<typeof reportExemptionSchema>;

const approvalEntrySchema = z.object({ location: z.string(), until: nullableString });
export type ApprovalEntry = z.infer<typeof approvalEntrySchema>;

/** An approved external destination as the report lists it. */
export const externalDestinationEntrySchema = z.object({
    destination: z.string(),
    location: z.string(),
    dataClasses: z.array(z.string()),
    reason: z.string(),
    ticket: z.string(),
    expires: z.string(),
});
export type ExternalDestinationEntry = z.infer<typeof externalDestinationEntrySchema>;

/** Whether a location is approved for a class on the report's day, and the sunset of the transitional approval it relies on. */
const approvalVerdictSchema = z.object({ approved: z.boolean(), approvedUntil: nullableString });

/** One store in the residency map, under the class it holds. */
const residencyStoreSchema = z.object({
    urn: z.string(),
    name: z.string(),
    type: z.string(),
    /** A data store, or another classified resource (a key, a vault, a DNS zone) held to the same rules. */
    role: z.enum(RESOURCE_ROLES),
    location: nullableString,
    locationProblem: nullableString,
    ...approvalVerdictSchema.shape,
});
export type ResidencyStore = z.infer<typeof residencyStoreSchema>;

const residencyClassSchema = z.object({
    /** A data class, or "unclassified" (held to the rules of us-user-data). */
    dataClass: z.string(),
    stores: z.array(residencyStoreSchema),
});
export type ResidencyClass = z.infer<typeof residencyClassSchema>;

/** One destination of one flow, with its verdict. */
const flowDestinationVerdictSchema = z.object({ store: nullableString, location: nullableString, problem: nullableString, ...approvalVerdictSchema.shape });
export type FlowDestinationVerdict = z.infer<typeof flowDestinationVerdictSchema>;

const flowVerdictSchema = z.object({
    /** Index into `flows`. */
    flow: z.number(),
    /** The class the copy carries; "us-user-data" when its source cannot be known (fail closed). */
    dataClass: z.string(),
    assumed: z.boolean(),
    destinations: z.array(flowDestinationVerdictSchema),
});
export type FlowVerdict = z.infer<typeof flowVerdictSchema>;

const transitionalApprovalSchema = z.object({ dataClass: z.string(), location: z.string(), until: z.string(), daysLeft: z.number(), inForce: z.boolean() });
export type TransitionalApproval = z.infer<typeof transitionalApprovalSchema>;

/** "not-enforced": the policy config weakened the residency gate (`enforcement.weakenedConfig`); never a pass. */
export const VERDICTS = ["pass", "advisory", "fail", "not-evaluated", "not-enforced"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** A store as a baseline diff names it. */
const baselineStoreSchema = z.object({ name: z.string(), type: z.string(), dataClass: z.string(), location: nullableString, approved: z.boolean() });
export type BaselineStore = z.infer<typeof baselineStoreSchema>;

const locationChangeSchema = z.object({ dataClass: z.string(), location: z.string(), stores: z.array(z.string()) });

/** What changed since a baseline report (`--baseline`). Flows and results are matched by resource name, not URN. */
const baselineDiffSchema = z.object({
    file: z.string(),
    /** A data class now held in a location it was not held in before. */
    newLocations: z.array(locationChangeSchema),
    removedLocations: z.array(locationChangeSchema),
    /** Stores (data stores and other classified resources), by name: new, gone, or moved to another location or class. */
    addedStores: z.array(baselineStoreSchema),
    removedStores: z.array(baselineStoreSchema),
    movedStores: z.array(z.object({ name: z.string(), before: baselineStoreSchema, after: baselineStoreSchema })),
    /** Indexes into `flows` of the flows the baseline did not have. */
    newFlows: z.array(z.number()),
    removedFlows: z.array(z.object({ description: z.string(), to: z.string() })),
    newResults: z.array(reportPolicyResultSchema),
    resolvedResults: z.array(reportPolicyResultSchema),
    /** Same policy, resource and message, different enforcement level. */
    changedResults: z.array(z.object({ before: reportPolicyResultSchema, after: reportPolicyResultSchema })),
    newExemptions: z.array(reportExemptionSchema),
    expiredOrRemovedExemptions: z.array(reportExemptionSchema),
});
export type BaselineDiff = z.infer<typeof baselineDiffSchema>;

const diagnosticSchema = z.object({ severity: z.string(), urn: z.string(), message: z.string() });

/** What the offline preview itself found beside the policy results (docs/preview-json.md). */
export const previewFindingsSchema = z.object({
    /** Invokes the offline preview could not answer from stack config: their results were unknown. */
    unknownInvokes: z.array(z.object({ token: z.string(), reason: z.string(), count: z.number() })),
    /** Region-bearing environment variables the previewing shell had and the program was not given. */
    environmentRemoved: z.array(z.string()),
    /** URNs of resources the program creates only behind values unknown at preview (found by the second, known pass). */
    resourcesBehindUnknowns: z.array(z.string()),
});
export type PreviewFindings = z.infer<typeof previewFindingsSchema>;

const packSchema = z.object({ name: z.string(), version: z.string(), path: z.string().optional() });

/**
 * The one report document: built once from the judged graph and the policy results (`buildReport`); the
 * terminal, the preview's `--json`, Markdown, SARIF, report JSON and the exit code are each rendered from it.
 */
export const reportDocumentSchema = z.object({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    kind: z.literal("residency-report"),
    input: z.object({ kind: z.enum(INPUT_KINDS), file: nullableString }),
    project: nullableString,
    stack: nullableString,
    /** The day approvals and exemptions were evaluated on (RESIDENCY_POLICY_TODAY pins it). */
    today: z.string(),
    /** Where the approved locations came from: the pack's defaults, or the policy config file in force (`file`). */
    settings: z.object({
        source: z.enum(["default", "policy-config", "input"]),
        file: nullableString,
        approvedLocations: z.record(z.string(), z.array(approvalEntrySchema)),
        /** Third parties the config lets receive data (policies/model/externalDestinations.ts); absent when none. */
        approvedExternalDestinations: z.array(externalDestinationEntrySchema).optional(),
    }),
    /** False when the input carries no policy results (a checkpoint, or a `pulumi preview --json` without policy events). */
    policyResultsAvailable: z.boolean(),
    policyPacks: z.array(packSchema),
    policies: z.array(reportPolicySchema),
    resources: z.array(reportResourceSchema),
    flows: z.array(reportFlowSchema),
    residency: z.array(residencyClassSchema),
    flowVerdicts: z.array(flowVerdictSchema),
    violations: z.array(reportPolicyResultSchema),
    exemptions: z.array(reportExemptionSchema),
    transitionalApprovals: z.array(transitionalApprovalSchema),
    diagnostics: z.array(diagnosticSchema),
    /** Set with `--baseline`; null otherwise. */
    baseline: baselineDiffSchema.nullable(),
    /** What the policy config in force weakened in the residency gate, and whether the run accepted it (--accept-weakened-config). */
    enforcement: z.object({ weakenedConfig: z.array(z.string()), acceptedWeakenedConfig: z.boolean() }),
    /** What the run could not see (a partial verdict), and whether the program ran unboxed (then no gate). */
    scope: z.object({ partial: z.array(z.string()), unisolated: z.boolean() }),
    /** The offline preview's own findings; null for any other input. */
    preview: previewFindingsSchema.nullable(),
    summary: z.object({
        verdict: z.enum(VERDICTS),
        resources: z.number(),
        dataStores: z.number(),
        /** Keys, vaults and other resources with a class that hold no data themselves. */
        classifiedNonStores: z.number(),
        flows: z.number(),
        storesOutsideApproved: z.number(),
        copiesOutsideApproved: z.number(),
        /** Blocking results (`isBlocking`): mandatory, and remediate as the engine counts it. */
        mandatory: z.number(),
        advisory: z.number(),
        exempted: z.number(),
    }),
});
export type ReportDocument = z.infer<typeof reportDocumentSchema>;

/** What a reader produces; `buildReport` adds the derived parts (residency map, verdicts, summary). */
export const reportInputSchema = z.object({
    input: reportDocumentSchema.shape.input,
    project: nullableString,
    stack: nullableString,
    policyResultsAvailable: z.boolean(),
    policyPacks: z.array(packSchema),
    policies: z.array(reportPolicySchema).optional(),
    resources: z.array(reportResourceSchema),
    flows: z.array(reportFlowSchema),
    /** Every policy result, exempted ones included (as the `exemptions-in-force` policy reports them). */
    results: z.array(reportPolicyResultSchema),
    diagnostics: z.array(diagnosticSchema).optional(),
    /** Approved locations, when the input says which were used. */
    approvedLocations: z.record(z.string(), z.array(approvalEntrySchema)).optional(),
    settingsSource: z.enum(["policy-config", "input"]).optional(),
    /** The approved external destinations of the settings in force, when there are any. */
    approvedExternalDestinations: z.array(externalDestinationEntrySchema).optional(),
    /** The policy config file the settings came from. */
    settingsFile: nullableString.optional(),
    /** The settings are the config of packs this very run judged with (as parsed by the pack: invalid entries dropped), not read from a file. */
    settingsFromRun: z.boolean().optional(),
    /** What the policy config weakened in the residency gate, when the input says. */
    weakenedConfig: z.array(z.string()).optional(),
    acceptedWeakenedConfig: z.boolean().optional(),
    partial: z.array(z.string()).optional(),
    unisolated: z.boolean().optional(),
    /** The offline preview's own findings, for its input. */
    preview: previewFindingsSchema.optional(),
});
export type ReportInput = z.infer<typeof reportInputSchema>;
