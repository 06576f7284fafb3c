import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { US_OCI_REGIONS } from "../config";
import { type DataStoreDescriptor, dataClassLabels, location } from "../labels";
import { OciRegionalVault } from "./ociRegionalVault";

/**
 * What the Object Storage service needs: the service of each region may use the keys in the
 * compartment (buckets encrypted with a customer key), and the primary region's service may
 * manage objects of the store's buckets (replication).
 */
export function objectStorageServiceStatements(compartmentId: string, primaryRegion: string, drRegion: string, bucketNamePrefix: string): string[] {
    return [
        `Allow service objectstorage-${primaryRegion} to use keys in compartment id ${compartmentId}`,
        `Allow service objectstorage-${drRegion} to use keys in compartment id ${compartmentId}`,
        `Allow service objectstorage-${primaryRegion} to manage object-family in compartment id ${compartmentId} where target.bucket.name = /${bucketNamePrefix}*/`,
    ];
}

/** An OCI region and the explicit provider that targets it. */
export interface OciRegionPlacement {
    /** OCI region name, e.g. `us-ashburn-1`. Must be a US region. */
    region: string;
    /** Provider configured for exactly that region. */
    provider: pulumi.ProviderResource;
}

/** Arguments of {@link OciPrimaryStore}. */
export interface OciPrimaryStoreArgs {
    /** OCID of the tenancy: holds the service IAM policy and the audit retention setting. */
    tenancyId: pulumi.Input<string>;
    /** OCID of the compartment holding the buckets and vaults (in both regions). */
    compartmentId: pulumi.Input<string>;
    /** The tenancy's Object Storage namespace. */
    namespace: pulumi.Input<string>;
    /**
     * The tenancy's home region and its provider: the service IAM policy and the tenancy audit retention
     * are written there (OCI rejects identity and audit-configuration writes in any other region).
     */
    home: OciRegionPlacement;
    /** Primary region and provider. */
    primary: OciRegionPlacement;
    /** In-US disaster-recovery region and provider; must differ from `primary.region`. */
    dr: OciRegionPlacement;
    /** Prefix of bucket and policy names, e.g. `us-user-data-prod`. A random suffix is appended to bucket names. */
    namePrefix: string;
    /** Tenancy audit log retention in days (OCI allows 90 to 365). Default: 365. */
    auditRetentionDays?: number;
    /** Extra freeform tags for every taggable child. The data-class label is set by the component. */
    freeformTags?: Record<string, string>;
}

/**
 * The primary store of US user data in OCI: a versioned, private, CMK-encrypted bucket in the
 * primary US region, replicated to a private, CMK-encrypted bucket in the in-US DR region. Each region
 * has its own vault and HSM key. Also grants the Object Storage service the use of those keys and
 * the replication rights it needs, and sets the tenancy audit retention (both in the home region).
 *
 * The DR bucket is NOT versioned: OCI makes a replication destination read-only and refuses a
 * replication policy whose destination has versioning enabled (and versioning, once enabled, can only
 * be suspended, never disabled). While it is a target, nobody can write or delete in it except the
 * replication; its objects are protected by the primary's versioning (an overwrite or delete in the
 * primary keeps the previous version there). To fail over, delete the replication policy: the DR
 * bucket becomes writable, and versioning can then be enabled on it.
 */
export class OciPrimaryStore extends pulumi.ComponentResource {
    static readonly TYPE = "residency:oci:PrimaryStore";
    static readonly DATA_CLASS = "us-user-data" as const;

    readonly primaryVault: OciRegionalVault;
    readonly drVault: OciRegionalVault;
    readonly primaryBucket: oci.objectstorage.Bucket;
    readonly drBucket: oci.objectstorage.Bucket;
    readonly replication: oci.objectstorage.ReplicationPolicy;
    readonly serviceGrants: oci.identity.Policy;
    readonly auditConfiguration: oci.audit.Configuration;
    /** Name of the primary bucket. */
    readonly primaryBucketName: pulumi.Output<string>;
    /** Name of the DR bucket. */
    readonly drBucketName: pulumi.Output<string>;
    /** Prefix shared by both bucket names (and no other bucket of the stack), for policy conditions. */
    readonly bucketNamePrefix: string;
    /** Location and data class of each bucket, keyed by role. */
    readonly dataStores: { readonly primary: DataStoreDescriptor; readonly dr: DataStoreDescriptor };

