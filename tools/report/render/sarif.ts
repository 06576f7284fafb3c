import { createHash } from "crypto";
import type * as Sarif from "sarif";
import { lookupTable } from "../lookupTable";
import { isBlocking, type ReportDocument, type ReportExemption, type ReportPolicy, type ReportPolicyResult, type ReportResource } from "../model";

export const SARIF_SCHEMA = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json";

/** Policy severity → the rule's default SARIF level. */
const SEVERITY_LEVEL = lookupTable<Sarif.ReportingConfiguration.level>({
    critical: "error",
    high: "error",
    medium: "warning",
    low: "note",
    unspecified: "warning",
});
/** The number GitHub code scanning reads to rank a security rule (CVSS-like, 0-10). */
const SECURITY_SEVERITY = lookupTable({ critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" });
/** Enforcement level → the result's SARIF level: a blocking violation is an error, a disabled one nothing, any other a warning. */
function sarifLevel(level: string): Sarif.Result.level {
    if (isBlocking(level)) return "error";
    return level === "disabled" ? "none" : "warning";
}

function fingerprint(...parts: string[]): string {
    return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 32);
}

/** The file and line in infra/ that declared the resource (or its nearest declared parent), else the stack's config file. */
function locationOf(doc: ReportDocument, byUrn: Map<string, ReportResource>, urn: string): Sarif.Location {
    let r = byUrn.get(urn);
    const seen = new Set<string>();
    while (r && !r.source && r.parent && !seen.has(r.urn)) {
        seen.add(r.urn);
        r = byUrn.get(r.parent);
    }
    const physicalLocation: Sarif.PhysicalLocation = r?.source
        ? { artifactLocation: { uri: r.source.file }, region: { startLine: Math.max(1, r.source.line) } }
        : { artifactLocation: { uri: `stacks/Pulumi.${doc.stack ?? "unknown"}.yaml` }, region: { startLine: 1 } };
    const location: Sarif.Location = { physicalLocation };
    if (urn) {
        const res = byUrn.get(urn);
        location.logicalLocations = [{ name: res?.name ?? urn.slice(urn.lastIndexOf("::") + 2), fullyQualifiedName: urn, kind: "resource" }];
    }
    return location;
}

/**
 * The code-scanning category of the run: the PR preview and the nightly audit of a stack must not
 * overwrite each other's results, so each kind of input has its own (`upload-sarif` takes it from here).
 */
export function automationId(doc: ReportDocument): string {
    const kind = doc.input.kind === "audit" || doc.input.kind === "stack-export" ? "residency-audit" : "residency-preview";
    return `${kind}/${doc.stack ?? "stack"}/`;
}

function ruleOf(policy: string, pack: string, meta: ReportPolicy | undefined, severity: string): Sarif.ReportingDescriptor {
    const sev = meta?.severity ?? severity;
    const description = meta?.description || `Policy ${policy} of policy pack ${pack}.`;
    const remediation = meta?.remediationSteps || "See the policy's message for what to change.";
    const properties: Record<string, unknown> = { policyPack: pack, severity: sev, tags: ["security", "data-residency", "pulumi-policy"] };
    if (meta?.enforcementLevel) properties.enforcementLevel = meta.enforcementLevel;
    if (SECURITY_SEVERITY[sev]) properties["security-severity"] = SECURITY_SEVERITY[sev];
    return {
        id: policy,
        name: policy,
        shortDescription: { text: description },
        fullDescription: { text: description },
        help: { text: remediation, markdown: `**How to fix:** ${remediation}` },
        defaultConfiguration: { level: SEVERITY_LEVEL[sev] ?? "warning" },
        properties,
    };
}

/** The report as a SARIF 2.1.0 log: one rule per policy, one result per violation; exempted ones carry a suppression. */
export function renderSarif(doc: ReportDocument): Sarif.Log {
    const rules: Sarif.ReportingDescriptor[] = [];
    const index = new Map<string, number>();
    const byUrn = new Map(doc.resources.map((r) => [r.urn, r]));
    const policyMeta = new Map<string, ReportPolicy>();
    for (const p of doc.policies) if (!policyMeta.has(p.name)) policyMeta.set(p.name, p);
    const ruleIndex = (r: { policy: string; policyPack: string; severity: string }) => {
        if (!index.has(r.policy)) {
            index.set(r.policy, rules.length);
            rules.push(ruleOf(r.policy, r.policyPack, policyMeta.get(r.policy), r.severity));
        }
        return index.get(r.policy)!;
    };
    for (const p of doc.policies) ruleIndex({ policy: p.name, policyPack: p.policyPack, severity: p.severity });

    const newKeys = new Set(
        [
            ...(doc.baseline?.newResults ?? []),
            ...(doc.baseline?.newExemptions ?? []).map((e) => ({ policy: e.policy, name: e.name, message: e.violation })),
        ].map((r) => [r.policy, r.name, r.message].join("|")),
    );
    const result = (r: ReportPolicyResult, exemption?: ReportExemption): Sarif.Result => {
        const out: Sarif.Result = {
            ruleId: r.policy,
            ruleIndex: ruleIndex(r),
            level: sarifLevel(r.level),
            message: { text: r.message },
            locations: [locationOf(doc, byUrn, r.urn)],
            partialFingerprints: { "residencyResult/v1": fingerprint(r.policy, r.urn, r.message) },
            properties: { policyPack: r.policyPack, enforcementLevel: r.level, severity: r.severity, urn: r.urn },
        };
        if (exemption) {
            // No `status`: SARIF 2.1.0's Committee Specification names it `state`, the OASIS Standard `status`;
            // `kind` and `justification` mean the same in both.
            out.suppressions = [{ kind: "external", justification: `${exemption.reason} (ticket ${exemption.ticket}, exempted until ${exemption.expires})` }];
        }
        if (doc.baseline) out.baselineState = newKeys.has([r.policy, r.name, r.message].join("|")) ? "new" : "unchanged";
        return out;
    };

    const results: Sarif.Result[] = doc.violations.map((v) => result(v));
    for (const e of doc.exemptions) {
        const pack = doc.policyPacks[0]?.name ?? "";
        const meta = policyMeta.get(e.policy);
        const level = meta?.enforcementLevel === "advisory" ? "advisory" : "mandatory";
        results.push(
            result(
                {
                    policyPack: meta?.policyPack ?? pack,
                    policy: e.policy,
                    level,
                    severity: meta?.severity ?? "unspecified",
                    urn: e.urn,
                    name: e.name,
                    message: e.violation,
                },
                e,
            ),
        );
    }

    const pack = doc.policyPacks.length === 1 ? doc.policyPacks[0] : undefined;
    const driver: Sarif.ToolComponent = { name: pack?.name ?? "residency-report", rules };
    if (pack) driver.version = pack.version;
    return {
        $schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: [
            {
                tool: { driver },
                automationDetails: { id: automationId(doc) },
                invocations: [{ executionSuccessful: true }],
                results,
                properties: { input: doc.input.kind, policyResultsAvailable: doc.policyResultsAvailable, evaluatedOn: doc.today },
            },
        ],
    };
}
