import * as aws from "@pulumi/aws";
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { ENV } from "../../backup/env";
import { METRIC_DIMENSION, METRIC_NAMESPACE, METRICS } from "../../backup/metrics";
import type { BackupClass, JobSpec } from "../../backup/jobSpec";
import { makeLocation } from "../../policies/model/location";
import { approvalFor, DEFAULT_SETTINGS, today } from "../../policies/model/settings";
import { type DataStoreDescriptor, dataClassLabels, location } from "../labels";
import type { AwsBackupVault } from "./awsBackupVault";
import type { OciPrimaryStore } from "./ociPrimaryStore";
import type { OciRegionalVault } from "./ociRegionalVault";
import { requireProvider } from "./requireProvider";

declare const usSourceBrand: unique symbol;
declare const nonUsSourceBrand: unique symbol;

/** The source of the US backup job: the OCI primary store of US user data, and nothing else. */
export interface UsPrimarySource {
    readonly [usSourceBrand]: true;
    readonly dataClass: "us-user-data";
    readonly region: string;
    readonly namespace: pulumi.Input<string>;
    readonly bucket: pulumi.Output<string>;
    /** Prefix of the store's bucket names: the job's state bucket is named under it, so the custodian grants cover it. */
    readonly bucketNamePrefix: string;
    readonly prefix: string;
    readonly vault: OciRegionalVault;
}

/** The source of the non-US backup job: the bucket of non-US user data that the stack config names. */
export interface NonUsConfiguredSource {
    readonly [nonUsSourceBrand]: true;
    readonly dataClass: "non-us-user-data";
    readonly region: string;
    readonly namespace: string;
    readonly bucket: pulumi.Output<string>;
    readonly prefix: string;
    /** The bucket, declared in this stack (an existing one is adopted with `pulumi import`, docs/BACKUPS.md). */
    readonly store: oci.objectstorage.Bucket;
}

/** The source a job of class `C` may read: the two classes have separate types, so a US source cannot be wired to the non-US job. */
export type BackupSource<C extends BackupClass> = C extends "us-user-data" ? UsPrimarySource : NonUsConfiguredSource;

export function usPrimarySource(store: OciPrimaryStore, namespace: pulumi.Input<string>, prefix = ""): UsPrimarySource {
    return {
        dataClass: "us-user-data",
        region: store.dataStores.primary.location.slice("oci:".length),
        namespace,
        // The bucket's own output (not the name it was given): the job's input then depends on the bucket itself.
        bucket: store.primaryBucket.name,
        bucketNamePrefix: store.bucketNamePrefix,
        prefix,
        vault: store.primaryVault,
    } as UsPrimarySource;
}

/**
 * The bucket of non-US user data the stack config names, declared here (private, versioned, labelled
 * `non-us-user-data`) so that the pack sees the non-US job's source, and its location, like any other store. An
 * existing bucket is adopted with `pulumi import` (docs/BACKUPS.md).
 */
export function nonUsConfiguredSource(
    named: { readonly region: string; readonly namespace?: string; readonly bucket: string; readonly prefix: string },
    args: { defaultNamespace: string; compartmentId: pulumi.Input<string>; freeformTags?: Record<string, string> },
    opts: pulumi.CustomResourceOptions,
): NonUsConfiguredSource {
    const namespace = named.namespace ?? args.defaultNamespace;
    const store = new oci.objectstorage.Bucket(
        "non-us-user-data-source",
        {
            compartmentId: args.compartmentId,
            namespace,
            name: named.bucket,
            accessType: "NoPublicAccess",
            versioning: "Enabled",
            storageTier: "Standard",
            freeformTags: dataClassLabels("non-us-user-data", args.freeformTags),
        },
        opts,
    );
    return { dataClass: "non-us-user-data", region: named.region, namespace, bucket: store.name, prefix: named.prefix, store } as NonUsConfiguredSource;
}

