import { residencyPolicy } from "../model/policyKit";
import { describeRole, holdsData, movesData, taintable } from "../model/roles";
import { approvalFor, approvedAnywhere, approvedList, expiredApproval } from "../model/settings";
import { describeFlow, describeRaise, ResourceFacts } from "../model/stackModel";
import { locationDecidedByLabel } from "./storeInLocationApprovedForItsLabel";

const CLASSIFY = "If the type never holds or moves user data, classify it in policies/model/catalogue (see README, 'Classifying a resource type')";
/** For a resource a class reached whatever its category: only a type proven inert stops a taint. */
const TAINTED =
    "Whatever its category, a resource that takes data is held to where that data may be; only a type proven inert (policies/model/catalogue/inert.ts: it cannot store, forward, log, export or invoke anything) stops it. If this is a false alarm, stop it taking that data, or prove its type inert";

/** Why a resource is held to a class: its own label, copies it receives, inputs it takes. */
function whyItHolds(f: ResourceFacts, cls: string, verb: string): string {
    const parts: string[] = [];
    if (f.taintedBy.length > 0) parts.push(`it receives a copy: ${f.taintedBy.map(describeFlow).join("; ")}`);
    if (f.raisedBy.length > 0) parts.push(describeRaise(f));
    return parts.length > 0 ? ` It ${verb} ${cls} because ${parts.join("; ")}.` : "";
}

/**
 * Every resource that holds or moves data is in a location approved for the class of that data: stores
 * (by label, by type, or because the catalogue does not know the type), and every other resource except
 * reference-only ones once data flows into it.
 */
export const usUserDataInApprovedLocations = residencyPolicy({
    name: "us-user-data-in-approved-locations",
    description:
        "Every data store, and every resource that takes data from one, is in a location approved for the class of data it holds or moves, counting copies and inputs; an unknown location is a violation.",
    severity: "critical",
    roles: ["core-residency", "store-location"],
    remediationSteps:
        "Create the resource with an explicit provider (or resource-level region) in an approved location, or stop it taking data from stores of that class. Approved locations are set in 'approvedLocations' of residency-config-valid.",
    check: (ctx, report) =>
        ctx.each((f) => {
            if (f.error) return;
            const tainted = !f.isStore && !f.inert && taintable(f.role) && (f.raisedBy.length > 0 || f.taintedBy.length > 0);
            if (!f.isStore && !tainted) return;
            // Decided before creation by store-in-location-approved-for-its-label (its own label, a place it can judge);
            // here what needs the graph: classes raised by copies or inputs, and places that policy passes over.
            if (f.isStore && locationDecidedByLabel(f) && f.raisedBy.length === 0 && f.location.kind !== "not-applicable") return;
            const cls = f.effectiveClass ?? "us-user-data";
            if (tainted && cls === "no-user-data") return;
            // Approval comes first; the texts of a violation are made only for one.
            if (f.location.kind === "known" && approvalFor(ctx.settings, cls, f.location.location, ctx.today)) return;
            if (f.location.kind === "not-applicable") {
                // Resources outside AWS and OCI: only what holds or moves data needs a place, and it has none the pack can tell.
                const placed = holdsData(f.role) || movesData(f.role) || f.isStore;
                if (!placed || approvedAnywhere(ctx.settings, cls, ctx.today)) return;
            }
            const assumed = f.effectiveClass ? "" : " (its data class is not known, so it is held to the rules for us-user-data)";
            const why = whyItHolds(f, cls, tainted ? "holds or moves" : "holds");
            const name = f.resource.name;
            const what =
                f.role === "unclassified"
                    ? ` (${f.resource.type}: ${describeRole(f.role)})`
                    : tainted
                      ? ` (${f.resource.type}, catalogued as ${describeRole(f.role)})`
                      : "";
            const classify = f.role === "unclassified" ? ` ${CLASSIFY}.` : tainted ? ` ${TAINTED}.` : "";
            if (f.location.kind === "not-applicable") {
                report(
                    f.resource,
                    `'${name}'${what} holds or moves ${cls}${assumed}, but where it runs or keeps data cannot be determined: its type is not an AWS or OCI resource.${why} Remove it, or make sure it never takes user data.${classify}`,
                );
                return;
            }
            if (f.location.kind === "unknown" || f.location.kind === "invalid") {
                report(
                    f.resource,
                    `'${name}'${what} holds${tainted ? " or moves" : ""} ${cls}${assumed} but its location is ${f.location.kind}: ${f.location.reason}. Pin it: ${f.location.fix}.${why}${classify}`,
                );
                return;
            }
            const sunset = expiredApproval(ctx.settings, cls, f.location.location, ctx.today);
            const notApproved = sunset
                ? `${f.location.location} was approved for ${cls} only until ${sunset.until}`
                : `${f.location.location} is not approved for ${cls}`;
            report(
                f.resource,
                `'${name}'${what} holds${tainted ? " or moves" : ""} ${cls}${assumed} in ${f.location.location} (from ${f.location.detail}), but ${notApproved}. Approved: ${approvedList(ctx.settings, cls, ctx.today)}. Move it there${tainted ? `, or stop it taking ${cls}` : ""}.${why}${classify}`,
            );
        }),
});
