/**
 * The cloud regions the guardrails allow, derived from the residency pack's own settings (policies/model/settings.ts):
 * the same approved locations, defaults and policy config files the pack judges with. Pure: no Pulumi resources.
 */
import * as fs from "fs";
import type { DataClass } from "../../policies/model/dataClass";
import { ociRegionKey } from "../../policies/model/regions";
import { type Approval, DEFAULT_SETTINGS, parseSettings, type ResidencySettings } from "../../policies/model/settings";

export class GuardrailError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "GuardrailError";
    }
}

/** A region with the last day (ISO date, inclusive) its approval holds, if it is transitional. */
export interface RegionApproval {
    readonly region: string;
    readonly until?: string;
}

export interface AwsRegionApprovals {
    /** Approved for US user data: every data store may be created, and data written, here. */
    readonly usRegions: readonly RegionApproval[];
    /** Approved for non-US user data only: only the named non-US backup resources may hold data here. */
    readonly backupRegions: readonly RegionApproval[];
}

function regionsOf(settings: ResidencySettings, cls: DataClass, cloud: "aws" | "oci"): RegionApproval[] {
    const approvals: Approval[] = settings.approvedLocations[cls];
    if (approvals.some((a) => a.location === "*")) {
        throw new GuardrailError(
            `the settings approve every location ('*') for ${cls}: no region guardrail can be derived from them. Approve regions by name.`,
        );
    }
    const byRegion = new Map<string, RegionApproval>();
    for (const a of approvals) {
        const [c, region] = (a.location as string).split(":") as [string, string];
        if (c !== cloud) continue;
        // The same region listed twice: the longer-lived approval counts (no `until` outlives any date).
        const previous = byRegion.get(region);
        const untils = previous ? [previous.until, a.until] : [a.until];
        const until = untils.includes(undefined) ? undefined : (untils as string[]).sort()[untils.length - 1];
        byRegion.set(region, until ? { region, until } : { region });
    }
    return [...byRegion.values()].sort((x, y) => x.region.localeCompare(y.region));
}

/** AWS regions of the guardrails. Throws when no AWS region is approved for US user data, or when `*` is approved. */
export function awsRegionApprovals(settings: ResidencySettings): AwsRegionApprovals {
    const usRegions = regionsOf(settings, "us-user-data", "aws");
    if (usRegions.length === 0) throw new GuardrailError("no AWS region is approved for us-user-data: the deploy roles could create nothing");
    const us = new Set(usRegions.map((r) => r.region));
    const backupRegions = regionsOf(settings, "non-us-user-data", "aws").filter((r) => !us.has(r.region));
    return { usRegions, backupRegions };
}

/** OCI regions approved for US user data, with their IAM region keys (lower case, as `request.region` takes them). */
export function ociUsRegionKeys(settings: ResidencySettings): { region: string; key: string; until?: string }[] {
    return regionsOf(settings, "us-user-data", "oci").map((r) => {
        const key = ociRegionKey(r.region);
        if (!key) throw new GuardrailError(`OCI region '${r.region}' has no known region key`);
        return { ...r, key: key.toLowerCase() };
    });
}

/**
 * The pack's settings of a stack, from its policy config file (`stacks/policy-config.<stack>.json`) as the pack reads
 * it: the defaults, overridden by `residency-config-valid`. A missing file is the defaults, as `{}` is. A config whose
 * approved locations the pack would reject is an error: a guardrail is never derived from settings the pack refuses.
 */
export function settingsFromPolicyConfig(file: string): ResidencySettings {
    if (!fs.existsSync(file)) return structuredClone(DEFAULT_SETTINGS);
    let raw: unknown;
    try {
        raw = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new GuardrailError(`${file} is not JSON: ${(e as Error).message}`);
    }
    const section = (raw as Record<string, unknown> | null)?.["residency-config-valid"];
    if (section === undefined) return structuredClone(DEFAULT_SETTINGS);
    if (typeof section !== "object" || section === null || Array.isArray(section))
        throw new GuardrailError(`${file}: 'residency-config-valid' must be an object`);
    const { settings, problems } = parseSettings(section as Record<string, unknown>, []);
    const locationProblems = problems.filter((p) => p.startsWith("'approvedLocations"));
    if (locationProblems.length > 0) throw new GuardrailError(`${file}: ${locationProblems.join("; ")}`);
    return settings;
}