/** Arguments of {@link BackupJob}. */
export interface BackupJobArgs<C extends BackupClass> {
    /** Class of the data the job copies; the source and the vault must be of it. */
    dataClass: C;
    source: BackupSource<C>;
    /** The backup vault the job writes to, through its put-only writer role. */
    vault: AwsBackupVault;
    /** Fixed name of the job: its function, its role (the writer's trust names it), its metrics and alarms. */
    jobName: string;
    /** AWS account of the job (its role's ARN is written from it, known at preview). */
    awsAccountId: string;
    /** OCI compartment of the job's state bucket and source-key secret. */
    compartmentId: pulumi.Input<string>;
    /** OCI provider of the source's region: the state bucket and the source-key secret live there. */
    ociSourceProvider: pulumi.ProviderResource;
    /** The vault that holds the source-key secret (under its key). Default: the US source's vault. */
    secretVault?: OciRegionalVault;
    rpoMinutes: number;
    /** OCI identity domain of the token exchange, and the client id its propagation trust names. */
    identityDomainUrl: string;
    tokenExchangeClientId: string;
    /** The Lambda bundle (backup/dist, built by `npm ci`). */
    code: pulumi.asset.Archive;
    /** OCI group whose members (the job's service user) may read the source-key secret, and the home-region provider of the grant. */
    secretReaders?: { groupName: string; tenancyId: pulumi.Input<string>; homeProvider: pulumi.ProviderResource };
    tags?: Record<string, string>;
    ociFreeformTags?: Record<string, string>;
    /**
     * IAM path and permissions boundary of the job's roles. The deploy role's boundary refuses any role created
     * without them (infra/guardrails/names.ts workloadRoleGuardrails). Default: none (a deploy by an administrator).
     */
    roleGuardrails?: { path: string; permissionsBoundary: pulumi.Input<string> };
}

/** A document whose leaves may be outputs. */
type Inputs<T> = { [K in keyof T]: T[K] extends object ? Inputs<T[K]> : pulumi.Input<T[K]> };

/** How often the job runs: a quarter of the RPO, at least every 5 minutes. */
export function scheduleMinutes(rpoMinutes: number): number {
    return Math.max(5, Math.floor(rpoMinutes / 4));
}

/**
 * One backup job: an AWS Lambda in the backup vault's region (the copier in backup/, as a zip), started by an
 * EventBridge Scheduler schedule whose input is the job's spec (source, destination, state: the document the pack
 * reads as the job's flow); its logs, its dead-letter queue and its alarm topic under a key of the job's own, in
 * the same region; the job's state bucket and the secret holding its OCI read key beside the source. Alarms: the
 * newest complete backup older than the RPO (or no run reporting), dead letters, failed invocations.
 *
 * Pass the AWS provider of the vault's region in the resource options.
 */
export class BackupJob<C extends BackupClass> extends pulumi.ComponentResource {
    static readonly TYPE = "residency:backup:Job";

    readonly function: aws.lambda.Function;
    readonly schedule: aws.scheduler.Schedule;
    readonly role: aws.iam.Role;
    readonly deadLetters: aws.sqs.Queue;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly alarms: aws.cloudwatch.MetricAlarm[];
    readonly stateBucket: oci.objectstorage.Bucket;
    readonly sourceKeySecret: oci.vault.Secret;
    /** Location and class of the job's own stores. */
    readonly dataStores: Record<string, DataStoreDescriptor>;
    /** ARN of the job's execution role: the writer role trusts it. */
    readonly roleArn: string;

