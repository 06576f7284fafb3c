import { residencyPolicy } from "../model/policyKit";
import { approvalFor, approvedList, expiredApproval } from "../model/settings";
import { describeFlow, destinationLocations, sourceClassOf } from "../model/stackModel";
import { copyDecidedByLabel } from "./ownCopiesToApprovedRegions";

/** Every replication, backup copy and replica lands where the class of the copied data is approved. */
export const copiesStayInApprovedLocations = residencyPolicy({
    name: "copies-stay-in-approved-locations",
    description:
        "Every replication rule, backup copy, replica and snapshot copy lands in a location approved for the class of the data it copies; an unknown destination is a violation.",
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
                    ? ""
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
                            `${describeFlow(flow)} copies ${cls}${assumed}, but where ${target} is cannot be determined: ${dest.reason}. Make the destination a resource of this stack with a pinned region, or set the destination region explicitly.${generic}`,
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
    },
});
