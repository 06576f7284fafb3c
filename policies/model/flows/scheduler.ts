/**
 * EventBridge Scheduler: a schedule invokes its target with its input. A backup job (infra/components/backupJob.ts)
 * is a schedule whose input is the job's spec: its flow goes from the source bucket to the destination bucket,
 * carried by the schedule (the job). Any other schedule moves its input to what its target names; a universal
 * target (`arn:aws:scheduler:::aws-sdk:<service>:<action>`) is an API call the schedule makes in its own region,
 * whose destination is named in its input (judged with every other place a resource names).
 */
import { TYPE_TOKENS } from "../catalogue";
import type { ModelResource, ResourceIndex } from "../graph";
import { getPath, isString, UNKNOWN } from "../unknown";
import { type Extractor, type Flow, type FlowDestination, referenceDestination, self, set, sourcesFrom } from "./flow";

export const SCHEDULE_TYPE = "aws:scheduler/schedule:Schedule";
/** A universal target: the AWS API call the schedule itself makes, from its own region. */
const UNIVERSAL_TARGET = /^arn:aws[a-z-]*:scheduler:::aws-sdk:[a-z0-9-]+:[A-Za-z0-9]+$/;
const BUCKETS = set(TYPE_TOKENS.s3Bucket, TYPE_TOKENS.s3BucketV2, TYPE_TOKENS.ociBucket);

/** The job spec in a known input: `{ job, source: { bucket }, destination: { bucket } }`, else undefined. */
function jobSpecOf(input: unknown): { job: string; source: unknown; destination: unknown } | undefined {
    if (!isString(input)) return undefined;
    try {
        const spec = JSON.parse(input) as Record<string, unknown>;
        if (typeof spec?.job === "string" && typeof spec.source === "object" && typeof spec.destination === "object") return spec as never;
    } catch {
        // not JSON: not a job
    }
    return undefined;
}

function destinationOf(r: ModelResource, index: ResourceIndex, path: string, value: unknown): FlowDestination {
    return referenceDestination(index.resolve(r, path, value, BUCKETS), path) ?? { kind: "unknown", reason: `'${path}' is not set` };
}

const schedule: Extractor = (r, index) => {
    const input = getPath(r.props, "target", "input");
    const spec = jobSpecOf(input);
    if (spec) {
        const sourcePath = "target.input.source.bucket";
        const destinationPath = "target.input.destination.bucket";
        const sources = sourcesFrom(index.resolveSources(r, sourcePath, getPath(spec, "source", "bucket"), BUCKETS), `the source bucket of job '${spec.job}'`);
        return [
            {
                kind: "backup",
                carrier: r,
                property: destinationPath,
                sources,
                destination: destinationOf(r, index, destinationPath, getPath(spec, "destination", "bucket")),
            },
        ];
    }
    if (input === UNKNOWN) {
        // A spec not known at preview names what 'target' depends on: every bucket there is a possible source, and
        // each one, and anything else there that can hold or move data, a possible destination.
        const ref = index.resolve(r, "target.input", UNKNOWN, BUCKETS);
        const flow: Flow = {
            kind: "backup",
            carrier: r,
            property: "target.input",
            sources: sourcesFrom(ref.kind === "resources" ? { ...ref, resources: ref.resources.filter((x) => BUCKETS.has(x.type)) } : ref, "the job's source"),
            destination: referenceDestination(ref, "target.input") ?? { kind: "unknown", reason: "'target.input' is not set" },
        };
        if (flow.sources.kind === "resources" && flow.sources.resources.length === 0)
            flow.sources = { kind: "unknown", reason: "'target.input' is not known at preview and depends on no bucket of this stack" };
        return [flow];
    }
    // Not a job: the schedule hands its input to its target.
    const target = getPath(r.props, "target", "arn");
    if (isString(target) && UNIVERSAL_TARGET.test(target))
        return [{ kind: "scheduled", carrier: r, property: "target.arn", sources: self(r), destination: { kind: "resources", resources: [r] } }];
    return [{ kind: "scheduled", carrier: r, property: "target.arn", sources: self(r), destination: destinationOf(r, index, "target.arn", target) }];
};

export const schedulerExtractors: Record<string, Extractor> = { [SCHEDULE_TYPE]: schedule };
