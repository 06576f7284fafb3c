import { type PolicyRole, rolesOfTags } from "../../policies/model/policyRoles";
import { analyzerpb, EnforcementLevel, levelFromWire, Severity, severityFromWire } from "./proto";

export interface PolicyInfo {
    name: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    severity: Severity;
    remediationSteps: string;
    tags: string[];
    /** What the policy is to the tools, from its tags (policies/model/policyRoles.ts). */
    roles: PolicyRole[];
    configSchema?: { properties: Record<string, unknown>; required: string[] };
}

export interface PackInfo {
    name: string;
    version: string;
    policies: PolicyInfo[];
}

export function packInfoFromWire(info: analyzerpb.AnalyzerInfo): PackInfo {
    return {
        name: info.getName(),
        version: info.getVersion(),
        policies: info.getPoliciesList().map((p): PolicyInfo => {
            const schema = p.getConfigschema();
            const tags = p.getTagsList();
            return {
                name: p.getName(),
                description: p.getDescription(),
                enforcementLevel: levelFromWire(p.getEnforcementlevel()),
                severity: severityFromWire(p.getSeverity()),
                remediationSteps: p.getRemediationSteps(),
                tags,
                roles: rolesOfTags(tags),
                configSchema: schema
                    ? { properties: (schema.getProperties()?.toJavaScript() as Record<string, unknown> | undefined) ?? {}, required: schema.getRequiredList() }
                    : undefined,
            };
        }),
    };
}

/** The names of a pack's core residency policies: those whose roles (their tags) include `core-residency`. */
export function coreResidencyPolicies(pack: PackInfo): ReadonlySet<string> {
    return new Set(pack.policies.filter((p) => p.roles.includes("core-residency")).map((p) => p.name));
}
