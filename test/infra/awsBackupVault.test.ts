import * as aws from "@pulumi/aws";
import { AwsBackupVault, type AwsBackupVaultArgs } from "../../infra/components/awsBackupVault";
import { DATA_CLASS_LABEL } from "../../policies/model/dataClass";
import { actionsOf, capture, policyDocument, RANDOM_HEX, type Capture } from "./harness";

const T = {
    bucket: "aws:s3/bucket:Bucket",
    kmsKey: "aws:kms/key:Key",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    objectLock: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    policy: "aws:s3/bucketPolicy:BucketPolicy",
    logging: "aws:s3/bucketLogging:BucketLogging",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
};

const baseArgs: AwsBackupVaultArgs = {
    region: "us-east-1",
    dataClass: "us-user-data",
    bucketNamePrefix: "us-user-data-backup-test",
    objectLockRetentionDays: 400,
    archiveAfterDays: 45,
    archiveStorageClass: "DEEP_ARCHIVE",
    writerPrincipalArn: "arn:aws:iam::111111111111:role/replicator",
};

const BACKUP_BUCKET = `us-user-data-backup-test-${RANDOM_HEX}`;
const KEY_ARN = "arn:aws:kms:us-east-1:111111111111:key/vault-key";
const LOG_BUCKET = `us-user-data-backup-test-logs-${RANDOM_HEX}`;

async function run(args: Partial<AwsBackupVaultArgs> = {}, region = "us-east-1"): Promise<{ c: Capture; vault: AwsBackupVault }> {
    let vault!: AwsBackupVault;
    const c = await capture(() => {
        const provider = new aws.Provider(`aws-${region}`, { region });
        vault = new AwsBackupVault("vault", { ...baseArgs, region, ...args }, { provider });
    });
    return { c, vault };
}

