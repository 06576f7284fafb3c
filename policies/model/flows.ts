import { DATA_STORE_TYPES, T } from "./catalogue";
import { ModelResource, RefResult, ResourceIndex } from "./graph";
import { Location, makeLocation, resolveLocation } from "./location";
import { locationOfArn } from "./arn";
import { normalizeRegion, ociRegionOfAvailabilityDomain, Cloud } from "./regions";
import { get, getPath, isString, list, UNKNOWN } from "./unknown";

export type FlowKind = "replication" | "backup" | "backup-copy" | "replica" | "snapshot-copy" | "key-replica" | "clone" | "region-literal";

/** Where a copy lands: stores in this stack, a location, or something the analyzer cannot determine. */
export type FlowDestination =
    | { kind: "resources"; resources: ModelResource[] }
    | { kind: "location"; location: Location; detail: string }
    | { kind: "unknown"; reason: string }
    | { kind: "invalid"; reason: string };

export type FlowSources = { kind: "resources"; resources: ModelResource[] } | { kind: "unknown"; reason: string };

/** One edge of data leaving a store: declared by `carrier` through `property`. */
export interface Flow {
    kind: FlowKind;
    carrier: ModelResource;
    property: string;
    sources: FlowSources;
    destination: FlowDestination;
}

const set = (...types: string[]): ReadonlySet<string> => new Set<string>(types);
const S3_BUCKETS = set(T.s3Bucket, T.s3BucketV2);
const BACKUP_VAULTS = set(T.backupVault, T.backupAirGappedVault);
const KEY_SOURCES = set(T.kmsKey);

function sourcesFrom(ref: RefResult, what: string): FlowSources {
    if (ref.kind === "resources") return { kind: "resources", resources: ref.resources };
    if (ref.kind === "unknown") return { kind: "unknown", reason: ref.reason };
    if (ref.kind === "external") return { kind: "unknown", reason: `${what} '${ref.value.slice(0, 120)}' is outside this stack` };
    return { kind: "unknown", reason: `${what} is not set` };
}

function regionDestination(cloud: Cloud, value: unknown, path: string): FlowDestination {
    if (value === UNKNOWN) return { kind: "unknown", reason: `'${path}' is not known at preview` };
    if (!isString(value) || value === "") return { kind: "unknown", reason: `'${path}' is not set` };
    const region = normalizeRegion(cloud, value);
    if (!region.ok) return { kind: "invalid", reason: `'${path}': ${region.reason}` };
    return { kind: "location", location: makeLocation(cloud, region.region), detail: `'${path}'` };
}

/** A reference to a destination store: in the stack, by ARN region, or undeterminable. */
function referenceDestination(ref: RefResult, path: string): FlowDestination | undefined {
    switch (ref.kind) {
        case "resources":
            return { kind: "resources", resources: ref.resources };
        case "unknown":
            return { kind: "unknown", reason: ref.reason };
        case "external": {
            const location = locationOfArn(ref.value);
            if (location) return { kind: "location", location, detail: `the region in the ARN of '${path}'` };
            return {
                kind: "unknown",
                reason: `'${path}' names '${ref.value.slice(0, 120)}', which is outside this stack and carries no region`,
            };
        }
        default:
            return undefined;
    }
}

function planRegionDestination(plan: ModelResource, path: string): FlowDestination {
    const loc = resolveLocation(plan);
    if (loc.kind === "known")
        return { kind: "location", location: loc.location, detail: `the region of backup plan '${plan.name}' ('${path}' names a vault there)` };
    if (loc.kind === "unknown" || loc.kind === "invalid")
        return { kind: "unknown", reason: `'${path}' names a vault in the backup plan's region, and that is ${loc.kind}: ${loc.reason}` };
    return { kind: "unknown", reason: `'${path}' names a vault outside this stack` };
}

const self = (r: ModelResource): FlowSources => ({ kind: "resources", resources: [r] });
const into = (r: ModelResource): FlowDestination => ({ kind: "resources", resources: [r] });

