import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { dataClassLabels } from "../labels";
import { requireProvider } from "./requireProvider";

/** Arguments of {@link OciRegionalVault}. */
export interface OciRegionalVaultArgs {
    /** OCID of the compartment that holds the vault and its key. */
    compartmentId: pulumi.Input<string>;
    /** OCI region the vault lives in; must match the provider passed in the options. Used in names. */
    region: string;
    /** Prefix of the vault and key display names, e.g. `us-user-data-prod`. */
    displayNamePrefix: string;
    /**
     * Vault type: `DEFAULT` (shared HSM partition) or `VIRTUAL_PRIVATE` (dedicated partition).
     * Default: `DEFAULT`.
     */
    vaultType?: "DEFAULT" | "VIRTUAL_PRIVATE";
    /** Extra freeform tags for the vault and key. The data-class label is always `no-user-data`. */
    freeformTags?: Record<string, string>;
}

/**
 * An OCI KMS vault with one HSM-protected AES-256 master encryption key, in one region. Pass the
 * regional OCI provider in the resource options.
 */
export class OciRegionalVault extends pulumi.ComponentResource {
    static readonly TYPE = "residency:oci:RegionalVault";

    /** The vault. */
    readonly vault: oci.kms.Vault;
    /** The HSM-protected AES-256 master encryption key. */
    readonly key: oci.kms.Key;
    /** OCID of the key, for `kmsKeyId` of buckets. */
    readonly keyId: pulumi.Output<string>;
    /** Region of the vault. */
    readonly region: string;

    constructor(name: string, args: OciRegionalVaultArgs, opts?: pulumi.ComponentResourceOptions) {
        super(OciRegionalVault.TYPE, name, {}, opts);
        requireProvider(this, "oci", OciRegionalVault.TYPE);
        this.region = args.region;

        // Vaults and keys hold no user data; they are labelled so for completeness.
        const freeformTags = dataClassLabels("no-user-data", args.freeformTags);

        this.vault = new oci.kms.Vault(
            `${name}-vault`,
            {
                compartmentId: args.compartmentId,
                displayName: `${args.displayNamePrefix}-vault-${args.region}`,
                vaultType: args.vaultType ?? "DEFAULT",
                freeformTags,
            },
            { parent: this },
        );

        this.key = new oci.kms.Key(
            `${name}-key`,
            {
                compartmentId: args.compartmentId,
                displayName: `${args.displayNamePrefix}-key-${args.region}`,
                managementEndpoint: this.vault.managementEndpoint,
                protectionMode: "HSM",
                keyShape: { algorithm: "AES", length: 32 },
                freeformTags,
            },
            { parent: this },
        );
        this.keyId = this.key.id;

        this.registerOutputs({ vaultId: this.vault.id, keyId: this.keyId, region: this.region });
    }
}
