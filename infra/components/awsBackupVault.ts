import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { DataClass } from "../../policies/model/dataClass";
import type { ArchiveStorageClass } from "../config";
import { type DataStoreDescriptor, dataClassLabels, location } from "../labels";
import { requireProvider } from "./requireProvider";

/** Arguments of {@link AwsBackupVault}. */
export interface AwsBackupVaultArgs {
    /**
     * AWS region of the vault; must match the provider passed in the options. It is also set on
     * every child, so the region of the data never depends on provider defaults.
     */
    region: string;
    /** Class of the data this vault holds; written to the `data-class` tag of the backup bucket. */
    dataClass: Exclude<DataClass, "no-user-data">;
    /** Prefix of the bucket names, e.g. `us-user-data-backup-prod`. A random suffix is appended. */
    bucketNamePrefix: string;
    /** Object Lock default retention, COMPLIANCE mode, in days (1 to 3650). */
    objectLockRetentionDays: number;
    /** Age in days after which current and noncurrent versions move to `archiveStorageClass` (1 to 3650). */
    archiveAfterDays: number;
    /** Archive storage class. Default: `GLACIER`. */
    archiveStorageClass?: ArchiveStorageClass;
    /** IAM principal ARN allowed to assume the writer role. */
    writerPrincipalArn: pulumi.Input<string>;
    /** Optional `sts:ExternalId` the writer must present (pass a secret). */
    writerExternalId?: pulumi.Input<string>;
    /**
     * Server access logging to a separate log bucket in the same region. Default: true. Cannot be
     * turned off for `us-user-data`.
     */
    accessLogging?: boolean;
    /** Extra tags for every taggable child (provider default tags apply too). */
    tags?: Record<string, string>;
}

/**
 * An S3 backup vault in one region: a private, versioned bucket with Object Lock in COMPLIANCE
 * mode, SSE-KMS under a customer-managed key of the same region, TLS-only bucket policy, archive
 * lifecycle, optional access logging, and a writer role that may only put objects.
 * Pass the regional AWS provider in the resource options.
 */
export class AwsBackupVault extends pulumi.ComponentResource {
    static readonly TYPE = "residency:aws:BackupVault";
    static readonly ACCESS_LOG_PREFIX = "access-logs/";

    readonly kmsKey: aws.kms.Key;
    readonly bucket: aws.s3.Bucket;
    readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
    readonly versioning: aws.s3.BucketVersioning;
    readonly encryption: aws.s3.BucketServerSideEncryptionConfiguration;
    readonly objectLock: aws.s3.BucketObjectLockConfiguration;
    readonly lifecycle: aws.s3.BucketLifecycleConfiguration;
    readonly bucketPolicy: aws.s3.BucketPolicy;
    readonly writerRole: aws.iam.Role;
    readonly writerPolicy: aws.iam.RolePolicy;
    /** The access log bucket and the logging link, when access logging is on. */
    readonly accessLogs?: { readonly bucket: aws.s3.Bucket; readonly logging: aws.s3.BucketLogging };
    /** Name of the backup bucket. */
    readonly bucketName: pulumi.Output<string>;
    /** Location and data class of the backup bucket and, if any, of the access log bucket. */
    readonly dataStores: { readonly backup: DataStoreDescriptor; readonly accessLogs?: DataStoreDescriptor };

