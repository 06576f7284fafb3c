/**
 * The backup route as the program declares it (captured under mocks): the managed parts (EventBridge Scheduler,
 * Lambda's retries and failure destination, SQS, CloudWatch Logs and alarms, OCI Vault) hold no code of ours, so
 * their configuration is tested here; the copier itself is tested against a real S3 server (test/backup).
 */
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { METRIC_NAMESPACE } from "../../backup/metrics";
import { loadStackConfig } from "../../infra/config";
import { AwsBackupVault } from "../../infra/components/awsBackupVault";
import { BackupJob, type BackupJobArgs, nonUsConfiguredSource, scheduleMinutes, usPrimarySource } from "../../infra/components/backupJob";
import { OciPrimaryStore } from "../../infra/components/ociPrimaryStore";
import { createStack } from "../../infra/stack";
import { DATA_CLASS_LABEL } from "../../policies/model/dataClass";
import { actionsOf, capture, type Capture, type CapturedResource, policyDocument, RANDOM_HEX } from "./harness";

const STACKS_DIR = path.join(__dirname, "..", "..", "stacks");
function stackConfig(stack: string): Record<string, string> {
    const doc = parse(fs.readFileSync(path.join(STACKS_DIR, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    return Object.fromEntries(Object.entries(doc.config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

const T = {
    schedule: "aws:scheduler/schedule:Schedule",
    fn: "aws:lambda/function:Function",
    invokeConfig: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
    queue: "aws:sqs/queue:Queue",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    topic: "aws:sns/topic:Topic",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    kmsKey: "aws:kms/key:Key",
    ociBucket: "oci:ObjectStorage/bucket:Bucket",
    secret: "oci:Vault/secret:Secret",
    ociPolicy: "oci:Identity/policy:Policy",
};

const labelOf = (r: CapturedResource) => (r.type.startsWith("aws:") ? r.inputs.tags : r.inputs.freeformTags)?.[DATA_CLASS_LABEL];

describe("the backup jobs of us-prod", () => {
    let c: Capture;
    beforeAll(async () => {
        c = await capture(() => createStack(loadStackConfig()), stackConfig("us-prod"));
    });
    const job = (cls: "us" | "non-us", type: string, part: string) => c.ofType(type).find((r) => r.name === `${cls}-user-data-backup-job-${part}`)!;

    it("runs the US job every quarter of the RPO from a schedule in Virginia, its spec naming the primary, the Virginia bucket and its key", () => {
        const s = job("us", T.schedule, "schedule");
        expect(s.inputs).toMatchObject({
            region: "us-east-1",
            name: "us-data-residency-prod-us-backup",
            scheduleExpression: `rate(${scheduleMinutes(60)} minutes)`,
            flexibleTimeWindow: { mode: "OFF" },
            target: {
                arn: "arn:aws:lambda:us-east-1:111111111111:function:us-data-residency-prod-us-backup",
                retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
                deadLetterConfig: { arn: "arn:aws:sqs:us-east-1:111111111111:us-data-residency-prod-us-backup-dead-letters" },
            },
        });
        expect(scheduleMinutes(60)).toBe(15);
        expect(JSON.parse(s.inputs.target.input)).toEqual({
            job: "us-data-residency-prod-us-backup",
            dataClass: "us-user-data",
            source: { cloud: "oci", region: "us-ashburn-1", namespace: "placeholderreplaceme", bucket: `us-user-data-prod-${RANDOM_HEX}`, prefix: "" },
            destination: {
                cloud: "aws",
                region: "us-east-1",
                bucket: `us-user-data-backup-prod-${RANDOM_HEX}`,
                kmsKeyArn: "arn:aws:kms:us-east-1:111111111111:key/us-user-data-backup-key",
            },
            state: { bucket: "us-user-data-prod-backup-state", prefix: "us-data-residency-prod-us-backup" },
            rpoMinutes: 60,
        });
    });

    it("runs the non-US job in Singapore from the bucket the config names (declared, labelled non-us-user-data) to the Singapore bucket", () => {
        const source = c.one(T.ociBucket, "non-us-user-data-source");
        expect(source.inputs).toMatchObject({
            name: "non-us-user-data-prod-placeholder",
            accessType: "NoPublicAccess",
            freeformTags: { [DATA_CLASS_LABEL]: "non-us-user-data" },
        });
        expect(c.providerRegion(source)).toBe("us-ashburn-1");
        const spec = JSON.parse(job("non-us", T.schedule, "schedule").inputs.target.input);
        expect(spec).toMatchObject({
            dataClass: "non-us-user-data",
            source: { bucket: "non-us-user-data-prod-placeholder", region: "us-ashburn-1" },
            destination: { region: "ap-southeast-1", bucket: `non-us-user-data-backup-prod-${RANDOM_HEX}` },
        });
    });

    it("runs the copier bundle built by npm ci, one run at a time, its environment under the job's key and naming no secret", async () => {
        const fn = job("us", T.fn, "function");
        expect(fn.inputs).toMatchObject({
            region: "us-east-1",
            runtime: "nodejs22.x",
            handler: "index.handler",
            timeout: 900,
            reservedConcurrentExecutions: 1,
            kmsKeyArn: "arn:aws:kms:us-east-1:111111111111:key/us-user-data-backup-job-key",
            loggingConfig: { logFormat: "Text", logGroup: "/aws/lambda/us-data-residency-prod-us-backup" },
        });
        expect(await fn.inputs.code.path).toBe(path.join(__dirname, "..", "..", "backup", "dist"));
        expect(Object.keys(fn.inputs.environment.variables).sort()).toEqual([
            "BACKUP_WRITER_ROLE_ARN",
            "OCI_IDENTITY_DOMAIN_URL",
            "OCI_SOURCE_KEY_SECRET_OCID",
            "OCI_TOKEN_EXCHANGE_CLIENT_ID",
        ]);
        expect(job("us", T.invokeConfig, "invoke-config").inputs).toMatchObject({
            maximumRetryAttempts: 2,
            destinationConfig: { onFailure: { destination: "arn:aws:sqs:us-east-1:111111111111:us-data-residency-prod-us-backup-dead-letters" } },
        });
    });

    it("keeps every part of each job in its approved region, labelled with the job's class, logs and queues under the job's key", () => {
        for (const [cls, region, dataClass] of [
            ["us", "us-east-1", "us-user-data"],
            ["non-us", "ap-southeast-1", "non-us-user-data"],
        ] as const) {
            for (const type of [T.fn, T.queue, T.logGroup, T.topic, T.schedule, T.alarm, T.kmsKey, T.invokeConfig]) {
                for (const r of c.ofType(type).filter((x) => x.name.startsWith(`${cls}-user-data-backup-job-`))) {
                    expect([r.name, r.inputs.region, c.providerRegion(r)]).toEqual([r.name, region, region]);
                }
            }
            for (const type of [T.fn, T.queue, T.logGroup, T.topic])
                expect([
                    type,
                    labelOf(job(cls, type, type === T.fn ? "function" : type === T.queue ? "dead-letters" : type === T.topic ? "alarms" : "logs")),
                ]).toEqual([type, dataClass]);
            expect(job(cls, T.queue, "dead-letters").inputs.kmsMasterKeyId).toBe(`arn:aws:kms:${region}:111111111111:key/${cls}-user-data-backup-job-key`);
            expect(job(cls, T.logGroup, "logs").inputs).toMatchObject({
                kmsKeyId: `arn:aws:kms:${region}:111111111111:key/${cls}-user-data-backup-job-key`,
                retentionInDays: 400,
            });
        }
    });

    it("alarms when the newest complete backup is older than the RPO or no run reports, on dead letters, and on failed runs", () => {
        const age = job("us", T.alarm, "backup-age").inputs;
        expect(age).toMatchObject({
            name: "us-data-residency-prod-us-backup-backup-age",
            namespace: METRIC_NAMESPACE,
            metricName: "BackupAgeSeconds",
            dimensions: { Job: "us-data-residency-prod-us-backup" },
            statistic: "Maximum",
            threshold: 3600,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "breaching",
            period: 1800,
            alarmActions: ["arn:aws:sns:us-east-1:111111111111:us-data-residency-prod-us-backup-alarms"],
        });
        expect(job("us", T.alarm, "dead-lettered").inputs).toMatchObject({ metricName: "DeadLettered", threshold: 0, treatMissingData: "notBreaching" });
        expect(job("us", T.alarm, "failed-runs").inputs).toMatchObject({
            namespace: "AWS/SQS",
            metricName: "ApproximateNumberOfMessagesVisible",
            dimensions: { QueueName: "us-data-residency-prod-us-backup-dead-letters" },
        });
    });

    it("lets CloudWatch alarms of the account use the job key, so that they can publish to the encrypted alarm topic", () => {
        for (const cls of ["us", "non-us"] as const) {
            const statements = policyDocument(job(cls, T.kmsKey, "key").inputs.policy).Statement as {
                Sid: string;
                Principal?: unknown;
                Action: string[];
                Condition?: unknown;
            }[];
            expect(statements.find((st) => st.Sid === "CloudWatchAlarmsOfThisAccount")).toEqual({
                Sid: "CloudWatchAlarmsOfThisAccount",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } },
            });
        }
    });

    it("lets the job's role reach the put-only writer and the OCI federation, and read nothing in S3", () => {
        const doc = policyDocument(job("us", T.rolePolicy, "role-policy").inputs.policy);
        const actions = doc.Statement.flatMap(actionsOf);
        expect(actions.filter((a) => a.startsWith("s3:"))).toEqual([]);
        expect(doc.Statement.find((s) => s.Sid === "WriteBackupsAsThePutOnlyWriter")).toMatchObject({
            Action: "sts:AssumeRole",
            Resource: "arn:aws:iam::111111111111:role/residency/us-user-data-backup-writer",
        });
        expect(doc.Statement.find((s) => s.Sid === "FederateToOci")).toMatchObject({
            Action: "sts:GetWebIdentityToken",
            Condition: { "ForAllValues:StringEquals": { "sts:IdentityTokenAudience": ["https://idcs-placeholderreplaceme.identity.oraclecloud.com"] } },
        });
        const trust = policyDocument(c.ofType(T.role).find((r) => r.name === "us-user-data-backup-writer")!.inputs.assumeRolePolicy);
        expect(trust.Statement.find((s) => s.Sid === "BackupJob0")).toEqual({
            Sid: "BackupJob0",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::111111111111:root" },
            Action: "sts:AssumeRole",
            Condition: { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/residency/us-data-residency-prod-us-backup" } },
        });
        expect(job("us", T.role, "role").inputs.name).toBe("us-data-residency-prod-us-backup");
    });

    it("keeps the US job's state and source key beside the primary, under its vault key; only the custodians read the key", () => {
        const state = job("us", T.ociBucket, "state");
        expect(state.inputs).toMatchObject({
            name: "us-user-data-prod-backup-state",
            accessType: "NoPublicAccess",
            kmsKeyId: "ocid1.key.oc1..us-user-data-primary-key",
        });
        expect(c.providerRegion(state)).toBe("us-ashburn-1");
        const secret = job("us", T.secret, "source-key");
        expect(secret.inputs).toMatchObject({ secretName: "us-data-residency-prod-us-backup-source-key", keyId: "ocid1.key.oc1..us-user-data-primary-key" });
        expect(Buffer.from(secret.inputs.secretContent.content, "base64").toString()).toBe("{}");
        expect(job("us", T.ociPolicy, "source-key-readers").inputs.statements).toEqual([
            "Allow group us-data-custodians to read secret-bundles in compartment id ocid1.compartment.oc1..placeholder-prod-replace-me where target.secret.name = 'us-data-residency-prod-us-backup-source-key'",
        ]);
    });
});

describe("residency:backup:Job keeps the two classes apart", () => {
    const common = (vault: AwsBackupVault): Omit<BackupJobArgs<"us-user-data">, "dataClass" | "source"> => ({
        vault,
        jobName: "job",
        awsAccountId: "111111111111",
        compartmentId: "ocid1.compartment.oc1..x",
        ociSourceProvider: new oci.Provider("oci-ashburn-job", { region: "us-ashburn-1" }),
        rpoMinutes: 60,
        identityDomainUrl: "https://idcs-x.identity.oraclecloud.com",
        tokenExchangeClientId: "client-id-1",
        code: new pulumi.asset.AssetArchive({}),
    });
    function parts(vaultRegion: string, vaultClass: "us-user-data" | "non-us-user-data") {
        const ashburn = { region: "us-ashburn-1", provider: new oci.Provider("oci-ashburn", { region: "us-ashburn-1" }) };
        const store = new OciPrimaryStore("store", {
            tenancyId: "ocid1.tenancy.oc1..x",
            compartmentId: "ocid1.compartment.oc1..x",
            namespace: "ns",
            home: ashburn,
            primary: ashburn,
            dr: { region: "us-phoenix-1", provider: new oci.Provider("oci-phoenix", { region: "us-phoenix-1" }) },
            namePrefix: "us-user-data-test",
        });
        const provider = new aws.Provider(`aws-${vaultRegion}`, { region: vaultRegion });
        const vault = new AwsBackupVault(
            "vault",
            {
                region: vaultRegion,
                dataClass: vaultClass,
                bucketNamePrefix: "b",
                objectLockRetentionDays: 1,
                archiveAfterDays: 1,
                writerPrincipalArn: "arn:aws:iam::111111111111:root",
            },
            { provider },
        );
        return { store, vault, provider };
    }

    it("refuses the US job pointed at the Singapore vault, naming the job", async () => {
        await expect(
            capture(() => {
                const { store, vault, provider } = parts("ap-southeast-1", "non-us-user-data");
                new BackupJob("us-user-data-backup-job", { ...common(vault), dataClass: "us-user-data", source: usPrimarySource(store, "ns") }, { provider });
            }),
        ).rejects.toThrow(
            "residency:backup:Job us-user-data-backup-job: a us-user-data job needs a us-user-data source and vault (source: us-user-data, vault: non-us-user-data)",
        );
    });

    it("refuses a US vault in a region not approved for US data, naming the job", async () => {
        await expect(
            capture(() => {
                const { store, vault, provider } = parts("eu-west-1", "us-user-data");
                new BackupJob("us-user-data-backup-job", { ...common(vault), dataClass: "us-user-data", source: usPrimarySource(store, "ns") }, { provider });
            }),
        ).rejects.toThrow(
            "residency:backup:Job us-user-data-backup-job: its compute, logs and queues would be in aws:eu-west-1, not approved for us-user-data",
        );
    });

    it("refuses a US source wired to the non-US job (for callers the compiler did not check)", async () => {
        await expect(
            capture(() => {
                const { store, vault, provider } = parts("ap-southeast-1", "non-us-user-data");
                const usSource = usPrimarySource(store, "ns") as unknown as ReturnType<typeof nonUsConfiguredSource>;
                new BackupJob("non-us-user-data-backup-job", { ...common(vault), dataClass: "non-us-user-data", source: usSource }, { provider });
            }),
        ).rejects.toThrow(
            "residency:backup:Job non-us-user-data-backup-job: a non-us-user-data job needs a non-us-user-data source and vault (source: us-user-data, vault: non-us-user-data)",
        );
    });
});

/** Compiled, never run: `npm run typecheck` fails if a US source could be wired to the non-US job. */
export function typesKeepTheClassesApart(
    store: OciPrimaryStore,
    vault: AwsBackupVault,
    args: Omit<BackupJobArgs<"non-us-user-data">, "dataClass" | "source" | "vault">,
) {
    new BackupJob("x", {
        ...args,
        vault,
        dataClass: "non-us-user-data",
        // @ts-expect-error a UsPrimarySource is not a NonUsConfiguredSource
        source: usPrimarySource(store, "ns"),
    });
}
