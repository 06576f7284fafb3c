/**
 * `dependsOn` edges of copy types: the source is named by a literal the pack cannot resolve, and the
 * only edge to the US store is `dependsOn`. For a copy type, that edge carries the data.
 */
import { awsAway, awsHome, bucket, dmsSelectAll, dynamoTable, ec2Instance, ociAway, ociHome, rdsInstance, rdsSnapshot } from "../dsl/blocks";
import { evasion, type EvasionCase } from "../dsl/evasionCase";
import { ACCOUNT, COMPARTMENT, US } from "../dsl/stack";
import { approvedExternals } from "../dsl/external";

export const dependsOnEdges: EvasionCase[] = [
    evasion({
        id: "rds-snapshot-copy-literal-source-depends-on",
        how: "an aws.rds.SnapshotCopy in another region whose source is a literal snapshot name and whose only edge is dependsOn the US snapshot",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const db = rdsInstance(s, "users-db", va, key);
            const snap = rdsSnapshot(s, "users-nightly", db, va);
            s.add(
                "aws:rds/snapshotCopy:SnapshotCopy",
                "users-nightly-copy",
                { sourceDbSnapshotIdentifier: "users-nightly", targetDbSnapshotIdentifier: "users-nightly-copy", kmsKeyId: farKey.arn, tags: w.label },
                { provider: far, dependsOn: [snap] },
            );
        },
        offenders: ["users-nightly-copy"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "oci-volume-backup-copy-literal-ocid-depends-on",
        config: approvedExternals,
        how: "an OCI volume backup copy in another region whose source backup is a literal OCID, ordered after the US backup by dependsOn",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const { far } = ociAway(s, w.oci);
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
                "oci:Core/volumeBackup:VolumeBackup",
                "ledger-backup-copy",
                { sourceDetails: { region: "us-ashburn-1", volumeBackupId: "ocid1.volumebackup.oc1.iad.abuwcljrledgerbackup" }, freeformTags: w.ociLabel },
                { provider: far, dependsOn: [backup] },
            );
        },
        offenders: ["ledger-backup-copy"],
        message: /ap-singapore-1/,
    }),
    evasion({
        id: "dynamodb-export-literal-table-arn-depends-on",
        how: "a DynamoDB TableExport of a literal table ARN (dependsOn the US table) into a bucket of another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const table = dynamoTable(s, "users", va, key);
            bucket(s, "table-exports", far, farKey, w.label);
            s.add(
                "aws:dynamodb/tableExport:TableExport",
                "users-export",
                { tableArn: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/users`, s3Bucket: "acme-table-exports", exportFormat: "DYNAMODB_JSON" },
                { provider: va, dependsOn: [table] },
            );
        },
        offenders: ["users-export", "table-exports"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "dms-task-literal-endpoints-depends-on",
        how: "a DMS task in another region whose endpoints are literal ARNs and whose only edge to the US database is dependsOn",
        config: approvedExternals,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far } = awsAway(s, w.aws);
            const db = rdsInstance(s, "users-db", va, key);
            s.add(
                "aws:dms/replicationTask:ReplicationTask",
                "users-cdc",
                {
                    replicationTaskId: "users-cdc",
                    migrationType: "cdc",
                    replicationInstanceArn: `arn:aws:dms:${w.aws}:${ACCOUNT}:rep:MIGRATIONINSTANCE`,
                    sourceEndpointArn: `arn:aws:dms:${w.aws}:${ACCOUNT}:endpoint:USERSSOURCE`,
                    targetEndpointArn: `arn:aws:dms:${w.aws}:${ACCOUNT}:endpoint:USERSTARGET`,
                    tableMappings: dmsSelectAll(),
                },
                { provider: far, dependsOn: [db] },
            );
        },
        offenders: ["users-cdc"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "ami-copy-literal-source-depends-on",
        how: "an AMI copy abroad whose source is a literal AMI id, ordered after the image of a US instance by dependsOn",
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
                { name: "users-etl-image-copy", sourceAmiId: "ami-0fedcba9876543210", sourceAmiRegion: "us-east-1", encrypted: true, tags: w.label },
                { provider: far, dependsOn: [image] },
            );
        },
        offenders: ["users-etl-image-copy"],
        message: /ap-southeast-1/,
    }),
];
