import { resolveLocation } from "../model/location";
import { residencyResourcePolicy } from "../model/resourcePolicyKit";
import { approvalFor, approvedList, expiredApproval } from "../model/settings";
import type { ResourceFacts } from "../model/stackModel";

export const STORE_IN_LOCATION_APPROVED_FOR_ITS_LABEL = "store-in-location-approved-for-its-label";

/**
 * True when this policy decides a store's location from the store alone: its label is known and no
 * copy raised its class. us-user-data-in-approved-locations leaves those stores to it.
 */
export function locationDecidedByLabel(f: ResourceFacts): boolean {
    return f.label.kind === "known" && f.taintedBy.length === 0;
}

/**
 * A labelled store is in a location approved for its own label. Decided from the resource and its provider,
 * so `Analyze` rejects it before it is created. Classes raised by copies, and stores without a known label,
 * need the graph: us-user-data-in-approved-locations judges those at the end of the run.
 */
export const storeInLocationApprovedForItsLabel = residencyResourcePolicy({
    name: STORE_IN_LOCATION_APPROVED_FOR_ITS_LABEL,
    description:
        "A labelled data store is in a location approved for its own data class; an unknown location is a violation. Checked before the store is created.",
    severity: "critical",
    roles: ["core-residency", "store-location"],
    remediationSteps:
        "Create the store with an explicit provider (or resource-level region) in a location approved for its 'data-class' label. Approved locations are set in 'approvedLocations' of residency-config-valid.",
    check: (r, settings, day, report, label) => {
        if (label.kind !== "known") return;
        const cls = label.value;
        const labelled = label.source.startsWith("stack config") ? `labelled ${cls} by ${label.source}` : `labelled ${cls}`;
        const location = resolveLocation(r);
        if (location.kind === "not-applicable") return;
        if (location.kind !== "known") {
            report(`'${r.name}' is ${labelled} but its location is ${location.kind}: ${location.reason}. Pin it: ${location.fix}.`);
            return;
        }
        if (approvalFor(settings, cls, location.location, day)) return;
        const sunset = expiredApproval(settings, cls, location.location, day);
        const why = sunset ? `${location.location} was approved for ${cls} only until ${sunset.until}` : `${location.location} is not approved for ${cls}`;
        report(
            `'${r.name}' is ${labelled} and is in ${location.location} (from ${location.detail}), but ${why}. Approved: ${approvedList(settings, cls, day)}. Move it there.`,
        );
    },
});
