/**
 * The small programs the rule tests judge, built in memory with the graph builder (test/evasion/dsl/stack.ts)
 * as the offline preview captures them. Each says in one line what it is; `Program` names the stack config it
 * runs with, like the `Pulumi.test.yaml` of a fixture project.
 */
import { derived, NON_US, NO_USER_DATA, type Res, Stack, UNKNOWN, US } from "../evasion/dsl/stack";

export interface Program {
    /** What the program is, in one line. */
    what: string;
    /** Stack config, `<namespace>:<key>` → value. */
    config: Record<string, string>;
    build(s: Stack): void;
}

const COMPARTMENT = "ocid1.compartment.oc1..placeholder";
const TENANCY = "ocid1.tenancy.oc1..placeholder";
const NAMESPACE = "placeholdernamespace";
const AWS_US = { "aws:region": "us-east-1" };
const AWS_SG = { "aws:region": "ap-southeast-1" };
const OCI_US = { "oci:region": "us-ashburn-1" };

/** Builds a fresh stack of `p`. */
export function stackOf(p: Program): Stack {
    const s = new Stack("fixture", "test", p.config);
    p.build(s);
    return s;
}

const FULL_BLOCK = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };

function publicAccessBlock(s: Stack, name: string, bucket: Res, opts: { provider?: Res } = {}, flags: Record<string, boolean> = {}): void {
    s.add("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", name, { bucket: bucket.id, ...FULL_BLOCK, ...flags }, opts);
}

function sseKms(s: Stack, name: string, bucket: Res, key: Res, opts: { provider?: Res } = {}, bucketKeyEnabled?: boolean): void {
    s.add(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        name,
        { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled }] },
        opts,
    );
}

function accessLogging(s: Stack, name: string, bucket: Res, logs: Res, prefix: string): void {
    s.add("aws:s3/bucketLogging:BucketLogging", name, { bucket: bucket.id, targetBucket: logs.id, targetPrefix: prefix });
}

/** An OCI vault and an AES key in it; `protectionMode` as the program sets it. */
function ociVaultKey(
    s: Stack,
    prefix: string,
    opts: { provider?: Res } = {},
    extra: Record<string, unknown> = {},
    vaultType = "DEFAULT",
): { vault: Res; key: Res } {
    const vault = s.add("oci:Kms/vault:Vault", `${prefix}-vault`, { compartmentId: COMPARTMENT, displayName: `${prefix}-vault`, vaultType }, opts);
    const key = s.add(
        "oci:Kms/key:Key",
        `${prefix}-key`,
        {
            compartmentId: COMPARTMENT,
            displayName: `${prefix}-key`,
            keyShape: { algorithm: "AES", length: 32 },
            managementEndpoint: vault.computed(),
            ...extra,
        },
        opts,
    );
    return { vault, key };
}

function ociUsBucket(s: Stack, name: string, key: Res | undefined, extra: Record<string, unknown> = {}, opts: { provider?: Res } = {}): Res {
    return s.add(
        "oci:ObjectStorage/bucket:Bucket",
        name,
        { compartmentId: COMPARTMENT, namespace: NAMESPACE, name, accessType: "NoPublicAccess", kmsKeyId: key?.id, freeformTags: US, ...extra },
        opts,
    );
}

function tenancyAudit(s: Stack, days: number): void {
    s.add("oci:Audit/configuration:Configuration", "tenancy-audit", { compartmentId: TENANCY, retentionPeriodDays: days });
}

/** The OCI US bucket most OCI programs below start from: vault key, NoPublicAccess, audit retention of 365 days. */
function hardenedOciUsBucket(s: Stack): void {
    const { key } = ociVaultKey(s, "us");
    ociUsBucket(s, "us-users", key);
    tenancyAudit(s, 365);
}

function steering(s: Stack, usPool: "oci" | "aws"): void {
    s.add("oci:Dns/steeringPolicy:SteeringPolicy", "app-steering", {
        compartmentId: COMPARTMENT,
        displayName: "app-steering",
        template: "CUSTOM",
        ttl: 60,
        answers: [
            { name: "oci-iad", rtype: "A", rdata: "192.0.2.10", pool: "oci" },
            { name: "aws-use1", rtype: "A", rdata: "198.51.100.20", pool: "aws" },
        ],
        rules: [
            {
                ruleType: "FILTER",
                cases: [
                    { caseCondition: "query.client.geoKey in (6252001)", answerDatas: [{ answerCondition: `answer.pool == '${usPool}'`, shouldKeep: true }] },
                ],
                defaultAnswerDatas: [{ answerCondition: "answer.pool == 'aws'", shouldKeep: true }],
            },
        ],
    });
}

