import { KEY_TYPES, TYPE_TOKENS } from "../model/catalogue";
import { attachedTo } from "../model/attachments";
import type { ModelResource } from "../model/graph";
import { locationOfArn } from "../model/arn";
import { residencyPolicy } from "../model/policyKit";
import { holdsData } from "../model/roles";
import { approvalFor, approvedList } from "../model/settings";
import type { StackModel } from "../model/stackModel";
import { get, getPath, list, UNKNOWN } from "../model/unknown";

/** The stores that own an encrypted part (see ENCRYPTED_BY_OWNER). */
const CLUSTER_TYPES: ReadonlySet<string> = new Set([
    "aws:rds/cluster:Cluster",
    "aws:docdb/cluster:Cluster",
    "aws:neptune/cluster:Cluster",
    "oci:Database/autonomousDatabase:AutonomousDatabase",
]);
const STREAM_POOL_TYPES: ReadonlySet<string> = new Set(["oci:Streaming/streamPool:StreamPool"]);
const S3_BUCKET_TYPES: ReadonlySet<string> = new Set([TYPE_TOKENS.s3Bucket, TYPE_TOKENS.s3BucketV2]);
const SSE_TYPES = new Set<string>([TYPE_TOKENS.s3Sse, TYPE_TOKENS.s3SseV2]);
const GENERIC_KEY_PROPS = ["kmsKeyId", "kmsKeyArn", "kmsMasterKeyId", "kmsKeyIdentifier"];
/**
 * Where some types nest their key: DynamoDB `serverSideEncryption.kmsKeyArn`, OCI MySQL `encryptData.keyId`, an OCI
 * instance's boot volume `sourceDetails.kmsKeyId`, OCI stream pools `customEncryptionKey.kmsKeyId` (every stream in
 * the pool), OCI Vault secrets `keyId` (the vault key that encrypts them).
 */
const NESTED_KEY_PATHS = [
    ["serverSideEncryption", "kmsKeyArn"],
    ["encryptData", "keyId"],
    ["sourceDetails", "kmsKeyId"],
    ["customEncryptionKey", "kmsKeyId"],
    ["keyId"],
];

interface KeyRef {
    carrier: ModelResource;
    path: string;
    value: unknown;
}

/**
 * Types encrypted by the key of the store they belong to (an Aurora instance by its cluster's), the property that
 * names that store, and its types. An S3 object is encrypted by its bucket's default encryption unless it names
 * an encryption of its own (`serverSideEncryption`, `kmsKeyId`).
 */
const ENCRYPTED_BY_OWNER: Record<string, { prop: string; owners: ReadonlySet<string>; ownEncryption?: true }> = {
    "aws:rds/clusterInstance:ClusterInstance": { prop: "clusterIdentifier", owners: CLUSTER_TYPES },
    "aws:docdb/clusterInstance:ClusterInstance": { prop: "clusterIdentifier", owners: CLUSTER_TYPES },
    "aws:neptune/clusterInstance:ClusterInstance": { prop: "clusterIdentifier", owners: CLUSTER_TYPES },
    "oci:Database/autonomousDatabaseBackup:AutonomousDatabaseBackup": { prop: "autonomousDatabaseId", owners: CLUSTER_TYPES },
    "oci:Streaming/stream:Stream": { prop: "streamPoolId", owners: STREAM_POOL_TYPES },
    "aws:s3/bucketObject:BucketObject": { prop: "bucket", owners: S3_BUCKET_TYPES, ownEncryption: true },
    "aws:s3/bucketObjectv2:BucketObjectv2": { prop: "bucket", owners: S3_BUCKET_TYPES, ownEncryption: true },
};

