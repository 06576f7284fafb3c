import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { DataClass } from "../../policies/model/dataClass";
import type { ArchiveStorageClass } from "../config";
import { type DataStoreDescriptor, dataClassLabels, location } from "../labels";
import { HardenedBucket } from "./hardenedBucket";
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
     * Roles of this stack that may assume the writer role (the backup job's execution role), by ARN. Known to the
     * program (the roles have fixed names), so the trust is literal at preview.
     */
    writerRoleArns?: string[];
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
 * Both buckets are {@link HardenedBucket}s. Pass the regional AWS provider in the resource options.
 */
export class AwsBackupVault extends pulumi.ComponentResource {
    static readonly TYPE = "residency:aws:BackupVault";
    static readonly ACCESS_LOG_PREFIX = "access-logs/";

    readonly kmsKey: aws.kms.Key;
    /** The backup bucket and its hardening. */
    readonly backup: HardenedBucket;
    readonly bucket: aws.s3.Bucket;
    readonly writerRole: aws.iam.Role;
    readonly writerPolicy: aws.iam.RolePolicy;
    /** The access log bucket, when access logging is on. */
    readonly accessLogs?: HardenedBucket;
    /** Name of the backup bucket. */
    readonly bucketName: pulumi.Output<string>;
    /** Location and data class of the backup bucket and, if any, of the access log bucket. */
    readonly dataStores: { readonly backup: DataStoreDescriptor; readonly accessLogs?: DataStoreDescriptor };
    /** Class of the data the vault holds. */
    readonly dataClass: Exclude<DataClass, "no-user-data">;
    /** AWS region of the vault. */
    readonly region: string;

    constructor(name: string, args: AwsBackupVaultArgs, opts?: pulumi.ComponentResourceOptions) {
        super(AwsBackupVault.TYPE, name, {}, opts);
        requireProvider(this, "aws", AwsBackupVault.TYPE);
        const accessLogging = checkArgs(name, args);
        const region = args.region;
        this.region = region;
        this.dataClass = args.dataClass;
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

        this.backup = new HardenedBucket(
            name,
            {
                region,
                bucketName: pulumi.interpolate`${args.bucketNamePrefix}-${suffix.hex}`,
                bucketResourceName: `${name}-bucket`,
                dataClass: args.dataClass,
                tags,
                encryption: { kmsKeyArn: this.kmsKey.arn },
                versioning: true,
                objectLockRetentionDays: args.objectLockRetentionDays,
                lifecycle: {
                    // Every current and noncurrent version moves to the archive class after archiveAfterDays, whatever
                    // its size, for GLACIER and DEEP_ARCHIVE: S3's default (`all_storage_classes_128K`) would keep objects
                    // under 128 KB in STANDARD. GLACIER_IR has its own 128 KB minimum: with it, smaller objects stay.
                    transitionDefaultMinimumObjectSize: "varies_by_storage_class",
                    rules: [archiveRule(args.archiveAfterDays, args.archiveStorageClass ?? "GLACIER")],
                },
            },
            child,
        );
        const backupBucketArn = this.backup.bucket.arn;
        // S3 server access logs can only be delivered to a bucket encrypted with SSE-S3.
        this.accessLogs = accessLogging
            ? new HardenedBucket(
                  `${name}-access-logs`,
                  {
                      region,
                      bucketName: pulumi.interpolate`${args.bucketNamePrefix}-logs-${suffix.hex}`,
                      dataClass: "no-user-data",
                      tags,
                      encryption: "AES256",
                      versioning: true,
                      policyStatements: (logBucketArn) => [
                          {
                              Sid: "S3ServerAccessLogsDelivery",
                              Effect: "Allow",
                              Principal: { Service: "logging.s3.amazonaws.com" },
                              Action: "s3:PutObject",
                              Resource: pulumi.interpolate`${logBucketArn}/${AwsBackupVault.ACCESS_LOG_PREFIX}*`,
                              Condition: { ArnLike: { "aws:SourceArn": backupBucketArn } },
                          },
                      ],
                  },
                  child,
              )
            : undefined;
        if (this.accessLogs) this.backup.logTo(this.accessLogs, AwsBackupVault.ACCESS_LOG_PREFIX);
        this.bucket = this.backup.bucket;
        this.bucketName = this.bucket.bucket;

        this.writerRole = new aws.iam.Role(
            `${name}-writer`,
            {
                description: `Writes backups to ${args.bucketNamePrefix} (${region}); may only put objects`,
                maxSessionDuration: 3600,
                ...args.roleGuardrails,
                assumeRolePolicy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: pulumi
                        .all([args.writerPrincipalArn, args.writerExternalId])
                        .apply(([arn, externalId]) => [
                            writerTrust(arn, externalId),
                            ...(args.writerRoleArns ?? []).map((r, i) => ({ ...writerTrust(r, undefined), Sid: `BackupJob${i}` })),
                        ]),
                }),
                tags,
            },
            child,
        );

        this.writerPolicy = new aws.iam.RolePolicy(
            `${name}-writer-put-only`,
            { role: this.writerRole.id, policy: writerPolicy(this.bucket.arn, this.kmsKey.arn, region) },
            child,
        );

        this.dataStores = {
            backup: { location: location("aws", region), dataClass: args.dataClass },
            ...(this.accessLogs ? { accessLogs: { location: location("aws", region), dataClass: "no-user-data" as const } } : {}),
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

/** Validates the arguments; returns whether access logging is on. */
function checkArgs(name: string, args: AwsBackupVaultArgs): boolean {
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
    return accessLogging;
}

function archiveRule(days: number, storageClass: ArchiveStorageClass): aws.types.input.s3.BucketLifecycleConfigurationRule {
    return {
        id: "archive-backups",
        status: "Enabled",
        filter: { prefix: "" },
        transitions: [{ days, storageClass }],
        noncurrentVersionTransitions: [{ noncurrentDays: days, storageClass }],
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    };
}

/**
 * The writer's policy: s3:PutObject only (which also covers the parts of a multipart upload), with no encryption
 * header (the bucket default, the CMK, applies; parts carry none) or SSE-KMS with the CMK; the bucket policy denies
 * the rest. SSE-KMS uploads need a data key, multipart uploads also Decrypt of it: only through S3 in this region,
 * and without s3:GetObject that cannot read objects back.
 */
function writerPolicy(bucketArn: pulumi.Output<string>, keyArn: pulumi.Output<string>, region: string) {
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "PutBackupObjectsOnlyUnderTheBucketKey",
                Effect: "Allow",
                Action: ["s3:PutObject"],
                Resource: pulumi.interpolate`${bucketArn}/*`,
                Condition: {
                    StringEqualsIfExists: {
                        "s3:x-amz-server-side-encryption": "aws:kms",
                        "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn,
                    },
                    Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "true" },
                },
            },
            {
                Sid: "UseBucketKeyThroughS3Only",
                Effect: "Allow",
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: keyArn,
                Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } },
            },
        ],
    });
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
