/**
 * The stack's resources as a function of validated config: providers (one per location), then the
 * components. index.ts calls it with the stack config; tests call it with any config.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { AwsBackupVault } from "./components/awsBackupVault";
import { BackupJob, nonUsConfiguredSource, usPrimarySource } from "./components/backupJob";
import { OciAccessControls } from "./components/ociAccessControls";
import { OciPrimaryStore } from "./components/ociPrimaryStore";
import { OciRegionalVault } from "./components/ociRegionalVault";
import { OciTrafficSteering } from "./components/ociTrafficSteering";
import type { StackConfig } from "./config";
import { workloadRoleGuardrails } from "./guardrails/names";
import { type DataStoreDescriptor, location } from "./labels";
import { createProviders } from "./providers";

/** Stack outputs. */
export interface StackOutputs {
    /** Every data store of the stack: where it is (`<cloud>:<region>`) and what class of data it holds. */
    readonly dataStores: Record<string, DataStoreDescriptor>;
    /** Bucket names (random suffix: unknown until the first update). */
    readonly bucketNames: Record<string, pulumi.Output<string>>;
    /** ARNs of the put-only backup writer roles. */
    readonly backupWriterRoleArns: Record<string, pulumi.Output<string>>;
    /** Domain answered by the geolocation steering policy. */
    readonly steeredDomain: string;
    /** Functions of the backup jobs. */
    readonly backupJobs: Record<string, pulumi.Output<string>>;
}

/** Where `npm ci` (`npm run build:backup`) puts the backup job's Lambda bundle. */
export const BACKUP_BUNDLE_DIR = path.join(__dirname, "..", "backup", "dist");

/** Fixed name of a backup job: its function, role, schedule and alarms; the writer role trusts the role by this name. */
export function backupJobName(env: string, cls: "us" | "non-us"): string {
    return `us-data-residency-${env}-${cls}-backup`;
}

function prefixed(prefix: string, stores: Record<string, DataStoreDescriptor>): Record<string, DataStoreDescriptor> {
    return Object.fromEntries(Object.entries(stores).map(([k, v]) => [`${prefix}${k[0]!.toUpperCase()}${k.slice(1)}`, v]));
}

function withAccessLogs(key: string, stores: AwsBackupVault["dataStores"]): Record<string, DataStoreDescriptor> {
    return { [key]: stores.backup, ...(stores.accessLogs ? { [`${key}AccessLogs`]: stores.accessLogs } : {}) };
}