    constructor(name: string, args: OciPrimaryStoreArgs, opts?: pulumi.ComponentResourceOptions) {
        super(OciPrimaryStore.TYPE, name, {}, opts);

        for (const placement of [args.primary, args.dr]) {
            if (!(US_OCI_REGIONS as readonly string[]).includes(placement.region)) {
                throw new Error(`${OciPrimaryStore.TYPE} ${name}: ${placement.region} is not a US OCI region (allowed: ${US_OCI_REGIONS.join(", ")})`);
            }
        }
        if (args.primary.region === args.dr.region) {
            throw new Error(`${OciPrimaryStore.TYPE} ${name}: the DR region must differ from the primary region (${args.primary.region})`);
        }
        const auditRetentionDays = args.auditRetentionDays ?? 365;
        if (!Number.isInteger(auditRetentionDays) || auditRetentionDays < 90 || auditRetentionDays > 365) {
            throw new Error(`${OciPrimaryStore.TYPE} ${name}: auditRetentionDays must be an integer from 90 to 365, got ${auditRetentionDays}`);
        }

        const onHome = { parent: this, provider: args.home.provider };
        const onPrimary = { parent: this, provider: args.primary.provider };
        const onDr = { parent: this, provider: args.dr.provider };
        const tags = args.freeformTags ?? {};
        const dataTags = dataClassLabels(OciPrimaryStore.DATA_CLASS, tags);

        const suffix = new random.RandomId(`${name}-suffix`, { byteLength: 4 }, { parent: this });
        this.bucketNamePrefix = `${args.namePrefix}-`;
        this.primaryBucketName = pulumi.interpolate`${this.bucketNamePrefix}${suffix.hex}`;
        this.drBucketName = pulumi.interpolate`${this.bucketNamePrefix}dr-${suffix.hex}`;

        this.primaryVault = new OciRegionalVault(
            `${name}-primary`,
            { compartmentId: args.compartmentId, region: args.primary.region, displayNamePrefix: args.namePrefix, freeformTags: tags },
            onPrimary,
        );
        this.drVault = new OciRegionalVault(
            `${name}-dr`,
            { compartmentId: args.compartmentId, region: args.dr.region, displayNamePrefix: `${args.namePrefix}-dr`, freeformTags: tags },
            onDr,
        );

        // Object Storage encrypts with the customer keys and replicates on the tenancy's behalf: it
        // needs these grants before the buckets and the replication policy can be created. The
        // statements are literal (no generated names or OCIDs), so they can be checked at preview.
        this.serviceGrants = new oci.identity.Policy(
            `${name}-objectstorage-service`,
            {
                compartmentId: args.tenancyId,
                name: `${args.namePrefix}-objectstorage-service`,
                description: `Object Storage may use the ${args.namePrefix} keys and replicate ${args.primary.region} to ${args.dr.region}`,
                statements: pulumi
                    .output(args.compartmentId)
                    .apply((compartmentId) => objectStorageServiceStatements(compartmentId, args.primary.region, args.dr.region, this.bucketNamePrefix)),
                freeformTags: tags,
            },
            onHome,
        );

        const hardenedBucket = (
            resourceName: string,
            bucketName: pulumi.Output<string>,
            vault: OciRegionalVault,
            versioning: "Enabled" | "Disabled",
            options: pulumi.CustomResourceOptions,
        ) =>
            new oci.objectstorage.Bucket(
                resourceName,
                {
                    compartmentId: args.compartmentId,
                    namespace: args.namespace,
                    name: bucketName,
                    accessType: "NoPublicAccess",
                    versioning,
                    kmsKeyId: vault.keyId,
                    objectEventsEnabled: true,
                    storageTier: "Standard",
                    freeformTags: dataTags,
                },
                { ...options, dependsOn: [this.serviceGrants] },
            );

        this.primaryBucket = hardenedBucket(`${name}-primary-bucket`, this.primaryBucketName, this.primaryVault, "Enabled", onPrimary);
        // A replication destination must not be versioned (see the class comment).
        this.drBucket = hardenedBucket(`${name}-dr-bucket`, this.drBucketName, this.drVault, "Disabled", onDr);

        this.replication = new oci.objectstorage.ReplicationPolicy(
            `${name}-replication`,
            {
                namespace: args.namespace,
                bucket: this.primaryBucket.name,
                name: `${args.namePrefix}-to-${args.dr.region}`,
                destinationRegionName: args.dr.region,
                destinationBucketName: this.drBucket.name,
            },
            { ...onPrimary, dependsOn: [this.serviceGrants, this.drBucket] },
        );

        this.auditConfiguration = new oci.audit.Configuration(
            `${name}-audit-retention`,
            { compartmentId: args.tenancyId, retentionPeriodDays: auditRetentionDays },
            onHome,
        );

        this.dataStores = {
            primary: { location: location("oci", args.primary.region), dataClass: OciPrimaryStore.DATA_CLASS },
            dr: { location: location("oci", args.dr.region), dataClass: OciPrimaryStore.DATA_CLASS },
        };

        this.registerOutputs({
            primaryBucketName: this.primaryBucketName,
            drBucketName: this.drBucketName,
            primaryKeyId: this.primaryVault.keyId,
            drKeyId: this.drVault.keyId,
            replicationId: this.replication.id,
            dataStores: this.dataStores,
        });
    }
}
