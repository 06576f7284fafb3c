/** EBS: snapshots of a volume and snapshot copies. */
import { TYPE_TOKENS } from "../catalogue";
import { get } from "../unknown";
import { Extractor, into, set, sourcesFrom } from "./flow";

export const ebsExtractors: Record<string, Extractor> = {
    [TYPE_TOKENS.ebsSnapshot]: (r, index) => [
        {
            kind: "snapshot-copy",
            carrier: r,
            property: "volumeId",
            sources: sourcesFrom(index.resolveSources(r, "volumeId", get(r.props, "volumeId"), set(TYPE_TOKENS.ebsVolume)), "source volume"),
            destination: into(r),
        },
    ],
    [TYPE_TOKENS.ebsSnapshotCopy]: (r, index) => [
        {
            kind: "snapshot-copy",
            carrier: r,
            property: "sourceSnapshotId",
            sources: sourcesFrom(
                index.resolveSources(r, "sourceSnapshotId", get(r.props, "sourceSnapshotId"), set(TYPE_TOKENS.ebsSnapshot, TYPE_TOKENS.ebsSnapshotCopy)),
                "source snapshot",
            ),
            destination: into(r),
        },
    ],
};
