/** Copies of snapshots and images: the copy is a new store wherever it is made. */
import { awsAway, awsHome, bucket, dynamoTable, ec2Instance, rdsInstance, rdsSnapshot, redshiftCluster, roleArn } from "../dsl/blocks";
import { evasion, type EvasionCase } from "../dsl/evasionCase";
import { derived, US } from "../dsl/stack";

export const snapshotCopies: EvasionCase[] = [
    evasion({
        id: "rds-snapshot-copy-on-foreign-provider",
        how: "aws.rds.SnapshotCopy of a US database's snapshot, created with a provider of another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const db = rdsInstance(s, "users-db", va, key);
            const snap = rdsSnapshot(s, "users-nightly", db, va);
            s.add(
                "aws:rds/snapshotCopy:SnapshotCopy",
                "users-snapshot-dr",
                { sourceDbSnapshotIdentifier: snap.arn, targetDbSnapshotIdentifier: "users-nightly-dr", kmsKeyId: farKey.arn, copyTags: true, tags: w.label },
                { provider: far },
            );
        },
        offenders: ["users-snapshot-dr"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "rds-snapshot-copy-destination-region",
        how: "aws.rds.SnapshotCopy in us-east-1 whose destinationRegion sends the copy abroad",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const db = rdsInstance(s, "users-db", va, key);
            const snap = rdsSnapshot(s, "users-nightly", db, va);
            s.add(
                "aws:rds/snapshotCopy:SnapshotCopy",
                "users-snapshot-xr",
                { sourceDbSnapshotIdentifier: snap.arn, targetDbSnapshotIdentifier: "users-nightly-xr", destinationRegion: w.aws, kmsKeyId: key.arn, tags: US },
                { provider: va },
            );
        },
        offenders: ["users-snapshot-xr"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "rds-cluster-snapshot-copy-resource-region",
        how: "aws.rds.ClusterSnapshotCopy of an Aurora cluster's snapshot with a resource-level region input",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const cluster = s.add(
                "aws:rds/cluster:Cluster",
                "users-aurora",
                {
                    clusterIdentifier: "users-aurora",
                    engine: "aurora-postgresql",
                    storageEncrypted: true,
                    kmsKeyId: key.arn,
                    masterUsername: "app",
                    manageMasterUserPassword: true,
                    tags: US,
                },
                { provider: va },
            );
            const snap = s.add(
                "aws:rds/clusterSnapshot:ClusterSnapshot",
                "users-aurora-weekly",
                { dbClusterIdentifier: cluster.out("clusterIdentifier"), dbClusterSnapshotIdentifier: "users-aurora-weekly" },
                { provider: va },
            );
            s.add(
                "aws:rds/clusterSnapshotCopy:ClusterSnapshotCopy",
                "users-aurora-weekly-copy",
                {
                    sourceDbClusterSnapshotIdentifier: snap.arn,
                    targetDbClusterSnapshotIdentifier: "users-aurora-weekly-copy",
                    region: w.aws,
                    copyTags: true,
                    tags: w.label,
                },
                { provider: va },
            );
        },
        offenders: ["users-aurora-weekly-copy"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "ami-copy-of-us-instance-image",
        how: "an AMI made from an instance that holds US user data, then aws.ec2.AmiCopy into another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far } = awsAway(s, w.aws);
            const host = ec2Instance(s, "users-etl-host", va, key);
            const image = s.add(
                "aws:ec2/amiFromInstance:AmiFromInstance",
                "users-etl-image",
                { name: "users-etl-image", sourceInstanceId: host.id, tags: US },
                { provider: va },
            );
            s.add(
                "aws:ec2/amiCopy:AmiCopy",
                "users-etl-image-copy",
                { name: "users-etl-image-copy", sourceAmiId: image.id, sourceAmiRegion: "us-east-1", encrypted: true, tags: w.label },
                { provider: far },
            );
        },
        offenders: ["users-etl-image-copy"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "dlm-cross-region-copy-rule",
        how: "a DLM lifecycle policy that snapshots volumes tagged us-user-data and copies the snapshots to another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            s.add(
                "aws:ebs/volume:Volume",
                "users-data-volume",
                { availabilityZone: "us-east-1a", size: 500, encrypted: true, kmsKeyId: key.arn, tags: US },
                { provider: va },
            );
            s.add(
                "aws:dlm/lifecyclePolicy:LifecyclePolicy",
                "users-volume-snapshots",
                {
                    description: "daily snapshots of user data volumes",
                    executionRoleArn: roleArn("dlm-lifecycle"),
                    state: "ENABLED",
                    policyDetails: {
                        resourceTypes: ["VOLUME"],
                        targetTags: { "data-class": "us-user-data" },
                        schedules: [
                            {
                                name: "daily",
                                createRule: { interval: 24, intervalUnit: "HOURS", times: "03:00" },
                                retainRule: { count: 14 },
                                copyTags: true,
                                crossRegionCopyRules: [{ target: w.aws, encrypted: true, copyTags: true, retainRule: { interval: 7, intervalUnit: "DAYS" } }],
                            },
                        ],
                    },
                },
                { provider: va },
            );
        },
        offenders: ["users-volume-snapshots"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "redshift-snapshot-copy",
        how: "aws.redshift.SnapshotCopy: automatic cross-region copies of a US warehouse's snapshots",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const wh = redshiftCluster(s, "users-warehouse", va, key);
            s.add(
                "aws:redshift/snapshotCopy:SnapshotCopy",
                "users-warehouse-dr",
                { clusterIdentifier: wh.out("clusterIdentifier"), destinationRegion: w.aws, retentionPeriod: 7, snapshotCopyGrantName: "dr-grant" },
                { provider: va },
            );
        },
        offenders: ["users-warehouse-dr"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "dynamodb-table-export-to-foreign-bucket",
        how: "aws.dynamodb.TableExport of a US table into a bucket in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const table = dynamoTable(s, "users", va, key);
            const exports = bucket(s, "table-exports", far, farKey, w.label);
            s.add(
                "aws:dynamodb/tableExport:TableExport",
                "users-export",
                {
                    tableArn: table.arn,
                    s3Bucket: exports.out("bucket"),
                    s3Prefix: "users/",
                    exportFormat: "DYNAMODB_JSON",
                    s3SseAlgorithm: "KMS",
                    s3SseKmsKeyId: farKey.arn,
                },
                { provider: va },
            );
        },
        offenders: ["users-export", "table-exports"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "dynamodb-restore-from-table-arn",
        how: "a DynamoDB table in another region restored from a US table's ARN (restoreSourceTableArn)",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const table = dynamoTable(s, "users", va, key);
            dynamoTable(s, "users-restored", far, farKey, w.label, { restoreSourceTableArn: table.arn, restoreToLatestTime: true });
        },
        offenders: ["users-restored"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "dynamodb-restore-from-source-name",
        how: "a DynamoDB table restored from a US table named by a literal restoreSourceName (no graph edge)",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            dynamoTable(s, "users", va, key);
            dynamoTable(s, "users-sandbox", far, farKey, w.label, { restoreSourceName: "users", restoreToLatestTime: true });
        },
        offenders: ["users-sandbox"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "rds-instance-restored-from-snapshot-arn",
        how: "an RDS instance in another region restored from a US snapshot's ARN (snapshotIdentifier)",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const db = rdsInstance(s, "users-db", va, key);
            const snap = rdsSnapshot(s, "users-nightly", db, va);
            rdsInstance(s, "users-db-staging", far, farKey, w.label, { snapshotIdentifier: snap.arn });
        },
        offenders: ["users-db-staging"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "rds-instance-restored-from-snapshot-outside-stack",
        how: "an RDS instance labelled as the place allows, restored from a snapshot outside the stack (snapshotIdentifier), which may be of the US database",
        build: (s, w) => {
            const { far, farKey } = awsAway(s, w.aws);
            rdsInstance(s, "users-db-staging", far, farKey, w.label, { snapshotIdentifier: "users-db-final-2026-11-30" });
        },
        offenders: ["users-db-staging"],
        message: /outside this stack|cannot be determined|not known/,
    }),
    evasion({
        id: "rds-cluster-imported-from-bucket-outside-stack",
        how: "an Aurora cluster labelled as the place allows, imported from a bucket outside the stack (s3Import), which may hold a US dump",
        build: (s, w) => {
            const { far, farKey } = awsAway(s, w.aws);
            s.add(
                "aws:rds/cluster:Cluster",
                "reports-cluster",
                {
                    clusterIdentifier: "reports-cluster",
                    engine: "aurora-mysql",
                    masterUsername: "admin",
                    manageMasterUserPassword: true,
                    storageEncrypted: true,
                    kmsKeyId: farKey.arn,
                    s3Import: {
                        bucketName: "legacy-dumps",
                        ingestionRole: "arn:aws:iam::111122223333:role/rds-import",
                        sourceEngine: "mysql",
                        sourceEngineVersion: "8.0.36",
                    },
                    tags: w.label,
                },
                { provider: far },
            );
        },
        offenders: ["reports-cluster"],
        message: /outside this stack|cannot be determined|not known/,
    }),
    evasion({
        id: "rds-point-in-time-restore-abroad",
        how: "an RDS instance in another region restored to a point in time of a US instance",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const db = rdsInstance(s, "users-db", va, key);
            rdsInstance(s, "users-db-pitr", far, farKey, w.label, {
                restoreToPointInTime: { sourceDbInstanceIdentifier: db.out("identifier"), useLatestRestorableTime: true },
            });
        },
        offenders: ["users-db-pitr"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "docdb-cluster-from-us-snapshot",
        how: "a DocumentDB cluster in another region created from a US cluster's snapshot",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const docs = s.add(
                "aws:docdb/cluster:Cluster",
                "profiles-docdb",
                {
                    clusterIdentifier: "profiles-docdb",
                    engine: "docdb",
                    storageEncrypted: true,
                    kmsKeyId: key.arn,
                    masterUsername: "app",
                    manageMasterUserPassword: true,
                    tags: US,
                },
                { provider: va },
            );
            const snap = s.add(
                "aws:docdb/clusterSnapshot:ClusterSnapshot",
                "profiles-docdb-snap",
                { dbClusterIdentifier: docs.out("clusterIdentifier"), dbClusterSnapshotIdentifier: "profiles-docdb-snap" },
                { provider: va },
            );
            s.add(
                "aws:docdb/cluster:Cluster",
                "profiles-docdb-copy",
                {
                    clusterIdentifier: "profiles-docdb-copy",
                    engine: "docdb",
                    snapshotIdentifier: snap.arn,
                    storageEncrypted: true,
                    kmsKeyId: farKey.arn,
                    tags: w.label,
                },
                { provider: far },
            );
        },
        offenders: ["profiles-docdb-copy"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "elasticache-seeded-from-us-bucket",
        how: "an ElastiCache replication group in another region seeded from an RDB file in a US bucket (snapshotArns)",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const dumps = bucket(s, "cache-dumps", va, key);
            s.add(
                "aws:elasticache/replicationGroup:ReplicationGroup",
                "sessions-cache",
                {
                    replicationGroupId: "sessions-cache",
                    description: "session cache",
                    engine: "redis",
                    nodeType: "cache.r7g.large",
                    numCacheClusters: 2,
                    atRestEncryptionEnabled: true,
                    kmsKeyId: farKey.arn,
                    snapshotArns: [derived("arn:aws:s3:::acme-cache-dumps/sessions.rdb", dumps)],
                    tags: w.label,
                },
                { provider: far },
            );
        },
        offenders: ["sessions-cache"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "rds-export-task-to-foreign-bucket",
        how: "aws.rds.ExportTask of a US snapshot into a bucket in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const db = rdsInstance(s, "users-db", va, key);
            const snap = rdsSnapshot(s, "users-nightly", db, va);
            const lake = bucket(s, "analytics-lake", far, farKey, w.label);
            s.add(
                "aws:rds/exportTask:ExportTask",
                "users-to-lake",
                {
                    exportTaskIdentifier: "users-to-lake",
                    sourceArn: snap.arn,
                    s3BucketName: lake.out("bucket"),
                    iamRoleArn: roleArn("rds-export"),
                    kmsKeyId: key.arn,
                },
                { provider: va },
            );
        },
        offenders: ["users-to-lake", "analytics-lake"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "ebs-volume-from-us-snapshot-abroad",
        how: "an EBS volume in another region created from a snapshot of a US volume (snapshotId)",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const vol = s.add(
                "aws:ebs/volume:Volume",
                "users-data-volume",
                { availabilityZone: "us-east-1a", size: 500, encrypted: true, kmsKeyId: key.arn, tags: US },
                { provider: va },
            );
            const snap = s.add("aws:ebs/snapshot:Snapshot", "users-data-snap", { volumeId: vol.id, tags: US }, { provider: va });
            s.add(
                "aws:ebs/volume:Volume",
                "scratch-volume",
                { availabilityZone: `${w.aws}a`, snapshotId: snap.id, encrypted: true, kmsKeyId: farKey.arn, tags: w.label },
                { provider: far },
            );
        },
        offenders: ["scratch-volume"],
        message: /ap-southeast-1/,
    }),
];
