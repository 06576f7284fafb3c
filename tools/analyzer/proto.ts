// The SDK's generated protobuf and gRPC modules: the very instances @pulumi/pulumi and @pulumi/policy use.
/* eslint-disable @typescript-eslint/no-require-imports */
export const analyzerpb = require("@pulumi/pulumi/proto/analyzer_pb");
export const analyzergrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
export const pluginpb = require("@pulumi/pulumi/proto/plugin_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";
export const ENFORCEMENT_LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "disabled", "remediate"];

const LEVEL_TO_WIRE: Record<EnforcementLevel, number> = { advisory: 0, mandatory: 1, disabled: 2, remediate: 3 };

export function levelToWire(level: EnforcementLevel): number {
    return LEVEL_TO_WIRE[level];
}

export function levelFromWire(wire: number): EnforcementLevel {
    const found = ENFORCEMENT_LEVELS.find((l) => LEVEL_TO_WIRE[l] === wire);
    if (!found) throw new Error(`unknown enforcement level ${wire} on the wire`);
    return found;
}

export type Severity = "unspecified" | "low" | "medium" | "high" | "critical";
const SEVERITIES: Severity[] = ["unspecified", "low", "medium", "high", "critical"];

export function severityFromWire(wire: number): Severity {
    return SEVERITIES[wire] ?? "unspecified";
}
