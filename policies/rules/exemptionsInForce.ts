import type { StackValidationPolicy } from "@pulumi/policy";
import { endRun, exemptedInCurrentRun } from "../model/policyKit";
import { daysBetween, today } from "../model/settings";

export const EXEMPTIONS_IN_FORCE = "exemptions-in-force";

/**
 * Shows every violation an exemption set aside, with the exemption's reason, ticket and expiry, so that
 * exemptions stay visible in every preview. It must run last in the pack.
 */
export const exemptionsInForce: StackValidationPolicy = {
    name: EXEMPTIONS_IN_FORCE,
    description: "Lists the violations that exemptions in force set aside, with reason, ticket and days to expiry.",
    enforcementLevel: "advisory",
    severity: "low",
    remediationSteps: "Fix the exempted resource before the exemption expires; an expired exemption no longer applies.",
    validateStack: (args, reportViolation) => {
        const day = today();
        for (const e of exemptedInCurrentRun(args.resources)) {
            const left = daysBetween(day, e.exemption.expires);
            reportViolation(
                `EXEMPTED from ${e.policy} until ${e.exemption.expires} (${left} days left), ticket ${e.exemption.ticket}: ${e.exemption.reason} Violation set aside: ${e.message}`,
                e.urn,
            );
        }
        endRun();
    },
};
