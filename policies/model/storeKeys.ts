/**
 * The keys that encrypt a store: where it names its customer-managed key (its own property, a nested one, its
 * bucket's encryption configuration, the store it belongs to), or why it has none. keys-in-approved-locations judges
 * where those keys are; access-only-for-us-custodians, who may use them.
 */
import { KEY_TYPES, TYPE_TOKENS } from "./catalogue";
import { attachedTo } from "./attachments";
import type { ModelResource } from "./graph";
import type { StackModel } from "./stackModel";
import { get, getPath, list, UNKNOWN } from "./unknown";

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

export interface KeyRef {
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
export function keyRefsOf(model: StackModel, store: ModelResource, depth = 0): KeyRef[] | string {
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

/** The keys of the stack that encrypt `store` (none when it names none, or only keys outside the stack). */
export function stackKeysOf(model: StackModel, store: ModelResource): ModelResource[] {
    const refs = keyRefsOf(model, store);
    if (typeof refs === "string") return [];
    return refs.flatMap((ref) => {
        const resolved = model.index.resolve(ref.carrier, ref.path, ref.value, KEY_TYPES);
        return resolved.kind === "resources" ? resolved.resources : [];
    });
}