    constructor(name: string, args: AwsBackupVaultArgs, opts?: pulumi.ComponentResourceOptions) {
        super(AwsBackupVault.TYPE, name, {}, opts);
        requireProvider(this, "aws", AwsBackupVault.TYPE);

        const fail = (message: string): never => {
            throw new Error(`${AwsBackupVault.TYPE} ${name}: ${message}`);
        };
        for (const [field, value] of [
            ["objectLockRetentionDays", args.objectLockRetentionDays],
            ["archiveAfterDays", args.archiveAfterDays],
        ] as const) {
            if (!Number.isInteger(value) || value < 1 || value > 3650) fail(`${field} must be an integer from 1 to 3650, got ${value}`);
        }
        const accessLogging = args.accessLogging ?? true;
        if (!accessLogging && args.dataClass === "us-user-data") fail("access logging is required for us-user-data");

        const region = args.region;
        const child = { parent: this };
        const tags = args.tags ?? {};
        const suffix = new random.RandomId(`${name}-suffix`, { byteLength: 4 }, child);

        this.kmsKey = new aws.kms.Key(
            `${name}-key`,
            {
                region,
                description: `${args.bucketNamePrefix}: SSE-KMS key of the backup bucket (${region})`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                tags: dataClassLabels("no-user-data", tags),
            },
            child,
        );

        this.bucket = new aws.s3.Bucket(
            `${name}-bucket`,
            {
                region,
                bucket: pulumi.interpolate`${args.bucketNamePrefix}-${suffix.hex}`,
                objectLockEnabled: true,
                tags: dataClassLabels(args.dataClass, tags),
            },
            child,
        );
        this.bucketName = this.bucket.bucket;
        const bucket = this.bucket.id;

        new aws.s3.BucketOwnershipControls(`${name}-ownership`, { region, bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }, child);

        this.publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access-block`,
            {
                region,
                bucket,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            child,
        );

        this.versioning = new aws.s3.BucketVersioning(`${name}-versioning`, { region, bucket, versioningConfiguration: { status: "Enabled" } }, child);

        this.encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                region,
                bucket,
                rules: [
                    {
                        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.kmsKey.arn },
                        bucketKeyEnabled: true,
                    },
                ],
            },
            child,
        );

        this.objectLock = new aws.s3.BucketObjectLockConfiguration(
            `${name}-object-lock`,
            {
                region,
                bucket,
                rule: { defaultRetention: { mode: "COMPLIANCE", days: args.objectLockRetentionDays } },
            },
            { ...child, dependsOn: [this.versioning] },
        );

        const storageClass = args.archiveStorageClass ?? "GLACIER";
        this.lifecycle = new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                region,
                bucket,
                rules: [
                    {
                        id: "archive-backups",
                        status: "Enabled",
                        filter: { prefix: "" },
                        transitions: [{ days: args.archiveAfterDays, storageClass }],
                        noncurrentVersionTransitions: [{ noncurrentDays: args.archiveAfterDays, storageClass }],
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            },
            { ...child, dependsOn: [this.versioning] },
        );

        this.bucketPolicy = new aws.s3.BucketPolicy(
            `${name}-policy`,
            {
                region,
                bucket,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [denyInsecureTransport(this.bucket.arn)],
                }),
            },
            { ...child, dependsOn: [this.publicAccessBlock] },
        );

        this.writerRole = new aws.iam.Role(
            `${name}-writer`,
            {
                description: `Writes backups to ${args.bucketNamePrefix} (${region}); may only put objects`,
                maxSessionDuration: 3600,
                assumeRolePolicy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "BackupWriter",
                            Effect: "Allow",
                            Principal: { AWS: args.writerPrincipalArn },
                            Action: "sts:AssumeRole",
                            ...(args.writerExternalId === undefined ? {} : { Condition: { StringEquals: { "sts:ExternalId": args.writerExternalId } } }),
                        },
                    ],
                }),
                tags,
            },
            child,
        );

        this.writerPolicy = new aws.iam.RolePolicy(
            `${name}-writer-put-only`,
            {
                role: this.writerRole.id,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "PutBackupObjectsOnly",
                            Effect: "Allow",
                            Action: ["s3:PutObject"],
                            Resource: pulumi.interpolate`${this.bucket.arn}/*`,
                        },
                        {
                            // SSE-KMS uploads need a data key; multipart uploads also need Decrypt of
                            // that data key. Only through S3 in this region: without s3:GetObject this
                            // cannot be used to read objects back.
                            Sid: "UseBucketKeyThroughS3Only",
                            Effect: "Allow",
                            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                            Resource: this.kmsKey.arn,
                            Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } },
                        },
                    ],
                }),
            },
            child,
        );

        let accessLogsStore: DataStoreDescriptor | undefined;
        if (accessLogging) {
            const logBucket = new aws.s3.Bucket(
                `${name}-access-logs`,
                {
                    region,
                    bucket: pulumi.interpolate`${args.bucketNamePrefix}-logs-${suffix.hex}`,
                    tags: dataClassLabels("no-user-data", tags),
                },
                child,
            );
            const logBucketId = logBucket.id;
            new aws.s3.BucketOwnershipControls(
                `${name}-access-logs-ownership`,
                { region, bucket: logBucketId, rule: { objectOwnership: "BucketOwnerEnforced" } },
                child,
            );
            const logPublicAccessBlock = new aws.s3.BucketPublicAccessBlock(
                `${name}-access-logs-public-access-block`,
                {
                    region,
                    bucket: logBucketId,
                    blockPublicAcls: true,
                    blockPublicPolicy: true,
                    ignorePublicAcls: true,
                    restrictPublicBuckets: true,
                },
                child,
            );
            new aws.s3.BucketVersioning(
                `${name}-access-logs-versioning`,
                { region, bucket: logBucketId, versioningConfiguration: { status: "Enabled" } },
                child,
            );
            // S3 server access logs can only be delivered to a bucket encrypted with SSE-S3.
            new aws.s3.BucketServerSideEncryptionConfiguration(
                `${name}-access-logs-encryption`,
                { region, bucket: logBucketId, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
                child,
            );
            const logPolicy = new aws.s3.BucketPolicy(
                `${name}-access-logs-policy`,
                {
                    region,
                    bucket: logBucketId,
                    policy: pulumi.jsonStringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Sid: "S3ServerAccessLogsDelivery",
                                Effect: "Allow",
                                Principal: { Service: "logging.s3.amazonaws.com" },
                                Action: "s3:PutObject",
                                Resource: pulumi.interpolate`${logBucket.arn}/${AwsBackupVault.ACCESS_LOG_PREFIX}*`,
                                Condition: { ArnLike: { "aws:SourceArn": this.bucket.arn } },
                            },
                            denyInsecureTransport(logBucket.arn),
                        ],
                    }),
                },
                { ...child, dependsOn: [logPublicAccessBlock] },
            );
            const logging = new aws.s3.BucketLogging(
                `${name}-access-logging`,
                { region, bucket, targetBucket: logBucketId, targetPrefix: AwsBackupVault.ACCESS_LOG_PREFIX },
                { ...child, dependsOn: [logPolicy] },
            );
            this.accessLogs = { bucket: logBucket, logging };
            accessLogsStore = { location: location("aws", region), dataClass: "no-user-data" };
        }

        this.dataStores = {
            backup: { location: location("aws", region), dataClass: args.dataClass },
            ...(accessLogsStore ? { accessLogs: accessLogsStore } : {}),
        };

        this.registerOutputs({
            bucketName: this.bucketName,
            bucketArn: this.bucket.arn,
            kmsKeyArn: this.kmsKey.arn,
            writerRoleArn: this.writerRole.arn,
            accessLogBucketName: this.accessLogs?.bucket.bucket,
            dataStores: this.dataStores,
        });
    }
}

/** Bucket policy statement that denies every request not made over TLS. */
function denyInsecureTransport(bucketArn: pulumi.Output<string>) {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, pulumi.interpolate`${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}
