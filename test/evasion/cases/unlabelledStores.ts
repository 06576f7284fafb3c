/**
 * Unlabelled stores of types no list names, in Singapore. Nothing says what they hold, so they are held
 * to the rules for US user data (fail closed) and Singapore is not approved for that. No control: an
 * unlabelled store is a violation wherever it is.
 */
import { awsAway, ociAway } from "../dsl/blocks";
import { evasion, type EvasionCase } from "../dsl/evasionCase";
import { COMPARTMENT } from "../dsl/stack";

function awsStore(id: string, type: string, name: string, props: Record<string, unknown>): EvasionCase {
    return evasion({
        id,
        how: `an unlabelled ${type} in ap-southeast-1`,
        build: (s, w) => {
            const { far, farKey } = awsAway(s, w.aws);
            s.add(type, name, { ...props, ...(props.kmsKeyId === "<key>" ? { kmsKeyId: farKey.arn } : {}) }, { provider: far });
        },
        offenders: [name],
        message: /ap-southeast-1|data-class/,
        control: false,
    });
}

function ociStore(id: string, type: string, name: string, props: Record<string, unknown>): EvasionCase {
    return evasion({
        id,
        how: `an unlabelled ${type} in ap-singapore-1`,
        build: (s, w) => {
            const { far } = ociAway(s, w.oci);
            s.add(type, name, { compartmentId: COMPARTMENT, ...props }, { provider: far });
        },
        offenders: [name],
        message: /ap-singapore-1|data-class/,
        control: false,
    });
}

export const unlabelledStores: EvasionCase[] = [
    awsStore("unlabelled-docdb-cluster", "aws:docdb/cluster:Cluster", "profiles", {
        clusterIdentifier: "profiles",
        engine: "docdb",
        storageEncrypted: true,
        kmsKeyId: "<key>",
        masterUsername: "app",
    }),
    awsStore("unlabelled-neptune-cluster", "aws:neptune/cluster:Cluster", "social-graph", {
        clusterIdentifier: "social-graph",
        engine: "neptune",
        storageEncrypted: true,
    }),
    awsStore("unlabelled-elasticache-replication-group", "aws:elasticache/replicationGroup:ReplicationGroup", "sessions", {
        replicationGroupId: "sessions",
        description: "sessions",
        engine: "valkey",
        nodeType: "cache.r7g.large",
        numCacheClusters: 2,
        kmsKeyId: "<key>",
    }),
    awsStore("unlabelled-memorydb-cluster", "aws:memorydb/cluster:Cluster", "carts", {
        name: "carts",
        aclName: "open-access",
        nodeType: "db.r7g.large",
        numShards: 1,
    }),
    awsStore("unlabelled-redshift-cluster", "aws:redshift/cluster:Cluster", "warehouse", {
        clusterIdentifier: "warehouse",
        nodeType: "ra3.xlplus",
        numberOfNodes: 2,
        encrypted: true,
        kmsKeyId: "<key>",
        masterUsername: "admin",
    }),
    awsStore("unlabelled-timestream-table", "aws:timestreamwrite/table:Table", "device-metrics", {
        databaseName: "telemetry",
        tableName: "device-metrics",
        retentionProperties: { memoryStoreRetentionPeriodInHours: 24, magneticStoreRetentionPeriodInDays: 365 },
    }),
    awsStore("unlabelled-cognito-user-pool", "aws:cognito/userPool:UserPool", "customers", {
        name: "customers",
        usernameAttributes: ["email"],
        autoVerifiedAttributes: ["email"],
    }),
    awsStore("unlabelled-qldb-ledger", "aws:qldb/ledger:Ledger", "payments-ledger", {
        name: "payments-ledger",
        permissionsMode: "STANDARD",
        deletionProtection: true,
    }),
    awsStore("unlabelled-fsx-lustre", "aws:fsx/lustreFileSystem:LustreFileSystem", "training-scratch", {
        storageCapacity: 1200,
        subnetIds: ["subnet-0a"],
        deploymentType: "PERSISTENT_2",
        perUnitStorageThroughput: 125,
        kmsKeyId: "<key>",
    }),
    awsStore("unlabelled-s3-directory-bucket", "aws:s3/directoryBucket:DirectoryBucket", "hot-objects", {
        bucket: "hot-objects--apse1-az1--x-s3",
        location: { name: "apse1-az1", type: "AvailabilityZone" },
    }),
    awsStore("unlabelled-glacier-vault", "aws:glacier/vault:Vault", "cold-archive", { name: "cold-archive" }),
    ociStore("unlabelled-oci-postgresql-db-system", "oci:Psql/dbSystem:DbSystem", "orders-pg", {
        displayName: "orders-pg",
        dbVersion: "16",
        shape: "PostgreSQL.VM.Standard.E5.Flex",
        instanceCount: 1,
        instanceOcpuCount: 2,
        instanceMemorySizeInGbs: 32,
        networkDetails: { subnetId: "ocid1.subnet.oc1.ap-singapore-1.aaaadb" },
        storageDetails: { systemType: "OCI_OPTIMIZED_STORAGE", isRegionallyDurable: true },
        credentials: { username: "admin", passwordDetails: { passwordType: "PLAIN_TEXT", password: "x" } },
    }),
    ociStore("unlabelled-oci-redis-cluster", "oci:Redis/redisCluster:RedisCluster", "sessions-redis", {
        displayName: "sessions-redis",
        nodeCount: 3,
        nodeMemoryInGbs: 8,
        softwareVersion: "REDIS_7_0",
        subnetId: "ocid1.subnet.oc1.ap-singapore-1.aaaacache",
    }),
    ociStore("unlabelled-oci-opensearch-cluster", "oci:Opensearch/cluster:Cluster", "search", {
        displayName: "search",
        dataNodeCount: 3,
        dataNodeHostType: "FLEX",
        dataNodeHostOcpuCount: 2,
        dataNodeHostMemoryGb: 32,
        dataNodeStorageGb: 200,
        masterNodeCount: 3,
        masterNodeHostType: "FLEX",
        masterNodeHostOcpuCount: 1,
        masterNodeHostMemoryGb: 16,
        opendashboardNodeCount: 1,
        opendashboardNodeHostOcpuCount: 1,
        opendashboardNodeHostMemoryGb: 8,
        softwareVersion: "2.11.0",
        vcnId: "ocid1.vcn.oc1.ap-singapore-1.aaaa",
        vcnCompartmentId: COMPARTMENT,
        subnetId: "ocid1.subnet.oc1.ap-singapore-1.aaaasearch",
        subnetCompartmentId: COMPARTMENT,
    }),
];
