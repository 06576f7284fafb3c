/** OCI Vault: vault replicas (judged by keys-in-approved-locations). */
import { TYPE_TOKENS } from "../catalogue";
import { get } from "../unknown";
import { Extractor, regionDestination, set, sourcesFrom } from "./flow";

export const ociKmsExtractors: Record<string, Extractor> = {
    [TYPE_TOKENS.ociVaultVerification]: (r, index) => [
        {
            kind: "key-replica",
            carrier: r,
            property: "replicaRegion",
            sources: sourcesFrom(index.resolveSources(r, "vaultId", get(r.props, "vaultId"), set(TYPE_TOKENS.ociVault)), "vault"),
            destination: regionDestination("oci", get(r.props, "replicaRegion"), "replicaRegion"),
        },
    ],
};