/** Where a store names its encryption key, or why it has none. */
function keyRefsOf(model: StackModel, store: ModelResource, depth = 0): KeyRef[] | string {
    const owned = ENCRYPTED_BY_OWNER[store.type];
    if (owned && depth === 0) {
        if (owned.ownEncryption) {
            const algorithm = get(store.props, "serverSideEncryption");
            const key = get(store.props, "kmsKeyId");
            if (algorithm !== undefined && algorithm !== null && algorithm !== "aws:kms" && algorithm !== "aws:kms:dsse") {
                return `'${store.name}' encrypts with ${algorithm === UNKNOWN ? "an algorithm unknown at preview" : `'${String(algorithm)}'`}, not a customer-managed KMS key ('aws:kms')`;
            }
            if (key !== undefined && key !== null && key !== "") return [{ carrier: store, path: "kmsKeyId", value: key }];
            // SSE-KMS asked for without a key is the AWS managed key, not the bucket's.
            if (algorithm !== undefined && algorithm !== null) return `'${store.name}' asks for '${String(algorithm)}' without a kmsKeyId: the AWS managed key`;
        }
        const owner = model.index.resolve(store, owned.prop, get(store.props, owned.prop), owned.owners);
        if (owner.kind !== "resources" || owner.resources.length !== 1) {
            return `'${store.name}' is encrypted by the key of the store '${owned.prop}' names, which cannot be determined`;
        }
        return keyRefsOf(model, owner.resources[0], depth + 1);
    }
    if (store.type === TYPE_TOKENS.s3Bucket || store.type === TYPE_TOKENS.s3BucketV2) {
        const refs: KeyRef[] = [];
        const configs = attachedTo(model, SSE_TYPES, "bucket", store);
        const inline = get(store.props, "serverSideEncryptionConfiguration");
        /** The problem with the encryption rules `rules` of `carrier` (each at `pathOf(i)`), or none. */
        const rulesOf = (carrier: ModelResource, rules: unknown[] | typeof UNKNOWN, base: string, pathOf: (i: number) => string): string | undefined => {
            if (rules === UNKNOWN) return `'${base}' of '${carrier.name}' is not known at preview`;
            for (const [i, rule] of rules.entries()) {
                const byDefault = get(rule, "applyServerSideEncryptionByDefault");
                if (rule === UNKNOWN) return `'${pathOf(i)}' of '${carrier.name}' is not known at preview`;
                if (byDefault === UNKNOWN) return `'${pathOf(i)}.applyServerSideEncryptionByDefault' of '${carrier.name}' is not known at preview`;
                const algorithm = get(byDefault, "sseAlgorithm");
                if (algorithm === undefined || algorithm === null) {
                    return `'${pathOf(i)}' of '${carrier.name}' sets no default encryption (applyServerSideEncryptionByDefault.sseAlgorithm 'aws:kms')`;
                }
                if (algorithm !== "aws:kms" && algorithm !== "aws:kms:dsse") {
                    return `'${carrier.name}' encrypts with ${algorithm === UNKNOWN ? "an algorithm unknown at preview" : `'${String(algorithm)}'`}, not a customer-managed KMS key ('aws:kms')`;
                }
                refs.push({ carrier, path: `${pathOf(i)}.applyServerSideEncryptionByDefault.kmsMasterKeyId`, value: get(byDefault, "kmsMasterKeyId") });
            }
            return undefined;
        };
        for (const c of configs) {
            const problem = rulesOf(c, list(c.props, "rules"), "rules", (i) => `rules[${i}]`);
            if (problem) return problem;
        }
        if (inline !== undefined && inline !== null) {
            const base = "serverSideEncryptionConfiguration.rule";
            const problem = rulesOf(store, inline === UNKNOWN ? UNKNOWN : [get(inline, "rule")], base, () => base);
            if (problem) return problem;
        }
        return refs.length > 0 ? refs : `no server-side encryption configuration with a KMS key targets bucket '${store.name}'`;
    }
    for (const prop of GENERIC_KEY_PROPS) {
        const v = get(store.props, prop);
        if (v !== undefined && v !== null && v !== "") return [{ carrier: store, path: prop, value: v }];
    }
    for (const nestedPath of NESTED_KEY_PATHS) {
        const nested = getPath(store.props, ...nestedPath);
        if (nested !== undefined && nested !== null) return [{ carrier: store, path: nestedPath.join("."), value: nested }];
    }
    return `'${store.name}' names no customer-managed key (${GENERIC_KEY_PROPS.join(", ")})`;
}

/**
 * US user data is encrypted with a customer-managed key held, with its replicas, in an approved location.
 * Asked of what keeps data at rest: stores, and types the catalogue does not classify (fail closed). A label
 * on an IAM role, a network or a permission does not make it hold data: those have nothing to encrypt.
 */
