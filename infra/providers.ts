/**
 * Explicit providers, one per location. No data resource relies on a default provider: every
 * component gets one of these through its resource options or args.
 */
import * as aws from "@pulumi/aws";
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig, UsOciRegion } from "./config";

import { AWS_NON_US_BACKUP_REGION, AWS_US_BACKUP_REGION } from "./labels";

export { AWS_NON_US_BACKUP_REGION, AWS_US_BACKUP_REGION };

/** Tags every AWS resource gets from its provider. The data class is NOT among them: each store sets it. */
export function awsDefaultTags(config: Pick<StackConfig, "environment">): Record<string, string> {
    return {
        "managed-by": "pulumi",
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
        environment: config.environment,
    };
}

export interface RegionalOciProvider {
    readonly region: UsOciRegion;
    readonly provider: oci.Provider;
}

export interface RegionalAwsProvider {
    readonly region: string;
    readonly provider: aws.Provider;
}

export interface Providers {
    /** OCI, the tenancy's home region: every identity (groups, policies) and audit resource, nothing else. */
    readonly ociHome: RegionalOciProvider;
    /** OCI, primary US region (default us-ashburn-1). */
    readonly ociPrimary: RegionalOciProvider;
    /** OCI, in-US disaster-recovery region (default us-phoenix-1). */
    readonly ociDr: RegionalOciProvider;
    /** AWS Virginia: backups of US user data. */
    readonly awsUsBackup: RegionalAwsProvider;
    /** AWS Singapore: backups of non-US user data only. */
    readonly awsNonUsBackup: RegionalAwsProvider;
}

function ociProvider(name: string, region: UsOciRegion): RegionalOciProvider {
    // Credentials come from the usual OCI sources (config file profile or environment).
    return { region, provider: new oci.Provider(name, { region }) };
}

function awsProvider(name: string, region: string, config: StackConfig): RegionalAwsProvider {
    return {
        region,
        provider: new aws.Provider(name, {
            region,
            allowedAccountIds: [config.awsAccountId],
            defaultTags: { tags: awsDefaultTags(config) },
        }),
    };
}

export function createProviders(config: StackConfig): Providers {
    return {
        ociHome: ociProvider("oci-home", config.ociHomeRegion),
        ociPrimary: ociProvider("oci-primary", config.ociPrimaryRegion),
        ociDr: ociProvider("oci-dr", config.ociDrRegion),
        awsUsBackup: awsProvider("aws-us-backup", AWS_US_BACKUP_REGION, config),
        awsNonUsBackup: awsProvider("aws-non-us-backup", AWS_NON_US_BACKUP_REGION, config),
    };
}
