import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { DataClass } from "../../policies/model/dataClass";
import { dataClassLabels } from "../labels";

/** Arguments of {@link HardenedBucket}. */
export interface HardenedBucketArgs {
    /** AWS region of the bucket; set on every child, so the region never depends on provider defaults. */
    region: string;
    /** The bucket's name. */
    bucketName: pulumi.Input<string>;
    /** Resource name of the bucket itself. Default: the component's name. Every other part is named `<component name>-<part>`. */
    bucketResourceName?: string;
    /** Class of the data the bucket holds: its `data-class` tag. */
    dataClass: DataClass;
    /** Extra tags of the bucket. */
    tags?: Record<string, string>;
    /** Protect the bucket itself from deletion (its sub-resources follow the component's options). */
    protectBucket?: boolean;
    /** Default encryption: SSE-KMS under this key (writes asking for any other encryption are denied), or SSE-S3 (`AES256`). */
    encryption: { kmsKeyArn: pulumi.Input<string> } | "AES256";
    /** Bucket policy statements besides `DenyInsecureTransport` (and, under a KMS key, the encryption denials), given the bucket's ARN. */
    policyStatements?: (bucketArn: pulumi.Output<string>) => pulumi.Input<unknown>[];
    /** Versioning on. Default: false. */
    versioning?: boolean;
    /** Object Lock in COMPLIANCE mode with this default retention, in days (the bucket is created with Object Lock enabled). */
    objectLockRetentionDays?: number;
    /** Lifecycle rules; rules about noncurrent versions wait for versioning. */
    lifecycle?: {
        rules: pulumi.Input<aws.types.input.s3.BucketLifecycleConfigurationRule>[];
        transitionDefaultMinimumObjectSize?: string;
    };
}

/**
 * A private S3 bucket, hardened one way wherever the project declares one: ownership enforced, all four public
 * access block flags, TLS-only, default encryption (under a KMS key, writes that ask for another encryption are
 * denied to everyone), and as asked versioning, Object Lock and lifecycle; {@link HardenedBucket.logTo} adds access
 * logging once the log bucket exists (a log bucket's policy names the bucket it takes logs from).
 *
 * The parts are created one after another in that order: S3 answers concurrent configuration changes of one
 * bucket with `409 OperationAborted`. Each part keeps the name and alias it had before this component existed
 * (`aliases: [{ parent: <the component's parent> }]`), so a stack deployed then sees no replacement.
 */
export class HardenedBucket extends pulumi.ComponentResource {
    static readonly TYPE = "residency:aws:HardenedBucket";

    readonly bucket: aws.s3.Bucket;
    readonly ownership: aws.s3.BucketOwnershipControls;
    readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
    readonly policy: aws.s3.BucketPolicy;
    readonly versioning?: aws.s3.BucketVersioning;
    readonly encryption: aws.s3.BucketServerSideEncryptionConfiguration;
    readonly objectLock?: aws.s3.BucketObjectLockConfiguration;
    readonly lifecycle?: aws.s3.BucketLifecycleConfiguration;
    logging?: aws.s3.BucketLogging;
    /** The bucket's ARN: `arn:aws:s3:::<name>` when the name is known to the program, so policies built on it can be read at preview. */
    readonly arn: pulumi.Output<string>;
    /** The last part created: what the next one waits for. */
    private last: pulumi.Resource;
    private readonly aliases: pulumi.Alias[];