/** One flow per entry of a list property (at `listPath`) whose entries name the region the copy lands in. */
function regionListFlows(r: ModelResource, cloud: Cloud, kind: FlowKind, listPath: string[], regionField: string): Flow[] {
    const base = listPath.join(".");
    const owner = listPath.length > 1 ? getPath(r.props, ...listPath.slice(0, -1)) : r.props;
    const entries = owner === UNKNOWN ? UNKNOWN : list(owner, listPath[listPath.length - 1]);
    if (entries === UNKNOWN) {
        return [{ kind, carrier: r, property: base, sources: self(r), destination: { kind: "unknown", reason: `'${base}' is not known at preview` } }];
    }
    return entries.map((entry, i) => {
        const path = `${base}[${i}].${regionField}`;
        return { kind, carrier: r, property: path, sources: self(r), destination: regionDestination(cloud, get(entry, regionField), path) };
    });
}

type Extractor = (r: ModelResource, index: ResourceIndex) => Flow[];

function s3Rules(r: ModelResource, index: ResourceIndex, rules: unknown[] | typeof UNKNOWN, base: string, sources: FlowSources): Flow[] {
    if (rules === UNKNOWN)
        return [{ kind: "replication", carrier: r, property: base, sources, destination: { kind: "unknown", reason: `'${base}' is not known at preview` } }];
    return rules.map((rule, i) => {
        const path = `${base}[${i}].destination.bucket`;
        const value = getPath(rule, "destination", "bucket");
        const destination = referenceDestination(index.resolve(r, path, value, S3_BUCKETS), path) ?? {
            kind: "unknown" as const,
            reason: `'${path}' is not set`,
        };
        return { kind: "replication" as const, carrier: r, property: path, sources, destination };
    });
}

// Server access logs record requests (who, when, which key), never object contents: the log bucket is held
// to its own label, and the logging setting names no destination of user data.
const noDataFlows: Extractor = () => [];

/** One flow per destination bucket of each rule of an inline replication config: `destination.bucket` or `destinations[j].bucket`. */
function s3InlineRules(r: ModelResource, index: ResourceIndex, rules: unknown[] | typeof UNKNOWN, base: string): Flow[] {
    if (rules === UNKNOWN)
        return [
            {
                kind: "replication",
                carrier: r,
                property: base,
                sources: self(r),
                destination: { kind: "unknown", reason: `'${base}' is not known at preview` },
            },
        ];
    return rules.flatMap((rule, i) => {
        const listed = list(rule, "destinations");
        if (listed === UNKNOWN) {
            const path = `${base}[${i}].destinations`;
            return [
                {
                    kind: "replication" as const,
                    carrier: r,
                    property: path,
                    sources: self(r),
                    destination: { kind: "unknown" as const, reason: `'${path}' is not known at preview` },
                },
            ];
        }
        const targets =
            listed.length > 0
                ? listed.map((d, j) => ({ d, path: `${base}[${i}].destinations[${j}].bucket` }))
                : [{ d: get(rule, "destination"), path: `${base}[${i}].destination.bucket` }];
        return targets.map(({ d, path }) => {
            const destination = referenceDestination(index.resolve(r, path, get(d, "bucket"), S3_BUCKETS), path) ?? {
                kind: "unknown" as const,
                reason: `'${path}' is not set`,
            };
            return { kind: "replication" as const, carrier: r, property: path, sources: self(r), destination };
        });
    });
}

/** Inline replication of a bucket: `replicationConfiguration` (Bucket) or `replicationConfigurations[]` (BucketV2). */
function s3InlineReplication(r: ModelResource, index: ResourceIndex): Flow[] {
    const flows: Flow[] = [];
    const single = get(r.props, "replicationConfiguration");
    if (single === UNKNOWN) {
        flows.push({
            kind: "replication",
            carrier: r,
            property: "replicationConfiguration",
            sources: self(r),
            destination: { kind: "unknown", reason: "'replicationConfiguration' is not known at preview" },
        });
    } else if (single !== undefined && single !== null) {
        flows.push(...s3InlineRules(r, index, list(single, "rules"), "replicationConfiguration.rules"));
    }
    const many = list(r.props, "replicationConfigurations");
    if (many === UNKNOWN) {
        flows.push({
            kind: "replication",
            carrier: r,
            property: "replicationConfigurations",
            sources: self(r),
            destination: { kind: "unknown", reason: "'replicationConfigurations' is not known at preview" },
        });
    } else {
        many.forEach((config, k) => flows.push(...s3InlineRules(r, index, list(config, "rules"), `replicationConfigurations[${k}].rules`)));
    }
    return flows;
}

