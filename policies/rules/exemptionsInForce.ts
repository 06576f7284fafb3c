import type { StackValidationPolicy } from "@pulumi/policy";
import { endRun, exemptedInCurrentRun } from "../model/policyKit";
import { takeExemptedInAnalyze } from "../model/resourcePolicyKit";
import { daysBetween, today } from "../model/settings";

export const EXEMPTIONS_IN_FORCE = "exemptions-in-force";

/** An exempted violation as this policy reports it, and as the report reads it back. */
export interface ExemptedResult {
    policy: string;
    expires: string;
    daysLeft: number;
    ticket: string;
    reason: string;
    violation: string;
}

export function formatExempted(e: ExemptedResult): string {
    return `EXEMPTED from ${e.policy} until ${e.expires} (${e.daysLeft} days left), ticket ${e.ticket}: ${e.reason} Violation set aside: ${e.violation}`;
}

// Older packs put a "." after the reason; both forms read back.
const EXEMPTED = /^EXEMPTED from (\S+) until (\d{4}-\d{2}-\d{2}) \((-?\d+) days left\), ticket (.*?): ([\s\S]*?)\.? Violation set aside: ([\s\S]*)$/;

/** The parts of a message `formatExempted` wrote, or undefined for any other message. */
export function parseExempted(message: string): ExemptedResult | undefined {
    const m = EXEMPTED.exec(message);
    if (!m) return undefined;
    return { policy: m[1], expires: m[2], daysLeft: Number(m[3]), ticket: m[4], reason: m[5], violation: m[6] };
}

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
        // What the stack policies set aside in this request, and the resource policies in Analyze before it.
        for (const e of [...exemptedInCurrentRun(args.resources), ...takeExemptedInAnalyze()]) {
            const { expires, ticket, reason } = e.exemption;
            reportViolation(formatExempted({ policy: e.policy, expires, daysLeft: daysBetween(day, expires), ticket, reason, violation: e.message }), e.urn);
        }
        endRun();
    },
};