    constructor(name: string, args: HardenedBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super(HardenedBucket.TYPE, name, {}, opts);
        const region = args.region;
        // The parent by its URN: the SDK walks every object an alias holds (for unknowns) before each registration,
        // and a parent resource reaches the whole tree around it, which made each bucket part cost as the stack grew.
        const formerParent: pulumi.Resource | undefined = opts?.parent ?? pulumi.rootStackResource;
        const aliases: pulumi.Alias[] = [{ parent: formerParent?.urn }];
        this.aliases = aliases;
        let last: pulumi.Resource | undefined;
        /** Options of the next part: a child of this component, after the previous part (and `extra`). */
        const next = (extra: pulumi.Resource[] = []): pulumi.CustomResourceOptions => ({
            parent: this,
            aliases,
            dependsOn: [...(last ? [last] : []), ...extra],
        });
        const done = <R extends pulumi.Resource>(r: R): R => (last = r);
        this.region = region;
        this.partName = name;

        this.bucket = new aws.s3.Bucket(
            args.bucketResourceName ?? name,
            {
                region,
                bucket: args.bucketName,
                ...(args.objectLockRetentionDays !== undefined ? { objectLockEnabled: true } : {}),
                tags: dataClassLabels(args.dataClass, args.tags),
            },
            { parent: this, aliases, ...(args.protectBucket ? { protect: true } : {}) },
        );
        this.arn = typeof args.bucketName === "string" ? pulumi.output(`arn:aws:s3:::${args.bucketName}`) : this.bucket.arn;
        const bucket = this.bucket.id;

        this.ownership = done(
            new aws.s3.BucketOwnershipControls(`${name}-ownership`, { region, bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }, next()),
        );
        this.publicAccessBlock = done(
            new aws.s3.BucketPublicAccessBlock(
                `${name}-public-access-block`,
                { region, bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
                next(),
            ),
        );
        const kms = args.encryption === "AES256" ? undefined : args.encryption.kmsKeyArn;
        this.policy = done(
            new aws.s3.BucketPolicy(
                `${name}-policy`,
                {
                    region,
                    bucket,
                    policy: pulumi.jsonStringify({
                        Version: "2012-10-17",
                        Statement: [
                            ...(args.policyStatements?.(this.arn) ?? []),
                            denyInsecureTransport(this.arn),
                            ...(kms !== undefined ? denyOtherEncryption(this.arn, kms) : []),
                        ],
                    }),
                },
                next(),
            ),
        );
        if (args.versioning) {
            this.versioning = done(
                new aws.s3.BucketVersioning(`${name}-versioning`, { region, bucket, versioningConfiguration: { status: "Enabled" } }, next()),
            );
        }
        this.encryption = done(
            new aws.s3.BucketServerSideEncryptionConfiguration(
                `${name}-encryption`,
                {
                    region,
                    bucket,
                    rules: [
                        kms !== undefined
                            ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: kms }, bucketKeyEnabled: true }
                            : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
                    ],
                },
                next(),
            ),
        );
        if (args.objectLockRetentionDays !== undefined) {
            this.objectLock = done(
                new aws.s3.BucketObjectLockConfiguration(
                    `${name}-object-lock`,
                    { region, bucket, rule: { defaultRetention: { mode: "COMPLIANCE", days: args.objectLockRetentionDays } } },
                    next(),
                ),
            );
        }
        if (args.lifecycle) {
            this.lifecycle = done(
                new aws.s3.BucketLifecycleConfiguration(
                    `${name}-lifecycle`,
                    {
                        region,
                        bucket,
                        ...(args.lifecycle.transitionDefaultMinimumObjectSize
                            ? { transitionDefaultMinimumObjectSize: args.lifecycle.transitionDefaultMinimumObjectSize }
                            : {}),
                        rules: args.lifecycle.rules,
                    },
                    next(this.versioning && this.versioning !== last ? [this.versioning] : []),
                ),
            );
        }
        this.last = last!;
        this.registerOutputs({ bucketName: this.bucket.bucket, bucketArn: this.bucket.arn });
    }

    private readonly region: string;
    private readonly partName: string;

    /** Server access logs of this bucket to `target` under `prefix`: the last part, once the log bucket takes deliveries (its policy and encryption). */
    logTo(target: HardenedBucket, prefix: string, after: pulumi.Resource[] = [target.policy, target.encryption]): aws.s3.BucketLogging {
        this.logging = new aws.s3.BucketLogging(
            `${this.partName}-access-logging`,
            { region: this.region, bucket: this.bucket.id, targetBucket: target.bucket.id, targetPrefix: prefix },
            { parent: this, aliases: this.aliases, dependsOn: [this.last, ...after] },
        );
        this.last = this.logging;
        return this.logging;
    }
}

/** Bucket policy statement that denies every request not made over TLS. */
export function denyInsecureTransport(bucketArn: pulumi.Input<string>) {
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
 * Bucket policy statements that deny, to everyone, a write that asks for any encryption other than SSE-KMS with
 * `keyArn`. A write without an encryption header gets the bucket default (the same key); `aws:kms` without a key
 * id would be served with the AWS managed key aws/s3, not the bucket's.
 */
export function denyOtherEncryption(bucketArn: pulumi.Input<string>, keyArn: pulumi.Input<string>) {
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
