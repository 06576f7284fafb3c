import { analyzerpb, EnforcementLevel, levelFromWire, Severity, severityFromWire } from "./proto";

export interface PolicyInfo {
    name: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    severity: Severity;
    remediationSteps: string;
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
            return {
                name: p.getName(),
                description: p.getDescription(),
                enforcementLevel: levelFromWire(p.getEnforcementlevel()),
                severity: severityFromWire(p.getSeverity()),
                remediationSteps: p.getRemediationSteps(),
                configSchema: schema
                    ? { properties: (schema.getProperties()?.toJavaScript() as Record<string, unknown> | undefined) ?? {}, required: schema.getRequiredList() }
                    : undefined,
            };
        }),
    };
}
