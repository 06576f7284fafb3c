import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { DATA_CLASSES } from "../model/dataClass";
import { beginRun } from "../model/policyKit";
import { roleTags } from "../model/policyRoles";
import { recordResourceSettings } from "../model/resourcePolicyKit";
import { daysBetween, DEFAULT_SETTINGS, MIN_REASON_LENGTH } from "../model/settings";

export const RESIDENCY_CONFIG_VALID = "residency-config-valid";

/** YYYY-MM-DD with a real month and day; the policy also rejects dates that do not exist (2027-02-30). */
const ISO_DATE_PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";
const LOCATION_PATTERN = "^(\\*|[A-Za-z]+:[A-Za-z0-9-]+)$";

const approvalsSchema: PolicyConfigJSONSchema = {
    type: "array",
    items: {
        type: "object",
        properties: { location: { type: "string", pattern: LOCATION_PATTERN }, until: { type: "string", pattern: ISO_DATE_PATTERN } },
        required: ["location"],
        additionalProperties: false,
    },
};

/**
 * Holds the settings every residency policy shares (approved locations, groups, exemptions) and rejects
 * settings that would weaken the pack: bad dates, unknown policies, exemptions without expiry or expired.
 * It must run first in the pack: the other policies read what it parsed, in `AnalyzeStack` and, for the
 * resource policies, in `Analyze` (where it only records the settings; it reports at the end of the run).
 */
export function residencyConfigValid(policyNames: string[]): StackValidationPolicy & Pick<ResourceValidationPolicy, "validateResource"> {
    return {
        name: RESIDENCY_CONFIG_VALID,
        description:
            "The pack's shared settings (approved locations, groups, approved external destinations, exemptions) and the stack's declared data class are valid, and no exemption or external approval is expired or open-ended.",
        enforcementLevel: "mandatory",
        severity: "high",
        tags: roleTags(["core-residency", "hygiene"]),
        remediationSteps:
            "Fix the named setting in the policy config file. Every exemption needs policy, resource, a reason of at least 20 characters, a ticket and an ISO 'expires' date in the future; a resource pattern also lists the resources it was approved for in 'resources'.",
        configSchema: {
            properties: {
                approvedLocations: {
                    type: "object",
                    properties: Object.fromEntries(DATA_CLASSES.map((c) => [c, approvalsSchema])),
                    additionalProperties: false,
                    default: DEFAULT_SETTINGS.approvedLocations,
                },
                custodianGroups: { type: "array", items: { type: "string" }, default: DEFAULT_SETTINGS.custodianGroups },
                auditorGroups: { type: "array", items: { type: "string" }, default: DEFAULT_SETTINGS.auditorGroups },
                nonUsStaffGroups: { type: "array", items: { type: "string" }, default: DEFAULT_SETTINGS.nonUsStaffGroups },
                approvedAwsPrincipals: { type: "array", items: { type: "string" }, default: DEFAULT_SETTINGS.approvedAwsPrincipals },
                approvedOidcSubjects: {
                    type: "object",
                    additionalProperties: { type: "array", minItems: 1, items: { type: "string", minLength: 1 } },
                    default: DEFAULT_SETTINGS.approvedOidcSubjects,
                },
                ociEndpoints: { type: "array", items: { type: "string" }, default: DEFAULT_SETTINGS.ociEndpoints },
                minAuditRetentionDays: { type: "integer", minimum: 365, default: DEFAULT_SETTINGS.minAuditRetentionDays },
                approvedExternalDestinations: {
                    type: "array",
                    default: [],
                    items: {
                        type: "object",
                        properties: {
                            destination: { type: "string", minLength: 1 },
                            location: { type: "string", minLength: 1 },
                            dataClasses: { type: "array", minItems: 1, items: { type: "string", enum: [...DATA_CLASSES] } },
                            reason: { type: "string", minLength: MIN_REASON_LENGTH },
                            ticket: { type: "string", minLength: 1 },
                            expires: { type: "string", pattern: ISO_DATE_PATTERN },
                        },
                        required: ["destination", "location", "dataClasses", "reason", "ticket", "expires"],
                        additionalProperties: false,
                    },
                },
                exemptions: {
                    type: "array",
                    default: [],
                    items: {
                        type: "object",
                        properties: {
                            policy: { type: "string", enum: policyNames },
                            resource: { type: "string" },
                            resources: { type: "array", items: { type: "string", minLength: 1 } },
                            reason: { type: "string", minLength: MIN_REASON_LENGTH },
                            ticket: { type: "string", minLength: 1 },
                            expires: { type: "string", pattern: ISO_DATE_PATTERN },
                        },
                        required: ["policy", "resource", "reason", "ticket", "expires"],
                        additionalProperties: false,
                    },
                },
            },
        },
        validateResource: (args) => recordResourceSettings((args.getConfig<Record<string, unknown>>() ?? {}) as Record<string, unknown>, policyNames),
        validateStack: (args, reportViolation) => {
            const state = beginRun(args.resources, (args.getConfig<Record<string, unknown>>() ?? {}) as Record<string, unknown>, policyNames);
            for (const problem of state.problems) {
                reportViolation(`policy config of ${RESIDENCY_CONFIG_VALID}: ${problem}. The setting falls back to its strict default until fixed.`);
            }
            if (state.stackDefault.kind === "invalid") {
                reportViolation(
                    `${state.stackDefault.reason}. It labels nothing until fixed: set it to the data class of the stack's resources, or remove it.`,
                );
            }
            for (const e of state.settings.exemptions) {
                if (e.expires < state.today) {
                    reportViolation(
                        `exemption of '${e.resource}' from ${e.policy} (ticket ${e.ticket}) expired on ${e.expires}, ${daysBetween(e.expires, state.today)} days ago, and no longer applies. Fix the resource, or renew the exemption with a new expiry and ticket.`,
                    );
                }
            }
            for (const d of state.settings.approvedExternalDestinations) {
                if (d.expires < state.today) {
                    reportViolation(
                        `approved external destination '${d.destination}' (ticket ${d.ticket}) expired on ${d.expires}, ${daysBetween(d.expires, state.today)} days ago, and approves nothing. Stop sending data there, or renew the approval with a new expiry and ticket.`,
                    );
                }
            }
        },
    };
}
