import type { PolicyResource, ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { currentRunOf, endRun, type ExemptedViolation } from "../model/policyKit";
import { roleTags } from "../model/policyRoles";
import { takeExemptedInAnalyze } from "../model/resourcePolicyKit";
import { daysBetween, exemptedResources, type Exemption, sameExemption } from "../model/settings";

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

const EXEMPTED_HEAD = /^EXEMPTED from (\S+) until (\d{4}-\d{2}-\d{2}) \((-?\d+) days left\), ticket /;
const SET_ASIDE = " Violation set aside: ";

/**
 * The parts of a message `formatExempted` wrote, or undefined for any other message. Read as
 * `ticket (.*?): ([\s\S]*?)\.? Violation set aside: ([\s\S]*)$` reads it, with two searches instead of that
 * expression's backtracking, which is quadratic in a message (a report's input) built to defeat it. Older packs
 * put a "." after the reason; both forms read back.
 */
export function parseExempted(message: string): ExemptedResult | undefined {
    const m = EXEMPTED_HEAD.exec(message);
    if (!m) return undefined;
    // The ticket ends at the first ": " (on its own line); the reason at the first " Violation set aside: " after it.
    const ticketStart = m[0].length;
    const colon = message.indexOf(": ", ticketStart);
    if (colon < 0 || /[\n\r\u2028\u2029]/.test(message.slice(ticketStart, colon))) return undefined;
    const aside = message.indexOf(SET_ASIDE, colon + 2);
    if (aside < 0) return undefined;
    const reasonEnd = aside - 1 >= colon + 2 && message[aside - 1] === "." ? aside - 1 : aside;
    return {
        policy: m[1],
        expires: m[2],
        daysLeft: Number(m[3]),
        ticket: message.slice(ticketStart, colon),
        reason: message.slice(colon + 2, reasonEnd),
        violation: message.slice(aside + SET_ASIDE.length),
    };
}

/**
 * Each resource an exemption in force names, on which it set nothing aside: its policy no longer reports that
 * resource (fixed, renamed, or never there). Reported so that the policy config does not rot: a stale exemption
 * would set aside, unreviewed, whatever that resource does wrong next.
 */
function reportStale(exemptions: Exemption[], setAside: ExemptedViolation[], resources: PolicyResource[], day: string, report: ReportViolation): void {
    for (const e of exemptions) {
        if (e.expires < day) continue;
        for (const named of exemptedResources(e)) {
            const used = setAside.some((v) => sameExemption(v.exemption, e) && (v.name === named || v.urn === named));
            if (used) continue;
            const resource = resources.find((r) => r.urn === named || r.name === named);
            const why = resource ? `${e.policy} reports no violation on '${named}'` : `this stack has no resource '${named}'`;
            report(
                `exemption of '${named}' from ${e.policy} (ticket ${e.ticket}) set nothing aside: ${why}. Remove it from the policy config, or correct its policy or resource.`,
                resource?.urn,
            );
        }
    }
}

/**
 * Shows every violation an exemption set aside, with the exemption's reason, ticket and expiry, so that
 * exemptions stay visible in every preview, and every exemption that set nothing aside. It must run last in the pack.
 */
export const exemptionsInForce: StackValidationPolicy = {
    name: EXEMPTIONS_IN_FORCE,
    description: "Lists the violations that exemptions in force set aside, with reason, ticket and days to expiry, and the exemptions that set nothing aside.",
    enforcementLevel: "advisory",
    severity: "low",
    tags: roleTags(["core-residency", "hygiene"]),
    remediationSteps:
        "Fix the exempted resource before the exemption expires; an expired exemption no longer applies. Remove an exemption that sets nothing aside.",
    validateStack: (args, reportViolation) => {
        const run = currentRunOf(args.resources);
        // What the stack policies set aside in this request, and the resource policies in Analyze before it.
        const setAside = [...run.exempted, ...takeExemptedInAnalyze()];
        for (const e of setAside) {
            const { expires, ticket, reason } = e.exemption;
            reportViolation(
                formatExempted({ policy: e.policy, expires, daysLeft: daysBetween(run.today, expires), ticket, reason, violation: e.message }),
                e.urn,
            );
        }
        reportStale(run.settings.exemptions, setAside, args.resources, run.today, reportViolation);
        endRun();
    },
};