describe("residency:aws:BackupVault", () => {
    let c: Capture;
    beforeAll(async () => {
        ({ c } = await run());
    });

    it("registers the component type", () => {
        expect(c.one("residency:aws:BackupVault").name).toBe("vault");
    });

    it("names the backup bucket with the random suffix and enables object lock", () => {
        const bucket = c.one(T.bucket, "vault-bucket");
        expect(bucket.inputs.bucket).toBe(BACKUP_BUCKET);
        expect(bucket.inputs.objectLockEnabled).toBe(true);
        expect(bucket.inputs.region).toBe("us-east-1");
    });

    it("every child uses the regional provider, never a default one", () => {
        const children = c.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
        expect(children.length).toBeGreaterThan(10);
        for (const r of children) {
            expect([r.name, c.providerRegion(r)]).toEqual([r.name, "us-east-1"]);
        }
    });

    it("enables versioning", () => {
        const v = c.one(T.versioning, "vault-versioning");
        expect(v.inputs.bucket).toBe(BACKUP_BUCKET);
        expect(v.inputs.versioningConfiguration).toEqual({ status: "Enabled" });
    });

    it("blocks all public access", () => {
        const pab = c.one(T.publicAccessBlock, "vault-public-access-block");
        expect(pab.inputs).toMatchObject({
            bucket: BACKUP_BUCKET,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
    });

    it("encrypts with SSE-KMS under a rotating CMK of the same region", () => {
        const key = c.one(T.kmsKey, "vault-key");
        expect(key.inputs.enableKeyRotation).toBe(true);
        expect(key.inputs.region).toBe("us-east-1");
        expect(c.providerRegion(key)).toBe("us-east-1");
        const sse = c.one(T.encryption, "vault-encryption");
        expect(sse.inputs.bucket).toBe(BACKUP_BUCKET);
        expect(sse.inputs.rules).toHaveLength(1);
        const byDefault = sse.inputs.rules[0].applyServerSideEncryptionByDefault;
        expect(byDefault.sseAlgorithm).toBe("aws:kms");
        expect(byDefault.kmsMasterKeyId).toBe("arn:aws:kms:us-east-1:111111111111:key/vault-key");
    });

    it("locks objects in COMPLIANCE mode for the configured days", () => {
        const lock = c.one(T.objectLock, "vault-object-lock");
        expect(lock.inputs.bucket).toBe(BACKUP_BUCKET);
        expect(lock.inputs.rule).toEqual({ defaultRetention: { mode: "COMPLIANCE", days: 400 } });
    });

    it("archives current and noncurrent versions after the configured days", () => {
        const lc = c.one(T.lifecycle, "vault-lifecycle");
        expect(lc.inputs.bucket).toBe(BACKUP_BUCKET);
        const [rule] = lc.inputs.rules;
        expect(rule.status).toBe("Enabled");
        expect(rule.transitions).toEqual([{ days: 45, storageClass: "DEEP_ARCHIVE" }]);
        expect(rule.noncurrentVersionTransitions).toEqual([{ noncurrentDays: 45, storageClass: "DEEP_ARCHIVE" }]);
    });

    it("archives every object regardless of size (no 128 KB default minimum)", () => {
        expect(c.one(T.lifecycle, "vault-lifecycle").inputs.transitionDefaultMinimumObjectSize).toBe("varies_by_storage_class");
    });

    it("creates the bucket's sub-resources one after another: ownership, public access block, policy, then the rest", () => {
        const chain = [
            [T.ownership, "vault-ownership"],
            [T.publicAccessBlock, "vault-public-access-block"],
            [T.policy, "vault-policy"],
            [T.versioning, "vault-versioning"],
            [T.encryption, "vault-encryption"],
            [T.objectLock, "vault-object-lock"],
            [T.lifecycle, "vault-lifecycle"],
            [T.logging, "vault-access-logging"],
        ] as const;
        const names = chain.map(([type, name]) => c.one(type, name).name);
        expect(names).toEqual(chain.map(([, name]) => name));
        for (let i = 1; i < chain.length; i++) {
            expect([names[i], c.one(chain[i]![0], chain[i]![1]).dependsOn]).toEqual([names[i], expect.arrayContaining([names[i - 1]])]);
        }
        // Every sub-resource of the bucket waits, directly or not, for all those before it: no two run at once.
        const subResources = c.resources.filter((r) => r.inputs.bucket === BACKUP_BUCKET && r.type !== T.bucket);
        expect(subResources.map((r) => r.name).sort()).toEqual([...names].sort());
        const logChain = [
            "vault-access-logs-ownership",
            "vault-access-logs-public-access-block",
            "vault-access-logs-policy",
            "vault-access-logs-versioning",
            "vault-access-logs-encryption",
        ];
        const logSubResources = c.resources.filter((r) => r.inputs.bucket === LOG_BUCKET && r.type !== T.bucket);
        expect(logSubResources.map((r) => r.name).sort()).toEqual([...logChain].sort());
        for (let i = 1; i < logChain.length; i++) {
            const r = logSubResources.find((x) => x.name === logChain[i])!;
            expect([r.name, r.dependsOn]).toEqual([r.name, expect.arrayContaining([logChain[i - 1]])]);
        }
    });

    it("denies, to everyone, a write that asks for any encryption other than SSE-KMS with the bucket's key", () => {
        const doc = policyDocument(c.one(T.policy, "vault-policy").inputs.policy);
        const denies = doc.Statement.filter((s) => s.Effect === "Deny" && s.Action === "s3:PutObject");
        for (const d of denies) expect(d).toMatchObject({ Principal: "*", Resource: `arn:aws:s3:::${BACKUP_BUCKET}/*` });
        expect(Object.fromEntries(denies.map((d) => [d.Sid, d.Condition]))).toEqual({
            DenyOtherEncryptionAlgorithm: {
                Null: { "s3:x-amz-server-side-encryption": "false" },
                StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
            },
            DenyKmsWithoutTheBucketKey: {
                Null: { "s3:x-amz-server-side-encryption": "false", "s3:x-amz-server-side-encryption-aws-kms-key-id": "true" },
            },
            DenyOtherKmsKey: {
                Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
                StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": KEY_ARN },
            },
            DenyCustomerProvidedKeys: { Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" } },
        });
    });

    it("denies requests that are not made over TLS", () => {
        const doc = policyDocument(c.one(T.policy, "vault-policy").inputs.policy);
        const deny = doc.Statement.find((s) => s.Effect === "Deny");
        expect(deny).toMatchObject({
            Principal: "*",
            Action: "s3:*",
            Resource: [`arn:aws:s3:::${BACKUP_BUCKET}`, `arn:aws:s3:::${BACKUP_BUCKET}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        });
    });

    it("trusts the replicator's account root, narrowed to the replicator role by aws:PrincipalArn (valid before the role exists)", () => {
        const trust = policyDocument(c.one(T.role, "vault-writer").inputs.assumeRolePolicy);
        expect(trust.Statement).toEqual([
            {
                Sid: "BackupWriter",
                Effect: "Allow",
                Action: "sts:AssumeRole",
                Principal: { AWS: "arn:aws:iam::111111111111:root" },
                Condition: { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/replicator" } },
            },
        ]);
        // No principal ARN that IAM would have to resolve at create time: only account roots.
        expect(JSON.stringify(trust.Statement.map((s) => s.Principal))).not.toMatch(/:role\/|:user\//);
    });

    it("lets the writer put objects only with no encryption header or SSE-KMS under the bucket's key", () => {
        const doc = policyDocument(c.one(T.rolePolicy, "vault-writer-put-only").inputs.policy);
        const put = doc.Statement.find((s) => actionsOf(s).includes("s3:PutObject"))!;
        expect(put.Condition).toEqual({
            StringEqualsIfExists: { "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": KEY_ARN },
            Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "true" },
        });
    });

    it("gives the writer role s3:PutObject only", () => {
        const doc = policyDocument(c.one(T.rolePolicy, "vault-writer-put-only").inputs.policy);
        expect(doc.Statement.every((s) => s.Effect === "Allow")).toBe(true);
        const s3Actions = doc.Statement.flatMap(actionsOf).filter((a) => a.startsWith("s3:"));
        expect(s3Actions).toEqual(["s3:PutObject"]);
        const put = doc.Statement.find((s) => actionsOf(s).includes("s3:PutObject"))!;
        expect(put.Resource).toBe(`arn:aws:s3:::${BACKUP_BUCKET}/*`);
        const kms = doc.Statement.filter((s) => actionsOf(s).some((a) => a.startsWith("kms:")));
        for (const s of kms) {
            expect(s.Resource).toBe("arn:aws:kms:us-east-1:111111111111:key/vault-key");
            expect(s.Condition).toEqual({ StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } });
        }
        const all = doc.Statement.flatMap(actionsOf);
        expect(all.filter((a) => /Get|Delete|List|\*/.test(a))).toEqual([]);
    });

    it("logs access to a private no-user-data log bucket in the same region", () => {
        const logging = c.one(T.logging, "vault-access-logging");
        expect(logging.inputs).toMatchObject({ bucket: BACKUP_BUCKET, targetBucket: LOG_BUCKET, targetPrefix: "access-logs/" });
        const logBucket = c.one(T.bucket, "vault-access-logs");
        expect(logBucket.inputs.bucket).toBe(LOG_BUCKET);
        expect(logBucket.inputs.tags[DATA_CLASS_LABEL]).toBe("no-user-data");
        expect(c.providerRegion(logBucket)).toBe("us-east-1");
        expect(c.one(T.publicAccessBlock, "vault-access-logs-public-access-block").inputs).toMatchObject({
            bucket: LOG_BUCKET,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        const doc = policyDocument(c.one(T.policy, "vault-access-logs-policy").inputs.policy);
        expect(doc.Statement.some((s) => s.Effect === "Deny" && s.Condition?.Bool?.["aws:SecureTransport"] === "false")).toBe(true);
    });

    it("labels every bucket with its data class", () => {
        const buckets = c.ofType(T.bucket);
        expect(buckets).toHaveLength(2);
        expect(Object.fromEntries(buckets.map((b) => [b.name, b.inputs.tags?.[DATA_CLASS_LABEL]]))).toEqual({
            "vault-bucket": "us-user-data",
            "vault-access-logs": "no-user-data",
        });
    });
});

describe("residency:aws:BackupVault in Singapore", () => {
    it("holds non-US user data with a Singapore key", async () => {
        const { c, vault } = await run({ dataClass: "non-us-user-data", bucketNamePrefix: "non-us-backup" }, "ap-southeast-1");
        expect(c.one(T.bucket, "vault-bucket").inputs.tags[DATA_CLASS_LABEL]).toBe("non-us-user-data");
        const sse = c.one(T.encryption, "vault-encryption");
        expect(sse.inputs.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId).toMatch(/^arn:aws:kms:ap-southeast-1:/);
        for (const r of c.resources.filter((r) => r.custom && r.type.startsWith("aws:"))) {
            expect([r.name, c.providerRegion(r)]).toEqual([r.name, "ap-southeast-1"]);
        }
        expect(vault.dataStores.backup).toEqual({ location: "aws:ap-southeast-1", dataClass: "non-us-user-data" });
    });

    it("adds an sts:ExternalId condition when one is given", async () => {
        const { c } = await run({ writerExternalId: "external-id-0123456789" });
        const trust = policyDocument(c.one(T.role, "vault-writer").inputs.assumeRolePolicy);
        expect(trust.Statement[0].Condition).toEqual({
            ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/replicator" },
            StringEquals: { "sts:ExternalId": "external-id-0123456789" },
        });
    });

    it("trusts a whole account without a PrincipalArn condition when the principal is its root", async () => {
        const { c } = await run({ writerPrincipalArn: "arn:aws:iam::222222222222:root" });
        const trust = policyDocument(c.one(T.role, "vault-writer").inputs.assumeRolePolicy);
        expect(trust.Statement).toEqual([
            { Sid: "BackupWriter", Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: "arn:aws:iam::222222222222:root" } },
        ]);
    });
});

describe("residency:aws:BackupVault guards", () => {
    it("refuses to run without an explicit aws provider", async () => {
        await expect(capture(() => new AwsBackupVault("vault", baseArgs))).rejects.toThrow(/no explicit aws provider/);
    });

    it("refuses to turn off access logging for us-user-data", async () => {
        await expect(run({ accessLogging: false })).rejects.toThrow(/access logging is required for us-user-data/);
    });

    it("rejects an out-of-range retention", async () => {
        await expect(run({ objectLockRetentionDays: 0 })).rejects.toThrow(/objectLockRetentionDays must be an integer from 1 to 3650/);
    });
});
