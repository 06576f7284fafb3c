/** EFS: replication of a file system. */
import { TYPE_TOKENS } from "../catalogue";
import { get, UNKNOWN } from "../unknown";
import { Extractor, FlowDestination, regionDestination, set, sourcesFrom } from "./flow";

export const efsExtractors: Record<string, Extractor> = {
    [TYPE_TOKENS.efsReplication]: (r, index) => {
        const sources = sourcesFrom(
            index.resolveSources(r, "sourceFileSystemId", get(r.props, "sourceFileSystemId"), set(TYPE_TOKENS.efsFileSystem)),
            "source file system",
        );
        const dest = get(r.props, "destination");
        const fsRef = index.resolve(r, "destination.fileSystemId", get(dest, "fileSystemId"), set(TYPE_TOKENS.efsFileSystem));
        let destination: FlowDestination;
        if (fsRef.kind === "resources") destination = { kind: "resources", resources: fsRef.resources };
        else if (get(dest, "region") !== undefined) destination = regionDestination("aws", get(dest, "region"), "destination.region");
        else if (dest === UNKNOWN) destination = { kind: "unknown", reason: "'destination' is not known at preview" };
        else destination = { kind: "unknown", reason: "'destination.region' is not set and 'destination.fileSystemId' is not a file system in this stack" };
        return [{ kind: "replication", carrier: r, property: "destination", sources, destination }];
    },
};
