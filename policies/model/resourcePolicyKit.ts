import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import type { ModelResource } from "./graph";
import { resolveDataClass, ResolvedDataClass } from "./labels";
import type { ExemptedViolation, Severity } from "./policyKit";
import { type PolicyRole, roleTags } from "./policyRoles";
import { DEFAULT_SETTINGS, exemptionInForce, parseSettings, ResidencySettings, today, unlistedNote, unlistedPatternMatches } from "./settings";
import { declaredDefault, stackDefaultClass } from "./stackConfig";

/** What a resource policy reads of one resource: the same in `Analyze` (inputs) and `AnalyzeStack` (outputs). */
export type SingleResource = ModelResource;

export interface ResidencyResourcePolicySpec {
    name: string;
    description: string;
    severity: Severity;
    remediationSteps: string;
    enforcementLevel?: "mandatory" | "advisory";
    /** What the policy is to the tools (policyRoles.ts): sent as its tags. */
    roles: readonly PolicyRole[];
    /**
     * Reports each violation of one resource; decides from the resource and its provider alone. `label` is its
     * data class, resolved once, with the class the stack declares in its config as the floor.
     */
    check(resource: SingleResource, settings: ResidencySettings, day: string, report: (message: string) => void, label: ResolvedDataClass): void;
}

// Analyze hands each policy only its own config. residency-config-valid, first in the pack, records its
// settings here from its own `validateResource`; the resource policies after it in the same request read them.
let recorded: { day: string; raw: Record<string, unknown>; policyNames: string[]; settings: ResidencySettings } | undefined;

/**
 * The same config as last time. @pulumi/policy hands each call a fresh shallow copy of the config `Configure`
 * sent, so the same config has the same values; a new `Configure` brings new ones (and is parsed again).
 */
function sameConfig(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    for (const k of keys) if (!Object.prototype.hasOwnProperty.call(b, k) || a[k] !== b[k]) return false;
    return true;
}

/** Called by residency-config-valid for each resource, before the resource policies run. */
export function recordResourceSettings(raw: Record<string, unknown>, policyNames: string[]): void {
    const day = today();
    if (recorded && recorded.day === day && recorded.policyNames === policyNames && sameConfig(recorded.raw, raw)) return;
    recorded = { day, raw, policyNames, settings: parseSettings(raw, policyNames, day).settings };
}

/** The settings in force for resource policies: residency-config-valid's, or the strict defaults when it is disabled. */
function resourceSettings(): ResidencySettings {
    return recorded?.settings ?? DEFAULT_SETTINGS;
}

// Violations that exemptions set aside in Analyze, by policy and URN, until exemptions-in-force lists them at
// the end of the run.
const exemptedInAnalyze = new Map<string, ExemptedViolation>();

/** The violations exemptions set aside in Analyze since the last call. */
export function takeExemptedInAnalyze(): ExemptedViolation[] {
    const taken = [...exemptedInAnalyze.values()];
    exemptedInAnalyze.clear();
    return taken;
}

function asSingle(r: ResourceValidationArgs): SingleResource {
    return { type: r.type, props: r.props, provider: r.provider, urn: r.urn, name: r.name, propertyDependencies: {} };
}

/**
 * A residency policy over one resource. `Analyze` runs it before the resource is created (also under
 * `pulumi up --skip-preview`), so a violation stops the update before the resource exists. An exempted
 * violation is not reported; exemptions-in-force lists it, with its exemption, at the end of the run.
 * Any throw is a violation (fail closed).
 */
export function residencyResourcePolicy(spec: ResidencyResourcePolicySpec): ResourceValidationPolicy {
    return {
        name: spec.name,
        description: spec.description,
        enforcementLevel: spec.enforcementLevel ?? "mandatory",
        severity: spec.severity,
        remediationSteps: spec.remediationSteps,
        tags: roleTags(spec.roles),
        validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
            const settings = resourceSettings();
            const day = today();
            const report = (message: string) => {
                const exemption = exemptionInForce(settings, spec.name, args, day);
                if (!exemption)
                    reportViolation(message + unlistedPatternMatches(settings.exemptions, spec.name, args.urn, args.name).map(unlistedNote).join(""));
                else exemptedInAnalyze.set(`${spec.name}\n${args.urn}\n${message}`, { policy: spec.name, urn: args.urn, name: args.name, message, exemption });
            };
            try {
                const resource = asSingle(args);
                spec.check(resource, settings, day, report, resolveDataClass(resource, declaredDefault(stackDefaultClass())));
            } catch (e) {
                report(
                    `'${args.name}' could not be checked by ${spec.name}: ${(e as Error).message}. Treated as a violation: fix the resource's properties or report the bug.`,
                );
            }
        },
    };
}
