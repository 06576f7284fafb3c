/** OCI File Storage: replication of a file system. */
import { TYPE_TOKENS } from "../catalogue";
import { get } from "../unknown";
import { Extractor, referenceDestination, set, sourcesFrom } from "./flow";

export const ociFileStorageExtractors: Record<string, Extractor> = {
    [TYPE_TOKENS.ociFsReplication]: (r, index) => {
        const sources = sourcesFrom(index.resolveSources(r, "sourceId", get(r.props, "sourceId"), set(TYPE_TOKENS.ociFileSystem)), "source file system");
        const target = referenceDestination(index.resolve(r, "targetId", get(r.props, "targetId"), set(TYPE_TOKENS.ociFileSystem)), "targetId") ?? {
            kind: "unknown" as const,
            reason: "'targetId' is not set",
        };
        return [{ kind: "replication", carrier: r, property: "targetId", sources, destination: target }];
    },
};