    constructor(name: string, args: BackupJobArgs<C>, opts?: pulumi.ComponentResourceOptions) {
        super(BackupJob.TYPE, name, {}, opts);
        requireProvider(this, "aws", BackupJob.TYPE);
        const where = `${BackupJob.TYPE} ${name}`;
        const source: UsPrimarySource | NonUsConfiguredSource = args.source;
        // The types keep the classes apart; this keeps them apart for callers the compiler did not check.
        if (source.dataClass !== args.dataClass || args.vault.dataClass !== args.dataClass) {
            throw new Error(
                `${where}: a ${args.dataClass} job needs a ${args.dataClass} source and vault (source: ${source.dataClass}, vault: ${args.vault.dataClass})`,
            );
        }
        const region = args.vault.region;
        for (const [cloud, at, what] of [
            ["aws", region, "its compute, logs and queues"],
            ["oci", source.region, "its source"],
        ] as const) {
            if (!approvalFor(DEFAULT_SETTINGS, args.dataClass, makeLocation(cloud, at), today()))
                throw new Error(`${where}: ${what} would be in ${cloud}:${at}, not approved for ${args.dataClass}`);
        }
        const child = { parent: this };
        const onOci = { parent: this, provider: args.ociSourceProvider };
        const tags = dataClassLabels(args.dataClass, args.tags);
        const ociTags = dataClassLabels(args.dataClass, args.ociFreeformTags);
        const functionName = args.jobName;
        this.roleArn = `arn:aws:iam::${args.awsAccountId}:role${args.roleGuardrails?.path ?? "/"}${args.jobName}`;

        // Beside the source, read and written with the job's OCI key. Under the US store's prefix, the custodian grants cover it.
        const stateBucketName = source.dataClass === "us-user-data" ? `${source.bucketNamePrefix}backup-state` : `${args.jobName}-state`;
        const secretVault = args.secretVault ?? (source.dataClass === "us-user-data" ? source.vault : undefined);
        if (!secretVault) throw new Error(`${where}: name the OCI vault of the source-key secret (secretVault)`);
        if (secretVault.region !== source.region)
            throw new Error(`${where}: the source-key secret's vault is in ${secretVault.region}, the source in ${source.region}`);
        this.stateBucket = new oci.objectstorage.Bucket(
            `${name}-state`,
            {
                compartmentId: args.compartmentId,
                namespace: source.namespace,
                name: stateBucketName,
                accessType: "NoPublicAccess",
                versioning: "Enabled",
                kmsKeyId: secretVault.keyId,
                storageTier: "Standard",
                freeformTags: ociTags,
            },
            onOci,
        );
        // The content is set out of band (docs/RUNBOOK.md, "Backups and restores"): never in config or state.
        this.sourceKeySecret = new oci.vault.Secret(
            `${name}-source-key`,
            {
                compartmentId: args.compartmentId,
                vaultId: secretVault.vault.id,
                keyId: secretVault.keyId,
                secretName: `${args.jobName}-source-key`,
                description: `S3 Compatibility API key of the ${args.jobName} job's OCI service user; rotated quarterly`,
                secretContent: { contentType: "BASE64", content: Buffer.from("{}").toString("base64"), stage: "CURRENT" },
                freeformTags: ociTags,
            },
            { ...onOci, ignoreChanges: ["secretContent"] },
        );

        if (args.secretReaders) {
            const readers = args.secretReaders;
            new oci.identity.Policy(
                `${name}-source-key-readers`,
                {
                    compartmentId: readers.tenancyId,
                    name: `${args.jobName}-source-key-readers`,
                    description: `The ${args.jobName} job's service user reads its S3 Compatibility API key`,
                    statements: pulumi
                        .output(args.compartmentId)
                        .apply((c) => [
                            `Allow group ${readers.groupName} to read secret-bundles in compartment id ${c} where target.secret.name = '${args.jobName}-source-key'`,
                        ]),
                    freeformTags: args.ociFreeformTags,
                },
                { parent: this, provider: readers.homeProvider },
            );
        }

        const key = new aws.kms.Key(
            `${name}-key`,
            {
                region,
                description: `${args.jobName}: logs, dead letters and alarms of the backup job (${region})`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: jobKeyPolicy(args.awsAccountId, region),
                // No data-class label: a key holds no data, and a labelled resource counts as a store to the pack
                // (which the function, naming the key, would raise to its own class).
                tags: args.tags,
            },
            child,
        );
        this.logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            { region, name: `/aws/lambda/${functionName}`, retentionInDays: 400, kmsKeyId: key.arn, tags },
            child,
        );
        this.deadLetters = new aws.sqs.Queue(
            `${name}-dead-letters`,
            { region, name: `${args.jobName}-dead-letters`, kmsMasterKeyId: key.arn, messageRetentionSeconds: 1_209_600, tags },
            child,
        );
        const alarmTopic = new aws.sns.Topic(`${name}-alarms`, { region, name: `${args.jobName}-alarms`, kmsMasterKeyId: key.arn, tags }, child);

        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                name: args.jobName,
                description: `Runs the ${args.jobName} backup job`,
                maxSessionDuration: 3600,
                ...args.roleGuardrails,
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
                }),
                tags: args.tags,
            },
            child,
        );
        const rolePolicy = new aws.iam.RolePolicy(
            `${name}-role-policy`,
            {
                role: this.role.id,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        { Sid: "WriteBackupsAsThePutOnlyWriter", Effect: "Allow", Action: "sts:AssumeRole", Resource: args.vault.writerRole.arn },
                        {
                            // The AWS-signed JWT the OCI identity domain exchanges for a session: for that audience only, five minutes at most.
                            Sid: "FederateToOci",
                            Effect: "Allow",
                            Action: "sts:GetWebIdentityToken",
                            Resource: "*",
                            Condition: {
                                "ForAllValues:StringEquals": { "sts:IdentityTokenAudience": [args.identityDomainUrl] },
                                NumericLessThanEquals: { "sts:DurationSeconds": 300 },
                            },
                        },
                        {
                            Sid: "Logs",
                            Effect: "Allow",
                            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                            Resource: pulumi.interpolate`${this.logGroup.arn}:*`,
                        },
                        { Sid: "DeadLetters", Effect: "Allow", Action: "sqs:SendMessage", Resource: this.deadLetters.arn },
                        { Sid: "JobKey", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: key.arn },
                    ],
                }),
            },
            child,
        );

        this.function = new aws.lambda.Function(
            `${name}-function`,
            {
                region,
                name: functionName,
                description: `Copies ${args.dataClass} to ${args.vault.region} (docs/BACKUPS.md)`,
                role: this.role.arn,
                runtime: "nodejs22.x",
                architectures: ["arm64"],
                handler: "index.handler",
                code: args.code,
                timeout: 900,
                memorySize: 1024,
                // One run at a time: the job's state is written by one copier.
                reservedConcurrentExecutions: 1,
                kmsKeyArn: key.arn,
                environment: {
                    variables: {
                        [ENV.writerRoleArn]: args.vault.writerRole.arn,
                        [ENV.domainUrl]: args.identityDomainUrl,
                        [ENV.clientId]: args.tokenExchangeClientId,
                        [ENV.sourceKeySecret]: this.sourceKeySecret.id,
                    },
                },
                loggingConfig: { logFormat: "Text", logGroup: this.logGroup.name },
                tags,
            },
            { ...child, dependsOn: [rolePolicy] },
        );
        new aws.lambda.FunctionEventInvokeConfig(
            `${name}-invoke-config`,
            {
                region,
                functionName: this.function.name,
                maximumRetryAttempts: 2,
                maximumEventAgeInSeconds: 3600,
                destinationConfig: { onFailure: { destination: this.deadLetters.arn } },
            },
            child,
        );

        const schedulerRole = new aws.iam.Role(
            `${name}-scheduler-role`,
            {
                description: `EventBridge Scheduler starts the ${args.jobName} backup job`,
                ...args.roleGuardrails,
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "scheduler.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            Condition: { StringEquals: { "aws:SourceAccount": args.awsAccountId } },
                        },
                    ],
                }),
                tags: args.tags,
            },
            child,
        );
        new aws.iam.RolePolicy(
            `${name}-scheduler-policy`,
            {
                role: schedulerRole.id,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        { Effect: "Allow", Action: "lambda:InvokeFunction", Resource: this.function.arn },
                        { Effect: "Allow", Action: "sqs:SendMessage", Resource: this.deadLetters.arn },
                        { Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: key.arn },
                    ],
                }),
            },
            child,
        );

        // Built for jsonStringify (no callback of ours waits on a value unknown at preview, so the offline preview
        // needs no second pass), typed field by field against the spec the handler parses.
        const spec: Inputs<JobSpec> = {
            job: args.jobName,
            dataClass: args.dataClass,
            source: { cloud: "oci", region: source.region, namespace: source.namespace, bucket: source.bucket, prefix: source.prefix },
            destination: { cloud: "aws", region: args.vault.region, bucket: args.vault.bucketName, kmsKeyArn: args.vault.kmsKey.arn },
            state: { bucket: stateBucketName, prefix: args.jobName },
            rpoMinutes: args.rpoMinutes,
        };
        this.schedule = new aws.scheduler.Schedule(
            `${name}-schedule`,
            {
                region,
                name: args.jobName,
                description: `${args.dataClass} backup: every ${scheduleMinutes(args.rpoMinutes)} minutes (RPO ${args.rpoMinutes} minutes)`,
                scheduleExpression: `rate(${scheduleMinutes(args.rpoMinutes)} minutes)`,
                flexibleTimeWindow: { mode: "OFF" },
                kmsKeyArn: key.arn,
                target: {
                    arn: this.function.arn,
                    roleArn: schedulerRole.arn,
                    input: pulumi.jsonStringify(spec),
                    retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
                    deadLetterConfig: { arn: this.deadLetters.arn },
                },
            },
            child,
        );

        const jobMetric = (metricName: string) => ({ namespace: METRIC_NAMESPACE, metricName, dimensions: { [METRIC_DIMENSION]: args.jobName } });
        // Named after the job, like its other resources: in the non-US backup region the guardrails let the deploy
        // write alarms named `<job>-*` only (infra/guardrails/names.ts NON_US_BACKUP_JOBS).
        const alarm = (suffix: string, description: string, a: Omit<aws.cloudwatch.MetricAlarmArgs, "name" | "alarmActions" | "region" | "alarmDescription">) =>
            new aws.cloudwatch.MetricAlarm(
                `${name}-${suffix}`,
                {
                    region,
                    name: `${args.jobName}-${suffix}`,
                    alarmDescription: description,
                    alarmActions: [alarmTopic.arn],
                    okActions: [alarmTopic.arn],
                    tags: args.tags,
                    ...a,
                },
                child,
            );
        const halfRpo = Math.max(60, Math.floor((args.rpoMinutes * 60) / 2 / 60) * 60);
        this.alarms = [
            alarm("backup-age", `The newest complete ${args.dataClass} backup is older than the RPO (${args.rpoMinutes} minutes), or no run reported`, {
                ...jobMetric(METRICS.backupAge),
                statistic: "Maximum",
                period: halfRpo,
                evaluationPeriods: 1,
                threshold: args.rpoMinutes * 60,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "breaching",
            }),
            alarm("dead-lettered", `An object of ${args.dataClass} kept failing and went to the job's dead letters`, {
                ...jobMetric(METRICS.deadLettered),
                statistic: "Sum",
                period: 300,
                evaluationPeriods: 1,
                threshold: 0,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
            }),
            alarm("failed-runs", `A run of ${args.jobName} could not start and went to its dead-letter queue`, {
                namespace: "AWS/SQS",
                metricName: "ApproximateNumberOfMessagesVisible",
                dimensions: { QueueName: this.deadLetters.name },
                statistic: "Maximum",
                period: 300,
                evaluationPeriods: 1,
                threshold: 0,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
            }),
        ];

        const here = { location: location("aws", region), dataClass: args.dataClass };
        this.dataStores = {
            state: { location: location("oci", source.region), dataClass: args.dataClass },
            sourceKey: { location: location("oci", source.region), dataClass: args.dataClass },
            logs: here,
            deadLetters: here,
            alarms: here,
        };
        this.registerOutputs({
            dataStores: this.dataStores,
            functionName: this.function.name,
            scheduleName: this.schedule.name,
            roleArn: this.roleArn,
            deadLetterQueue: this.deadLetters.url,
        });
    }
}

/**
 * The job key: the account administers it; CloudWatch Logs of this region may use it for the job's log group, and
 * CloudWatch alarms of this account may use it to publish to the job's encrypted alarm topic.
 */
function jobKeyPolicy(account: string, region: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Sid: "AccountAdministers", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
            {
                Sid: "CloudWatchLogsOfThisRegion",
                Effect: "Allow",
                Principal: { Service: `logs.${region}.amazonaws.com` },
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resource: "*",
                Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${region}:${account}:log-group:*` } },
            },
            {
                Sid: "CloudWatchAlarmsOfThisAccount",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": account } },
            },
        ],
    });
}
