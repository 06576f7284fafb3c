/** OCI Object Storage: replication policies. */
import { TYPE_TOKENS } from "../catalogue";
import { get } from "../unknown";
import { Extractor, Flow, regionDestination, set, sourcesFrom } from "./flow";

export const ociObjectStorageExtractors: Record<string, Extractor> = {
    [TYPE_TOKENS.ociReplicationPolicy]: (r, index) => {
        const sources = sourcesFrom(index.resolveSources(r, "bucket", get(r.props, "bucket"), set(TYPE_TOKENS.ociBucket)), "source bucket");
        const region = regionDestination("oci", get(r.props, "destinationRegionName"), "destinationRegionName");
        const flows: Flow[] = [{ kind: "replication", carrier: r, property: "destinationRegionName", sources, destination: region }];
        const bucketRef = index.resolve(r, "destinationBucketName", get(r.props, "destinationBucketName"), set(TYPE_TOKENS.ociBucket));
        if (bucketRef.kind === "resources")
            flows.push({
                kind: "replication",
                carrier: r,
                property: "destinationBucketName",
                sources,
                destination: { kind: "resources", resources: bucketRef.resources },
            });
        return flows;
    },
};
