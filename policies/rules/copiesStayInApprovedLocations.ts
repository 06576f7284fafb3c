import { approvedExternal } from "../model/externalDestinations";
import { type CheckContext, type Report, residencyPolicy } from "../model/policyKit";
import { holdsData, movesData } from "../model/roles";
import { approvalFor, approvedList, expiredApproval } from "../model/settings";
import { carriedClass, type DestinationCheck, describeFlow, destinationLocations, sourceClassOf, sourceOutsideNote } from "../model/stackModel";
import { copyDecidedByLabel } from "./ownCopiesToApprovedRegions";

const FIX_DESTINATION =
    "Point it at a resource of this stack in an approved location, or have the destination approved in 'approvedExternalDestinations' of residency-config-valid (with its location, classes, reason, ticket and expiry)";

/** A place named by a resource that holds or moves user data: a resource of the stack judged by where it is, an approved external destination, or a violation. */
function checkDestination(ctx: CheckContext, report: Report, d: DestinationCheck): void {
    const f = ctx.model.facts.get(d.carrier.urn);
    const cls = carriedClass(f) ?? "us-user-data";
    if (cls === "no-user-data") return;
    const assumed = carriedClass(f) ? sourceOutsideNote(f) : " (its data class is not known: held to the rules for us-user-data)";
    const what = `'${d.carrier.name}' holds or moves ${cls}${assumed} and '${d.path}' names ${d.literal ? `'${d.literal.slice(0, 120)}' (${d.what})` : "a resource it depends on"}`;
    const p = d.place;
    switch (p.kind) {
        case "resources":
            for (const x of p.resources) {
                const g = ctx.model.facts.get(x.urn);
                if (!g || g.inert) continue;
                const loc = g.location;
                if (loc.kind === "known") {
                    if (approvalFor(ctx.settings, cls, loc.location, ctx.today)) continue;
                    report(
                        d.carrier,
                        `${what}: '${x.name}' is in ${loc.location}, which is not approved for ${cls}. Approved: ${approvedList(ctx.settings, cls, ctx.today)}. ${FIX_DESTINATION}.`,
                    );
                } else if (loc.kind === "not-applicable") {
                    if (!holdsData(g.role) && !movesData(g.role) && !g.isStore) continue;
                    report(d.carrier, `${what}: '${x.name}' (${x.type}) may hold or move data, and where it does cannot be determined. ${FIX_DESTINATION}.`);
                } else {
                    report(d.carrier, `${what}: the location of '${x.name}' is ${loc.kind}: ${loc.reason}. ${FIX_DESTINATION}.`);
                }
            }
            return;
        case "location":
            if (approvalFor(ctx.settings, cls, p.location, ctx.today)) return;
            report(
                d.carrier,
                `${what}, in ${p.location}, which is not approved for ${cls}. Approved: ${approvedList(ctx.settings, cls, ctx.today)}. ${FIX_DESTINATION}.`,
            );
            return;
        case "external":
            if (approvedExternal(ctx.settings.approvedExternalDestinations, p.uri, cls, ctx.today)) return;
            report(
                d.carrier,
                `${what}: '${p.uri.slice(0, 160)}' is outside this stack${p.note ? ` (${p.note})` : ""} and no approved external destination in force allows ${cls} there. ${FIX_DESTINATION}.`,
            );
            return;
        case "unknown":
            // A cloud host that names no region (an OCI identity domain, a global endpoint) is placed only by an
            // approved external destination that names it, with its location, classes, ticket and expiry.
            if (p.host && approvedExternal(ctx.settings.approvedExternalDestinations, p.host, cls, ctx.today)) return;
            report(d.carrier, `${what}, and where that is cannot be determined: ${p.reason}. ${FIX_DESTINATION}.`);
            return;
    }
}

/** Every replication, backup copy and replica lands where the class of the copied data is approved. */
export const copiesStayInApprovedLocations = residencyPolicy({
    name: "copies-stay-in-approved-locations",
    description:
        "Every replication rule, backup copy, replica and snapshot copy, and every place a resource holding or moving user data names (URLs, hosts, ARNs, OCIDs, emails, buckets, zones, resources it depends on), is in a location approved for the class of that data or is an approved external destination; an unknown destination is a violation.",
    severity: "critical",
    roles: ["core-residency", "copy-destination"],
    remediationSteps:
        "Point the copy at a store in this stack in an approved location, or at an approved region; remove copies to other regions. A destination outside the stack must be brought into the stack so its location can be checked.",
    check: (ctx, report) => {
        for (const flow of ctx.model.flows) {
            if (flow.kind === "key-replica") continue; // keys-in-approved-locations checks key replicas
            // own-copies-to-approved-regions decides the modelled ones before creation; region literals need the graph.
            if (flow.kind !== "region-literal" && copyDecidedByLabel(ctx.model, flow)) continue;
            try {
                const known = sourceClassOf(ctx.model, flow);
                const cls = known ?? "us-user-data";
                const assumed = known
                    ? flow.kind === "region-literal"
                        ? sourceOutsideNote(ctx.model.facts.get(flow.carrier.urn))
                        : ""
                    : flow.sources.kind === "unknown"
                      ? ` (its source cannot be determined: ${flow.sources.reason}; held to the rules for us-user-data)`
                      : " (a source has no known data class; held to the rules for us-user-data)";
                // A region written in the inputs of a type that can copy: say what was found and how to clear a false alarm.
                const generic =
                    flow.kind === "region-literal"
                        ? ` If '${flow.property}' is not where data goes, classify ${flow.carrier.type} in policies/model/catalogue (see README, 'Classifying a resource type').`
                        : "";
                if (flow.kind === "region-literal" && cls === "no-user-data") continue;
                for (const dest of destinationLocations(ctx.model, flow)) {
                    const target = dest.store ? `'${dest.store.name}'` : "its destination";
                    if (!dest.location) {
                        report(
                            flow.carrier,
                            `${describeFlow(flow)} copies ${cls}${assumed}, but where ${target} is cannot be determined: ${dest.reason}. ${flow.kind === "share" ? "Remove the share: copy what the other account needs to a store of this stack in an approved location instead." : "Make the destination a resource of this stack with a pinned region, or set the destination region explicitly."}${generic}`,
                        );
                        continue;
                    }
                    if (approvalFor(ctx.settings, cls, dest.location, ctx.today)) continue;
                    const sunset = expiredApproval(ctx.settings, cls, dest.location, ctx.today);
                    const why = sunset ? `was approved for ${cls} only until ${sunset.until}` : `is not approved for ${cls}`;
                    report(
                        flow.carrier,
                        `${describeFlow(flow)} copies ${cls}${assumed} to ${target} in ${dest.location}, which ${why}. Approved: ${approvedList(ctx.settings, cls, ctx.today)}. Change '${flow.property}' or remove the copy.${generic}`,
                    );
                }
            } catch (e) {
                report(
                    flow.carrier,
                    `the copy declared by '${flow.carrier.name}'.${flow.property} could not be checked: ${(e as Error).message}. Treated as a violation.`,
                );
            }
        }
        for (const d of ctx.model.destinations) {
            try {
                checkDestination(ctx, report, d);
            } catch (e) {
                report(d.carrier, `the destination '${d.carrier.name}'.${d.path} could not be checked: ${(e as Error).message}. Treated as a violation.`);
            }
        }
    },
});
