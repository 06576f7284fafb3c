/**
 * Bootstrap of us-data-residency: where Pulumi keeps the state and the secrets of every other stack.
 *
 * - An S3 bucket in us-east-1 for the state (`pulumi login 's3://<bucket>?region=us-east-1&awssdk=v2'`):
 *   versioned, SSE-KMS under a customer-managed key of us-east-1, all four public access block flags,
 *   TLS-only, writes under any other encryption denied, server access logs to a separate log bucket.
 * - The KMS key of the secrets provider: `awskms://alias/pulumi-state?region=us-east-1`.
 *
 * The state bucket is labelled `us-user-data`, the strictest class: a checkpoint holds every resource's
 * inputs and outputs and the (encrypted) secrets of the stacks, so it gets the handling of US user data
 * and the residency pack keeps it, and any copy of it, in a location approved for that class.
 * docs/STATE-AND-SECRETS.md explains the choice and the bootstrap procedure.
 *
 * This program is its own Pulumi project (Pulumi.yaml here); the main program (`infra/index.ts`) never loads it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { HardenedBucket } from "../components/hardenedBucket";

/** The only region this program writes to: Virginia, approved for US user data. */
export const REGION = "us-east-1";
/** Alias of the secrets provider key: `awskms://alias/pulumi-state?region=us-east-1`. */
export const SECRETS_KEY_ALIAS = "alias/pulumi-state";
/** Alias of the key that encrypts the state objects at rest. */
export const STATE_BUCKET_KEY_ALIAS = "alias/pulumi-state-bucket";
/** Prefix of the state bucket's access logs in the log bucket. */
export const ACCESS_LOG_PREFIX = "state-bucket/";

const config = new pulumi.Config();
const stateBucketName = config.require("stateBucketName");
const accessLogBucketName = config.require("accessLogBucketName");
const awsAccountId = config.require("awsAccountId");
if (!/^\d{12}$/.test(awsAccountId)) {
    throw new Error(`residency-bootstrap:awsAccountId must be a 12-digit AWS account id, got '${awsAccountId}'`);
}
if (stateBucketName === accessLogBucketName) {
    throw new Error("residency-bootstrap:accessLogBucketName must differ from stateBucketName: access logs never go to the bucket they log");
}

const provider = new aws.Provider("state-us-east-1", {
    region: REGION,
    allowedAccountIds: [awsAccountId],
    defaultTags: { tags: { "managed-by": "pulumi", project: pulumi.getProject(), stack: pulumi.getStack(), purpose: "pulumi-state" } },
});
const opts: pulumi.CustomResourceOptions = { provider, protect: true };
const child = (dependsOn: pulumi.Resource[] = []): pulumi.CustomResourceOptions => ({ provider, dependsOn });

function labels(dataClass: "us-user-data" | "no-user-data"): Record<string, string> {
    return { "data-class": dataClass };
}

/** A customer-managed key in us-east-1 with yearly rotation, and its alias. */
function customerManagedKey(name: string, alias: string, description: string): { key: aws.kms.Key; alias: aws.kms.Alias } {
    const key = new aws.kms.Key(
        name,
        {
            region: REGION,
            description,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            tags: labels("no-user-data"),
        },
        opts,
    );
    return { key, alias: new aws.kms.Alias(`${name}-alias`, { region: REGION, name: alias, targetKeyId: key.keyId }, child()) };
}

// Keys: one encrypts the state objects at rest, the other is the secrets provider of every stack.
const stateBucketKey = customerManagedKey("state-bucket-key", STATE_BUCKET_KEY_ALIAS, "SSE-KMS key of the Pulumi state bucket (us-east-1)");
const secretsKey = customerManagedKey("secrets-provider-key", SECRETS_KEY_ALIAS, "Pulumi secrets provider of us-data-residency stacks (awskms, us-east-1)");

// Access logs of the state bucket. S3 server access logging delivers only to SSE-S3 buckets, so this
// bucket holds no user data by design: request metadata (who read or wrote which stack checkpoint).
const logs = new HardenedBucket(
    "state-access-logs",
    {
        region: REGION,
        bucketName: accessLogBucketName,
        dataClass: "no-user-data",
        protectBucket: true,
        encryption: "AES256",
        policyStatements: (arn) => [
            {
                Sid: "S3ServerAccessLogsFromTheStateBucket",
                Effect: "Allow",
                Principal: { Service: "logging.s3.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: pulumi.interpolate`${arn}/${ACCESS_LOG_PREFIX}*`,
                Condition: { ArnLike: { "aws:SourceArn": `arn:aws:s3:::${stateBucketName}` }, StringEquals: { "aws:SourceAccount": awsAccountId } },
            },
        ],
        // Kept longer than the pack's 365-day audit minimum.
        lifecycle: {
            rules: [
                {
                    id: "expire-access-logs",
                    status: "Enabled",
                    filter: { prefix: "" },
                    expiration: { days: 400 },
                    abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                },
            ],
        },
    },
    { provider },
);
// The state bucket.
const state = new HardenedBucket(
    "state",
    {
        region: REGION,
        bucketName: stateBucketName,
        dataClass: "us-user-data",
        protectBucket: true,
        encryption: { kmsKeyArn: stateBucketKey.key.arn },
        versioning: true,
        // Earlier checkpoints stay a year: long enough to recover from a bad update or a deleted stack.
        lifecycle: {
            rules: [
                {
                    id: "expire-old-checkpoints",
                    status: "Enabled",
                    filter: { prefix: "" },
                    noncurrentVersionExpiration: { noncurrentDays: 365 },
                    abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                },
            ],
        },
    },
    { provider },
);
// Last, and only once the log bucket accepts deliveries.
state.logTo(logs, ACCESS_LOG_PREFIX, [logs.policy]);

export const stateBucket = state.bucket.bucket;
export const accessLogBucket = logs.bucket.bucket;
/** Pass to `pulumi login` (or set as PULUMI_BACKEND_URL / the `PULUMI_BACKEND_URL` repository variable). */
export const backendUrl = `s3://${stateBucketName}?region=${REGION}&awssdk=v2`;
/** Pass to `pulumi stack init --secrets-provider` / `pulumi stack change-secrets-provider`. */
export const secretsProvider = `awskms://${SECRETS_KEY_ALIAS}?region=${REGION}`;
export const secretsKeyArn = secretsKey.key.arn;
export const stateBucketKeyArn = stateBucketKey.key.arn;
