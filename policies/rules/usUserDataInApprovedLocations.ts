import { residencyPolicy } from "../model/policyKit";
import { approvalFor, approvedList, expiredApproval } from "../model/settings";
import { describeFlow } from "../model/stackModel";
import { locationDecidedByLabel } from "./storeInLocationApprovedForItsLabel";

/** Every store that holds US user data (by label or by a copy it receives) is in a location approved for its class. */
export const usUserDataInApprovedLocations = residencyPolicy({
    name: "us-user-data-in-approved-locations",
    description: "Every data store is in a location approved for the class of data it holds, counting copies it receives; an unknown location is a violation.",
    severity: "critical",
    remediationSteps:
        "Create the store with an explicit provider (or resource-level region) in an approved location, or stop copying US user data into it. Approved locations are set in 'approvedLocations' of residency-config-valid.",
    check: (ctx, report) =>
        ctx.each((f) => {
            if (!f.isStore || f.error) return;
            // Decided before creation by store-in-location-approved-for-its-label; here only what needs the graph.
            if (locationDecidedByLabel(f)) return;
            const cls = f.effectiveClass ?? "us-user-data";
            const assumed = f.effectiveClass ? "" : " (its data class is not known, so it is held to the rules for us-user-data)";
            const tainted = f.taintedBy.length > 0 ? ` It holds ${cls} because it receives a copy: ${f.taintedBy.map(describeFlow).join("; ")}.` : "";
            const name = f.resource.name;
            if (f.location.kind === "unknown" || f.location.kind === "invalid") {
                report(
                    f.resource,
                    `'${name}' holds ${cls}${assumed} but its location is ${f.location.kind}: ${f.location.reason}. Pin it: ${f.location.fix}.${tainted}`,
                );
                return;
            }
            if (f.location.kind !== "known") return;
            if (approvalFor(ctx.settings, cls, f.location.location, ctx.today)) return;
            const sunset = expiredApproval(ctx.settings, cls, f.location.location, ctx.today);
            const why = sunset
                ? `${f.location.location} was approved for ${cls} only until ${sunset.until}`
                : `${f.location.location} is not approved for ${cls}`;
            report(
                f.resource,
                `'${name}' holds ${cls}${assumed} in ${f.location.location} (from ${f.location.detail}), but ${why}. Approved: ${approvedList(ctx.settings, cls, ctx.today)}. Move it there.${tainted}`,
            );
        }),
});