const EXTRACTORS: Record<string, Extractor> = {
    [T.s3BucketLogging]: noDataFlows,
    [T.s3BucketLoggingV2]: noDataFlows,
    [T.s3Replication]: (r, index) => {
        const sources = sourcesFrom(index.resolveSources(r, "bucket", get(r.props, "bucket"), S3_BUCKETS), "source bucket");
        return s3Rules(r, index, list(r.props, "rules"), "rules", sources);
    },
    [T.s3Bucket]: (r, index) => s3InlineReplication(r, index),
    [T.s3BucketV2]: (r, index) => s3InlineReplication(r, index),
    [T.backupSelection]: (r, index) => {
        const planRef = index.resolve(r, "planId", get(r.props, "planId"), set(T.backupPlan));
        const resources = list(r.props, "resources");
        let sources: FlowSources;
        if (resources === UNKNOWN) {
            const byGraph = index.candidatesOf(r, "resources", DATA_STORE_TYPES);
            sources = byGraph.length > 0 ? { kind: "resources", resources: byGraph } : { kind: "unknown", reason: "'resources' is not known at preview" };
        } else {
            const found: ModelResource[] = [];
            let unresolved: string | undefined;
            resources.forEach((value, i) => {
                const ref = index.resolveSources(r, `resources[${i}]`, value, DATA_STORE_TYPES);
                if (ref.kind === "resources") found.push(...ref.resources.filter((x) => !found.includes(x)));
                else if (ref.kind === "unknown") unresolved = ref.reason;
                else if (ref.kind === "external") unresolved = `'resources[${i}]' ('${String(value).slice(0, 120)}') is not a store of this stack`;
            });
            for (const prop of ["selectionTags", "conditions"]) {
                const v = get(r.props, prop);
                if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0))
                    unresolved = `the selection picks resources by '${prop}', which the analyzer cannot enumerate`;
            }
            sources = !unresolved ? { kind: "resources", resources: found } : { kind: "unknown", reason: unresolved };
        }
        if (planRef.kind !== "resources") {
            const reason =
                planRef.kind === "external"
                    ? `backup plan '${planRef.value.slice(0, 120)}' is outside this stack`
                    : planRef.kind === "unknown"
                      ? planRef.reason
                      : "'planId' is not set";
            return [{ kind: "backup", carrier: r, property: "planId", sources, destination: { kind: "unknown", reason } }];
        }
        const flows: Flow[] = [];
        for (const plan of planRef.resources) {
            const rules = list(plan.props, "rules");
            if (rules === UNKNOWN) {
                flows.push({
                    kind: "backup",
                    carrier: plan,
                    property: "rules",
                    sources,
                    destination: { kind: "unknown", reason: `'rules' of backup plan '${plan.name}' is not known at preview` },
                });
                continue;
            }
            rules.forEach((rule, i) => {
                const vaultPath = `rules[${i}].targetVaultName`;
                const targetRef = index.resolve(plan, vaultPath, get(rule, "targetVaultName"), BACKUP_VAULTS);
                // A target vault is named, not addressed: AWS Backup keeps it in the plan's own region.
                const target =
                    targetRef.kind === "external" || targetRef.kind === "unknown"
                        ? planRegionDestination(plan, vaultPath)
                        : referenceDestination(targetRef, vaultPath);
                if (target) flows.push({ kind: "backup", carrier: plan, property: vaultPath, sources, destination: target });
                const copies = list(rule, "copyActions");
                if (copies === UNKNOWN) {
                    flows.push({
                        kind: "backup-copy",
                        carrier: plan,
                        property: `rules[${i}].copyActions`,
                        sources,
                        destination: { kind: "unknown", reason: `'rules[${i}].copyActions' is not known at preview` },
                    });
                    return;
                }
                copies.forEach((copy, j) => {
                    const path = `rules[${i}].copyActions[${j}].destinationVaultArn`;
                    const dest = referenceDestination(index.resolve(plan, path, get(copy, "destinationVaultArn"), BACKUP_VAULTS), path) ?? {
                        kind: "unknown" as const,
                        reason: `'${path}' is not set`,
                    };
                    flows.push({ kind: "backup-copy", carrier: plan, property: path, sources, destination: dest });
                });
            });
        }
        return flows;
    },
    "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": (r, index) => {
        const sources = sourcesFrom(
            index.resolveSources(r, "sourceDbInstanceArn", get(r.props, "sourceDbInstanceArn"), set(T.rdsInstance)),
            "source DB instance",
        );
        const loc = resolveLocation(r);
        const destination: FlowDestination =
            loc.kind === "known"
                ? { kind: "location", location: loc.location, detail: loc.detail }
                : { kind: "unknown", reason: loc.kind === "not-applicable" ? "its region cannot be determined" : loc.reason };
        return [{ kind: "backup-copy", carrier: r, property: "sourceDbInstanceArn", sources, destination }];
    },
    [T.dynamoTable]: (r) => regionListFlows(r, "aws", "replica", ["replicas"], "regionName"),
    [T.dynamoTableReplica]: (r, index) => [
        {
            kind: "replica",
            carrier: r,
            property: "globalTableArn",
            sources: sourcesFrom(index.resolveSources(r, "globalTableArn", get(r.props, "globalTableArn"), set(T.dynamoTable)), "global table"),
            destination: into(r),
        },
    ],
    [T.rdsInstance]: (r, index) => {
        const value = get(r.props, "replicateSourceDb");
        if (value === undefined || value === null || value === "") return [];
        return [
            {
                kind: "replica",
                carrier: r,
                property: "replicateSourceDb",
                sources: sourcesFrom(index.resolveSources(r, "replicateSourceDb", value, set(T.rdsInstance, T.rdsCluster)), "replication source database"),
                destination: into(r),
            },
        ];
    },
    [T.rdsCluster]: (r, index) => {
        const flows: Flow[] = [];
        for (const prop of ["globalClusterIdentifier", "replicationSourceIdentifier"]) {
            const value = get(r.props, prop);
            if (value === undefined || value === null || value === "") continue;
            const types = prop === "globalClusterIdentifier" ? set(T.rdsGlobalCluster) : set(T.rdsCluster, T.rdsInstance);
            flows.push({
                kind: "replica",
                carrier: r,
                property: prop,
                sources: sourcesFrom(index.resolveSources(r, prop, value, types), prop),
                destination: into(r),
            });
        }
        return flows;
    },
    [T.rdsGlobalCluster]: (r, index) => {
        const value = get(r.props, "sourceDbClusterIdentifier");
        if (value === undefined || value === null || value === "") return [];
        return [
            {
                kind: "replica",
                carrier: r,
                property: "sourceDbClusterIdentifier",
                sources: sourcesFrom(index.resolveSources(r, "sourceDbClusterIdentifier", value, set(T.rdsCluster)), "source cluster"),
                destination: into(r),
            },
        ];
    },
    [T.ebsSnapshot]: (r, index) => [
        {
            kind: "snapshot-copy",
            carrier: r,
            property: "volumeId",
            sources: sourcesFrom(index.resolveSources(r, "volumeId", get(r.props, "volumeId"), set(T.ebsVolume)), "source volume"),
            destination: into(r),
        },
    ],
    [T.ebsSnapshotCopy]: (r, index) => [
        {
            kind: "snapshot-copy",
            carrier: r,
            property: "sourceSnapshotId",
            sources: sourcesFrom(
                index.resolveSources(r, "sourceSnapshotId", get(r.props, "sourceSnapshotId"), set(T.ebsSnapshot, T.ebsSnapshotCopy)),
                "source snapshot",
            ),
            destination: into(r),
        },
    ],
    [T.efsReplication]: (r, index) => {
        const sources = sourcesFrom(
            index.resolveSources(r, "sourceFileSystemId", get(r.props, "sourceFileSystemId"), set(T.efsFileSystem)),
            "source file system",
        );
        const dest = get(r.props, "destination");
        const fsRef = index.resolve(r, "destination.fileSystemId", get(dest, "fileSystemId"), set(T.efsFileSystem));
        let destination: FlowDestination;
        if (fsRef.kind === "resources") destination = { kind: "resources", resources: fsRef.resources };
        else if (get(dest, "region") !== undefined) destination = regionDestination("aws", get(dest, "region"), "destination.region");
        else if (dest === UNKNOWN) destination = { kind: "unknown", reason: "'destination' is not known at preview" };
        else destination = { kind: "unknown", reason: "'destination.region' is not set and 'destination.fileSystemId' is not a file system in this stack" };
        return [{ kind: "replication", carrier: r, property: "destination", sources, destination }];
    },
    [T.secret]: (r) => regionListFlows(r, "aws", "replica", ["replicas"], "region"),
    [T.kmsReplicaKey]: (r, index) => [
        {
            kind: "key-replica",
            carrier: r,
            property: "primaryKeyArn",
            sources: sourcesFrom(index.resolveSources(r, "primaryKeyArn", get(r.props, "primaryKeyArn"), KEY_SOURCES), "primary key"),
            destination: into(r),
        },
    ],
    [T.ociReplicationPolicy]: (r, index) => {
        const sources = sourcesFrom(index.resolveSources(r, "bucket", get(r.props, "bucket"), set(T.ociBucket)), "source bucket");
        const region = regionDestination("oci", get(r.props, "destinationRegionName"), "destinationRegionName");
        const flows: Flow[] = [{ kind: "replication", carrier: r, property: "destinationRegionName", sources, destination: region }];
        const bucketRef = index.resolve(r, "destinationBucketName", get(r.props, "destinationBucketName"), set(T.ociBucket));
        if (bucketRef.kind === "resources")
            flows.push({
                kind: "replication",
                carrier: r,
                property: "destinationBucketName",
                sources,
                destination: { kind: "resources", resources: bucketRef.resources },
            });
        return flows;
    },
    [T.ociVolumeBackupPolicyAssignment]: (r, index) => {
        const sources = sourcesFrom(
            index.resolveSources(r, "assetId", get(r.props, "assetId"), set(T.ociVolume, T.ociBootVolume, "oci:Core/volumeGroup:VolumeGroup")),
            "backed-up volume",
        );
        const policyRef = index.resolve(r, "policyId", get(r.props, "policyId"), set(T.ociVolumeBackupPolicy));
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
    [T.ociVolume]: (r, index) => ociVolumeFlows(r, index, "blockVolumeReplicas"),
    [T.ociBootVolume]: (r, index) => ociVolumeFlows(r, index, "bootVolumeReplicas"),
    [T.ociMysql]: (r) => regionListFlows(r, "oci", "backup-copy", ["backupPolicy", "copyPolicies"], "copyToRegion"),
    [T.ociVaultVerification]: (r, index) => [
        {
            kind: "key-replica",
            carrier: r,
            property: "replicaRegion",
            sources: sourcesFrom(index.resolveSources(r, "vaultId", get(r.props, "vaultId"), set(T.ociVault)), "vault"),
            destination: regionDestination("oci", get(r.props, "replicaRegion"), "replicaRegion"),
        },
    ],
    [T.ociFsReplication]: (r, index) => {
        const sources = sourcesFrom(index.resolveSources(r, "sourceId", get(r.props, "sourceId"), set(T.ociFileSystem)), "source file system");
        const target = referenceDestination(index.resolve(r, "targetId", get(r.props, "targetId"), set(T.ociFileSystem)), "targetId") ?? {
            kind: "unknown" as const,
            reason: "'targetId' is not set",
        };
        return [{ kind: "replication", carrier: r, property: "targetId", sources, destination: target }];
    },
};

/** A backup policy named by `backupPolicyId` copies the volume's backups wherever its `destinationRegion` says. */
function ociBackupPolicyFlows(r: ModelResource, index: ResourceIndex): Flow[] {
    const value = get(r.props, "backupPolicyId");
    if (value === undefined || value === null || value === "") return [];
    const ref = index.resolve(r, "backupPolicyId", value, set(T.ociVolumeBackupPolicy));
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
    const sourceId = getPath(r.props, "sourceDetails", "id");
    if (sourceId !== undefined && sourceId !== null) {
        const ref = index.resolveSources(r, "sourceDetails.id", sourceId, set(T.ociVolume, T.ociBootVolume));
        if (ref.kind === "resources")
            flows.push({
                kind: "clone",
                carrier: r,
                property: "sourceDetails.id",
                sources: { kind: "resources", resources: ref.resources },
                destination: into(r),
            });
    }
    return flows;
}

/** Every flow a resource declares. Types with no copy semantics declare none. */
export function flowsOf(r: ModelResource, index: ResourceIndex): Flow[] {
    const extract = EXTRACTORS[r.type];
    return extract ? extract(r, index) : [];
}

export const FLOW_CARRIER_TYPES = Object.keys(EXTRACTORS);
