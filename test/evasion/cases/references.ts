/** Reference resolution: a destination must resolve to exactly what that rule or copy action names. */
import { awsAway, awsHome, bucket, dynamoTable, ociAway, ociBucket, ociHome, rdsInstance, REPLICATION_ROLE, roleArn } from "../dsl/blocks";
import { evasion, type EvasionCase } from "../dsl/evasionCase";
import { ACCOUNT, derived, NAMESPACE, NON_US, UNKNOWN, US } from "../dsl/stack";

export const references: EvasionCase[] = [
    evasion({
        id: "backup-copy-to-logically-air-gapped-vault",
        how: "a backup plan whose copy action targets a logically air-gapped vault in another region (rules depend on both vaults)",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far } = awsAway(s, w.aws);
            const table = dynamoTable(s, "users", va, key);
            const home = s.add("aws:backup/vault:Vault", "primary-vault", { name: "primary-vault", kmsKeyArn: key.arn, tags: US }, { provider: va });
            const airGapped = s.add(
                "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault",
                "ransomware-vault",
                { name: "ransomware-vault", minRetentionDays: 7, maxRetentionDays: 35, tags: w.label },
                { provider: far },
            );
            const plan = s.add(
                "aws:backup/plan:Plan",
                "users-backup",
                {
                    name: "users-backup",
                    rules: [
                        {
                            ruleName: "daily",
                            targetVaultName: home.out("name"),
                            schedule: "cron(0 5 * * ? *)",
                            lifecycle: { deleteAfter: 35 },
                            copyActions: [{ destinationVaultArn: airGapped.arn, lifecycle: { deleteAfter: 35 } }],
                        },
                    ],
                },
                { provider: va },
            );
            s.add(
                "aws:backup/selection:Selection",
                "users-backup-selection",
                { name: "users", planId: plan.id, iamRoleArn: roleArn("backup"), resources: [table.arn] },
                { provider: va },
            );
        },
        offenders: ["users-backup", "users-backup-selection"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "replication-second-rule-destination-through-versioning",
        how: "the second rule of a replication config names its destination through a BucketVersioning's bucket output",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const users = bucket(s, "users-uploads", va, key);
            const dr = bucket(s, "users-uploads-dr", va, key);
            const other = s.add("aws:s3/bucket:Bucket", "analytics-copy", { tags: w.label }, { provider: far });
            const versioning = s.add(
                "aws:s3/bucketVersioning:BucketVersioning",
                "analytics-copy-versioning",
                { bucket: other.id, versioningConfiguration: { status: "Enabled" } },
                { provider: far },
            );
            s.add(
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "analytics-copy-sse",
                { bucket: other.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: farKey.arn } }] },
                { provider: far },
            );
            s.add(
                "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
                "users-uploads-replication",
                {
                    bucket: users.out("bucket"),
                    role: REPLICATION_ROLE,
                    rules: [
                        {
                            id: "dr",
                            priority: 1,
                            status: "Enabled",
                            filter: {},
                            deleteMarkerReplication: { status: "Enabled" },
                            destination: { bucket: dr.arn },
                        },
                        {
                            id: "analytics",
                            priority: 2,
                            status: "Enabled",
                            filter: { prefix: "events/" },
                            deleteMarkerReplication: { status: "Disabled" },
                            destination: { bucket: derived(UNKNOWN, versioning) },
                        },
                    ],
                },
                { provider: va },
            );
        },
        offenders: ["users-uploads-replication", "analytics-copy"],
        message: /ap-southeast-1|rules\[1\]/,
    }),
    evasion({
        id: "arn-partition-mismatch-names-stack-bucket",
        how: "a replication rule to 'arn:aws-cn:s3:::acme-users-dr' — a bucket in another partition that merely shares the name of a us-east-1 bucket of this stack",
        build: (s) => {
            const { va, key } = awsHome(s);
            const users = bucket(s, "users", va, key);
            bucket(s, "users-dr", va, key);
            s.add(
                "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
                "users-replication",
                {
                    bucket: users.out("bucket"),
                    role: REPLICATION_ROLE,
                    rules: [{ id: "dr", status: "Enabled", destination: { bucket: "arn:aws-cn:s3:::acme-users-dr" } }],
                },
                { provider: va },
            );
        },
        offenders: ["users-replication"],
        control: false,
    }),
    evasion({
        id: "arn-service-mismatch-backup-selection",
        how: "a backup selection of 'arn:aws:s3:::users-prod' (a bucket outside the stack) that shares its name with a non-US DynamoDB table of the stack, copied to another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            dynamoTable(s, "users-prod", va, key, NON_US);
            const vault = s.add("aws:backup/vault:Vault", "primary-vault", { name: "primary-vault", kmsKeyArn: key.arn, tags: US }, { provider: va });
            const plan = s.add(
                "aws:backup/plan:Plan",
                "buckets-backup",
                {
                    name: "buckets-backup",
                    rules: [
                        {
                            ruleName: "daily",
                            targetVaultName: vault.out("name"),
                            schedule: "cron(0 5 * * ? *)",
                            copyActions: [{ destinationVaultArn: `arn:aws:backup:${w.aws}:${ACCOUNT}:backup-vault:dr-vault` }],
                        },
                    ],
                },
                { provider: va },
            );
            s.add(
                "aws:backup/selection:Selection",
                "buckets-backup-selection",
                { name: "buckets", planId: plan.id, iamRoleArn: roleArn("backup"), resources: ["arn:aws:s3:::users-prod"] },
                { provider: va },
            );
        },
        offenders: ["buckets-backup", "buckets-backup-selection"],
        message: /ap-southeast-1/,
        // Kept at home, the selection still names a bucket outside the stack: whether an unresolvable
        // source alone is a violation (issue 10 item 6) or only held to the rules for US user data is
        // the model's call, so no control asserts either.
        control: false,
    }),
    evasion({
        id: "vault-arn-region-wins-over-name",
        how: "a copy action to 'arn:aws:backup:<abroad>:…:backup-vault:users-dr' while the stack has a vault named users-dr in us-east-1",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const table = dynamoTable(s, "users", va, key);
            const vault = s.add("aws:backup/vault:Vault", "primary-vault", { name: "primary-vault", kmsKeyArn: key.arn, tags: US }, { provider: va });
            s.add("aws:backup/vault:Vault", "users-dr", { name: "users-dr", kmsKeyArn: key.arn, tags: US }, { provider: va });
            const plan = s.add(
                "aws:backup/plan:Plan",
                "users-backup",
                {
                    name: "users-backup",
                    rules: [
                        {
                            ruleName: "daily",
                            targetVaultName: vault.out("name"),
                            schedule: "cron(0 5 * * ? *)",
                            copyActions: [{ destinationVaultArn: `arn:aws:backup:${w.aws}:${ACCOUNT}:backup-vault:users-dr` }],
                        },
                    ],
                },
                { provider: va },
            );
            s.add(
                "aws:backup/selection:Selection",
                "users-backup-selection",
                { name: "users", planId: plan.id, iamRoleArn: roleArn("backup"), resources: [table.arn] },
                { provider: va },
            );
        },
        offenders: ["users-backup", "users-backup-selection"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "firehose-to-external-bucket-arn",
        how: "a Firehose stream from a US Kinesis stream to 'arn:aws:s3:::…' of a bucket outside the stack (S3 ARNs carry no region)",
        build: (s) => {
            const { va, key } = awsHome(s);
            const clicks = s.add(
                "aws:kinesis/stream:Stream",
                "user-clicks",
                { name: "user-clicks", encryptionType: "KMS", kmsKeyId: key.arn, tags: US },
                { provider: va },
            );
            s.add(
                "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
                "clicks-to-partner",
                {
                    name: "clicks-to-partner",
                    destination: "extended_s3",
                    kinesisSourceConfiguration: { kinesisStreamArn: clicks.arn, roleArn: roleArn("firehose") },
                    extendedS3Configuration: { bucketArn: "arn:aws:s3:::partner-clickstream-landing", roleArn: roleArn("firehose") },
                },
                { provider: va },
            );
        },
        offenders: ["clicks-to-partner"],
        control: false,
    }),
    evasion({
        id: "arn-resource-type-mismatch-rds-replica",
        how: "a read replica abroad of 'arn:aws:rds:…:cluster:users-db' (a cluster outside the stack) while the stack has a non-US instance with identifier users-db",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            rdsInstance(s, "users-db", va, key, NON_US);
            rdsInstance(s, "users-db-apac", far, farKey, w.label, {
                replicateSourceDb: `arn:aws:rds:us-east-1:${ACCOUNT}:cluster:users-db`,
                username: undefined,
                manageMasterUserPassword: undefined,
            });
        },
        offenders: ["users-db-apac"],
        message: /ap-southeast-1/,
        // At home the source is still a cluster outside the stack: see arn-service-mismatch-backup-selection.
        control: false,
    }),
    evasion({
        id: "oci-storage-object-source-named-literally",
        how: "an OCI object copied into a bucket abroad from a US bucket named by a literal in sourceUriDetails (no graph edge)",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const { far, farKey } = ociAway(s, w.oci);
            ociBucket(s, "users-exports", ash, key);
            const drop = ociBucket(s, "partner-drop", far, farKey, w.ociLabel);
            s.add(
                "oci:ObjectStorage/storageObject:StorageObject",
                "users-export-copy",
                {
                    bucket: drop.out("name"),
                    namespace: NAMESPACE,
                    object: "users.json",
                    sourceUriDetails: { region: "us-ashburn-1", namespace: NAMESPACE, bucket: "users-exports", object: "users.json" },
                },
                { provider: far },
            );
        },
        offenders: ["users-export-copy", "partner-drop"],
        message: /ap-singapore-1/,
    }),
];
