/** S3: replication rules, inline replication of a bucket, and logging (which moves no user data). */
import { TYPE_TOKENS } from "../catalogue";
import type { ModelResource, ResourceIndex } from "../graph";
import { get, getPath, list, UNKNOWN } from "../unknown";
import { Extractor, Flow, FlowSources, referenceDestination, self, set, sourcesFrom } from "./flow";

const S3_BUCKETS = set(TYPE_TOKENS.s3Bucket, TYPE_TOKENS.s3BucketV2);

function s3Rules(r: ModelResource, index: ResourceIndex, rules: unknown[] | typeof UNKNOWN, base: string, sources: FlowSources): Flow[] {
    if (rules === UNKNOWN)
        return [{ kind: "replication", carrier: r, property: base, sources, destination: { kind: "unknown", reason: `'${base}' is not known at preview` } }];
    return rules.map((rule, i) => {
        const path = `${base}[${i}].destination.bucket`;
        const value = getPath(rule, "destination", "bucket");
        const destination = referenceDestination(index.resolve(r, path, value, S3_BUCKETS), path) ?? {
            kind: "unknown" as const,
            reason: `'${path}' is not set`,
        };
        return { kind: "replication" as const, carrier: r, property: path, sources, destination };
    });
}

// Server access logs record requests (who, when, which key), never object contents: the log bucket is held
// to its own label, and the logging setting names no destination of user data.
const noDataFlows: Extractor = () => [];

/** One flow per destination bucket of each rule of an inline replication config: `destination.bucket` or `destinations[j].bucket`. */
function s3InlineRules(r: ModelResource, index: ResourceIndex, rules: unknown[] | typeof UNKNOWN, base: string): Flow[] {
    if (rules === UNKNOWN)
        return [
            {
                kind: "replication",
                carrier: r,
                property: base,
                sources: self(r),
                destination: { kind: "unknown", reason: `'${base}' is not known at preview` },
            },
        ];
    return rules.flatMap((rule, i) => {
        const listed = list(rule, "destinations");
        if (listed === UNKNOWN) {
            const path = `${base}[${i}].destinations`;
            return [
                {
                    kind: "replication" as const,
                    carrier: r,
                    property: path,
                    sources: self(r),
                    destination: { kind: "unknown" as const, reason: `'${path}' is not known at preview` },
                },
            ];
        }
        // Bucket gives the provider's one 'destination' block as an object, BucketV2 as a list: a rule with both copies to each.
        const single = get(rule, "destination");
        const targets = listed.map((d, j) => ({ d, path: `${base}[${i}].destinations[${j}].bucket` }));
        if (listed.length === 0 || (single !== undefined && single !== null)) targets.push({ d: single, path: `${base}[${i}].destination.bucket` });
        return targets.map(({ d, path }) => {
            const destination = referenceDestination(index.resolve(r, path, get(d, "bucket"), S3_BUCKETS), path) ?? {
                kind: "unknown" as const,
                reason: `'${path}' is not set`,
            };
            return { kind: "replication" as const, carrier: r, property: path, sources: self(r), destination };
        });
    });
}

/** Inline replication of a bucket: `replicationConfiguration` (Bucket) or `replicationConfigurations[]` (BucketV2). */
function s3InlineReplication(r: ModelResource, index: ResourceIndex): Flow[] {
    const flows: Flow[] = [];
    const single = get(r.props, "replicationConfiguration");
    if (single === UNKNOWN) {
        flows.push({
            kind: "replication",
            carrier: r,
            property: "replicationConfiguration",
            sources: self(r),
            destination: { kind: "unknown", reason: "'replicationConfiguration' is not known at preview" },
        });
    } else if (single !== undefined && single !== null) {
        flows.push(...s3InlineRules(r, index, list(single, "rules"), "replicationConfiguration.rules"));
    }
    const many = list(r.props, "replicationConfigurations");
    if (many === UNKNOWN) {
        flows.push({
            kind: "replication",
            carrier: r,
            property: "replicationConfigurations",
            sources: self(r),
            destination: { kind: "unknown", reason: "'replicationConfigurations' is not known at preview" },
        });
    } else {
        many.forEach((config, k) => flows.push(...s3InlineRules(r, index, list(config, "rules"), `replicationConfigurations[${k}].rules`)));
    }
    return flows;
}

export const s3Extractors: Record<string, Extractor> = {
    [TYPE_TOKENS.s3BucketLogging]: noDataFlows,
    [TYPE_TOKENS.s3BucketLoggingV2]: noDataFlows,
    [TYPE_TOKENS.s3Replication]: (r, index) => {
        const sources = sourcesFrom(index.resolveSources(r, "bucket", get(r.props, "bucket"), S3_BUCKETS), "source bucket");
        return s3Rules(r, index, list(r.props, "rules"), "rules", sources);
    },
    [TYPE_TOKENS.s3Bucket]: (r, index) => s3InlineReplication(r, index),
    [TYPE_TOKENS.s3BucketV2]: (r, index) => s3InlineReplication(r, index),
};
