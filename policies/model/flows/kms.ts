/** KMS: replicas of a key (judged by keys-in-approved-locations). */
import { TYPE_TOKENS } from "../catalogue";
import { get } from "../unknown";
import { Extractor, into, set, sourcesFrom } from "./flow";

const KEY_SOURCES = set(TYPE_TOKENS.kmsKey);

export const kmsExtractors: Record<string, Extractor> = {
    [TYPE_TOKENS.kmsReplicaKey]: (r, index) => [
        {
            kind: "key-replica",
            carrier: r,
            property: "primaryKeyArn",
            sources: sourcesFrom(index.resolveSources(r, "primaryKeyArn", get(r.props, "primaryKeyArn"), KEY_SOURCES), "primary key"),
            destination: into(r),
        },
    ],
};
