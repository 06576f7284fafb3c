import { declaresFlows, flowsOf, type Flow } from "../model/flows";
import { ResourceIndex } from "../model/graph";
import { residencyResourcePolicy } from "../model/resourcePolicyKit";
import { approvalFor, approvedList, expiredApproval } from "../model/settings";
import { describeFlow, sourceClassOf, type StackModel } from "../model/stackModel";

export const OWN_COPIES_TO_APPROVED_REGIONS = "own-copies-to-approved-regions";

/** A copy of the carrier itself to a region written in the carrier's own inputs (a replica region, say). */
function isOwnCopyToRegionLiteral(flow: Flow): boolean {
    return (
        flow.kind !== "key-replica" &&
        flow.destination.kind === "location" &&
        flow.sources.kind === "resources" &&
        flow.sources.resources.length === 1 &&
        flow.sources.resources[0].urn === flow.carrier.urn
    );
}

/**
 * True when this policy decides the copy from the carrier alone: its own copy to a region literal, its label
 * known and not raised by another copy. copies-stay-in-approved-locations leaves those copies to it.
 */
export function copyDecidedByLabel(model: StackModel, flow: Flow): boolean {
    if (!isOwnCopyToRegionLiteral(flow)) return false;
    const label = model.facts.get(flow.carrier.urn)?.label;
    return label?.kind === "known" && sourceClassOf(model, flow) === label.value;
}

/**
 * A labelled store's copies of itself to a region named in its own inputs (DynamoDB replica regions, OCI
 * volume replicas...) land where its label is approved. Decided before the store is created. Copies of other
 * stores, or to stores named by reference, need the graph: copies-stay-in-approved-locations judges those.
 */
export const ownCopiesToApprovedRegions = residencyResourcePolicy({
    name: OWN_COPIES_TO_APPROVED_REGIONS,
    description:
        "A labelled store's copies of itself to a region written in its own inputs land in a location approved for its data class. Checked before the store is created.",
    severity: "critical",
    roles: ["core-residency", "copy-destination"],
    remediationSteps: "Change the replica or copy region on the named resource to a location approved for its 'data-class' label, or remove the copy.",
    check: (r, settings, day, report, label) => {
        if (label.kind !== "known" || !declaresFlows(r.type)) return;
        let flows: Flow[];
        try {
            flows = flowsOf(r, new ResourceIndex([r]));
        } catch {
            return; // data-stores-classified reports flows that cannot be read, from the whole graph
        }
        const cls = label.value;
        for (const flow of flows) {
            if (!isOwnCopyToRegionLiteral(flow) || flow.destination.kind !== "location") continue;
            const to = flow.destination.location;
            if (approvalFor(settings, cls, to, day)) continue;
            const sunset = expiredApproval(settings, cls, to, day);
            const why = sunset ? `was approved for ${cls} only until ${sunset.until}` : `is not approved for ${cls}`;
            report(
                `${describeFlow(flow)} copies ${cls} to its destination in ${to} (from ${flow.destination.detail}), which ${why}. Approved: ${approvedList(settings, cls, day)}. Change '${flow.property}' or remove the copy.`,
            );
        }
    },
});
