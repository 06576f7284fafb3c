import type { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import type { ModelResource } from "./graph";
import { buildStackModel, ResourceFacts, StackModel } from "./stackModel";
import { type PolicyRole, roleTags } from "./policyRoles";
import { DEFAULT_SETTINGS, Exemption, exemptionInForce, parseSettings, ResidencySettings, today, unlistedNote, unlistedPatternMatches } from "./settings";
import { declaredDefault, stackDefaultClass, StackDefaultClass } from "./stackConfig";

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
    /** What the policy is to the tools (policyRoles.ts): sent as its tags. */
    roles: readonly PolicyRole[];
    configSchema?: StackValidationPolicy["configSchema"];
    check(ctx: CheckContext, report: Report): void;
}

interface RunState {
    /** The URNs of the request, in order: what identifies it. */
    urns: string[];
    settings: ResidencySettings;
    problems: string[];
    exempted: ExemptedViolation[];
    today: string;
    /** The data class the stack declares in its config, read once per run. */
    stackDefault: StackDefaultClass;
    /** Set when residency-config-valid began this run: then the run is this request's alone. */
    begun: boolean;
    /** The model of this request's resources, built once by the first policy that needs it. */
    model?: StackModel;
}

// One AnalyzeStack request runs every stack policy in order over the same resources. The settings
// policy runs first and records its parsed config here; later policies of the same request read it;
// exemptions-in-force runs last and ends the run. A request the settings policy did not see (it was
// disabled) gets the strict defaults and no exemptions.
let run: RunState | undefined;

/**
 * Whether a request is the one a run belongs to: the same URNs in the same order. The policies of one request
 * get the very same URN strings, so this is mostly a pointer comparison per resource.
 */
function sameRequest(state: RunState, resources: PolicyResource[]): boolean {
    const urns = state.urns;
    if (urns.length !== resources.length) return false;
    for (let i = 0; i < urns.length; i++) if (urns[i] !== resources[i].urn) return false;
    return true;
}

export function beginRun(resources: PolicyResource[], rawConfig: Record<string, unknown>, policyNames: string[]): RunState {
    const day = today();
    const { settings, problems } = parseSettings(rawConfig, policyNames, day);
    run = { urns: resources.map((r) => r.urn), settings, problems, exempted: [], today: day, stackDefault: stackDefaultClass(), begun: true };
    return run;
}

function currentRun(resources: PolicyResource[]): RunState {
    if (run && sameRequest(run, resources)) return run;
    run = {
        urns: resources.map((r) => r.urn),
        settings: structuredClone(DEFAULT_SETTINGS),
        problems: [],
        exempted: [],
        today: today(),
        stackDefault: stackDefaultClass(),
        begun: false,
    };
    return run;
}

/** The settings of the current run, and the violations its stack policies set aside. */
export function currentRunOf(resources: PolicyResource[]): { settings: ResidencySettings; exempted: ExemptedViolation[]; today: string } {
    const state = currentRun(resources);
    return { settings: state.settings, exempted: state.exempted, today: state.today };
}

/** Ends the current run: the next request starts from its own settings and exemptions. */
export function endRun(): void {
    run = undefined;
}

/**
 * The model of a request's resources. It is shared by the policies of one request only when
 * residency-config-valid began the run (it runs first, so a run it began belongs to this request);
 * otherwise two requests over the same URNs with other properties could share stale facts, so each
 * policy builds its own.
 */
export function modelOf(resources: PolicyResource[]): StackModel {
    const state = currentRun(resources);
    const stackDefault = declaredDefault(state.stackDefault);
    if (!state.begun) return buildStackModel(resources as unknown as ModelResource[], stackDefault);
    if (!state.model) {
        state.model = buildStackModel(resources as unknown as ModelResource[], stackDefault);
        lastShared = { urns: state.urns, model: state.model };
    }
    return state.model;
}

// The model the policies of the last request shared, kept after the run ends for the tools that report on it.
let lastShared: { urns: string[]; model: StackModel } | undefined;

/**
 * The model the stack policies built and judged with in the last request, when that request was over exactly
 * these URNs, in this order: the offline preview and the audit report its locations, classes and copies instead
 * of building the model a second time. Undefined otherwise (another graph, or residency-config-valid disabled,
 * when no model is shared).
 */
export function modelOfLastRun(urns: readonly string[]): StackModel | undefined {
    if (!lastShared || lastShared.urns.length !== urns.length) return undefined;
    for (let i = 0; i < urns.length; i++) if (lastShared.urns[i] !== urns[i]) return undefined;
    return lastShared.model;
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
        tags: roleTags(spec.roles),
        configSchema: spec.configSchema,
        validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
            const state = currentRun(args.resources);
            const report: Report = (resource, message) => {
                if (resource) {
                    const exemption = exemptionInForce(state.settings, spec.name, resource, state.today);
                    if (exemption) {
                        state.exempted.push({ policy: spec.name, urn: resource.urn, name: resource.name, message, exemption });
                        return;
                    }
                }
                const unlisted = resource ? unlistedPatternMatches(state.settings.exemptions, spec.name, resource.urn, resource.name) : [];
                reportViolation(message + unlisted.map(unlistedNote).join(""), resource?.urn);
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
                                report(
                                    facts.resource,
                                    `'${facts.resource.name}' could not be checked by ${spec.name}: ${(e as Error).message}. Treated as a violation: fix the resource's properties or report the bug.`,
                                );
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