function ociVolume(s: Stack, from: string, to: string, replica: string, opts: { provider?: Res } = {}, key?: Res): void {
    s.add(
        "oci:Core/volume:Volume",
        "us-data",
        {
            compartmentId: COMPARTMENT,
            availabilityDomain: from,
            sizeInGbs: "50",
            kmsKeyId: key?.id,
            blockVolumeReplicas: [{ availabilityDomain: to, displayName: replica }],
            freeformTags: US,
        },
        opts,
    );
}

/** What a bucket policy looks like when built with `pulumi.jsonStringify` from the bucket's generated ARN: unknown at preview. */
const tlsOnly = (arn: string) =>
    JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }],
    });

export const PROGRAMS = {
    "compliant-aws-us-bucket": {
        what: "a fully hardened US bucket in us-east-1 (KMS key in the same region, SSE-KMS, public access block, access logging)",
        config: AWS_US,
        build: (s) => {
            const provider = s.provider("aws", "aws-us-east-1", { region: "us-east-1" });
            const opts = { provider };
            const key = s.add(
                "aws:kms/key:Key",
                "us-users-key",
                { description: "SSE-KMS key of us-users", enableKeyRotation: true, deletionWindowInDays: 30 },
                opts,
            );
            const logs = s.add("aws:s3/bucket:Bucket", "us-users-logs", { tags: NO_USER_DATA }, opts);
            publicAccessBlock(s, "us-users-logs-pab", logs, opts);
            const bucket = s.add("aws:s3/bucket:Bucket", "us-users", { tags: US }, opts);
            publicAccessBlock(s, "us-users-pab", bucket, opts);
            sseKms(s, "us-users-sse", bucket, key, opts, true);
            s.add("aws:s3/bucketLogging:BucketLogging", "us-users-logging", { bucket: bucket.id, targetBucket: logs.id, targetPrefix: "us-users/" }, opts);
        },
    },
    "compliant-non-us-bucket": {
        what: "a bucket of non-US user data in ap-southeast-1 (approved for non-us-user-data), with a public access block",
        config: AWS_SG,
        build: (s) => {
            const bucket = s.add("aws:s3/bucket:Bucket", "apac-users", { tags: NON_US });
            publicAccessBlock(s, "apac-users-pab", bucket);
        },
    },
    "compliant-oci-us-bucket": {
        what: "a US bucket in us-ashburn-1 encrypted with a vault key of the same region, NoPublicAccess, audit retention 365 days",
        config: OCI_US,
        build: (s) => {
            const provider = s.provider("oci", "oci-us-ashburn-1", { region: "us-ashburn-1" });
            const { key } = ociVaultKey(s, "us", { provider }, { protectionMode: "HSM" });
            ociUsBucket(s, "us-users", key, { versioning: "Enabled" }, { provider });
            s.add("oci:Audit/configuration:Configuration", "tenancy-audit", { compartmentId: TENANCY, retentionPeriodDays: 365 }, { provider });
        },
    },
    "aws-access-grants": {
        what: "a hardened US bucket 'us-users-prod' with a bucket policy for a partner role and an IAM role policy that reads it",
        config: AWS_US,
        build: (s) => {
            const key = s.add("aws:kms/key:Key", "us-key", { enableKeyRotation: true });
            const logs = s.add("aws:s3/bucket:Bucket", "access-logs", { tags: NO_USER_DATA });
            const bucket = s.add("aws:s3/bucket:Bucket", "us-users", { bucket: "us-users-prod", tags: US });
            sseKms(s, "us-users-sse", bucket, key);
            accessLogging(s, "us-users-logging", bucket, logs, "us-users/");
            publicAccessBlock(s, "us-users-pab", bucket);
            s.add("aws:s3/bucketPolicy:BucketPolicy", "us-users-partner", {
                bucket: bucket.id,
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { AWS: "arn:aws:iam::222222222222:role/partner-ingest" },
                            Action: "s3:PutObject",
                            Resource: "arn:aws:s3:::us-users-prod/*",
                        },
                    ],
                }),
            });
            s.add("aws:iam/rolePolicy:RolePolicy", "analytics-read", {
                role: "analytics",
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::us-users-prod/*"] }],
                }),
            });
        },
    },
    "bucket-policy-documents": {
        what: "two hardened US buckets with TLS-only bucket policies; 'generated' builds its document from the bucket ARN (unknown at preview), 'named' from a literal ARN",
        config: AWS_US,
        build: (s) => {
            const key = s.add("aws:kms/key:Key", "us-key", { enableKeyRotation: true });
            const logs = s.add("aws:s3/bucket:Bucket", "access-logs", { tags: NO_USER_DATA });
            const usBucket = (name: string, bucketName?: string) => {
                const bucket = s.add("aws:s3/bucket:Bucket", name, { bucket: bucketName, tags: US });
                sseKms(s, `${name}-sse`, bucket, key);
                accessLogging(s, `${name}-logging`, bucket, logs, `${name}/`);
                publicAccessBlock(s, `${name}-pab`, bucket);
                return bucket;
            };
            const generated = usBucket("generated");
            s.add("aws:s3/bucketPolicy:BucketPolicy", "generated-tls-only", { bucket: generated.id, policy: derived(UNKNOWN, generated) });
            const named = usBucket("named", "us-users-named-prod");
            s.add("aws:s3/bucketPolicy:BucketPolicy", "named-tls-only", { bucket: named.id, policy: tlsOnly("arn:aws:s3:::us-users-named-prod") });
        },
    },
    "compliant-oci-replication-to-phoenix": {
        what: "the US bucket in us-ashburn-1 replicates to a hardened bucket of this stack in us-phoenix-1 (both approved)",
        config: OCI_US,
        build: (s) => {
            const usBucket = (region: string, name: string) => {
                const provider = s.provider("oci", `oci-${region}`, { region });
                const { key } = ociVaultKey(s, name, { provider }, { protectionMode: "HSM" });
                return ociUsBucket(s, name, key, {}, { provider });
            };
            const primary = usBucket("us-ashburn-1", "us-users");
            const dr = usBucket("us-phoenix-1", "us-users-dr");
            s.add("oci:ObjectStorage/replicationPolicy:ReplicationPolicy", "us-users-to-phoenix", {
                bucket: primary.out("name"),
                namespace: NAMESPACE,
                name: "to-phoenix",
                destinationBucketName: dr.out("name"),
                destinationRegionName: "us-phoenix-1",
            });
            tenancyAudit(s, 365);
        },
    },
    "exempted-unlogged-bucket": {
        what: "a hardened US bucket in us-east-1 without access logging (exempted from audit-on-user-data by the configs that go with it)",
        config: AWS_US,
        build: (s) => {
            const key = s.add("aws:kms/key:Key", "us-users-key", { enableKeyRotation: true });
            const bucket = s.add("aws:s3/bucket:Bucket", "us-users-import", { tags: US });
            publicAccessBlock(s, "us-users-import-pab", bucket);
            sseKms(s, "us-users-import-sse", bucket, key);
        },
    },
    "oci-audit-short-retention": {
        what: "the OCI US bucket is hardened, but the tenancy keeps audit events only 90 days",
        config: OCI_US,
        build: (s) => {
            const { key } = ociVaultKey(s, "us");
            ociUsBucket(s, "us-users", key);
            tenancyAudit(s, 90);
        },
    },
    "oci-conflicting-labels": {
        what: "the bucket says no-user-data in freeformTags but us-user-data in a defined tag",
        config: { "oci:region": "ap-singapore-1" },
        build: (s) => {
            ociUsBucket(s, "user-exports", undefined, { freeformTags: NO_USER_DATA, definedTags: { "Residency.data-class": "us-user-data" } });
        },
    },
    "oci-defined-tag-label": {
        what: "the US bucket is classified through a defined tag ('Residency.data-class') instead of a freeform tag",
        config: OCI_US,
        build: (s) => {
            const { key } = ociVaultKey(s, "us");
            ociUsBucket(s, "us-users", key, { freeformTags: undefined, definedTags: { "Residency.data-class": "us-user-data" } });
            tenancyAudit(s, 365);
        },
    },
    "oci-iam-statements": {
        what: "a hardened OCI US bucket; 'custodian-access' holds only allowed grants, 'broad-access' holds grants that reach US user data",
        config: OCI_US,
        build: (s) => {
            hardenedOciUsBucket(s);
            s.add("oci:Identity/policy:Policy", "custodian-access", {
                compartmentId: TENANCY,
                name: "custodian-access",
                description: "who may reach US user data",
                statements: [
                    `Allow group us-data-custodians to manage object-family in compartment id ${COMPARTMENT}`,
                    "Allow group 'Default'/'us-data-auditors' to read audit-events in tenancy",
                    "Allow group contractors to read objects in tenancy where target.bucket.name='public-assets'",
                ],
            });
            s.add("oci:Identity/policy:Policy", "broad-access", {
                compartmentId: TENANCY,
                name: "broad-access",
                description: "too broad",
                statements: [
                    "Allow group us-data-auditors to manage audit-events in tenancy",
                    "Allow any-user to read objects in tenancy",
                    "Allow group contractors to read buckets in tenancy where target.bucket.name='us-users'",
                ],
            });
        },
    },
    "oci-volume-replica-phx-ad": {
        what: "a US block volume in Ashburn replicated to the Phoenix availability domain 'Uocm:PHX-AD-2', its vault replicated to us-phoenix-1",
        config: OCI_US,
        build: (s) => {
            const { vault, key } = ociVaultKey(s, "us");
            ociVolume(s, "Uocm:US-ASHBURN-AD-1", "Uocm:PHX-AD-2", "us-data-phx", {}, key);
            s.add("oci:Kms/vaultVerification:VaultVerification", "us-vault-replica", { vaultId: vault.id, replicaRegion: "us-phoenix-1" });
            tenancyAudit(s, 365);
        },
    },
    "oci-volume-replica-us-ad": {
        what: "a US block volume in Phoenix replicated to an Ashburn availability domain (real AD name form 'Uocm:US-ASHBURN-AD-1')",
        config: OCI_US,
        build: (s) => {
            const provider = s.provider("oci", "oci-us-phoenix-1", { region: "us-phoenix-1" });
            const { key } = ociVaultKey(s, "us", { provider });
            ociVolume(s, "Uocm:PHX-AD-1", "Uocm:US-ASHBURN-AD-1", "us-data-iad", { provider }, key);
            tenancyAudit(s, 365);
        },
    },
    "s3-cloudtrail-data-events": {
        what: "the US bucket has no server access logging, but a CloudTrail trail records S3 data events for it",
        config: AWS_US,
        build: (s) => {
            const key = s.add("aws:kms/key:Key", "us-key", { enableKeyRotation: true });
            const bucket = s.add("aws:s3/bucket:Bucket", "us-users", { bucket: "us-users-prod", tags: US });
            sseKms(s, "us-users-sse", bucket, key);
            publicAccessBlock(s, "us-users-pab", bucket);
            const trailBucket = s.add("aws:s3/bucket:Bucket", "trail-logs", { bucket: "trail-logs-prod", tags: NO_USER_DATA });
            s.add("aws:cloudtrail/trail:Trail", "data-events", {
                s3BucketName: trailBucket.out("bucket"),
                isMultiRegionTrail: false,
                eventSelectors: [
                    {
                        readWriteType: "All",
                        includeManagementEvents: true,
                        dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3:::us-users-prod/"] }],
                    },
                ],
            });
        },
    },
    "s3-public-exposure": {
        what: "three US buckets in us-east-1 with SSE-KMS and logging; one locked down, one with an incomplete public access block, one with a bucket policy open to '*'",
        config: AWS_US,
        build: (s) => {
            const key = s.add("aws:kms/key:Key", "us-key", { enableKeyRotation: true });
            const logs = s.add("aws:s3/bucket:Bucket", "access-logs", { tags: NO_USER_DATA });
            const usBucket = (name: string, restrictPublicBuckets: boolean) => {
                const bucket = s.add("aws:s3/bucket:Bucket", name, { bucket: `${name}-prod`, tags: US });
                sseKms(s, `${name}-sse`, bucket, key);
                accessLogging(s, `${name}-logging`, bucket, logs, `${name}/`);
                publicAccessBlock(s, `${name}-pab`, bucket, {}, { restrictPublicBuckets });
                return bucket;
            };
            const locked = usBucket("locked", true);
            s.add("aws:s3/bucketPolicy:BucketPolicy", "locked-tls-only", { bucket: locked.id, policy: tlsOnly("arn:aws:s3:::locked-prod") });
            usBucket("half-blocked", false);
            const open = usBucket("open-policy", true);
            s.add("aws:s3/bucketPolicy:BucketPolicy", "open-policy-read-all", {
                bucket: open.id,
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::open-policy-prod/*" }],
                }),
            });
        },
    },
    "traffic-steered-to-oci": {
        what: "US users (geoKey 6252001) are answered only by the OCI pool; others go to AWS",
        config: OCI_US,
        build: (s) => {
            hardenedOciUsBucket(s);
            steering(s, "oci");
        },
    },
    "traffic-steered-to-aws": {
        what: "the US case keeps the AWS pool, so US users are answered by an endpoint that is not OCI",
        config: OCI_US,
        build: (s) => {
            hardenedOciUsBucket(s);
            steering(s, "aws");
        },
    },

    // The evasions the rule tests also judge (each is a fixture program of test/fixtures/evasion as well).
    "oci-iam-non-us-staff": {
        what: "an OCI IAM statement lets 'sg-support-staff' (configured as staff outside the US by the config that goes with it) read objects",
        config: OCI_US,
        build: (s) => {
            s.add("oci:Identity/policy:Policy", "support-read", {
                compartmentId: TENANCY,
                name: "support-read",
                description: "support staff may read objects to debug uploads",
                statements: ["Allow group 'Default'/'SG-Support-Staff' to read objects in tenancy"],
            });
        },
    },
    "oci-public-bucket": {
        what: "the US bucket is in an approved region but readable by anyone (accessType ObjectRead)",
        config: OCI_US,
        build: (s) => {
            ociUsBucket(s, "us-users", undefined, { accessType: "ObjectRead" });
        },
    },
    "default-region-from-config": {
        what: "the default AWS provider's region comes from stack config (aws:region: ap-southeast-1), so a US bucket lands in Singapore",
        config: AWS_SG,
        build: (s) => {
            s.add("aws:s3/bucket:Bucket", "us-users", { tags: US });
        },
    },
    "s3-replication-foreign-bucket": {
        what: "a BucketReplicationConfig copies the US bucket (us-east-1) into a bucket of this stack in eu-west-1",
        config: AWS_US,
        build: (s) => {
            const ireland = s.provider("aws", "aws-eu-west-1", { region: "eu-west-1" });
            const source = s.add("aws:s3/bucket:Bucket", "us-users", { tags: US });
            const replica = s.add("aws:s3/bucket:Bucket", "users-replica", { tags: US }, { provider: ireland });
            s.add("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "us-users-replication", {
                bucket: source.id,
                role: "arn:aws:iam::111111111111:role/s3-replication",
                rules: [{ id: "all", status: "Enabled", destination: { bucket: replica.arn } }],
            });
        },
    },
    "oci-bucket-replication-region-key": {
        what: "an Object Storage replication policy copies the US bucket to Singapore, named by its region key 'SIN'",
        config: OCI_US,
        build: (s) => {
            const bucket = ociUsBucket(s, "us-users", undefined);
            s.add("oci:ObjectStorage/replicationPolicy:ReplicationPolicy", "us-users-replication", {
                bucket: bucket.out("name"),
                namespace: NAMESPACE,
                name: "to-apac",
                destinationBucketName: "users-apac",
                destinationRegionName: "SIN",
            });
        },
    },
    "backup-plan-copy-to-stack-vault": {
        what: "an AWS Backup plan's copy action sends backups of the US bucket to a vault of this stack in eu-west-1",
        config: AWS_US,
        build: (s) => {
            const ireland = s.provider("aws", "aws-eu-west-1", { region: "eu-west-1" });
            const bucket = s.add("aws:s3/bucket:Bucket", "us-users", { tags: US });
            const vault = s.add("aws:backup/vault:Vault", "us-vault", { tags: US });
            const drVault = s.add("aws:backup/vault:Vault", "dr-vault", { tags: US }, { provider: ireland });
            const plan = s.add("aws:backup/plan:Plan", "us-users-plan", {
                rules: [
                    {
                        ruleName: "daily",
                        targetVaultName: vault.out("name"),
                        schedule: "cron(0 5 * * ? *)",
                        copyActions: [{ destinationVaultArn: drVault.arn }],
                    },
                ],
            });
            s.add("aws:backup/selection:Selection", "us-users-selection", {
                planId: plan.id,
                iamRoleArn: "arn:aws:iam::111111111111:role/aws-backup",
                resources: [bucket.arn],
            });
        },
    },
    "missing-data-class": {
        what: "the bucket in ap-southeast-1 carries no data-class label at all",
        config: AWS_SG,
        build: (s) => {
            s.add("aws:s3/bucket:Bucket", "user-data", { tags: { team: "growth" } });
        },
    },
    "data-class-key-wrong-case": {
        what: "the label key is 'Data-Class' instead of 'data-class', on a bucket in ap-southeast-1",
        config: AWS_SG,
        build: (s) => {
            s.add("aws:s3/bucket:Bucket", "us-users", { tags: { "Data-Class": "us-user-data" } });
        },
    },
    "kms-key-foreign-region": {
        what: "the US bucket stays in us-east-1, but its SSE-KMS key is created in eu-west-1",
        config: AWS_US,
        build: (s) => {
            const ireland = s.provider("aws", "aws-eu-west-1", { region: "eu-west-1" });
            const key = s.add("aws:kms/key:Key", "users-key", { enableKeyRotation: true }, { provider: ireland });
            const bucket = s.add("aws:s3/bucket:Bucket", "us-users", { tags: US });
            sseKms(s, "us-users-sse", bucket, key);
        },
    },
    "oci-vault-replica": {
        what: "the vault holding the key of the US bucket is replicated to eu-frankfurt-1 (VaultVerification replicaRegion)",
        config: OCI_US,
        build: (s) => {
            const { vault, key } = ociVaultKey(s, "us", {}, { protectionMode: "HSM" }, "VIRTUAL_PRIVATE");
            ociUsBucket(s, "us-users", key);
            s.add("oci:Kms/vaultVerification:VaultVerification", "us-vault-replica", { vaultId: vault.id, replicaRegion: "eu-frankfurt-1" });
        },
    },
    "us-bucket-in-eu-west-1": {
        what: "a US bucket in eu-west-1 (approved there only by transitional approvals or exemptions that go with it, if at all)",
        config: AWS_US,
        build: (s) => {
            const ireland = s.provider("aws", "aws-eu-west-1", { region: "eu-west-1" });
            s.add("aws:s3/bucket:Bucket", "us-users-legacy", { tags: US }, { provider: ireland });
        },
    },
    "us-bucket-migrating": {
        what: "a US bucket in eu-west-1 that an exemption (given with it) was meant to cover",
        config: AWS_US,
        build: (s) => {
            const ireland = s.provider("aws", "aws-eu-west-1", { region: "eu-west-1" });
            s.add("aws:s3/bucket:Bucket", "us-users-migrating", { tags: US }, { provider: ireland });
        },
    },
    "us-table-replica-abroad": {
        what: "a US DynamoDB table in us-east-1 with a replica of itself in ap-southeast-1",
        config: AWS_US,
        build: (s) => {
            s.add("aws:dynamodb/table:Table", "us-sessions", {
                name: "us-sessions",
                billingMode: "PAY_PER_REQUEST",
                hashKey: "id",
                attributes: [{ name: "id", type: "S" }],
                replicas: [{ regionName: "ap-southeast-1" }],
                tags: US,
            });
        },
    },
    "tainted-non-us-bucket": {
        what: "a bucket labelled non-us-user-data in ap-southeast-1 (approved for that class) receives replication from the US bucket",
        config: AWS_US,
        build: (s) => {
            const singapore = s.provider("aws", "aws-ap-southeast-1", { region: "ap-southeast-1" });
            const source = s.add("aws:s3/bucket:Bucket", "us-users", { tags: US });
            const apac = s.add("aws:s3/bucket:Bucket", "apac-users", { tags: NON_US }, { provider: singapore });
            s.add("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "us-to-apac", {
                bucket: source.id,
                role: "arn:aws:iam::111111111111:role/s3-replication",
                rules: [{ id: "all", status: "Enabled", destination: { bucket: apac.arn } }],
            });
        },
    },
} satisfies Record<string, Program>;

export type ProgramName = keyof typeof PROGRAMS;