export function createStack(config: StackConfig): StackOutputs {
    const providers = createProviders(config);
    const env = config.environment;
    /** Production data stores cannot be deleted by accident. */
    const protect = env === "prod";

    /** Freeform tags of every OCI resource (AWS resources get the same through provider default tags). */
    const ociTags: Record<string, string> = {
        "managed-by": "pulumi",
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
        environment: env,
    };

    const usUserData = new OciPrimaryStore(
        "us-user-data",
        {
            tenancyId: config.ociTenancyOcid,
            compartmentId: config.ociCompartmentOcid,
            namespace: config.ociObjectStorageNamespace,
            home: providers.ociHome,
            primary: providers.ociPrimary,
            dr: providers.ociDr,
            namePrefix: `us-user-data-${env}`,
            auditRetentionDays: 365,
            freeformTags: ociTags,
        },
        { protect },
    );

    const usJobName = backupJobName(env, "us");
    const nonUsJobName = backupJobName(env, "non-us");
    // The deploy role of this stack creates roles only on the workload path, under its boundary (infra/bootstrap).
    const roleGuardrails = workloadRoleGuardrails(config.awsAccountId, pulumi.getStack());
    const jobRoleArn = (jobName: string) => `arn:aws:iam::${config.awsAccountId}:role${roleGuardrails.path}${jobName}`;
    const backupSettings = {
        objectLockRetentionDays: config.objectLockRetentionDays,
        archiveAfterDays: config.archiveAfterDays,
        archiveStorageClass: config.archiveStorageClass,
        writerPrincipalArn: config.awsBackupWriterPrincipalArn,
        writerExternalId: config.awsBackupWriterExternalId,
        roleGuardrails,
        accessLogging: true,
    };

    const usBackup = new AwsBackupVault(
        "us-user-data-backup",
        {
            ...backupSettings,
            region: providers.awsUsBackup.region,
            dataClass: "us-user-data",
            bucketNamePrefix: `us-user-data-backup-${env}`,
            writerRoleArns: [jobRoleArn(usJobName)],
        },
        { provider: providers.awsUsBackup.provider, protect },
    );

    const nonUsBackup = new AwsBackupVault(
        "non-us-user-data-backup",
        {
            ...backupSettings,
            region: providers.awsNonUsBackup.region,
            dataClass: "non-us-user-data",
            bucketNamePrefix: `non-us-user-data-backup-${env}`,
            writerRoleArns: [jobRoleArn(nonUsJobName)],
        },
        { provider: providers.awsNonUsBackup.provider, protect },
    );

    // The backup route (docs/BACKUPS.md): US user data from the OCI primary to Virginia, non-US user data from the
    // bucket the config names to Singapore.
    const code = new pulumi.asset.FileArchive(BACKUP_BUNDLE_DIR);
    const jobSettings = {
        awsAccountId: config.awsAccountId,
        compartmentId: config.ociCompartmentOcid,
        rpoMinutes: config.backupRpoMinutes,
        identityDomainUrl: config.ociIdentityDomainUrl,
        tokenExchangeClientId: config.ociTokenExchangeClientId,
        code,
        ociFreeformTags: ociTags,
        roleGuardrails,
    };
    const usJob = new BackupJob(
        "us-user-data-backup-job",
        {
            ...jobSettings,
            dataClass: "us-user-data",
            source: usPrimarySource(usUserData, config.ociObjectStorageNamespace),
            vault: usBackup,
            jobName: usJobName,
            ociSourceProvider: providers.ociPrimary.provider,
            // The job's OCI service user is a US data custodian: the custodian grants cover the primary and the job's state.
            secretReaders: { groupName: config.custodianGroupName, tenancyId: config.ociTenancyOcid, homeProvider: providers.ociHome.provider },
        },
        { provider: providers.awsUsBackup.provider, protect },
    );
    const nonUsSourcePlace = [
        { region: providers.ociPrimary.region, provider: providers.ociPrimary.provider },
        { region: providers.ociDr.region, provider: providers.ociDr.provider },
    ].find((p) => p.region === config.nonUsBackupSource.region);
    if (!nonUsSourcePlace) {
        throw new Error(
            `us-data-residency:nonUsBackupSource: region ${config.nonUsBackupSource.region} is neither ociPrimaryRegion nor ociDrRegion, where this stack has an OCI provider for the job's key`,
        );
    }
    // A vault of its own for the non-US job's OCI read key: nothing of the US stores (their vaults and keys) is
    // shared with a job that writes to Singapore, so no US data can reach it through a shared key.
    const nonUsJobVault = new OciRegionalVault(
        "non-us-user-data-backup-job-vault",
        {
            compartmentId: config.ociCompartmentOcid,
            region: nonUsSourcePlace.region,
            displayNamePrefix: `${nonUsJobName}-key`,
            freeformTags: ociTags,
        },
        { provider: nonUsSourcePlace.provider, protect },
    );
    const nonUsSource = nonUsConfiguredSource(
        config.nonUsBackupSource,
        { defaultNamespace: config.ociObjectStorageNamespace, compartmentId: config.ociCompartmentOcid, freeformTags: ociTags },
        { provider: nonUsSourcePlace.provider, protect },
    );
    const nonUsJob = new BackupJob(
        "non-us-user-data-backup-job",
        {
            ...jobSettings,
            dataClass: "non-us-user-data",
            source: nonUsSource,
            vault: nonUsBackup,
            jobName: nonUsJobName,
            ociSourceProvider: nonUsSourcePlace.provider,
            secretVault: nonUsJobVault,
        },
        { provider: providers.awsNonUsBackup.provider, protect },
    );

    // OCI accepts IAM writes only in the tenancy's home region.
    new OciAccessControls(
        "us-data-access",
        {
            tenancyId: config.ociTenancyOcid,
            compartmentId: config.ociCompartmentOcid,
            custodianGroupName: config.custodianGroupName,
            auditorGroupName: config.auditorGroupName,
            // By prefix: literal statements, checkable at the first preview (names are generated).
            usUserDataBuckets: [{ namePrefix: usUserData.bucketNamePrefix }],
            nonUsStaffGroupNames: config.nonUsStaffGroupNames,
            namePrefix: `us-data-residency-${env}`,
            freeformTags: ociTags,
        },
        { provider: providers.ociHome.provider },
    );

    const steering = new OciTrafficSteering(
        "us-user-traffic",
        {
            compartmentId: config.ociCompartmentOcid,
            zoneName: config.dnsZoneName,
            hostLabel: config.dnsSteeredLabel,
            ociUsEndpoints: config.usUserTrafficEndpoints,
            freeformTags: ociTags,
        },
        { provider: providers.ociPrimary.provider },
    );

    return {
        dataStores: {
            ociUsUserDataPrimary: usUserData.dataStores.primary,
            ociUsUserDataDr: usUserData.dataStores.dr,
            ...withAccessLogs("awsUsUserDataBackup", usBackup.dataStores),
            ...withAccessLogs("awsNonUsUserDataBackup", nonUsBackup.dataStores),
            ociNonUsUserDataSource: { location: location("oci", nonUsSource.region), dataClass: "non-us-user-data" },
            ...prefixed("usBackupJob", usJob.dataStores),
            ...prefixed("nonUsBackupJob", nonUsJob.dataStores),
        },
        bucketNames: {
            ociUsUserDataPrimary: usUserData.primaryBucketName,
            ociUsUserDataDr: usUserData.drBucketName,
            awsUsUserDataBackup: usBackup.bucketName,
            awsNonUsUserDataBackup: nonUsBackup.bucketName,
            ociNonUsUserDataSource: nonUsSource.bucket,
        },
        backupWriterRoleArns: {
            awsUsUserDataBackup: usBackup.writerRole.arn,
            awsNonUsUserDataBackup: nonUsBackup.writerRole.arn,
        },
        backupJobs: { us: usJob.function.name, nonUs: nonUsJob.function.name },
        steeredDomain: steering.domainName,
    };
}
