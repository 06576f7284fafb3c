/**
 * The small programs the rule tests judge, built in memory with the graph builder (test/evasion/dsl/stack.ts)
 * as the offline preview captures them. Each says in one line what it is; `Program` names the stack config it
 * runs with, like the `Pulumi.test.yaml` of a fixture project.
 */
import type { DslInput, InputsOf } from "../evasion/dsl/sdkTypes";
import { derived, NON_US, NO_USER_DATA, type Output, type Res, Stack, UNKNOWN, US } from "../evasion/dsl/stack";

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

/** The OCI US bucket most OCI programs below start from: vault key, NoPublicAccess, audit retention of `auditDays` (365). */
function hardenedOciUsBucket(s: Stack, extra: InputsOf<"oci:ObjectStorage/bucket:Bucket"> = {}, auditDays = 365): void {
    const { key } = ociVaultKey(s, "us");
    ociUsBucket(s, "us-users", key, extra);
    tenancyAudit(s, auditDays);
}

/** Keeps the answers of one pool. */
const keepPool = (pool: string) => [{ answerCondition: `answer.pool == '${pool}'`, shouldKeep: true }];

type SteeringRules = InputsOf<"oci:Dns/steeringPolicy:SteeringPolicy">["rules"];

/** One rule whose US case (geoKey 6252001) keeps `usPool`; everyone else gets AWS. */
const usCaseKeeps = (usPool: "oci" | "aws"): SteeringRules => [
    {
        ruleType: "FILTER",
        cases: [{ caseCondition: "query.client.geoKey in (6252001)", answerDatas: keepPool(usPool) }],
        defaultAnswerDatas: keepPool("aws"),
    },
];

