/**
 * Class laundering: a restore, clone or export of US user data labelled `no-user-data` (or
 * `non-us-user-data`), followed by a copy the pack does model. A label can raise a class, never lower it,
 * so the copy still carries US user data. No controls: the lowered label itself is part of the evasion,
 * and whether a label below what a store holds is a violation of its own is the model's call.
 *
 * Across stacks: US user data sent, in an approved region, to a store of another stack or account (by its ARN, its
 * queue URL, its host or its OCID), whose own stack may label it anything and copy it anywhere. Rejected at home too:
 * only an approved external destination naming that store lets it through.
 */
import {
    awsAway,
    awsHome,
    iamRole,
    bucket,
    dynamoTable,
    ec2Instance,
    ociAway,
    ociBucket,
    ociHome,
    rdsInstance,
    rdsSnapshot,
    replicateAll,
    roleArn,
} from "../dsl/blocks";
import { evasion, type EvasionCase } from "../dsl/evasionCase";
import type { InputsOf } from "../dsl/sdkTypes";
import { COMPARTMENT, derived, NAMESPACE, NO_USER_DATA, type Res, US } from "../dsl/stack";

/** An OCI events rule in Ashburn on the US bucket `users-uploads`, with `actions`, built by `actionsOf` from the stack. */
type RuleActions = NonNullable<InputsOf<"oci:Events/rule:Rule">["actions"]>;

function uploadsRule(name: string, actionsOf: (s: Parameters<EvasionCase["build"]>[0], ash: Res) => RuleActions) {
    return (s: Parameters<EvasionCase["build"]>[0]) => {
        const { ash, key } = ociHome(s);
        ociBucket(s, "users-uploads", ash, key);
        s.add(
            "oci:Events/rule:Rule",
            name,
            {
                compartmentId: COMPARTMENT,
                displayName: name,
                isEnabled: true,
                condition: JSON.stringify({
                    eventType: ["com.oraclecloud.objectstorage.createobject"],
                    data: { additionalDetails: { bucketName: "users-uploads" } },
                }),
                actions: actionsOf(s, ash),
            },
            { provider: ash },
        );
    };
}

/** A us-east-1 function that reads the US table and writes to `target`, named in its environment. */
function forwarder(name: string, target: string) {
    return (s: Parameters<EvasionCase["build"]>[0]) => {
        const { va, key } = awsHome(s);
        const table = dynamoTable(s, "users", va, key);
        const role = iamRole(s, name, "lambda.amazonaws.com");
        s.add(
            "aws:lambda/function:Function",
            name,
            {
                name,
                role: role.arn,
                runtime: "python3.12",
                handler: "app.handler",
                s3Bucket: "acme-artifacts",
                s3Key: `${name}.zip`,
                environment: { variables: { SOURCE_TABLE: table.out("name"), TARGET: target } },
            },
            { provider: va },
        );
    };
}

const OUTSIDE_AT_HOME = /a store outside this stack, in (aws:us-east-1|oci:us-ashburn-1)/;

