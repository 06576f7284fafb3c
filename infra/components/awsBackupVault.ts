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
    /**
     * IAM principal ARN allowed to assume the writer role (`arn:aws:iam::<account>:root`, `:role/...` or
     * `:user/...`). The trust names the principal's account root as Principal and, for a role or user, an
     * `aws:PrincipalArn` condition: IAM accepts that before the role exists (a role ARN as Principal is
     * rejected with "Invalid principal in policy" until the role exists).
     */
    writerPrincipalArn: pulumi.Input<string>;
    /** Optional `sts:ExternalId` the writer must present (pass a secret). */
    writerExternalId?: pulumi.Input<string>;
    /**
     * IAM path and permissions boundary of the writer role. The deploy role's boundary refuses any role created
     * without them (infra/guardrails/names.ts workloadRoleGuardrails). Default: none (a deploy by an administrator).
     */
    roleGuardrails?: { path: string; permissionsBoundary: pulumi.Input<string> };
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
 * mode, SSE-KMS under a customer-managed key of the same region, archive lifecycle, optional access
 * logging, and a writer role that may only put objects.
 *
 * Every object is written under the CMK: the bucket's default encryption is SSE-KMS with the CMK (for
 * writes that send no encryption header, and for the parts of multipart uploads, which carry none); the
 * writer's Allow holds only for no header or `aws:kms` with the CMK; and the bucket policy denies, to
 * everyone, plain HTTP and any write that asks for another encryption (SSE-S3, DSSE-KMS, SSE-C, another
 * KMS key, or `aws:kms` without a key id, which S3 would serve with the AWS managed key `aws/s3`).
 * Writers that send the key id must send the key's ARN.
 *
 * The bucket's sub-resources are created one after another (ownership, public access block, policy,
 * versioning, encryption, object lock, lifecycle, logging): S3 answers concurrent configuration
 * changes of one bucket with `409 OperationAborted`.
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

        const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, { region, bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }, child);
        /** The next sub-resource of the bucket waits for `previous` (see the class comment). */
        const after = (previous: pulumi.Resource): pulumi.CustomResourceOptions => ({ ...child, dependsOn: [previous] });

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
            after(ownership),
        );

        this.bucketPolicy = new aws.s3.BucketPolicy(
            `${name}-policy`,
            {
                region,
                bucket,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [denyInsecureTransport(this.bucket.arn), ...denyOtherEncryption(this.bucket.arn, this.kmsKey.arn)],
                }),
            },
            after(this.publicAccessBlock),
        );

        this.versioning = new aws.s3.BucketVersioning(
            `${name}-versioning`,
            { region, bucket, versioningConfiguration: { status: "Enabled" } },
            after(this.bucketPolicy),
        );

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
            after(this.versioning),
        );

        this.objectLock = new aws.s3.BucketObjectLockConfiguration(
            `${name}-object-lock`,
            {
                region,
                bucket,
                rule: { defaultRetention: { mode: "COMPLIANCE", days: args.objectLockRetentionDays } },
            },
            after(this.encryption),
        );

        const storageClass = args.archiveStorageClass ?? "GLACIER";
        // Every current and noncurrent version moves to the archive class after archiveAfterDays, whatever
        // its size, for GLACIER and DEEP_ARCHIVE: S3's default (`all_storage_classes_128K`) would keep objects
        // under 128 KB in STANDARD. GLACIER_IR has its own 128 KB minimum: with it, smaller objects stay.
        this.lifecycle = new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                region,
                bucket,
                transitionDefaultMinimumObjectSize: "varies_by_storage_class",
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
            after(this.objectLock),
        );

        this.writerRole = new aws.iam.Role(
            `${name}-writer`,
            {
                description: `Writes backups to ${args.bucketNamePrefix} (${region}); may only put objects`,
                maxSessionDuration: 3600,
                ...args.roleGuardrails,
                assumeRolePolicy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [pulumi.all([args.writerPrincipalArn, args.writerExternalId]).apply(([arn, externalId]) => writerTrust(arn, externalId))],
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
                            // No encryption header (the bucket default, the CMK, applies; parts of multipart
                            // uploads carry none) or SSE-KMS with the CMK. The bucket policy denies the rest.
                            Sid: "PutBackupObjectsOnlyUnderTheBucketKey",
                            Effect: "Allow",
                            Action: ["s3:PutObject"],
                            Resource: pulumi.interpolate`${this.bucket.arn}/*`,
                            Condition: {
                                StringEqualsIfExists: {
                                    "s3:x-amz-server-side-encryption": "aws:kms",
                                    "s3:x-amz-server-side-encryption-aws-kms-key-id": this.kmsKey.arn,
                                },
                                Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "true" },
                            },
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
            const logOwnership = new aws.s3.BucketOwnershipControls(
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
                after(logOwnership),
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
                after(logPublicAccessBlock),
            );
            const logVersioning = new aws.s3.BucketVersioning(
                `${name}-access-logs-versioning`,
                { region, bucket: logBucketId, versioningConfiguration: { status: "Enabled" } },
                after(logPolicy),
            );
            // S3 server access logs can only be delivered to a bucket encrypted with SSE-S3.
            const logEncryption = new aws.s3.BucketServerSideEncryptionConfiguration(
                `${name}-access-logs-encryption`,
                { region, bucket: logBucketId, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
                after(logVersioning),
            );
            // Last sub-resource of the backup bucket, and only once the log bucket takes deliveries.
            const logging = new aws.s3.BucketLogging(
                `${name}-access-logging`,
                { region, bucket, targetBucket: logBucketId, targetPrefix: AwsBackupVault.ACCESS_LOG_PREFIX },
                { ...child, dependsOn: [this.lifecycle, logPolicy, logEncryption] },
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

/**
 * Bucket policy statements that deny, to everyone, a write that asks for any encryption other than
 * SSE-KMS with `keyArn`. A write without an encryption header gets the bucket default (the same key).
 */
function denyOtherEncryption(bucketArn: pulumi.Output<string>, keyArn: pulumi.Output<string>) {
    const objects = pulumi.interpolate`${bucketArn}/*`;
    const deny = (Sid: string, Condition: Record<string, Record<string, unknown>>) => ({
        Sid,
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: objects,
        Condition,
    });
    return [
        deny("DenyOtherEncryptionAlgorithm", {
            Null: { "s3:x-amz-server-side-encryption": "false" },
            StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
        }),
        // `aws:kms` without a key id is served with the AWS managed key aws/s3, not the bucket's key.
        deny("DenyKmsWithoutTheBucketKey", {
            Null: { "s3:x-amz-server-side-encryption": "false", "s3:x-amz-server-side-encryption-aws-kms-key-id": "true" },
        }),
        deny("DenyOtherKmsKey", {
            Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
            StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn },
        }),
        deny("DenyCustomerProvidedKeys", { Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" } }),
    ];
}

const PRINCIPAL_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):(root|(?:role|user)\/.+)$/;

/**
 * The writer role's trust statement. It names the account root of `principalArn` as Principal, valid
 * whether or not the role exists yet, and for a role or user narrows it with an `aws:PrincipalArn`
 * condition; plus the `sts:ExternalId` condition when one is given.
 */
export function writerTrust(principalArn: string, externalId: string | undefined) {
    const m = PRINCIPAL_ARN.exec(principalArn);
    if (!m) throw new Error(`writerPrincipalArn '${principalArn}' is not arn:aws:iam::<12 digits>:root, :role/<name> or :user/<name>`);
    const [, partition, account, resource] = m;
    const condition: Record<string, Record<string, unknown>> = {};
    if (resource !== "root") condition.ArnEquals = { "aws:PrincipalArn": principalArn };
    if (externalId !== undefined) condition.StringEquals = { "sts:ExternalId": externalId };
    return {
        Sid: "BackupWriter",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${account}:root` },
        Action: "sts:AssumeRole",
        ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
    };
}