/** A steering policy between an OCI and an AWS answer. */
function steering(s: Stack, rules: SteeringRules): void {
    s.add("oci:Dns/steeringPolicy:SteeringPolicy", "app-steering", {
        compartmentId: COMPARTMENT,
        displayName: "app-steering",
        template: "CUSTOM",
        ttl: 60,
        answers: [
            { name: "oci-iad", rtype: "A", rdata: "192.0.2.10", pool: "oci" },
            { name: "aws-use1", rtype: "A", rdata: "198.51.100.20", pool: "aws" },
        ],
        rules,
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

/** The explicit eu-west-1 provider the programs below copy to. */
const ireland = (s: Stack): Res => s.provider("aws", "aws-eu-west-1", { region: "eu-west-1" });

function usBucketInIreland(s: Stack, name: string): void {
    s.add("aws:s3/bucket:Bucket", name, { tags: US }, { provider: ireland(s) });
}

const SESSIONS_TABLE = {
    billingMode: "PAY_PER_REQUEST",
    hashKey: "id",
    attributes: [{ name: "id", type: "S" }],
    streamEnabled: true,
    streamViewType: "NEW_AND_OLD_IMAGES",
};

const RDS_PRIMARY = {
    engine: "postgres",
    instanceClass: "db.t4g.micro",
    allocatedStorage: 20,
    username: "app",
    manageMasterUserPassword: true,
    storageEncrypted: true,
    backupRetentionPeriod: 7,
    tags: US,
};

const MYSQL_DB_SYSTEM = {
    compartmentId: COMPARTMENT,
    availabilityDomain: "Uocm:US-ASHBURN-AD-1",
    shapeName: "MySQL.2",
    subnetId: "ocid1.subnet.oc1.iad.placeholder",
    adminUsername: "admin",
    adminPassword: "Placeholder-Passw0rd!",
    dataStorageSizeInGb: 50,
    freeformTags: US,
};

/** The US bucket, and an Object Storage replication policy that copies it to `region` (a bucket outside the stack). */
function ociReplicationTo(s: Stack, region: string): void {
    const bucket = ociUsBucket(s, "us-users", undefined);
    s.add("oci:ObjectStorage/replicationPolicy:ReplicationPolicy", "us-users-replication", {
        bucket: bucket.out("name"),
        namespace: NAMESPACE,
        name: "to-apac",
        destinationBucketName: "users-apac",
        destinationRegionName: region,
    });
}

/** The US bucket (no key, no audit) and an OCI policy with these statements. */
function ociUsBucketAndGrant(s: Stack, name: string, description: string, statements: string[]): void {
    ociUsBucket(s, "us-users", undefined);
    ociPolicy(s, name, COMPARTMENT, description, statements);
}

/** The role the S3 replications of these programs run as. */
const REPLICATION_ROLE = "arn:aws:iam::111111111111:role/s3-replication";

/** One replication rule sending every object to `destination` (a bucket's ARN, or an ARN literal of a bucket outside the stack). */
const replicateAllRules = (destination: DslInput<string>) => [{ id: "all", status: "Enabled", destination: { bucket: destination } }];

/** A BucketReplicationConfig that copies every object of `source` to `destination`. */
function replicateAll(s: Stack, name: string, source: Res, destination: DslInput<string>): void {
    s.add("aws:s3/bucketReplicationConfig:BucketReplicationConfig", name, { bucket: source.id, role: REPLICATION_ROLE, rules: replicateAllRules(destination) });
}

/** A daily AWS Backup plan into `vault` whose copy action sends every backup to `copyTo` (a vault ARN). */
function dailyBackupPlan(s: Stack, vault: Res, copyTo: DslInput<string>): Res {
    return s.add("aws:backup/plan:Plan", "us-users-plan", {
        rules: [
            {
                ruleName: "daily",
                targetVaultName: vault.out("name"),
                schedule: "cron(0 5 * * ? *)",
                copyActions: [{ destinationVaultArn: copyTo }],
            },
        ],
    });
}

/** The backup selection of `plan`, run as the AWS Backup role: `pick` names the resources or the tags it selects. */
function backupSelection(s: Stack, name: string, plan: Res, pick: InputsOf<"aws:backup/selection:Selection">): void {
    s.add("aws:backup/selection:Selection", name, { planId: plan.id, iamRoleArn: "arn:aws:iam::111111111111:role/aws-backup", ...pick });
}

/** The KMS key and the access-log bucket the hardened US buckets of a program share. */
function usKeyAndAccessLogs(s: Stack): { key: Res; logs: Res } {
    const key = s.add("aws:kms/key:Key", "us-key", { enableKeyRotation: true });
    const logs = s.add("aws:s3/bucket:Bucket", "access-logs", { tags: NO_USER_DATA });
    return { key, logs };
}

/** A US bucket with SSE-KMS under `key`, access logging into `logs` and a public access block (`flags` loosen it). */
function loggedUsBucket(s: Stack, name: string, key: Res, logs: Res, bucketName?: string, flags: Record<string, boolean> = {}): Res {
    const bucket = s.add("aws:s3/bucket:Bucket", name, { bucket: bucketName, tags: US });
    sseKms(s, `${name}-sse`, bucket, key);
    accessLogging(s, `${name}-logging`, bucket, logs, `${name}/`);
    publicAccessBlock(s, `${name}-pab`, bucket, {}, flags);
    return bucket;
}

/** An IAM policy document (JSON) with these statements. */
const policyDocument = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
/** A role's trust policy letting `Principal` assume it. */
/** An inline policy of role `role` with one statement allowing `Action` on `Resource`. */
const roleGrant = (s: Stack, name: string, role: string, Action: DslInput<string> | string[], Resource: unknown) =>
    s.add("aws:iam/rolePolicy:RolePolicy", name, { role, policy: policyDocument({ Effect: "Allow", Action, Resource }) });

const trustPolicy = (Principal: Record<string, unknown>) => policyDocument({ Effect: "Allow", Principal, Action: "sts:AssumeRole" });
const LAMBDA_TRUST = trustPolicy({ Service: "lambda.amazonaws.com" });

/** An OCI IAM policy in `compartmentId` with these statements. */
function ociPolicy(s: Stack, name: string, compartmentId: string, description: string, statements: string[]): void {
    s.add("oci:Identity/policy:Policy", name, { compartmentId, name, description, statements });
}

/** What a bucket policy looks like when built with `pulumi.jsonStringify` from the bucket's generated ARN: unknown at preview. */
const tlsOnly = (arn: string) =>
    policyDocument({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } });

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
            const { key, logs } = usKeyAndAccessLogs(s);
            const bucket = loggedUsBucket(s, "us-users", key, logs, "us-users-prod");
            s.add("aws:s3/bucketPolicy:BucketPolicy", "us-users-partner", {
                bucket: bucket.id,
                policy: policyDocument({
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::222222222222:role/partner-ingest" },
                    Action: "s3:PutObject",
                    Resource: "arn:aws:s3:::us-users-prod/*",
                }),
            });
            s.add("aws:iam/rolePolicy:RolePolicy", "analytics-read", {
                role: "analytics",
                policy: policyDocument({ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::us-users-prod/*"] }),
            });
        },
    },
    "aws-grant-to-unknown-principals": {
        what: "a hardened US bucket whose bucket policy (a document object, as the SDK registers one built from outputs) grants to principals not known at preview: one inside Principal.AWS, one the whole Principal",
        config: AWS_US,
        build: (s) => {
            const { key, logs } = usKeyAndAccessLogs(s);
            const bucket = loggedUsBucket(s, "us-users", key, logs, "us-users-prod");
            const read = { Action: "s3:GetObject", Resource: "arn:aws:s3:::us-users-prod/*", Effect: "Allow" as const };
            s.add("aws:s3/bucketPolicy:BucketPolicy", "us-users-cdn", {
                bucket: bucket.id,
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        { ...read, Principal: { AWS: [UNKNOWN, "arn:aws:iam::222222222222:role/partner-ingest"] } },
                        { ...read, Principal: UNKNOWN },
                    ],
                },
            });
        },
    },
    "aws-grants-read-loosely": {
        what: "a hardened US bucket 'us-users-prod' and an APAC bucket, with grants that reach the US one only through NotPrincipal, NotAction, NotResource, an Effect, a statement or an action not known at preview; 'apac-reader' reads only the APAC bucket, by its ARN (unknown at preview)",
        config: AWS_US,
        build: (s) => {
            const { key, logs } = usKeyAndAccessLogs(s);
            const bucket = loggedUsBucket(s, "us-users", key, logs, "us-users-prod");
            const apac = s.add("aws:s3/bucket:Bucket", "apac-users", { tags: NON_US });
            const objects = "arn:aws:s3:::us-users-prod/*";
            s.add("aws:s3/bucketPolicy:BucketPolicy", "all-but-one", {
                bucket: bucket.id,
                policy: policyDocument({
                    Effect: "Allow",
                    NotPrincipal: { AWS: "arn:aws:iam::222222222222:role/partner-ingest" },
                    Action: "s3:GetObject",
                    Resource: objects,
                }),
            });
            s.add("aws:s3/bucketPolicy:BucketPolicy", "effect-unknown", {
                bucket: bucket.id,
                policy: {
                    Version: "2012-10-17",
                    Statement: [{ Effect: derived(UNKNOWN), Principal: { AWS: "arn:aws:iam::333333333333:root" }, Action: "s3:GetObject", Resource: objects }],
                },
            });
            s.add("aws:s3/bucketPolicy:BucketPolicy", "statements-unknown", {
                bucket: bucket.id,
                policy: { Version: "2012-10-17", Statement: derived(UNKNOWN) },
            });
            s.add("aws:iam/rolePolicy:RolePolicy", "not-action", {
                role: "analytics",
                policy: policyDocument({ Effect: "Allow", NotAction: "s3:PutObject", Resource: objects }),
            });
            s.add("aws:iam/rolePolicy:RolePolicy", "not-resource", {
                role: "reporting",
                policy: policyDocument({ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::elsewhere/*" }),
            });
            s.add("aws:iam/rolePolicy:RolePolicy", "action-unknown", {
                role: "ingest",
                policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: [UNKNOWN], Resource: objects }] },
            });
            s.add("aws:iam/rolePolicy:RolePolicy", "apac-reader", {
                role: "apac-analytics",
                policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: derived(UNKNOWN, apac) }] },
            });
        },
    },
    "bucket-policy-documents": {
        what: "two hardened US buckets with TLS-only bucket policies; 'generated' builds its document from the bucket ARN (unknown at preview), 'named' from a literal ARN",
        config: AWS_US,
        build: (s) => {
            const { key, logs } = usKeyAndAccessLogs(s);
            const generated = loggedUsBucket(s, "generated", key, logs);
            s.add("aws:s3/bucketPolicy:BucketPolicy", "generated-tls-only", { bucket: generated.id, policy: derived(UNKNOWN, generated) });
            const named = loggedUsBucket(s, "named", key, logs, "us-users-named-prod");
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
            hardenedOciUsBucket(s, {}, 90);
        },
    },
    "oci-conflicting-labels": {
        what: "the bucket says no-user-data in freeformTags but us-user-data in a defined tag",
        config: { "oci:region": "ap-singapore-1" },
        build: (s) => {
            ociUsBucket(s, "user-exports", undefined, { freeformTags: NO_USER_DATA, definedTags: { "Residency.data-class": "us-user-data" } });
        },
    },
    "unknown-tags-beside-a-label": {
        what: "labels beside tags not known at preview: 'aws-exports' has unknown tags over its provider's no-user-data defaultTags, 'oci-exports' unknown freeformTags beside a no-user-data defined tag; 'us-exports' has unknown tags over us-user-data defaultTags (the strictest class: no tag can make it stricter)",
        config: AWS_US,
        build: (s) => {
            const pick = s.add("random:index/randomShuffle:RandomShuffle", "tags-pick", { inputs: ["a", "b"], resultCount: 1 });
            const quiet = s.provider("aws", "aws-quiet", { region: "us-east-1", defaultTags: { tags: NO_USER_DATA } });
            s.add("aws:s3/bucket:Bucket", "aws-exports", { tags: derived(UNKNOWN, pick) }, { provider: quiet });
            const strict = s.provider("aws", "aws-strict", { region: "us-east-1", defaultTags: { tags: US } });
            s.add("aws:s3/bucket:Bucket", "us-exports", { tags: derived(UNKNOWN, pick) }, { provider: strict });
            const ashburn = s.provider("oci", "oci-us-ashburn-1", { region: "us-ashburn-1" });
            ociUsBucket(
                s,
                "oci-exports",
                undefined,
                { freeformTags: derived(UNKNOWN, pick), definedTags: { "Residency.data-class": "no-user-data" } },
                { provider: ashburn },
            );
        },
    },
    "oci-defined-tag-label": {
        what: "the US bucket is classified through a defined tag ('Residency.data-class') instead of a freeform tag",
        config: OCI_US,
        build: (s) => {
            hardenedOciUsBucket(s, { freeformTags: undefined, definedTags: { "Residency.data-class": "us-user-data" } });
        },
    },
    "oci-iam-statements": {
        what: "a hardened OCI US bucket and a 'public-assets' bucket of no user data; 'custodian-access' holds only allowed grants, 'broad-access' holds grants that reach US user data (one scoped to a bucket outside the stack, whose data no one here knows)",
        config: OCI_US,
        build: (s) => {
            hardenedOciUsBucket(s);
            ociUsBucket(s, "public-assets", undefined, { freeformTags: NO_USER_DATA });
            ociPolicy(s, "custodian-access", TENANCY, "who may reach US user data", [
                `Allow group us-data-custodians to manage object-family in compartment id ${COMPARTMENT}`,
                "Allow group 'Default'/'us-data-auditors' to read audit-events in tenancy",
                "Allow group contractors to read objects in tenancy where target.bucket.name='public-assets'",
            ]);
            ociPolicy(s, "broad-access", TENANCY, "too broad", [
                "Allow group us-data-auditors to manage audit-events in tenancy",
                "Allow any-user to read objects in tenancy",
                "Allow group contractors to read buckets in tenancy where target.bucket.name='us-users'",
                "Allow group contractors to read objects in tenancy where target.bucket.name='exports-of-another-stack'",
            ]);
        },
    },
    "oci-iam-unlisted-types": {
        what: "a hardened OCI US bucket; grants to 'contractors' of the network, DNS, metrics and alarms, and a listing of compartments (no user data), and of instances, notifications, policies, secret bundles, load balancers, compartments to manage and a type no one lists",
        config: OCI_US,
        build: (s) => {
            hardenedOciUsBucket(s);
            ociPolicy(s, "contractor-access", TENANCY, "what contractors may do", [
                `Allow group contractors to manage virtual-network-family in compartment id ${COMPARTMENT}`,
                `Allow group contractors to manage dns in compartment id ${COMPARTMENT}`,
                `Allow group contractors to read metrics in compartment id ${COMPARTMENT}`,
                `Allow group contractors to manage alarms in compartment id ${COMPARTMENT}`,
                "Allow group contractors to inspect compartments in tenancy",
                `Allow group contractors to manage instance-family in compartment id ${COMPARTMENT}`,
                `Allow group contractors to use ons-family in compartment id ${COMPARTMENT}`,
                "Allow group contractors to manage policies in tenancy",
                `Allow group contractors to read secret-bundles in compartment id ${COMPARTMENT}`,
                `Allow group contractors to manage load-balancers in compartment id ${COMPARTMENT}`,
                "Allow group contractors to manage compartments in tenancy",
                `Allow group contractors to manage frobnicators in compartment id ${COMPARTMENT}`,
            ]);
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
    "s3-audit-loose-forms": {
        what: "US buckets whose only audit is partial or may be none: 'prefix-named' is covered only by data events of the bucket 'us-users-archive' (its name extended), 'write-only' by a WriteOnly selector, 'excluded' by an advanced selector that excludes its ARN, 'stopped' by a trail that is not logging, 'empty-loggings' and 'unknown-loggings' by an empty and an unknown inline 'loggings'; 'covered-basic' and 'covered-advanced' are covered (the latter from its unknown ARN)",
        config: AWS_US,
        build: (s) => {
            const bucket = (name: string, props: Record<string, unknown> = {}) =>
                s.add("aws:s3/bucket:Bucket", name, { bucket: `${name}-prod`, tags: US, ...props });
            const trail = (name: string, props: Record<string, unknown>) =>
                s.add("aws:cloudtrail/trail:Trail", name, { s3BucketName: "trail-logs-prod", isMultiRegionTrail: false, ...props });
            const objectsOf = (...values: unknown[]) => [{ readWriteType: "All", dataResources: [{ type: "AWS::S3::Object", values }] }];
            bucket("prefix-named", { bucket: "us-users" });
            trail("archive-events", { eventSelectors: objectsOf("arn:aws:s3:::us-users-archive/") });
            bucket("write-only");
            trail("write-events", {
                eventSelectors: [{ readWriteType: "WriteOnly", dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3:::write-only-prod/"] }] }],
            });
            const excluded = bucket("excluded");
            trail("all-but-excluded", {
                advancedEventSelectors: [
                    {
                        fieldSelectors: [
                            { field: "eventCategory", equals: ["Data"] },
                            { field: "resources.type", equals: ["AWS::S3::Object"] },
                            { field: "resources.ARN", notStartsWiths: [derived(UNKNOWN, excluded)] },
                        ],
                    },
                ],
            });
            bucket("stopped");
            trail("stopped-events", { enableLogging: false, eventSelectors: objectsOf("arn:aws:s3:::stopped-prod/") });
            bucket("empty-loggings", { loggings: [] });
            const pick = s.add("random:index/randomShuffle:RandomShuffle", "logs-pick", { inputs: ["a", "b"], resultCount: 1 });
            bucket("unknown-loggings", { loggings: derived(UNKNOWN, pick) });
            bucket("covered-basic");
            trail("basic-events", { eventSelectors: objectsOf("arn:aws:s3:::covered-basic-prod/") });
            const covered = bucket("covered-advanced");
            trail("advanced-events", {
                advancedEventSelectors: [
                    {
                        fieldSelectors: [
                            { field: "eventCategory", equals: ["Data"] },
                            { field: "resources.type", equals: ["AWS::S3::Object"] },
                            { field: "resources.ARN", startsWiths: [derived(UNKNOWN, covered)] },
                        ],
                    },
                ],
            });
        },
    },
    "s3-public-exposure": {
        what: "three US buckets in us-east-1 with SSE-KMS and logging; one locked down, one with an incomplete public access block, one with a bucket policy open to '*'",
        config: AWS_US,
        build: (s) => {
            const { key, logs } = usKeyAndAccessLogs(s);
            const usBucket = (name: string, restrictPublicBuckets: boolean) => loggedUsBucket(s, name, key, logs, `${name}-prod`, { restrictPublicBuckets });
            const locked = usBucket("locked", true);
            s.add("aws:s3/bucketPolicy:BucketPolicy", "locked-tls-only", { bucket: locked.id, policy: tlsOnly("arn:aws:s3:::locked-prod") });
            usBucket("half-blocked", false);
            const open = usBucket("open-policy", true);
            s.add("aws:s3/bucketPolicy:BucketPolicy", "open-policy-read-all", {
                bucket: open.id,
                policy: policyDocument({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::open-policy-prod/*" }),
            });
        },
    },
    "s3-public-by-not-principal": {
        what: "a hardened US bucket whose bucket policy allows reads to every principal but one partner role (NotPrincipal); 'partner-read' names that role as its Principal",
        config: AWS_US,
        build: (s) => {
            const { key, logs } = usKeyAndAccessLogs(s);
            const bucket = loggedUsBucket(s, "us-users", key, logs, "us-users-prod");
            const partner = { AWS: "arn:aws:iam::222222222222:role/partner-ingest" };
            const read = { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::us-users-prod/*" };
            s.add("aws:s3/bucketPolicy:BucketPolicy", "all-but-partner", { bucket: bucket.id, policy: policyDocument({ ...read, NotPrincipal: partner }) });
            s.add("aws:s3/bucketPolicy:BucketPolicy", "partner-read", { bucket: bucket.id, policy: policyDocument({ ...read, Principal: partner }) });
        },
    },
    "s3-public-with-conditions": {
        what: "a hardened US bucket whose bucket policy grants reads to '*' under conditions: TLS only, an IP range only if present (IfExists), a source account that is a wildcard, and a VPC endpoint; only the last is not public as S3 counts it",
        config: AWS_US,
        build: (s) => {
            const { key, logs } = usKeyAndAccessLogs(s);
            const bucket = loggedUsBucket(s, "us-users", key, logs, "us-users-prod");
            const read = { Effect: "Allow" as const, Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::us-users-prod/*" };
            const grant = (name: string, Condition: Record<string, unknown>) =>
                s.add("aws:s3/bucketPolicy:BucketPolicy", name, { bucket: bucket.id, policy: policyDocument({ ...read, Condition }) });
            grant("tls-only", { Bool: { "aws:SecureTransport": "true" } });
            grant("ip-if-exists", { IpAddressIfExists: { "aws:SourceIp": "203.0.113.0/24" } });
            grant("any-account", { StringLike: { "aws:SourceAccount": "*" } });
            grant("vpc-endpoint", { StringEquals: { "AWS:SourceVpce": "vpce-0123456789abcdef0" } });
        },
    },
    "store-resource-policies-public": {
        what: "US stores other than buckets with resource policies: a queue policy for everyone, a topic's own policy for everyone unless a source ARN is pinned, a secret for all but a NotPrincipal, a table's resource policy for one account",
        config: AWS_US,
        build: (s) => {
            const key = s.add("aws:kms/key:Key", "us-key", { enableKeyRotation: true });
            const queue = s.add("aws:sqs/queue:Queue", "orders", { kmsMasterKeyId: key.arn, tags: US });
            s.add("aws:sqs/queuePolicy:QueuePolicy", "orders-open", {
                queueUrl: queue.id,
                policy: policyDocument({ Effect: "Allow", Principal: "*", Action: "sqs:ReceiveMessage", Resource: "*" }),
            });
            s.add("aws:sns/topic:Topic", "alerts", {
                kmsMasterKeyId: key.arn,
                tags: US,
                policy: policyDocument(
                    { Effect: "Allow", Principal: { AWS: "*" }, Action: "sns:Subscribe", Resource: "*" },
                    {
                        Effect: "Allow",
                        Principal: "*",
                        Action: "sns:Publish",
                        Resource: "*",
                        Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:s3:::us-users-prod" } },
                    },
                ),
            });
            const secret = s.add("aws:secretsmanager/secret:Secret", "db-password", { kmsKeyId: key.arn, tags: US });
            s.add("aws:secretsmanager/secretPolicy:SecretPolicy", "db-password-all-but", {
                secretArn: secret.id,
                policy: policyDocument({
                    Effect: "Allow",
                    NotPrincipal: { AWS: "arn:aws:iam::999988887777:root" },
                    Action: "secretsmanager:GetSecretValue",
                    Resource: "*",
                }),
            });
            const table = s.add("aws:dynamodb/table:Table", "users", { hashKey: "id", attributes: [{ name: "id", type: "S" }], tags: US });
            s.add("aws:dynamodb/resourcePolicy:ResourcePolicy", "users-partner", {
                resourceArn: table.arn,
                policy: policyDocument({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "dynamodb:GetItem", Resource: "*" }),
            });
        },
    },
    "aws-identity-grants-other-stores": {
        what: "IAM grants on US stores other than buckets (a table, a queue, a log group, a bucket's policy): reads, wildcards and an index's ARN reach them; a queue's SendMessage, a log group's PutLogEvents and a read of the APAC table do not",
        config: AWS_US,
        build: (s) => {
            const table = s.add("aws:dynamodb/table:Table", "users", { name: "users", hashKey: "id", attributes: [{ name: "id", type: "S" }], tags: US });
            s.add("aws:dynamodb/table:Table", "apac-users", { name: "apac-users", hashKey: "id", attributes: [{ name: "id", type: "S" }], tags: NON_US });
            const queue = s.add("aws:sqs/queue:Queue", "orders", { tags: US });
            s.add("aws:cloudwatch/logGroup:LogGroup", "app-logs", { name: "app-logs", tags: US });
            s.add("aws:s3/bucket:Bucket", "us-users", { bucket: "us-users-prod", tags: US });
            const grant = (name: string, role: string, Action: string | string[], Resource: unknown) =>
                s.add("aws:iam/rolePolicy:RolePolicy", name, { role, policy: derived(policyDocument({ Effect: "Allow", Action, Resource }), table, queue) });
            const logGroup = "arn:aws:logs:us-east-1:111122223333:log-group:app-logs:*";
            grant("table-admin", "analytics", "dynamodb:*", "*");
            grant("queue-reader", "worker", "sqs:ReceiveMessage", "arn:aws:sqs:us-east-1:111122223333:orders-*");
            grant("queue-sender", "worker", "sqs:SendMessage", "*");
            grant("log-writer", "worker", ["logs:CreateLogStream", "logs:PutLogEvents"], logGroup);
            grant("log-reader", "support", "logs:FilterLogEvents", logGroup);
            grant("bucket-policy-writer", "deployer", "s3:PutBucketPolicy", "arn:aws:s3:::us-users-prod");
            grant("apac-reader", "apac", "dynamodb:GetItem", "arn:aws:dynamodb:ap-southeast-1:111122223333:table/apac-users");
            s.add("aws:iam/role:Role", "indexer", {
                name: "indexer",
                assumeRolePolicy: LAMBDA_TRUST,
                inlinePolicies: [
                    {
                        name: "query-index",
                        policy: policyDocument({
                            Effect: "Allow",
                            Action: "dynamodb:Query",
                            Resource: "arn:aws:dynamodb:us-east-1:111122223333:table/users/index/*",
                        }),
                    },
                ],
            });
        },
    },
    "aws-identity-grants-known-arns": {
        what: "the same kind of grants with every ARN known (as in the second pass): a literal ARN inside the US table (its index) reaches it, one of a non-US table of the stack does not; tables and buckets outside the stack where US data may be (Virginia, or an S3 bucket, which names no region) do, one in Singapore does not",
        config: AWS_US,
        build: (s) => {
            const arn = "arn:aws:dynamodb:us-east-1:111122223333:table/users";
            s.register("aws:dynamodb/table:Table", "users", { name: "users", hashKey: "id", arn, tags: US });
            const archive = "arn:aws:dynamodb:us-east-1:111122223333:table/users-archive";
            s.register("aws:dynamodb/table:Table", "users-archive", { name: "users-archive", hashKey: "id", arn: archive, tags: NON_US });
            const grant = (name: string, role: string, Resource: string, Action = "dynamodb:Query") => roleGrant(s, name, role, Action, Resource);
            grant("index-reader", "analytics", `${arn}/index/by-email`);
            grant("other-table", "analytics", archive);
            grant("prefix", "reporting", "arn:aws:dynamodb:us-east-1:111122223333:table/us*");
            grant("outside-table", "analytics", "arn:aws:dynamodb:us-east-1:111122223333:table/exports-elsewhere");
            grant("outside-singapore-table", "analytics", "arn:aws:dynamodb:ap-southeast-1:111122223333:table/apac-users");
            grant("outside-bucket", "analytics", "arn:aws:s3:::reports-elsewhere/*", "s3:GetObject");
            grant("outside-bucket-write", "analytics", "arn:aws:s3:::reports-elsewhere/*", "s3:PutObject");
        },
    },
    "aws-managed-policy-holders": {
        what: "a managed policy that reads the US table, attached to a role, through a PolicyAttachment to a group and through a role's own list to another; one given by an exclusive attachment; another attached nowhere in the stack",
        config: AWS_US,
        build: (s) => {
            s.add("aws:dynamodb/table:Table", "users", { name: "users", hashKey: "id", attributes: [{ name: "id", type: "S" }], tags: US });
            const read = policyDocument({ Effect: "Allow", Action: "dynamodb:GetItem", Resource: "arn:aws:dynamodb:us-east-1:111122223333:table/users" });
            const shared = s.add("aws:iam/policy:Policy", "users-read", { name: "users-read", policy: read });
            s.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "reader-users-read", { role: "reader", policyArn: shared.arn });
            s.add("aws:iam/policyAttachment:PolicyAttachment", "auditors-users-read", { groups: ["auditors"], policyArn: shared.arn });
            s.add("aws:iam/policy:Policy", "users-read-spare", { name: "users-read-spare", policy: read });
            s.add("aws:iam/role:Role", "lister", { name: "lister", assumeRolePolicy: LAMBDA_TRUST, managedPolicyArns: [shared.arn] });
            const exported = s.add("aws:iam/policy:Policy", "users-export", { name: "users-export", policy: read });
            s.add("aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "exporter-policies", {
                roleName: "exporter",
                policyArns: [exported.arn],
            });
        },
    },
    "aws-approved-role-trust": {
        what: "roles approved to reach US data: one trusted by a Lambda service and its own account's role, one by another account, one by an OIDC provider, one by everyone but NotPrincipal; an unapproved role trusted by another account",
        config: AWS_US,
        build: (s) => {
            const trust = (name: string, statement: Record<string, unknown>) =>
                s.add("aws:iam/role:Role", name, { name, assumeRolePolicy: policyDocument({ Effect: "Allow", Action: "sts:AssumeRole", ...statement }) });
            trust("ingest", { Principal: { Service: "lambda.amazonaws.com", AWS: "arn:aws:iam::111122223333:role/deployer" } });
            trust("analytics", { Principal: { AWS: ["arn:aws:iam::111122223333:role/deployer", "arn:aws:iam::999988887777:root"] } });
            trust("ci", {
                Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },
                Action: "sts:AssumeRoleWithWebIdentity",
            });
            trust("support", { NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" } });
            trust("unapproved", { Principal: { AWS: "arn:aws:iam::999988887777:root" } });
        },
    },
    "aws-oidc-trust": {
        what: "approved roles trusted by GitHub's OIDC provider (approved too): pinned to their own subjects (also through a condition key in other case, and beside a wider pin), to a wildcard, to another role's subject, to a subject not known at preview, to none (audience only, an IfExists or ForAllValues pin, an empty list); and one trusted by an account role",
        config: AWS_US,
        build: (s) => {
            const issuer = "token.actions.githubusercontent.com";
            const trust = (name: string, Condition?: Record<string, unknown>) =>
                s.add("aws:iam/role:Role", name, {
                    name,
                    assumeRolePolicy: policyDocument({
                        Effect: "Allow",
                        Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${issuer}` },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        ...(Condition ? { Condition } : {}),
                    }),
                });
            const aud = { [`${issuer}:aud`]: "sts.amazonaws.com" };
            trust("readonly", { StringEquals: { ...aud, [`${issuer}:sub`]: ["repo:acme/app:pull_request", "repo:acme/app:ref:refs/heads/main"] } });
            trust("deploy-prod", { StringEquals: { ...aud, [`${issuer}:sub`]: "repo:acme/app:environment:prod" } });
            trust("deploy-case", { StringEquals: { "Token.Actions.GitHubUserContent.com:SUB": "repo:acme/app:environment:prod" } });
            trust("deploy-narrowed", {
                StringEquals: { [`${issuer}:sub`]: "repo:acme/app:environment:prod" },
                StringLike: { [`${issuer}:sub`]: "repo:acme/*" },
            });
            trust("deploy-wide", { StringLike: { [`${issuer}:sub`]: "repo:acme/*" } });
            trust("deploy-from-prs", { StringEquals: { [`${issuer}:sub`]: ["repo:acme/app:environment:prod", "repo:acme/app:pull_request"] } });
            trust("deploy-unknown", { StringEquals: { [`${issuer}:sub`]: UNKNOWN } });
            trust("deploy-audience-only", { StringEquals: aud });
            trust("deploy-if-exists", { StringEqualsIfExists: { [`${issuer}:sub`]: "repo:acme/app:environment:prod" } });
            trust("deploy-for-all", { "ForAllValues:StringEquals": { [`${issuer}:sub`]: "repo:acme/app:environment:prod" } });
            trust("deploy-empty", { StringEquals: { [`${issuer}:sub`]: [] } });
            s.add("aws:iam/role:Role", "operator", {
                name: "operator",
                assumeRolePolicy: trustPolicy({ AWS: "arn:aws:iam::111122223333:role/deployer" }),
            });
        },
    },
    "aws-web-identity-trust": {
        what: "approved roles trusted by web identity providers IAM knows by name (approved too): Google pinned to its approved subject, Google and Cognito pinned by audience only, Facebook pinned by its user id claim, Login with Amazon unpinned; and one trusted by a SAML provider (its IdP decides who gets the role)",
        config: AWS_US,
        build: (s) => {
            const trust = (name: string, Federated: string, Condition?: Record<string, unknown>) =>
                s.add("aws:iam/role:Role", name, {
                    name,
                    assumeRolePolicy: policyDocument({
                        Effect: "Allow",
                        Principal: { Federated },
                        Action: Federated.includes(":saml-provider/") ? "sts:AssumeRoleWithSAML" : "sts:AssumeRoleWithWebIdentity",
                        ...(Condition ? { Condition } : {}),
                    }),
                });
            trust("google-pinned", "accounts.google.com", {
                StringEquals: { "accounts.google.com:aud": "app.apps.googleusercontent.com", "accounts.google.com:sub": "110169484474386276334" },
            });
            trust("google-audience", "accounts.google.com", { StringEquals: { "accounts.google.com:aud": "app.apps.googleusercontent.com" } });
            trust("cognito-pool", "cognito-identity.amazonaws.com", {
                StringEquals: { "cognito-identity.amazonaws.com:aud": "us-east-1:12345678-abcd-abcd-abcd-123456789012" },
                "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
            });
            trust("facebook-user", "graph.facebook.com", { StringEquals: { "graph.facebook.com:id": "4" } });
            trust("amazon-any", "www.amazon.com");
            trust("saml-staff", "arn:aws:iam::111122223333:saml-provider/corp-idp", { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } });
        },
    },
    "aws-grants-on-every-bucket": {
        what: "a Singapore stack of non-US data whose roles may read every bucket of the account (Resource '*'), or write to every one, or read the APAC bucket only",
        config: AWS_SG,
        build: (s) => {
            const bucket = s.add("aws:s3/bucket:Bucket", "apac-users", { bucket: "apac-users-prod", tags: NON_US });
            roleGrant(s, "read-everything", "analytics", "s3:GetObject", "*");
            roleGrant(s, "write-everything", "ingest", "s3:PutObject", "*");
            roleGrant(s, "read-apac", "apac", "s3:GetObject", "arn:aws:s3:::apac-users-prod/*");
            s.add("aws:iam/rolePolicy:RolePolicy", "read-built-from-bucket", {
                role: "apac",
                policy: derived(JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: UNKNOWN }] }), bucket),
            });
        },
    },
    "aws-managed-policies-attached": {
        what: "roles and a group given managed policies whose documents are not in the stack (AWS's S3 full access, read-only access and logs full access; another account's policy; one not known at preview), through a role's own list and through attachments (three to one role of the stack, one to a role elsewhere, an exclusive one), AWS's basic Lambda execution role, and a policy of the stack's own",
        config: AWS_US,
        build: (s) => {
            s.add("aws:dynamodb/table:Table", "users", { name: "users", hashKey: "id", attributes: [{ name: "id", type: "S" }], tags: US });
            const aws = (name: string) => `arn:aws:iam::aws:policy/${name}`;
            const role = (name: string, managedPolicyArns: InputsOf<"aws:iam/role:Role">["managedPolicyArns"]) =>
                s.add("aws:iam/role:Role", name, { name, assumeRolePolicy: LAMBDA_TRUST, managedPolicyArns });
            const own = s.add("aws:iam/policy:Policy", "own-logs", {
                name: "own-logs",
                policy: policyDocument({ Effect: "Allow", Action: "logs:PutLogEvents", Resource: "*" }),
            });
            role("basic", [aws("service-role/AWSLambdaBasicExecutionRole"), own.arn]);
            role("uploader", [aws("service-role/AWSLambdaBasicExecutionRole"), aws("AmazonS3FullAccess")]);
            role("partner", ["arn:aws:iam::999988887777:policy/partner-access"]);
            role("configured", [UNKNOWN]);
            const reader = role("reader", []);
            for (const [name, policyArn] of [
                ["reader-read-only", aws("ReadOnlyAccess")],
                ["reader-tables", aws("AmazonDynamoDBReadOnlyAccess")],
                ["reader-basic", aws("service-role/AWSLambdaBasicExecutionRole")],
            ])
                s.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", name, { role: reader.out("name"), policyArn });
            s.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "reader-own-logs", { role: reader.out("name"), policyArn: own.arn });
            s.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "auditor-read-only", { role: "auditor", policyArn: aws("ReadOnlyAccess") });
            s.add("aws:iam/policyAttachment:PolicyAttachment", "support-logs", { groups: ["support"], policyArn: aws("CloudWatchLogsFullAccess") });
            s.add("aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "exporter-policies", {
                roleName: "exporter",
                policyArns: [aws("service-role/AWSLambdaBasicExecutionRole"), aws("AmazonS3FullAccess")],
            });
            // Autonamed: its name is not known at preview.
            s.add("aws:iam/role:Role", "autonamed", { assumeRolePolicy: LAMBDA_TRUST, managedPolicyArns: [aws("AmazonS3ReadOnlyAccess")] });
        },
    },
    "approved-roles-trust-unknown": {
        what: "two approved roles whose trust policies are built from an OIDC provider's ARN (not known at preview) and one written out; an unapproved role whose trust is not known either",
        config: AWS_US,
        build: (s) => {
            const oidc = s.add("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "github", {
                url: "https://token.actions.githubusercontent.com",
                clientIdLists: ["sts.amazonaws.com"],
            });
            for (const name of ["deploy", "readonly", "unapproved"]) s.add("aws:iam/role:Role", name, { name, assumeRolePolicy: derived(UNKNOWN, oidc) });
            s.add("aws:iam/role:Role", "operator", {
                name: "operator",
                assumeRolePolicy: LAMBDA_TRUST,
            });
        },
    },
    "aws-us-store-keys": {
        what: "US stores encrypted with keys of the stack (through a provider pinned to account 111122223333, and the default provider, which pins none), with key policies and grants to the account's root, a service, another account (to decrypt, or to encrypt only), everyone (a KeyPolicy resource), a role; and a key of no US store that another account may decrypt",
        config: AWS_US,
        build: (s) => {
            const pinned = s.provider("aws", "aws-pinned", { region: "us-east-1", allowedAccountIds: ["111122223333"] });
            const statement = (AWS: unknown, Action: unknown) => ({ Effect: "Allow", Principal: { AWS }, Action, Resource: "*" });
            const key = (name: string, policy: string | undefined, opts: { provider?: Res } = {}) =>
                s.add("aws:kms/key:Key", name, { description: name, ...(policy ? { policy } : {}) }, opts);
            const table = (name: string, k: Res, tags: Record<string, string> = US) =>
                s.add(
                    "aws:dynamodb/table:Table",
                    name,
                    { name, hashKey: "id", attributes: [{ name: "id", type: "S" }], serverSideEncryption: { enabled: true, kmsKeyArn: k.out("arn") }, tags },
                    { provider: pinned },
                );
            const root = "arn:aws:iam::111122223333:root";
            table(
                "users",
                key(
                    "own-root",
                    policyDocument(statement(root, "kms:*"), {
                        Effect: "Allow",
                        Principal: { Service: "logs.us-east-1.amazonaws.com" },
                        Action: "kms:Decrypt",
                        Resource: "*",
                    }),
                    { provider: pinned },
                ),
            );
            table("orders", key("default-policy", undefined, { provider: pinned }));
            table("sessions", key("unpinned-root", policyDocument(statement(root, "kms:*"))));
            table(
                "events",
                key(
                    "partner-decrypt",
                    policyDocument(statement(root, "kms:*"), statement("arn:aws:iam::999988887777:root", ["kms:Decrypt", "kms:DescribeKey"])),
                    { provider: pinned },
                ),
            );
            table("uploads", key("partner-encrypt", policyDocument(statement("999988887777", ["kms:Encrypt", "kms:GenerateDataKey"])), { provider: pinned }));
            const shared = key("shared", undefined, { provider: pinned });
            table("profiles", shared);
            s.add(
                "aws:kms/keyPolicy:KeyPolicy",
                "shared-policy",
                { keyId: shared.out("id"), policy: policyDocument({ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" }) },
                { provider: pinned },
            );
            s.add(
                "aws:kms/grant:Grant",
                "shared-to-analytics",
                { keyId: shared.out("id"), granteePrincipal: "arn:aws:iam::111122223333:role/analytics", operations: ["Decrypt", "Encrypt"] },
                { provider: pinned },
            );
            s.add(
                "aws:kms/grant:Grant",
                "shared-to-ingest",
                { keyId: shared.out("id"), granteePrincipal: "arn:aws:iam::111122223333:role/ingest", operations: ["Encrypt", "GenerateDataKey"] },
                { provider: pinned },
            );
            table(
                "catalogue",
                key("public-catalogue", policyDocument(statement("arn:aws:iam::999988887777:root", "kms:Decrypt")), { provider: pinned }),
                NO_USER_DATA,
            );
            // A multi-Region key of a US table, replicated in us-west-2 (keys-in-approved-locations judges where), whose
            // replica lets another account decrypt; and one replicated with its own account's root only.
            const multi = s.add("aws:kms/key:Key", "multi-region", { description: "multi-region", multiRegion: true }, { provider: pinned });
            table("ledger", multi);
            const oregon = s.provider("aws", "aws-pinned-oregon", { region: "us-west-2", allowedAccountIds: ["111122223333"] });
            const replica = (name: string, policy: string) =>
                s.add("aws:kms/replicaKey:ReplicaKey", name, { primaryKeyArn: multi.out("arn"), policy }, { provider: oregon });
            replica("multi-region-partner", policyDocument(statement(root, "kms:*"), statement("999988887777", "kms:Decrypt")));
            replica("multi-region-own", policyDocument(statement(root, "kms:*")));
        },
    },
    "aws-us-user-pool-readers": {
        what: "a US Cognito user pool; roles not approved read its users with cognito-idp actions (on '*' and on a user pool pattern), or only sign users up",
        config: AWS_US,
        build: (s) => {
            s.add("aws:cognito/userPool:UserPool", "customers", { name: "customers", tags: US });
            roleGrant(s, "support-lookup", "support", "cognito-idp:AdminGetUser", "*");
            roleGrant(s, "export-users", "exporter", "cognito-idp:ListUsers", "arn:aws:cognito-idp:us-east-1:111122223333:userpool/*");
        },
    },
    "aws-us-key-identity-policies": {
        what: "a US table and a non-US one, each with a key of the stack (AWS's default key policy: the account's IAM decides), a replica of the US key; identity policies of roles not approved that decrypt with the US key by its ARN, with any key ('*'), with any key of the account by pattern, with the replica, encrypt only, decrypt with the non-US key, and read the US table's stream only",
        config: AWS_US,
        build: (s) => {
            const pinned = s.provider("aws", "aws-pinned", { region: "us-east-1", allowedAccountIds: ["111122223333"] });
            const key = (name: string, extra: Record<string, unknown> = {}) =>
                s.add("aws:kms/key:Key", name, { description: name, ...extra }, { provider: pinned });
            const table = (name: string, k: Res, tags: Record<string, string>) =>
                s.add(
                    "aws:dynamodb/table:Table",
                    name,
                    { name, hashKey: "id", attributes: [{ name: "id", type: "S" }], serverSideEncryption: { enabled: true, kmsKeyArn: k.out("arn") }, tags },
                    { provider: pinned },
                );
            const usKey = key("users-key", { multiRegion: true });
            table("users", usKey, US);
            const catalogueKey = key("catalogue-key");
            table("catalogue", catalogueKey, NO_USER_DATA);
            const oregon = s.provider("aws", "aws-pinned-oregon", { region: "us-west-2", allowedAccountIds: ["111122223333"] });
            const replica = s.add("aws:kms/replicaKey:ReplicaKey", "users-key-oregon", { primaryKeyArn: usKey.out("arn") }, { provider: oregon });
            const rolePolicy = (name: string, role: string, Action: string | string[], Resource: string | Output) =>
                s.add(
                    "aws:iam/rolePolicy:RolePolicy",
                    name,
                    { role, policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action, Resource }] } },
                    { provider: pinned },
                );
            rolePolicy("decrypt-users-key", "reporting", ["kms:Decrypt"], usKey.arn);
            rolePolicy("decrypt-any-key", "batch", "kms:Decrypt", "*");
            rolePolicy("decrypt-account-keys", "batch", "kms:*", "arn:aws:kms:*:111122223333:key/*");
            rolePolicy("decrypt-replica", "oregon-reader", "kms:ReEncrypt*", replica.arn);
            rolePolicy("encrypt-only", "ingest", ["kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"], usKey.arn);
            rolePolicy("decrypt-catalogue-key", "catalogue-reader", "kms:Decrypt", catalogueKey.arn);
            rolePolicy("decrypt-approved", "analytics", "kms:Decrypt", usKey.arn);
        },
    },
    "objects-into-buckets-outside-the-stack": {
        what: "a hardened US bucket of the stack; US objects written into a bucket outside the stack by name (an object with the US bucket's object as its source, and an object copy), and one into the stack's own bucket",
        config: AWS_US,
        build: (s) => {
            const { key, logs } = usKeyAndAccessLogs(s);
            const bucket = loggedUsBucket(s, "us-users", key, logs, "us-users-prod");
            const object = (name: string, into: string | Output) =>
                s.add("aws:s3/bucketObjectv2:BucketObjectv2", name, { bucket: into, key: "users.json", kmsKeyId: key.arn, source: "users.json", tags: US });
            object("export-outside", "archive-bucket-elsewhere");
            object("export-home", bucket.out("bucket"));
            s.add("aws:s3/objectCopy:ObjectCopy", "copy-outside", {
                bucket: "archive-bucket-elsewhere",
                key: "users.json",
                source: "us-users-prod/users.json",
                kmsKeyId: key.arn,
                tags: US,
            });
        },
    },
    "copies-from-outside-the-stack": {
        what: "log subscription filters of a log group outside the stack (by name) to a Singapore destination and a Virginia one (by ARN); a pipe labelled no-user-data from a queue outside the stack to a Singapore queue; a filter of a no-user-data log group of the stack to Singapore; a DNS record naming an address outside the stack",
        config: AWS_US,
        build: (s) => {
            const filter = (name: string, logGroup: string | Output, destinationArn: string) =>
                s.add("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter", name, { name, logGroup, filterPattern: "", destinationArn });
            const singapore = "arn:aws:logs:ap-southeast-1:111122223333:destination:archive";
            filter("outside-to-singapore", "users-api", singapore);
            s.add("aws:pipes/pipe:Pipe", "outside-labelled-to-singapore", {
                roleArn: "arn:aws:iam::111122223333:role/pipes",
                source: "arn:aws:sqs:us-east-1:111122223333:users-events",
                target: "arn:aws:sqs:ap-southeast-1:111122223333:archive",
                tags: NO_USER_DATA,
            });
            filter("outside-to-virginia", "users-api", "arn:aws:logs:us-east-1:111122223333:destination:archive");
            const builds = s.add("aws:cloudwatch/logGroup:LogGroup", "builds", { name: "builds", tags: NO_USER_DATA });
            filter("builds-to-singapore", builds.out("name"), singapore);
            const zone = s.add("aws:route53/zone:Zone", "acme", { name: "acme.example", tags: NO_USER_DATA });
            s.add("aws:route53/record:Record", "www", { zoneId: zone.id, name: "www.acme.example", type: "A", ttl: 300, records: ["203.0.113.10"] });
        },
    },
    "us-store-key-policies-unknown": {
        what: "a US table and a non-US one, each encrypted with a key whose policy is built from a role's ARN (not known at preview); a KeyPolicy of the US key built the same way",
        config: AWS_US,
        build: (s) => {
            const role = s.add("aws:iam/role:Role", "admin", {
                assumeRolePolicy: LAMBDA_TRUST,
            });
            const key = (name: string) => s.add("aws:kms/key:Key", name, { description: name, policy: derived(UNKNOWN, role) });
            const table = (name: string, k: Res, tags: Record<string, string>) =>
                s.add("aws:dynamodb/table:Table", name, {
                    name,
                    hashKey: "id",
                    attributes: [{ name: "id", type: "S" }],
                    serverSideEncryption: { enabled: true, kmsKeyArn: k.out("arn") },
                    tags,
                });
            const usKey = key("users-key");
            table("users", usKey, US);
            table("catalogue", key("catalogue-key"), NO_USER_DATA);
            s.add("aws:kms/keyPolicy:KeyPolicy", "users-key-policy", { keyId: usKey.out("id"), policy: derived(UNKNOWN, role) });
        },
    },
    "oci-instances-boot-sources": {
        what: "two US instances in Ashburn: one boots from an image whose OCID names eu-milan-1 (where the image is, not where the instance sends), one is told in its metadata to write to eu-frankfurt-1",
        config: OCI_US,
        build: (s) => {
            const instance = (name: string, extra: Record<string, unknown>) =>
                s.add("oci:Core/instance:Instance", name, {
                    compartmentId: COMPARTMENT,
                    availabilityDomain: "Uocm:US-ASHBURN-AD-1",
                    shape: "VM.Standard.E4.Flex",
                    createVnicDetails: { subnetId: "ocid1.subnet.oc1.iad.placeholder" },
                    freeformTags: US,
                    ...extra,
                });
            instance("web", {
                sourceDetails: { sourceType: "image", sourceId: "ocid1.image.oc1.eu-milan-1.aaaaaaaa3hqr3gms4j24r5g5hovipg367g5ld7ixie727p6li34p3qndivvq" },
            });
            instance("exporter", {
                sourceDetails: { sourceType: "image", sourceId: "ocid1.image.oc1.iad.aaaaaaaaplaceholder" },
                metadata: { EXPORT_REGION: "eu-frankfurt-1" },
            });
        },
    },
    "snapshots-shared-with-accounts": {
        what: "US snapshots and an image given to other accounts: an EBS snapshot to one account, an image to everyone, an RDS cluster snapshot to an account not known at preview, an APAC one to an account, a US cluster through RAM; a US snapshot shared with no account and a labelled subnet shared through RAM",
        config: AWS_US,
        build: (s) => {
            const key = s.add("aws:kms/key:Key", "us-key", { enableKeyRotation: true });
            const volume = s.add("aws:ebs/volume:Volume", "data", { availabilityZone: "us-east-1a", size: 10, encrypted: true, kmsKeyId: key.arn, tags: US });
            const snapshot = s.add("aws:ebs/snapshot:Snapshot", "data-snap", { volumeId: volume.id, tags: US });
            s.add("aws:ec2/snapshotCreateVolumePermission:SnapshotCreateVolumePermission", "data-snap-partner", {
                snapshotId: snapshot.id,
                accountId: "999988887777",
            });
            const image = s.add("aws:ec2/amiFromInstance:AmiFromInstance", "app-image", { sourceInstanceId: "i-0123456789abcdef0", tags: US });
            s.add("aws:ec2/amiLaunchPermission:AmiLaunchPermission", "app-image-public", { imageId: image.id, group: "all" });
            s.add("aws:rds/clusterSnapshot:ClusterSnapshot", "accounts-snap", {
                dbClusterIdentifier: "accounts",
                dbClusterSnapshotIdentifier: "accounts-snap",
                sharedAccounts: [UNKNOWN],
                tags: US,
            });
            s.add("aws:rds/clusterSnapshot:ClusterSnapshot", "accounts-snap-private", {
                dbClusterIdentifier: "accounts",
                dbClusterSnapshotIdentifier: "accounts-snap-private",
                sharedAccounts: [],
                tags: US,
            });
            const cluster = s.add("aws:rds/cluster:Cluster", "accounts", {
                clusterIdentifier: "accounts",
                engine: "aurora-postgresql",
                storageEncrypted: true,
                kmsKeyId: key.arn,
                tags: US,
            });
            const share = s.add("aws:ram/resourceShare:ResourceShare", "partner-share", { name: "partner-share", allowExternalPrincipals: true });
            s.add("aws:ram/resourceAssociation:ResourceAssociation", "accounts-shared", { resourceArn: cluster.arn, resourceShareArn: share.arn });
            const subnet = s.add("aws:ec2/subnet:Subnet", "app-subnet", { vpcId: "vpc-0123456789abcdef0", cidrBlock: "10.0.1.0/24", tags: US });
            s.add("aws:ram/resourceAssociation:ResourceAssociation", "subnet-shared", { resourceArn: subnet.arn, resourceShareArn: share.arn });
            s.add("aws:rds/clusterSnapshot:ClusterSnapshot", "apac-snap", {
                dbClusterIdentifier: "apac",
                dbClusterSnapshotIdentifier: "apac-snap",
                sharedAccounts: ["999988887777"],
                tags: NON_US,
            });
        },
    },
    "s3-acl-grants-to-accounts": {
        what: "US buckets with ACL grants: an ACL resource granting its owner, another account's canonical user, an email address and log delivery; a bucket's inline grants to another account and to its owner's id not known at preview",
        config: AWS_US,
        build: (s) => {
            const owner = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
            const partner = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
            const logs = s.add("aws:s3/bucket:Bucket", "us-users", { bucket: "us-users-prod", tags: US });
            s.add("aws:s3/bucketAcl:BucketAcl", "us-users-acl", {
                bucket: logs.id,
                accessControlPolicy: {
                    owner: { id: owner },
                    grants: [
                        { grantee: { type: "CanonicalUser", id: owner }, permission: "FULL_CONTROL" },
                        { grantee: { type: "CanonicalUser", id: partner }, permission: "READ" },
                        { grantee: { type: "AmazonCustomerByEmail", emailAddress: "ops@partner.example" }, permission: "READ" },
                        { grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/s3/LogDelivery" }, permission: "WRITE" },
                    ],
                },
            });
            s.add("aws:s3/bucket:Bucket", "us-exports", {
                bucket: "us-exports-prod",
                tags: US,
                grants: [
                    { type: "CanonicalUser", id: UNKNOWN, permissions: ["FULL_CONTROL"] },
                    { type: "CanonicalUser", id: partner, permissions: ["READ"] },
                ],
            });
        },
    },
    "us-bucket-access-point": {
        what: "a US bucket reached through an access point whose own policy grants a partner role",
        config: AWS_US,
        build: (s) => {
            const bucket = s.add("aws:s3/bucket:Bucket", "us-users", { bucket: "us-users-prod", tags: US });
            s.add("aws:s3/accessPoint:AccessPoint", "partner-ap", {
                bucket: bucket.id,
                name: "partner-ap",
                policy: policyDocument({
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::222222222222:role/partner-ingest" },
                    Action: "s3:GetObject",
                    Resource: "arn:aws:s3:us-east-1:111122223333:accesspoint/partner-ap/object/*",
                }),
            });
        },
    },
    "aws-approved-group-members": {
        what: "users put in an approved group: by the group's member list (one approved user, one not, one not known at preview) and by a user's group list; a user put in a group that is not approved",
        config: AWS_US,
        build: (s) => {
            s.add("aws:iam/groupMembership:GroupMembership", "analysts-members", { group: "analysts", users: ["alice", "mallory", UNKNOWN] });
            s.add("aws:iam/userGroupMembership:UserGroupMembership", "bob-groups", { user: "bob", groups: ["analysts", "readers"] });
        },
    },
    "traffic-steered-to-oci": {
        what: "US users (geoKey 6252001) are answered only by the OCI pool; others go to AWS",
        config: OCI_US,
        build: (s) => {
            hardenedOciUsBucket(s);
            steering(s, usCaseKeeps("oci"));
        },
    },
    "traffic-steering-loose-cases": {
        what: "the geoKey US case answers with the OCI pool, but a case for ('CA', 'US') before it keeps the AWS pool, the cases of a second rule are not known at preview, and so is the condition of a case of a third",
        config: OCI_US,
        build: (s) => {
            hardenedOciUsBucket(s);
            const pick = s.add("random:index/randomShuffle:RandomShuffle", "case-pick", { inputs: ["a", "b"], resultCount: 1 });
            steering(s, [
                {
                    ruleType: "FILTER",
                    cases: [
                        { caseCondition: "query.client.countryCode in ('CA', 'US')", answerDatas: keepPool("aws") },
                        { caseCondition: "query.client.geoKey in (6252001)", answerDatas: keepPool("oci") },
                    ],
                },
                { ruleType: "PRIORITY", cases: derived(UNKNOWN, pick) },
                { ruleType: "LIMIT", cases: [{ caseCondition: derived(UNKNOWN, pick), count: 1 }] },
            ]);
        },
    },
    "traffic-steered-to-aws": {
        what: "the US case keeps the AWS pool, so US users are answered by an endpoint that is not OCI",
        config: OCI_US,
        build: (s) => {
            hardenedOciUsBucket(s);
            steering(s, usCaseKeeps("aws"));
        },
    },

    // The evasions the rule tests also judge (each is a fixture program of test/fixtures/evasion as well).
    "oci-iam-non-us-staff": {
        what: "an OCI IAM statement lets 'sg-support-staff' (configured as staff outside the US by the config that goes with it) read objects",
        config: OCI_US,
        build: (s) => {
            ociPolicy(s, "support-read", TENANCY, "support staff may read objects to debug uploads", [
                "Allow group 'Default'/'SG-Support-Staff' to read objects in tenancy",
            ]);
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
            const provider = ireland(s);
            const source = s.add("aws:s3/bucket:Bucket", "us-users", { tags: US });
            const replica = s.add("aws:s3/bucket:Bucket", "users-replica", { tags: US }, { provider });
            replicateAll(s, "us-users-replication", source, replica.arn);
        },
    },
    "oci-bucket-replication-region-key": {
        what: "an Object Storage replication policy copies the US bucket to Singapore, named by its region key 'SIN'",
        config: OCI_US,
        build: (s) => ociReplicationTo(s, "SIN"),
    },
    "backup-plan-copy-to-stack-vault": {
        what: "an AWS Backup plan's copy action sends backups of the US bucket to a vault of this stack in eu-west-1",
        config: AWS_US,
        build: (s) => {
            const provider = ireland(s);
            const bucket = s.add("aws:s3/bucket:Bucket", "us-users", { tags: US });
            const vault = s.add("aws:backup/vault:Vault", "us-vault", { tags: US });
            const drVault = s.add("aws:backup/vault:Vault", "dr-vault", { tags: US }, { provider });
            const plan = dailyBackupPlan(s, vault, drVault.arn);
            backupSelection(s, "us-users-selection", plan, { resources: [bucket.arn] });
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
            const provider = ireland(s);
            const key = s.add("aws:kms/key:Key", "users-key", { enableKeyRotation: true }, { provider });
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
    "expired-transitional-approval": {
        what: "a US bucket in eu-west-1 (approved there only by transitional approvals or exemptions that go with it, if at all)",
        config: AWS_US,
        build: (s) => usBucketInIreland(s, "us-users-legacy"),
    },
    "expired-exemption": {
        what: "a US bucket in eu-west-1 that an exemption (given with it) was meant to cover",
        config: AWS_US,
        build: (s) => usBucketInIreland(s, "us-users-migrating"),
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
            replicateAll(s, "us-to-apac", source, apac.arn);
        },
    },

    "tags-with-prototype-keys": {
        what: "a US bucket in us-east-1 whose tags also hold the keys __proto__, constructor and toString, on a provider whose defaultTags try a lower label through a __proto__ key",
        config: AWS_US,
        build: (s) => {
            // Computed keys: an own property named __proto__, as JSON.parse and the SDK's serializer make it.
            const forged = { ["__proto__"]: { "data-class": "no-user-data" }, team: "storage" };
            const provider = s.provider("aws", "aws-us-east-1", { region: "us-east-1", defaultTags: { tags: forged as unknown as Record<string, string> } });
            s.add("aws:s3/bucket:Bucket", "us-users", { tags: { ["__proto__"]: "shared", constructor: "x", toString: "y", ...US } }, { provider });
        },
    },

    // The other programs of test/fixtures/evasion (same names), for the evasion table judged in memory (test/evasion/fixtures.test.ts).
    "region-from-environment": {
        what: "no aws:region in stack config and no region on a provider, so the region would come from AWS_REGION or a profile file",
        config: { "oci:region": "us-ashburn-1" },
        build: (s) => {
            s.add("aws:s3/bucket:Bucket", "us-users", { tags: US });
        },
    },
    "resource-region-override": {
        what: "the provider is pinned to us-east-1, but the bucket's own 'region' input moves it to eu-west-1",
        config: AWS_US,
        build: (s) => {
            const provider = s.provider("aws", "aws-us-east-1", { region: "us-east-1" });
            s.add("aws:s3/bucket:Bucket", "us-users", { region: "eu-west-1", tags: US }, { provider });
        },
    },
    "component-inherited-provider": {
        what: "the bucket names no provider itself; it inherits an eu-central-1 provider through its parent component's 'providers'",
        config: AWS_US,
        build: (s) => {
            const frankfurt = s.provider("aws", "aws-eu-central-1", { region: "eu-central-1" });
            const store = s.component("evasion:index:UserStore", "us-users");
            s.add("aws:s3/bucket:Bucket", "us-users-bucket", { tags: US }, { provider: frankfurt, parent: store });
        },
    },
    "provider-default-tags": {
        what: "the bucket carries no tags of its own; its data-class comes from the eu-west-1 provider's defaultTags",
        config: AWS_US,
        build: (s) => {
            const provider = s.provider("aws", "aws-eu-west-1", { region: "eu-west-1", defaultTags: { tags: US } });
            s.add("aws:s3/bucket:Bucket", "us-users", {}, { provider });
        },
    },
    "stack-config-default-tags": {
        what: "the data-class comes only from 'aws:defaultTags' in stack config, on a default provider in eu-west-1",
        config: { "aws:region": "eu-west-1", "aws:defaultTags": JSON.stringify({ tags: US }) },
        build: (s) => {
            s.add("aws:s3/bucket:Bucket", "us-users", {});
        },
    },
    "unknown-provider-region": {
        what: "the provider's region is a random output, unknown at preview, so where the bucket lands cannot be checked",
        config: AWS_US,
        build: (s) => {
            const pick = s.add("random:index/randomShuffle:RandomShuffle", "region-pick", { inputs: ["us-east-1", "eu-west-1"], resultCount: 1 });
            const somewhere = s.provider("aws", "aws-somewhere", { region: pick.computed() });
            s.add("aws:s3/bucket:Bucket", "us-users", { tags: US }, { provider: somewhere });
        },
    },
    "unknown-region-name": {
        what: "the bucket's region is a name that is no AWS region ('mars-north-1')",
        config: AWS_US,
        build: (s) => {
            s.add("aws:s3/bucket:Bucket", "us-users", { region: "mars-north-1", tags: US });
        },
    },
    "data-class-value-wrong-case": {
        what: "the label value is 'US-USER-DATA', not one of the exact allowed values",
        config: AWS_SG,
        build: (s) => {
            s.add("aws:s3/bucket:Bucket", "us-users", { tags: { "data-class": "US-USER-DATA" } });
        },
    },
    "data-class-unknown-at-preview": {
        what: "the data-class value comes from a random output, unknown at preview",
        config: AWS_SG,
        build: (s) => {
            const cls = s.add("random:index/randomShuffle:RandomShuffle", "class-pick", { inputs: ["us-user-data", "non-us-user-data"], resultCount: 1 });
            s.add("aws:s3/bucket:Bucket", "user-data", { tags: { "data-class": cls.computed() } });
        },
    },
    "s3-replication-external-arn": {
        what: "replication to a bucket outside the stack, named by an ARN string literal (S3 ARNs carry no region)",
        config: AWS_US,
        build: (s) => {
            const source = s.add("aws:s3/bucket:Bucket", "us-users", { tags: US });
            replicateAll(s, "us-users-replication", source, "arn:aws:s3:::partner-archive-eu");
        },
    },
    "s3-replication-second-rule-external": {
        what: "rule 0 replicates to an approved bucket of this stack; rule 1 sends the same data to a bucket outside the stack by ARN literal",
        config: AWS_US,
        build: (s) => {
            const source = s.add("aws:s3/bucket:Bucket", "us-users", { tags: US });
            const backup = s.add("aws:s3/bucket:Bucket", "us-users-backup", { tags: US });
            const rule = (id: string, priority: number, bucket: string | Output) => ({
                id,
                priority,
                status: "Enabled",
                filter: { prefix: "" },
                deleteMarkerReplication: { status: "Disabled" },
                destination: { bucket },
            });
            s.add("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "us-users-replication", {
                bucket: source.id,
                role: REPLICATION_ROLE,
                rules: [rule("backup", 1, backup.arn), rule("partner", 2, "arn:aws:s3:::partner-archive-eu")],
            });
        },
    },
    "s3-inline-replication-configuration": {
        what: "the deprecated inline 'replicationConfiguration' of the bucket itself replicates to a bucket outside the stack",
        config: AWS_US,
        build: (s) => {
            s.add("aws:s3/bucket:Bucket", "us-users", {
                tags: US,
                replicationConfiguration: { role: REPLICATION_ROLE, rules: replicateAllRules("arn:aws:s3:::partner-archive-eu") },
            });
        },
    },
    "backup-plan-copy-action": {
        what: "an AWS Backup plan backs the US bucket up in us-east-1, and its copy action sends the copy to a vault in eu-west-1",
        config: AWS_US,
        build: (s) => {
            const bucket = s.add("aws:s3/bucket:Bucket", "us-users", { tags: US });
            const vault = s.add("aws:backup/vault:Vault", "us-vault", { tags: US });
            const plan = dailyBackupPlan(s, vault, "arn:aws:backup:eu-west-1:111111111111:backup-vault:dr-eu");
            backupSelection(s, "us-users-selection", plan, { resources: [bucket.arn] });
        },
    },
    "backup-selection-by-tag": {
        what: "the backup selection picks the US bucket by its data-class tag, and the plan copies every backup to a vault in eu-west-1 labelled no-user-data",
        config: AWS_US,
        build: (s) => {
            const provider = ireland(s);
            s.add("aws:s3/bucket:Bucket", "us-users", { tags: US });
            const vault = s.add("aws:backup/vault:Vault", "us-vault", { tags: US });
            const drVault = s.add("aws:backup/vault:Vault", "dr-vault", { tags: NO_USER_DATA }, { provider });
            const plan = dailyBackupPlan(s, vault, drVault.arn);
            backupSelection(s, "us-data-by-tag", plan, { selectionTags: [{ type: "STRINGEQUALS", key: "data-class", value: "us-user-data" }] });
        },
    },
    "dynamodb-replicas": {
        what: "a DynamoDB table in us-east-1 declares a global-table replica in eu-west-1",
        config: AWS_US,
        build: (s) => {
            s.add("aws:dynamodb/table:Table", "us-sessions", { ...SESSIONS_TABLE, replicas: [{ regionName: "eu-west-1" }], tags: US });
        },
    },
    "dynamodb-table-replica-foreign-provider": {
        what: "a separate aws.dynamodb.TableReplica, created through an eu-west-1 provider, replicates the US table",
        config: AWS_US,
        build: (s) => {
            const provider = ireland(s);
            const table = s.add("aws:dynamodb/table:Table", "us-sessions", { ...SESSIONS_TABLE, tags: US });
            s.add("aws:dynamodb/tableReplica:TableReplica", "us-sessions-eu", { globalTableArn: table.arn, tags: US }, { provider });
        },
    },
    "ebs-snapshot-copy": {
        what: "a snapshot of a US volume is copied to eu-west-1 with aws.ebs.SnapshotCopy",
        config: AWS_US,
        build: (s) => {
            const provider = ireland(s);
            const volume = s.add("aws:ebs/volume:Volume", "us-data", { availabilityZone: "us-east-1a", size: 10, encrypted: true, tags: US });
            const snapshot = s.add("aws:ebs/snapshot:Snapshot", "us-data-snap", { volumeId: volume.id, tags: US });
            s.add(
                "aws:ebs/snapshotCopy:SnapshotCopy",
                "us-data-snap-eu",
                { sourceSnapshotId: snapshot.id, sourceRegion: "us-east-1", encrypted: true, tags: US },
                { provider },
            );
        },
    },
    "efs-replication-foreign-region": {
        what: "EFS replication of the US file system to a new file system in eu-west-1",
        config: AWS_US,
        build: (s) => {
            const fs = s.add("aws:efs/fileSystem:FileSystem", "us-home", { encrypted: true, tags: US });
            s.add("aws:efs/replicationConfiguration:ReplicationConfiguration", "us-home-replication", {
                sourceFileSystemId: fs.id,
                destination: { region: "eu-west-1" },
            });
        },
    },
    "kms-replica-key": {
        what: "the multi-Region KMS key that encrypts the US bucket gets a replica key in eu-west-1",
        config: AWS_US,
        build: (s) => {
            const provider = ireland(s);
            const key = s.add("aws:kms/key:Key", "us-users-key", { multiRegion: true, enableKeyRotation: true, tags: NO_USER_DATA });
            const bucket = s.add("aws:s3/bucket:Bucket", "us-users", { tags: US });
            sseKms(s, "us-users-sse", bucket, key);
            s.add("aws:kms/replicaKey:ReplicaKey", "us-users-key-eu", { primaryKeyArn: key.arn, tags: NO_USER_DATA }, { provider });
        },
    },
    "kms-replica-of-external-key": {
        what: "the US bucket is encrypted with a multi-Region key outside the stack, named by its us-east-1 ARN; 'us-users-key-eu' replicates that key (by the same ARN) to eu-west-1, 'unknown-key-eu' a key whose ARN is not known at preview",
        config: AWS_US,
        build: (s) => {
            const provider = ireland(s);
            const keyArn = "arn:aws:kms:us-east-1:111111111111:key/mrk-1234abcd12ab34cd56ef1234567890ab";
            const bucket = s.add("aws:s3/bucket:Bucket", "us-users", { tags: US });
            s.add("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "us-users-sse", {
                bucket: bucket.id,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn } }],
            });
            s.add("aws:kms/replicaKey:ReplicaKey", "us-users-key-eu", { primaryKeyArn: keyArn, tags: NO_USER_DATA }, { provider });
            s.add("aws:kms/replicaKey:ReplicaKey", "unknown-key-eu", { primaryKeyArn: derived(UNKNOWN), tags: NO_USER_DATA }, { provider });
        },
    },
    "s3-encryption-rule-unknown": {
        what: "US buckets whose inline encryption rule ('rule-unknown') or its default ('default-unknown') is not known at preview, and one ('no-default') whose rule sets no default encryption",
        config: AWS_US,
        build: (s) => {
            const key = s.add("aws:kms/key:Key", "us-key", { enableKeyRotation: true });
            const bucket = "aws:s3/bucket:Bucket";
            s.add(bucket, "rule-unknown", { tags: US, serverSideEncryptionConfiguration: { rule: derived(UNKNOWN, key) } });
            s.add(bucket, "default-unknown", {
                tags: US,
                serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: derived(UNKNOWN, key) } },
            });
            s.add(bucket, "no-default", { tags: US, serverSideEncryptionConfiguration: { rule: { bucketKeyEnabled: true } } });
        },
    },
    "oci-block-volume-replica-foreign-ad": {
        what: "the US block volume declares a cross-region replica in the Frankfurt availability domain 'Uocm:FRA-AD-1'",
        config: OCI_US,
        build: (s) => ociVolume(s, "Uocm:PHX-AD-1", "Uocm:FRA-AD-1", "us-data-fra"),
    },
    "oci-bucket-replication-odd-casing": {
        what: "an Object Storage replication policy copies the US bucket to Singapore, written with odd casing ('AP-Singapore-1')",
        config: OCI_US,
        build: (s) => ociReplicationTo(s, "AP-Singapore-1"),
    },
    "oci-bucket-replication-singapore": {
        what: "an Object Storage replication policy copies the US bucket to ap-singapore-1 (a bucket outside the stack)",
        config: OCI_US,
        build: (s) => ociReplicationTo(s, "ap-singapore-1"),
    },
    "oci-fs-replication-foreign-fs": {
        what: "File Storage replication from the US file system to a file system of this stack in Frankfurt",
        config: OCI_US,
        build: (s) => {
            const frankfurt = s.provider("oci", "oci-eu-frankfurt-1", { region: "eu-frankfurt-1" });
            const fileSystem = (name: string, availabilityDomain: string, opts = {}) =>
                s.add("oci:FileStorage/fileSystem:FileSystem", name, { compartmentId: COMPARTMENT, availabilityDomain, freeformTags: US }, opts);
            const source = fileSystem("us-home", "Uocm:US-ASHBURN-AD-1");
            const target = fileSystem("home-dr", "Uocm:EU-FRANKFURT-1-AD-1", { provider: frankfurt });
            s.add("oci:FileStorage/replication:Replication", "us-home-replication", {
                compartmentId: COMPARTMENT,
                sourceId: source.id,
                targetId: target.id,
                replicationInterval: "60",
            });
        },
    },
    "oci-iam-any-condition": {
        what: "the grant looks scoped to a decoy bucket, but 'where any {...}' ORs the conditions, so it reaches every bucket",
        config: OCI_US,
        build: (s) =>
            ociUsBucketAndGrant(s, "contractors-read", "contractors read the public assets bucket", [
                "Allow group contractors to read objects in tenancy where any {target.bucket.name='public-assets', request.permission='OBJECT_READ'}",
            ]),
    },
    "oci-iam-non-custodian-group": {
        what: "an OCI IAM statement lets a group that is not a US custodian group manage objects while the stack holds US user data in OCI",
        config: OCI_US,
        build: (s) =>
            ociUsBucketAndGrant(s, "contractors-objects", "contractors manage upload buckets", [
                "Allow group contractors to manage objects in compartment id ocid1.compartment.oc1..placeholder",
            ]),
    },
    "oci-iam-permission-list": {
        what: "the grant is written as a permission list ('{OBJECT_READ, OBJECT_INSPECT}') instead of a verb and resource type",
        config: OCI_US,
        build: (s) =>
            ociUsBucketAndGrant(s, "contractors-read", "contractors read uploads", ["Allow group contractors to {OBJECT_READ, OBJECT_INSPECT} in tenancy"]),
    },
    "oci-mysql-backup-copy": {
        what: "the US MySQL DB system copies its automatic backups to eu-frankfurt-1 (backupPolicy.copyPolicies)",
        config: OCI_US,
        build: (s) => {
            s.add("oci:Mysql/mysqlDbSystem:MysqlDbSystem", "us-accounts", {
                ...MYSQL_DB_SYSTEM,
                backupPolicy: { isEnabled: true, retentionInDays: 7, copyPolicies: [{ copyToRegion: "eu-frankfurt-1", backupCopyRetentionInDays: 7 }] },
            });
        },
    },
    "oci-mysql-backup-policy-unknown": {
        what: "the US MySQL DB system's whole backupPolicy (with its copy destinations) is unknown at preview",
        config: OCI_US,
        build: (s) => {
            const retention = s.add("random:index/randomInteger:RandomInteger", "retention", { min: 7, max: 35 });
            s.add("oci:Mysql/mysqlDbSystem:MysqlDbSystem", "us-accounts", { ...MYSQL_DB_SYSTEM, backupPolicy: retention.computed() });
        },
    },
    "oci-volume-backup-policy-cross-region": {
        what: "a volume backup policy with destinationRegion eu-frankfurt-1 is assigned to the US block volume",
        config: OCI_US,
        build: (s) => {
            const volume = s.add("oci:Core/volume:Volume", "us-data", {
                compartmentId: COMPARTMENT,
                availabilityDomain: "Uocm:US-ASHBURN-AD-1",
                sizeInGbs: "50",
                freeformTags: US,
            });
            const policy = s.add("oci:Core/volumeBackupPolicy:VolumeBackupPolicy", "daily-dr", {
                compartmentId: COMPARTMENT,
                displayName: "daily-dr",
                destinationRegion: "eu-frankfurt-1",
                schedules: [{ backupType: "INCREMENTAL", period: "ONE_DAY", retentionSeconds: 604800, timeZone: "UTC" }],
            });
            s.add("oci:Core/volumeBackupPolicyAssignment:VolumeBackupPolicyAssignment", "us-data-backups", { assetId: volume.id, policyId: policy.id });
        },
    },
    "rds-automated-backups-replication": {
        what: "the automated backups of the US database are replicated to eu-west-1 with aws.rds.InstanceAutomatedBackupsReplication",
        config: AWS_US,
        build: (s) => {
            const provider = ireland(s);
            const db = s.add("aws:rds/instance:Instance", "us-accounts", RDS_PRIMARY);
            s.add(
                "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
                "us-accounts-backups-eu",
                { sourceDbInstanceArn: db.arn, retentionPeriod: 7 },
                { provider },
            );
        },
    },
    "rds-read-replica-foreign-region": {
        what: "an RDS read replica in eu-west-1 of the US database (replicateSourceDb), labelled no-user-data",
        config: AWS_US,
        build: (s) => {
            const provider = ireland(s);
            const primary = s.add("aws:rds/instance:Instance", "us-accounts", RDS_PRIMARY);
            s.add(
                "aws:rds/instance:Instance",
                "accounts-read-eu",
                { replicateSourceDb: primary.arn, instanceClass: "db.t4g.micro", storageEncrypted: true, tags: NO_USER_DATA },
                { provider },
            );
        },
    },
    "s3-public-acl": {
        what: "the US bucket is in an approved region but is made public with a 'public-read' ACL and no public access block",
        config: AWS_US,
        build: (s) => {
            const bucket = s.add("aws:s3/bucket:Bucket", "us-users", { tags: US });
            s.add("aws:s3/bucketAcl:BucketAcl", "us-users-acl", { bucket: bucket.id, acl: "public-read" });
        },
    },
    "secrets-manager-replica": {
        what: "a Secrets Manager secret holding US user data replicates itself to eu-west-1",
        config: AWS_US,
        build: (s) => {
            s.add("aws:secretsmanager/secret:Secret", "us-user-tokens", { description: "per-user API tokens", replicas: [{ region: "eu-west-1" }], tags: US });
        },
    },
    "unknown-replica-region": {
        what: "the DynamoDB replica region is a random output, unknown at preview",
        config: AWS_US,
        build: (s) => {
            const pick = s.add("random:index/randomShuffle:RandomShuffle", "replica-region", { inputs: ["us-east-2", "eu-west-1"], resultCount: 1 });
            s.add("aws:dynamodb/table:Table", "us-sessions", { ...SESSIONS_TABLE, replicas: [{ regionName: pick.computed() }], tags: US });
        },
    },
    "aws-iam-wildcard-bucket-arn": {
        what: "an IAM role policy lets an unapproved role read 'arn:aws:s3:::*', every bucket including the US one",
        config: AWS_US,
        build: (s) => {
            s.add("aws:s3/bucket:Bucket", "us-users", { bucket: "us-users-prod", tags: US });
            s.add("aws:iam/rolePolicy:RolePolicy", "analytics-read", {
                role: "analytics-offshore",
                policy: policyDocument({ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::*"] }),
            });
        },
    },
} satisfies Record<string, Program>;

export type ProgramName = keyof typeof PROGRAMS;
