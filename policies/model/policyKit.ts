import type { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import type { ModelResource } from "./graph";
import { buildStackModel, ResourceFacts, StackModel } from "./stackModel";
import { DEFAULT_SETTINGS, Exemption, exemptionMatches, parseSettings, ResidencySettings, today } from "./settings";

export type Severity = "low" | "medium" | "high" | "critical";

/** A violation that an exemption in force set aside, kept so that it is still shown. */
export interface ExemptedViolation {
    policy: string;
    urn: string;
    name: string;
    message: string;
    exemption: Exemption;
}

export interface CheckContext {
    model: StackModel;
    settings: ResidencySettings;
    today: string;
    /** Runs `fn` for each resource's facts; a throw becomes a violation naming that resource. */
    each(fn: (facts: ResourceFacts) => void): void;
}

export type Report = (resource: ModelResource | undefined, message: string) => void;

export interface ResidencyPolicySpec {
    name: string;
    description: string;
    severity: Severity;
    remediationSteps: string;
    enforcementLevel?: "mandatory" | "advisory";
    configSchema?: StackValidationPolicy["configSchema"];
    check(ctx: CheckContext, report: Report): void;
}

interface RunState {
    key: string;
    settings: ResidencySettings;
    problems: string[];
    exempted: ExemptedViolation[];
    today: string;
}

// One AnalyzeStack request runs every stack policy in order over the same resources. The settings
// policy runs first and records its parsed config here; later policies of the same request read it;
// exemptions-in-force runs last and ends the run. A request the settings policy did not see (it was
// disabled) gets the strict defaults and no exemptions.
let run: RunState | undefined;

function requestKey(resources: PolicyResource[]): string {
    return `${resources.length}\n${resources.map((r) => r.urn).join("\n")}`;
}

export function beginRun(resources: PolicyResource[], rawConfig: Record<string, unknown>, policyNames: string[]): RunState {
    const day = today();
    const { settings, problems } = parseSettings(rawConfig, policyNames, day);
    run = { key: requestKey(resources), settings, problems, exempted: [], today: day };
    return run;
}

function currentRun(resources: PolicyResource[]): RunState {
    const key = requestKey(resources);
    if (run && run.key === key) return run;
    run = { key, settings: structuredClone(DEFAULT_SETTINGS), problems: [], exempted: [], today: today() };
    return run;
}

export function exemptedInCurrentRun(resources: PolicyResource[]): ExemptedViolation[] {
    return currentRun(resources).exempted;
}

/** Ends the current run: the next request starts from its own settings and exemptions. */
export function endRun(): void {
    run = undefined;
}

/**
 * The model is built per policy: CrossGuard hands each policy its own copy of the resources, and two
 * requests over the same URNs may carry different properties, so there is nothing safe to share.
 */
export function modelOf(resources: PolicyResource[]): StackModel {
    return buildStackModel(resources as unknown as ModelResource[]);
}

/**
 * Builds a CrossGuard stack policy that fails closed: unknown values are the check's own business (the
 * model turns them into violations), and any other throw becomes a violation, never a crash or a pass.
 */
export function residencyPolicy(spec: ResidencyPolicySpec): StackValidationPolicy {
    return {
        name: spec.name,
        description: spec.description,
        enforcementLevel: spec.enforcementLevel ?? "mandatory",
        severity: spec.severity,
        remediationSteps: spec.remediationSteps,
        configSchema: spec.configSchema,
        validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
            const state = currentRun(args.resources);
            const report: Report = (resource, message) => {
                if (resource) {
                    const exemption = state.settings.exemptions.find((e) => e.expires >= state.today && exemptionMatches(e, spec.name, resource.urn, resource.name));
                    if (exemption) {
                        state.exempted.push({ policy: spec.name, urn: resource.urn, name: resource.name, message, exemption });
                        return;
                    }
                }
                reportViolation(message, resource?.urn);
            };
            try {
                const model = modelOf(args.resources);
                const ctx: CheckContext = {
                    model,
                    settings: state.settings,
                    today: state.today,
                    each: (fn) => {
                        for (const facts of model.facts.values()) {
                            try {
                                fn(facts);
                            } catch (e) {
                                report(facts.resource, `'${facts.resource.name}' could not be checked by ${spec.name}: ${(e as Error).message}. Treated as a violation: fix the resource's properties or report the bug.`);
                            }
                        }
                    },
                };
                spec.check(ctx, report);
            } catch (e) {
                reportViolation(`${spec.name} could not evaluate the stack: ${(e as Error).message}. Treated as a violation (fail closed).`);
            }
        },
    };
}
