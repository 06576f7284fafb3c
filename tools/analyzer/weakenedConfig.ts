import { isUnitedStatesExternalLocation } from "../../policies/model/externalDestinations";
import { isUnitedStatesLocation } from "../../policies/model/location";
import type { ResolvedPolicyConfig } from "./policyConfig";
import { coreResidencyPolicies, type PackInfo } from "./policyInfo";
import type { EnforcementLevel } from "./proto";
import type { PackRun } from "./runAnalysis";

/** The flag that runs a weakened config with its normal exit code; every output says it was given. */
export const ACCEPT_WEAKENED_FLAG = "--accept-weakened-config";

const STRENGTH: Record<EnforcementLevel, number> = { disabled: 0, advisory: 1, mandatory: 2, remediate: 2 };
const US_DATA = "us-user-data";

/**
 * What a policy config weakens in the residency gate, one line each: a policy whose role is `core-residency`
 * (its tags say so: policies/model/policyRoles.ts) set below the level the pack gives it (directly or through
 * `all`), a location outside the United States (or `*`) approved for US user data, or an approved external
 * destination outside the United States that may receive US user data. Empty when the config leaves the gate as
 * the pack defines it.
 */
export function weakenedByConfig(pack: PackInfo, file: Record<string, unknown>, resolved: Map<string, ResolvedPolicyConfig>): string[] {
    const out: string[] = [];
    const core = coreResidencyPolicies(pack);
    for (const policy of pack.policies) {
        if (!core.has(policy.name)) continue;
        const level = resolved.get(policy.name)?.enforcementLevel ?? policy.enforcementLevel;
        if (STRENGTH[level] < STRENGTH[policy.enforcementLevel]) {
            const via = file[policy.name] === undefined && file.all !== undefined ? " (through 'all')" : "";
            out.push(`policy '${policy.name}' is ${level}${via}; the pack enforces it as ${policy.enforcementLevel}`);
        }
    }
    const approved = resolved.get("residency-config-valid")?.properties.approvedLocations;
    const forUs = approved && typeof approved === "object" ? (approved as Record<string, unknown>)[US_DATA] : undefined;
    if (Array.isArray(forUs)) {
        for (const entry of forUs) {
            const { location, until } = (entry && typeof entry === "object" ? entry : { location: entry }) as { location?: unknown; until?: unknown };
            if (typeof location === "string" && (location.trim() === "*" || !isUnitedStatesLocation(location))) {
                const sunset = typeof until === "string" ? ` (until ${until})` : "";
                out.push(`'${location}' is approved for ${US_DATA}${sunset}: not a location in the United States`);
            }
        }
    }
    const externals = resolved.get("residency-config-valid")?.properties.approvedExternalDestinations;
    for (const entry of Array.isArray(externals) ? externals : []) {
        const { destination, location, dataClasses } = (entry && typeof entry === "object" ? entry : {}) as Record<string, unknown>;
        if (!Array.isArray(dataClasses) || !dataClasses.includes(US_DATA)) continue;
        if (typeof location === "string" && isUnitedStatesExternalLocation(location)) continue;
        out.push(`approved external destination '${String(destination)}' may receive ${US_DATA} in '${String(location)}': not a location in the United States`);
    }
    return out;
}

/** What every run's policy config weakened, `<pack>: <what>`: the lines the terminal, the JSON and the reports show. */
export function weakenedLines(runs: { run: PackRun }[]): string[] {
    return runs.flatMap(({ run }) => run.weakened.map((w) => `${run.pack.name}: ${w}`));
}
