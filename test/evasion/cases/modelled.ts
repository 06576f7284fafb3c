/**
 * Mechanisms the pack already modelled before issue 10, built with the same DSL: they show the harness
 * can see a rejection at all, and they must keep passing through the rewrite. Not counted as new cases.
 */
import { awsAway, awsHome, bucket, dynamoTable, ociAway, ociBucket, ociHome } from "../dsl/blocks";
import { evasion, type EvasionCase } from "../dsl/evasionCase";
import { ACCOUNT, COMPARTMENT, NAMESPACE, US } from "../dsl/stack";

export const modelled: EvasionCase[] = [
    evasion({
        id: "modelled-s3-replication-to-non-us-labelled-bucket",
        how: "S3 replication from a US bucket to a bucket labelled non-us-user-data in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const users = bucket(s, "users", va, key);
            const apac = bucket(s, "users-apac", far, farKey, w.label);
            s.add(
                "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
                "users-replication",
                {
                    bucket: users.out("bucket"),
                    role: `arn:aws:iam::${ACCOUNT}:role/s3-replication`,
                    rules: [{ id: "all", status: "Enabled", destination: { bucket: apac.arn } }],
                },
                { provider: va },
            );
        },
        offenders: ["users-replication", "users-apac"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "modelled-dynamodb-replica-region",
        how: "a US DynamoDB table with a replica in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            dynamoTable(s, "users", va, key, US, { streamEnabled: true, streamViewType: "NEW_AND_OLD_IMAGES", replicas: [{ regionName: w.aws }] });
        },
        offenders: ["users"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "modelled-oci-replication-policy-region-key",
        how: "an OCI replication policy whose destination region is a region key",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const users = ociBucket(s, "users", ash, key);
            s.add(
                "oci:ObjectStorage/replicationPolicy:ReplicationPolicy",
                "users-replication",
                {
                    bucket: users.out("name"),
                    namespace: NAMESPACE,
                    name: "users-replication",
                    destinationRegionName: w.ociKey,
                    destinationBucketName: "users-copy",
                },
                { provider: ash },
            );
        },
        offenders: ["users-replication"],
        message: /ap-singapore-1/,
    }),
    evasion({
        id: "modelled-oci-block-volume-replica",
        how: "a US OCI block volume with a replica in an availability domain of another region",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            ociAway(s, w.oci);
            s.add(
                "oci:Core/volume:Volume",
                "ledger",
                {
                    compartmentId: COMPARTMENT,
                    availabilityDomain: "Uocm:US-ASHBURN-AD-1",
                    sizeInGbs: "500",
                    kmsKeyId: key.id,
                    blockVolumeReplicas: [{ availabilityDomain: w.ociAd }],
                    freeformTags: US,
                },
                { provider: ash },
            );
        },
        offenders: ["ledger"],
        message: /ap-singapore-1/,
    }),
];
