/**
 * Multi-hop taint: US user data reaches a store abroad only after two or more copies, some of them
 * unmodelled, through intermediate stores that claim a lower class. No controls, as in laundering.ts.
 */
import { awsAway, awsHome, bucket, dynamoTable, ociAway, ociBucket, ociHome, ociKey, rdsInstance, rdsSnapshot, replicateAll, roleArn } from "../dsl/blocks";
import { evasion, type EvasionCase } from "../dsl/evasionCase";
import { derived, NAMESPACE, NON_US, type Res, US } from "../dsl/stack";

export const multiHop: EvasionCase[] = [
    evasion({
        id: "kinesis-firehose-mislabelled-bucket-replication",
        how: "US clicks → Firehose → a us-east-1 bucket labelled non-us-user-data → S3 replication to another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const clicks = s.add(
                "aws:kinesis/stream:Stream",
                "user-clicks",
                { name: "user-clicks", encryptionType: "KMS", kmsKeyId: key.arn, tags: US },
                { provider: va },
            );
            const landing = bucket(s, "clicks-landing", va, key, NON_US);
            const mirror = bucket(s, "clicks-mirror", far, farKey, NON_US);
            s.add(
                "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
                "clicks-delivery",
                {
                    name: "clicks-delivery",
                    destination: "extended_s3",
                    kinesisSourceConfiguration: { kinesisStreamArn: clicks.arn, roleArn: roleArn("firehose") },
                    extendedS3Configuration: { bucketArn: landing.arn, roleArn: roleArn("firehose") },
                },
                { provider: va },
            );
            replicateAll(s, "clicks-replication", landing, mirror, va);
        },
        offenders: ["clicks-replication", "clicks-mirror"],
        message: /ap-southeast-1/,
        control: false,
    }),
    evasion({
        id: "dynamodb-restore-export-replication-chain",
        how: "US table → restored table (non-us label) → TableExport → bucket (non-us label) → replication to another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const users = dynamoTable(s, "users", va, key);
            const restored = dynamoTable(s, "users-analytics", va, key, NON_US, { restoreSourceTableArn: users.arn, restoreToLatestTime: true });
            const exports = bucket(s, "analytics-exports", va, key, NON_US);
            const mirror = bucket(s, "analytics-exports-apac", far, farKey, NON_US);
            s.add("aws:dynamodb/tableExport:TableExport", "analytics-export", { tableArn: restored.arn, s3Bucket: exports.out("bucket") }, { provider: va });
            replicateAll(s, "analytics-exports-replication", exports, mirror, va);
        },
        offenders: ["analytics-exports-replication", "analytics-exports-apac"],
        message: /ap-southeast-1/,
        control: false,
    }),
    evasion({
        id: "oci-object-copy-replication-object-copy-chain",
        how: "US OCI bucket → object copy into an Ashburn bucket (non-us label) → replication to a Phoenix bucket (non-us label) → object copy into a bucket in another region",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const phx = s.oci("us-phoenix-1");
            const phxKey = ociKey(s, "phx-data", phx);
            const { far, farKey } = ociAway(s, w.oci);
            const users = ociBucket(s, "users-exports", ash, key);
            const shared = ociBucket(s, "shared-exports", ash, key, NON_US);
            const sharedPhx = ociBucket(s, "shared-exports-phx", phx, phxKey, NON_US);
            const abroad = ociBucket(s, "partner-exports", far, farKey, w.ociLabel);
            const copy = (name: string, provider: Res, into: Res, from: Res, region: string) =>
                s.add(
                    "oci:ObjectStorage/storageObject:StorageObject",
                    name,
                    {
                        bucket: into.out("name"),
                        namespace: NAMESPACE,
                        object: "users-daily.json",
                        sourceUriDetails: { region, namespace: NAMESPACE, bucket: from.out("name"), object: "users-daily.json" },
                    },
                    { provider },
                );
            copy("users-daily", ash, shared, users, "us-ashburn-1");
            s.add(
                "oci:ObjectStorage/replicationPolicy:ReplicationPolicy",
                "shared-exports-replication",
                {
                    bucket: shared.out("name"),
                    namespace: NAMESPACE,
                    name: "shared-exports-replication",
                    destinationRegionName: "us-phoenix-1",
                    destinationBucketName: sharedPhx.out("name"),
                },
                { provider: ash },
            );
            copy("partner-daily", far, abroad, sharedPhx, "us-phoenix-1");
        },
        offenders: ["partner-daily", "partner-exports"],
        message: /ap-singapore-1/,
        control: false,
    }),
    evasion({
        id: "rds-snapshot-export-object-copy-chain",
        how: "US database → snapshot (non-us label) → ExportTask → bucket (non-us label) → ObjectCopy into a bucket in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const db = rdsInstance(s, "users-db", va, key);
            const snap = rdsSnapshot(s, "users-weekly", db, va, NON_US);
            const exports = bucket(s, "weekly-exports", va, key, NON_US);
            const partner = bucket(s, "partner-share", far, farKey, NON_US);
            s.add(
                "aws:rds/exportTask:ExportTask",
                "weekly-export",
                {
                    exportTaskIdentifier: "weekly-export",
                    sourceArn: snap.arn,
                    s3BucketName: exports.out("bucket"),
                    iamRoleArn: roleArn("rds-export"),
                    kmsKeyId: key.arn,
                },
                { provider: va },
            );
            s.add(
                "aws:s3/objectCopy:ObjectCopy",
                "weekly-share",
                {
                    bucket: partner.out("bucket"),
                    key: "users/part-0.parquet",
                    source: derived("acme-weekly-exports/weekly-export/users/part-0.parquet", exports),
                },
                { provider: far },
            );
        },
        offenders: ["weekly-share", "partner-share"],
        message: /ap-southeast-1/,
        control: false,
    }),
    evasion({
        id: "sns-queue-pipe-chain",
        how: "US topic → SQS subscription into a us-east-1 queue (non-us label) → EventBridge Pipe to a queue in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const topic = s.add("aws:sns/topic:Topic", "signups", { name: "signups", kmsMasterKeyId: key.arn, tags: US }, { provider: va });
            const local = s.add("aws:sqs/queue:Queue", "signups-buffer", { name: "signups-buffer", kmsMasterKeyId: key.arn, tags: NON_US }, { provider: va });
            const remote = s.add("aws:sqs/queue:Queue", "signups-apac", { name: "signups-apac", kmsMasterKeyId: farKey.arn, tags: NON_US }, { provider: far });
            s.add(
                "aws:sns/topicSubscription:TopicSubscription",
                "signups-to-buffer",
                { topic: topic.arn, protocol: "sqs", endpoint: local.arn },
                { provider: va },
            );
            s.add(
                "aws:pipes/pipe:Pipe",
                "buffer-to-apac",
                { name: "buffer-to-apac", roleArn: roleArn("pipes"), source: local.arn, target: remote.arn },
                { provider: va },
            );
        },
        offenders: ["buffer-to-apac", "signups-apac"],
        message: /ap-southeast-1/,
        control: false,
    }),
];