export const laundering: EvasionCase[] = [
    evasion({
        id: "rds-restore-labelled-no-user-data-then-read-replica",
        how: "an RDS instance restored from a US snapshot and labelled no-user-data, with a read replica in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const db = rdsInstance(s, "users-db", va, key);
            const snap = rdsSnapshot(s, "users-nightly", db, va);
            const restored = rdsInstance(s, "perf-test-db", va, key, NO_USER_DATA, { snapshotIdentifier: snap.out("dbSnapshotIdentifier") });
            rdsInstance(s, "perf-test-db-replica", far, farKey, NO_USER_DATA, {
                replicateSourceDb: restored.arn,
                username: undefined,
                manageMasterUserPassword: undefined,
            });
        },
        offenders: ["perf-test-db-replica"],
        message: /ap-southeast-1/,
        control: false,
    }),
    evasion({
        id: "dynamodb-restore-labelled-no-user-data-with-replicas",
        how: "a DynamoDB table restored from a US table, labelled no-user-data, with a global-table replica in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            dynamoTable(s, "users", va, key);
            dynamoTable(s, "users-load-test", va, key, NO_USER_DATA, {
                restoreSourceName: "users",
                restoreToLatestTime: true,
                streamEnabled: true,
                streamViewType: "NEW_AND_OLD_IMAGES",
                replicas: [{ regionName: w.aws }],
            });
        },
        offenders: ["users-load-test"],
        message: /ap-southeast-1/,
        control: false,
    }),
    evasion({
        id: "s3-object-copy-into-no-user-data-bucket-then-replication",
        how: "US objects copied (aws.s3.ObjectCopy) into a us-east-1 bucket labelled no-user-data, which replicates to another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const users = bucket(s, "users-exports", va, key);
            const scratch = bucket(s, "scratch", va, key, NO_USER_DATA);
            const mirror = bucket(s, "scratch-mirror", far, farKey, NO_USER_DATA);
            s.add(
                "aws:s3/objectCopy:ObjectCopy",
                "users-sample",
                { bucket: scratch.out("bucket"), key: "sample/users.csv", source: derived("acme-users-exports/users.csv", users) },
                { provider: va },
            );
            replicateAll(s, "scratch-replication", scratch, mirror, va);
        },
        offenders: ["scratch-replication", "scratch-mirror"],
        message: /ap-southeast-1/,
        control: false,
    }),
    evasion({
        id: "ebs-volume-from-us-snapshot-no-user-data-then-snapshot-copy",
        how: "an EBS volume made from a US snapshot and labelled no-user-data, snapshotted, and the snapshot copied to another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const vol = s.add(
                "aws:ebs/volume:Volume",
                "users-data",
                { availabilityZone: "us-east-1a", size: 500, encrypted: true, kmsKeyId: key.arn, tags: US },
                { provider: va },
            );
            const snap = s.add("aws:ebs/snapshot:Snapshot", "users-data-snap", { volumeId: vol.id, tags: US }, { provider: va });
            const scrubbed = s.add(
                "aws:ebs/volume:Volume",
                "scrubbed-data",
                { availabilityZone: "us-east-1a", snapshotId: snap.id, encrypted: true, kmsKeyId: key.arn, tags: NO_USER_DATA },
                { provider: va },
            );
            const snap2 = s.add("aws:ebs/snapshot:Snapshot", "scrubbed-snap", { volumeId: scrubbed.id, tags: NO_USER_DATA }, { provider: va });
            s.add(
                "aws:ebs/snapshotCopy:SnapshotCopy",
                "scrubbed-snap-copy",
                { sourceSnapshotId: snap2.id, sourceRegion: "us-east-1", encrypted: true, kmsKeyId: farKey.arn, tags: NO_USER_DATA },
                { provider: far },
            );
        },
        offenders: ["scrubbed-snap-copy"],
        message: /ap-southeast-1/,
        control: false,
    }),
    evasion({
        id: "rds-export-to-no-user-data-bucket-then-replication",
        how: "a US snapshot exported (aws.rds.ExportTask) into a bucket labelled no-user-data, which replicates to another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const db = rdsInstance(s, "users-db", va, key);
            const snap = rdsSnapshot(s, "users-nightly", db, va);
            const exports = bucket(s, "db-exports", va, key, NO_USER_DATA);
            const mirror = bucket(s, "db-exports-mirror", far, farKey, NO_USER_DATA);
            s.add(
                "aws:rds/exportTask:ExportTask",
                "users-export",
                {
                    exportTaskIdentifier: "users-export",
                    sourceArn: snap.arn,
                    s3BucketName: exports.out("bucket"),
                    iamRoleArn: roleArn("rds-export"),
                    kmsKeyId: key.arn,
                },
                { provider: va },
            );
            replicateAll(s, "db-exports-replication", exports, mirror, va);
        },
        offenders: ["db-exports-replication", "db-exports-mirror"],
        message: /ap-southeast-1/,
        control: false,
    }),
    evasion({
        id: "dynamodb-export-to-no-user-data-bucket-then-replication",
        how: "a US table exported (aws.dynamodb.TableExport) into a bucket labelled no-user-data, which replicates to another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const table = dynamoTable(s, "users", va, key);
            const exports = bucket(s, "table-exports", va, key, NO_USER_DATA);
            const mirror = bucket(s, "table-exports-mirror", far, farKey, NO_USER_DATA);
            s.add(
                "aws:dynamodb/tableExport:TableExport",
                "users-export",
                { tableArn: table.arn, s3Bucket: exports.out("bucket"), exportFormat: "ION" },
                { provider: va },
            );
            replicateAll(s, "table-exports-replication", exports, mirror, va);
        },
        offenders: ["table-exports-replication", "table-exports-mirror"],
        message: /ap-southeast-1/,
        control: false,
    }),
    evasion({
        id: "ami-labelled-no-user-data-then-ami-copy",
        how: "an AMI of a US instance labelled no-user-data, then copied to another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far } = awsAway(s, w.aws);
            const host = ec2Instance(s, "users-etl-host", va, key);
            const image = s.add(
                "aws:ec2/amiFromInstance:AmiFromInstance",
                "golden-image",
                { name: "golden-image", sourceInstanceId: host.id, tags: NO_USER_DATA },
                { provider: va },
            );
            s.add(
                "aws:ec2/amiCopy:AmiCopy",
                "golden-image-copy",
                { name: "golden-image-copy", sourceAmiId: image.id, sourceAmiRegion: "us-east-1", encrypted: true, tags: NO_USER_DATA },
                { provider: far },
            );
        },
        offenders: ["golden-image-copy"],
        message: /ap-southeast-1/,
        control: false,
    }),
    evasion({
        id: "oci-volume-restored-from-us-backup-no-user-data-with-replica",
        how: "an OCI volume restored from a US volume's backup, labelled no-user-data, with a block volume replica in another region",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const vol = s.add(
                "oci:Core/volume:Volume",
                "ledger-volume",
                { compartmentId: COMPARTMENT, availabilityDomain: "Uocm:US-ASHBURN-AD-1", sizeInGbs: "500", kmsKeyId: key.id, freeformTags: US },
                { provider: ash },
            );
            const backup = s.add(
                "oci:Core/volumeBackup:VolumeBackup",
                "ledger-backup",
                { volumeId: vol.id, type: "FULL", freeformTags: US },
                { provider: ash },
            );
            s.add(
                "oci:Core/volume:Volume",
                "ledger-test-volume",
                {
                    compartmentId: COMPARTMENT,
                    availabilityDomain: "Uocm:US-ASHBURN-AD-1",
                    sourceDetails: { type: "volumeBackup", id: backup.id },
                    kmsKeyId: key.id,
                    blockVolumeReplicas: [{ availabilityDomain: w.ociAd, displayName: "ledger-test-replica" }],
                    freeformTags: NO_USER_DATA,
                },
                { provider: ash },
            );
        },
        offenders: ["ledger-test-volume"],
        message: /ap-singapore-1|AP-SINGAPORE-1/,
        control: false,
    }),
    evasion({
        id: "oci-adb-clone-no-user-data-then-data-guard-abroad",
        how: "a clone of a US Autonomous Database labelled no-user-data, with a cross-region Data Guard standby of the clone",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const { far, farKey } = ociAway(s, w.oci);
            const adb = (name: string, provider: typeof ash, k: typeof key, tags: Record<string, string>, extra: Record<string, unknown> = {}) =>
                s.add(
                    "oci:Database/autonomousDatabase:AutonomousDatabase",
                    name,
                    {
                        compartmentId: COMPARTMENT,
                        dbName: name.replace(/-/g, ""),
                        displayName: name,
                        computeModel: "ECPU",
                        computeCount: 2,
                        dataStorageSizeInTbs: 1,
                        kmsKeyId: k.id,
                        freeformTags: tags,
                        ...extra,
                    },
                    { provider },
                );
            const primary = adb("users-adb", ash, key, US);
            const clone = adb("analytics-adb", ash, key, NO_USER_DATA, { source: "DATABASE", sourceId: primary.id, cloneType: "FULL" });
            adb("analytics-adb-standby", far, farKey, NO_USER_DATA, { source: "CROSS_REGION_DATAGUARD", sourceId: clone.id });
        },
        offenders: ["analytics-adb-standby"],
        message: /ap-singapore-1/,
        control: false,
    }),
    evasion({
        id: "oci-object-copy-into-no-user-data-bucket-then-replication",
        how: "a US object copied into an Ashburn bucket labelled no-user-data, which an OCI replication policy sends to another region",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const users = ociBucket(s, "users-exports", ash, key);
            const staging = ociBucket(s, "staging", ash, key, NO_USER_DATA);
            s.add(
                "oci:ObjectStorage/storageObject:StorageObject",
                "users-sample",
                {
                    bucket: staging.out("name"),
                    namespace: NAMESPACE,
                    object: "users.json",
                    sourceUriDetails: { region: "us-ashburn-1", namespace: NAMESPACE, bucket: users.out("name"), object: "users.json" },
                },
                { provider: ash },
            );
            s.add(
                "oci:ObjectStorage/replicationPolicy:ReplicationPolicy",
                "staging-replication",
                {
                    bucket: staging.out("name"),
                    namespace: NAMESPACE,
                    name: "staging-replication",
                    destinationRegionName: w.oci,
                    destinationBucketName: "staging-copy",
                },
                { provider: ash },
            );
        },
        offenders: ["staging-replication"],
        message: /ap-singapore-1/,
        control: false,
    }),
    evasion({
        id: "us-table-to-queue-of-another-account-in-virginia",
        how: "a Lambda that forwards the US table to an SQS queue of another account, by its ARN, in us-east-1",
        build: forwarder("to-partner-queue", "arn:aws:sqs:us-east-1:999988887777:partner-intake"),
        offenders: ["to-partner-queue"],
        message: OUTSIDE_AT_HOME,
        control: false,
    }),
    evasion({
        id: "us-table-to-queue-url-of-another-stack-in-virginia",
        how: "a Lambda that forwards the US table to another stack's SQS queue, by its URL, in us-east-1",
        build: forwarder("to-other-stack-queue", "https://sqs.us-east-1.amazonaws.com/111122223333/analytics-intake"),
        offenders: ["to-other-stack-queue"],
        message: OUTSIDE_AT_HOME,
        control: false,
    }),
    evasion({
        id: "us-table-to-database-host-of-another-stack-in-virginia",
        how: "a Lambda that writes the US table into another stack's RDS database, by its host, in us-east-1",
        build: forwarder("to-other-stack-db", "analytics.c9akciq32.us-east-1.rds.amazonaws.com"),
        offenders: ["to-other-stack-db"],
        message: OUTSIDE_AT_HOME,
        control: false,
    }),
    evasion({
        id: "us-bucket-to-stream-of-another-stack-in-ashburn",
        how: "an OCI events rule on the US bucket that streams its events to another stack's stream, by its OCID, in us-ashburn-1",
        build: uploadsRule("uploads-to-other-stack", () => ({
            actions: [{ actionType: "OSS", isEnabled: true, streamId: "ocid1.stream.oc1.iad.amaaaaaaanalytics" }],
        })),
        offenders: ["uploads-to-other-stack"],
        message: OUTSIDE_AT_HOME,
        control: false,
    }),
    evasion({
        id: "us-bucket-to-stream-of-another-stack-beside-its-own",
        how: "an OCI events rule on the US bucket with two actions, one to this stack's stream (its OCID passed on, as the second pass shows it) and one to another stack's, by its OCID, in us-ashburn-1: one property depends on the stack's stream for both",
        build: uploadsRule("uploads-to-both-streams", (s, ash) => {
            const own = s.add(
                "oci:Streaming/stream:Stream",
                "uploads-events",
                { compartmentId: COMPARTMENT, name: "uploads-events", partitions: 1, freeformTags: US },
                { provider: ash },
            );
            return {
                actions: [
                    { actionType: "OSS", isEnabled: true, streamId: derived("ocid1.stream.oc1.iad.amaaaaaaownevents", own) },
                    { actionType: "OSS", isEnabled: true, streamId: "ocid1.stream.oc1.iad.amaaaaaaanalytics" },
                ],
            };
        }),
        offenders: ["uploads-to-both-streams"],
        message: /ocid1\.stream\.oc1\.iad\.amaaaaaaanalytics[\s\S]*which of them is passed on cannot be told/,
        control: false,
    }),
];
