/** DynamoDB: replicas of a table and table replicas of a global table. */
import { TYPE_TOKENS } from "../catalogue";
import { get } from "../unknown";
import { Extractor, into, regionListFlows, set, sourcesFrom } from "./flow";

export const dynamodbExtractors: Record<string, Extractor> = {
    [TYPE_TOKENS.dynamoTable]: (r) => regionListFlows(r, "aws", "replica", ["replicas"], "regionName"),
    [TYPE_TOKENS.dynamoTableReplica]: (r, index) => [
        {
            kind: "replica",
            carrier: r,
            property: "globalTableArn",
            sources: sourcesFrom(index.resolveSources(r, "globalTableArn", get(r.props, "globalTableArn"), set(TYPE_TOKENS.dynamoTable)), "global table"),
            destination: into(r),
        },
    ],
};
