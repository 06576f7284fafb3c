/**
 * The stack's resources as a function of validated config: providers (one per location), then the
 * components. index.ts calls it with the stack config; tests call it with any config.
 */
import * as pulumi from "@pulumi/pulumi";
import { AwsBackupVault } from "./components/awsBackupVault";
import { OciAccessControls } from "./components/ociAccessControls";
import { OciPrimaryStore } from "./components/ociPrimaryStore";
import { OciTrafficSteering } from "./components/ociTrafficSteering";
import type { StackConfig } from "./config";
import { workloadRoleGuardrails } from "./guardrails/names";
import type { DataStoreDescriptor } from "./labels";
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

    const backupSettings = {
        objectLockRetentionDays: config.objectLockRetentionDays,
        archiveAfterDays: config.archiveAfterDays,
        archiveStorageClass: config.archiveStorageClass,
        writerPrincipalArn: config.awsBackupWriterPrincipalArn,
        writerExternalId: config.awsBackupWriterExternalId,
        // The deploy role of this stack creates roles only on the workload path, under its boundary (infra/bootstrap).
        roleGuardrails: workloadRoleGuardrails(config.awsAccountId, pulumi.getStack()),
        accessLogging: true,
    };

    const usBackup = new AwsBackupVault(
        "us-user-data-backup",
        {
            ...backupSettings,
            region: providers.awsUsBackup.region,
            dataClass: "us-user-data",
            bucketNamePrefix: `us-user-data-backup-${env}`,
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
        },
        bucketNames: {
            ociUsUserDataPrimary: usUserData.primaryBucketName,
            ociUsUserDataDr: usUserData.drBucketName,
            awsUsUserDataBackup: usBackup.bucketName,
            awsNonUsUserDataBackup: nonUsBackup.bucketName,
        },
        backupWriterRoleArns: {
            awsUsUserDataBackup: usBackup.writerRole.arn,
            awsNonUsUserDataBackup: nonUsBackup.writerRole.arn,
        },
        steeredDomain: steering.domainName,
    };
}
