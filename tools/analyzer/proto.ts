// The SDK's generated protobuf and gRPC modules, with their types: the very instances @pulumi/pulumi and @pulumi/policy use.
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import * as analyzergrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type { EnforcementLevel, Severity as PolicySeverity } from "@pulumi/policy";

export { analyzerpb, analyzergrpc };
export type { EnforcementLevel };

/** @pulumi/policy's severities, plus the wire's "not given". */
export type Severity = PolicySeverity | "unspecified";

const WIRE_LEVEL: Record<EnforcementLevel, analyzerpb.EnforcementLevel> = {
    advisory: analyzerpb.EnforcementLevel.ADVISORY,
    mandatory: analyzerpb.EnforcementLevel.MANDATORY,
    disabled: analyzerpb.EnforcementLevel.DISABLED,
    remediate: analyzerpb.EnforcementLevel.REMEDIATE,
};
export const ENFORCEMENT_LEVELS = Object.keys(WIRE_LEVEL) as EnforcementLevel[];

const WIRE_SEVERITY: Record<Severity, analyzerpb.PolicySeverity> = {
    unspecified: analyzerpb.PolicySeverity.POLICY_SEVERITY_UNSPECIFIED,
    low: analyzerpb.PolicySeverity.POLICY_SEVERITY_LOW,
    medium: analyzerpb.PolicySeverity.POLICY_SEVERITY_MEDIUM,
    high: analyzerpb.PolicySeverity.POLICY_SEVERITY_HIGH,
    critical: analyzerpb.PolicySeverity.POLICY_SEVERITY_CRITICAL,
};

export function levelToWire(level: EnforcementLevel): analyzerpb.EnforcementLevel {
    return WIRE_LEVEL[level];
}

export function levelFromWire(wire: analyzerpb.EnforcementLevel): EnforcementLevel {
    const found = ENFORCEMENT_LEVELS.find((l) => WIRE_LEVEL[l] === wire);
    if (!found) throw new Error(`unknown enforcement level ${wire} on the wire`);
    return found;
}

export function severityFromWire(wire: analyzerpb.PolicySeverity): Severity {
    return (Object.keys(WIRE_SEVERITY) as Severity[]).find((s) => WIRE_SEVERITY[s] === wire) ?? "unspecified";
}