export const keysInApprovedLocations = residencyPolicy({
    name: "keys-in-approved-locations",
    description:
        "US user data is encrypted with a customer-managed key (AWS KMS or an OCI Vault key) that, with every replica of it, is in a location approved for US user data.",
    severity: "critical",
    roles: ["hygiene"],
    remediationSteps:
        "Encrypt the store with a KMS key or OCI Vault key created in this stack in an approved location (aws: SSE-KMS with kmsMasterKeyId; oci: kmsKeyId). Remove key replicas and vault replication to other locations.",
    check: (ctx, report) => {
        const usKeys = new Set<ModelResource>();
        let holdsUsData = false;
        ctx.each((f) => {
            if (!holdsData(f.role) || f.effectiveClass !== "us-user-data") return;
            holdsUsData = true;
            const store = f.resource;
            const refs = keyRefsOf(ctx.model, store);
            if (typeof refs === "string") {
                const unclassified =
                    f.role === "unclassified"
                        ? ` Its type (${store.type}) is not in the catalogue, so it is held to the rules of a store: if it keeps no data, classify it in policies/model/catalogue (see README, 'Classifying a resource type').`
                        : "";
                report(
                    store,
                    `'${store.name}' holds us-user-data but is not encrypted with a customer-managed key: ${refs}. Add one in an approved location.${unclassified}`,
                );
                return;
            }
            for (const ref of refs) {
                const resolved = ctx.model.index.resolve(ref.carrier, ref.path, ref.value, KEY_TYPES);
                if (resolved.kind === "resources") {
                    for (const key of resolved.resources) {
                        usKeys.add(key);
                        const loc = ctx.model.facts.get(key.urn)?.location;
                        if (loc?.kind !== "known") {
                            report(
                                store,
                                `the key '${key.name}' of '${store.name}' (us-user-data) has no determinable location${loc && "reason" in loc ? `: ${loc.reason}` : ""}. Pin the key's region.`,
                            );
                        } else if (!approvalFor(ctx.settings, "us-user-data", loc.location, ctx.today)) {
                            report(
                                store,
                                `the key '${key.name}' of '${store.name}' (us-user-data) is in ${loc.location}, not approved for us-user-data (approved: ${approvedList(ctx.settings, "us-user-data", ctx.today)}). Use a key in an approved location.`,
                            );
                        }
                    }
                } else if (resolved.kind === "external") {
                    const loc = locationOfArn(resolved.value);
                    if (!loc) {
                        report(
                            store,
                            `'${ref.carrier.name}'.${ref.path} names key '${resolved.value.slice(0, 120)}', which is outside this stack and whose location cannot be determined. Use a key ARN (with its region) or a key from this stack.`,
                        );
                    } else if (!approvalFor(ctx.settings, "us-user-data", loc, ctx.today)) {
                        report(
                            store,
                            `'${ref.carrier.name}'.${ref.path} names a key in ${loc}, not approved for us-user-data. Use a key in an approved location.`,
                        );
                    }
                } else {
                    report(
                        store,
                        `the key of '${store.name}' (us-user-data) cannot be determined: ${resolved.kind === "unknown" ? resolved.reason : `'${ref.path}' is empty`}. Reference a customer-managed key of this stack.`,
                    );
                }
            }
        });
        for (const flow of ctx.model.flows) {
            if (flow.kind !== "key-replica") continue;
            // A replica of a key outside the stack, or not known at preview, may be of the key of US user data here.
            const sources = flow.sources;
            const protectsUsData =
                sources.kind !== "resources"
                    ? holdsUsData
                    : sources.resources.some(
                          (s) =>
                              usKeys.has(s) || [...usKeys].some((k) => ctx.model.index.dependenciesOf(k, "managementEndpoint", new Set([s.type])).includes(s)),
                      );
            if (!protectsUsData) continue;
            const key =
                sources.kind === "resources"
                    ? "a key that protects us-user-data"
                    : `a key that may protect us-user-data (what it replicates cannot be determined: ${sources.reason})`;
            const orOwn = sources.kind === "resources" ? "" : ", or replicate a key of this stack";
            const dest = flow.destination;
            const locations =
                dest.kind === "location"
                    ? [dest.location]
                    : dest.kind === "resources"
                      ? dest.resources.map((r) => {
                            const l = ctx.model.facts.get(r.urn)?.location;
                            return l?.kind === "known" ? l.location : undefined;
                        })
                      : [undefined];
            for (const loc of locations) {
                if (!loc) report(flow.carrier, `key replica '${flow.carrier.name}' of ${key} has no determinable location. Pin its region or remove it.`);
                else if (!approvalFor(ctx.settings, "us-user-data", loc, ctx.today))
                    report(
                        flow.carrier,
                        `key replica '${flow.carrier.name}' puts ${key} in ${loc}, not approved for us-user-data. Remove the replica${orOwn}.`,
                    );
            }
        }
    },
});
