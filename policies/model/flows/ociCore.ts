/** OCI Core: volume replicas, clones, backup policies named by a volume or assigned to it. */
import { TYPE_TOKENS } from "../catalogue";
import type { ModelResource, ResourceIndex } from "../graph";
import { makeLocation } from "../location";
import { ociRegionOfAvailabilityDomain } from "../regions";
import { get, isString, list, UNKNOWN } from "../unknown";
import { Extractor, Flow, FlowDestination, madeFromFlows, regionDestination, self, set, sourcesFrom } from "./flow";

const CLONE_SOURCES = set(TYPE_TOKENS.ociVolume, TYPE_TOKENS.ociBootVolume, "oci:Core/volumeBackup:VolumeBackup", "oci:Core/bootVolumeBackup:BootVolumeBackup");

/** A backup policy named by `backupPolicyId` copies the volume's backups wherever its `destinationRegion` says. */
function ociBackupPolicyFlows(r: ModelResource, index: ResourceIndex): Flow[] {
    const value = get(r.props, "backupPolicyId");
    if (value === undefined || value === null || value === "") return [];
    const ref = index.resolve(r, "backupPolicyId", value, set(TYPE_TOKENS.ociVolumeBackupPolicy));
    if (ref.kind === "resources") {
        return ref.resources.flatMap((policy): Flow[] => {
            const dest = get(policy.props, "destinationRegion");
            if (dest === undefined || dest === null || dest === "") return [];
            return [
                {
                    kind: "backup-copy",
                    carrier: r,
                    property: "backupPolicyId",
                    sources: self(r),
                    destination: regionDestination("oci", dest, `destinationRegion of backup policy '${policy.name}'`),
                },
            ];
        });
    }
    const reason =
        ref.kind === "external"
            ? `backup policy '${ref.value.slice(0, 120)}' is outside this stack, so where it copies backups cannot be checked`
            : ref.kind === "unknown"
              ? ref.reason
              : "'backupPolicyId' is not set";
    return [{ kind: "backup-copy", carrier: r, property: "backupPolicyId", sources: self(r), destination: { kind: "unknown", reason } }];
}

function ociVolumeFlows(r: ModelResource, index: ResourceIndex, replicasProp: string): Flow[] {
    const flows: Flow[] = ociBackupPolicyFlows(r, index);
    const replicas = list(r.props, replicasProp);
    if (replicas === UNKNOWN) {
        flows.push({
            kind: "replica",
            carrier: r,
            property: replicasProp,
            sources: self(r),
            destination: { kind: "unknown", reason: `'${replicasProp}' is not known at preview` },
        });
    } else {
        replicas.forEach((rep, i) => {
            const path = `${replicasProp}[${i}].availabilityDomain`;
            const ad = get(rep, "availabilityDomain");
            let destination: FlowDestination;
            if (ad === UNKNOWN) destination = { kind: "unknown", reason: `'${path}' is not known at preview` };
            else if (!isString(ad)) destination = { kind: "unknown", reason: `'${path}' is not set` };
            else {
                const region = ociRegionOfAvailabilityDomain(ad);
                destination = region.ok
                    ? { kind: "location", location: makeLocation("oci", region.region), detail: `'${path}'` }
                    : { kind: "invalid", reason: `'${path}': ${region.reason}` };
            }
            flows.push({ kind: "replica", carrier: r, property: path, sources: self(r), destination });
        });
    }
    // A volume made from another (a clone, a restore from a backup or a replica, a delta of two backups) holds what
    // that one holds. A source outside the stack or not known at preview is an unknown source, held to us-user-data.
    const details = get(r.props, "sourceDetails");
    const madeFrom =
        details === UNKNOWN
            ? [{ property: "sourceDetails", value: UNKNOWN, types: CLONE_SOURCES }]
            : ["id", "firstBackupId", "secondBackupId"].map((field) => ({
                  property: `sourceDetails.${field}`,
                  value: get(details, field),
                  types: CLONE_SOURCES,
              }));
    flows.push(...madeFromFlows(r, index, madeFrom, "the source volume or backup"));
    return flows;
}

/** Every flow a resource declares. Types with no copy semantics declare none. */

export const ociCoreExtractors: Record<string, Extractor> = {
    [TYPE_TOKENS.ociVolumeBackupPolicyAssignment]: (r, index) => {
        const sources = sourcesFrom(
            index.resolveSources(
                r,
                "assetId",
                get(r.props, "assetId"),
                set(TYPE_TOKENS.ociVolume, TYPE_TOKENS.ociBootVolume, "oci:Core/volumeGroup:VolumeGroup"),
            ),
            "backed-up volume",
        );
        const policyRef = index.resolve(r, "policyId", get(r.props, "policyId"), set(TYPE_TOKENS.ociVolumeBackupPolicy));
        if (policyRef.kind !== "resources") {
            const reason =
                policyRef.kind === "external"
                    ? `backup policy '${policyRef.value.slice(0, 120)}' is outside this stack, so where it copies backups cannot be checked`
                    : policyRef.kind === "unknown"
                      ? policyRef.reason
                      : "'policyId' is not set";
            return [{ kind: "backup-copy", carrier: r, property: "policyId", sources, destination: { kind: "unknown", reason } }];
        }
        return policyRef.resources.flatMap((policy): Flow[] => {
            const dest = get(policy.props, "destinationRegion");
            if (dest === undefined || dest === null || dest === "") return [];
            return [
                {
                    kind: "backup-copy",
                    carrier: policy,
                    property: "destinationRegion",
                    sources,
                    destination: regionDestination("oci", dest, `destinationRegion of backup policy '${policy.name}'`),
                },
            ];
        });
    },
    [TYPE_TOKENS.ociVolume]: (r, index) => ociVolumeFlows(r, index, "blockVolumeReplicas"),
    [TYPE_TOKENS.ociBootVolume]: (r, index) => ociVolumeFlows(r, index, "bootVolumeReplicas"),
};
