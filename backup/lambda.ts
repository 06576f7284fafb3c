/**
 * The backup job's Lambda handler. EventBridge Scheduler invokes it with the job's spec as input (the document the
 * pack reads as the job's flow); the function's environment names its credentials. A run that cannot start
 * (a refused destination, no credentials, unreadable state) throws: Lambda retries it and then sends it to the
 * job's dead-letter queue. Object failures do not throw: later runs retry them, and dead-letter them in the end.
 */
import { STSClient } from "@aws-sdk/client-sts";
import { runBackup } from "./copier";
import { ociSession, ociSourceKey, writerCredentials } from "./credentials";
import { ENV } from "./env";
import { jobSpecSchema, ociCompatEndpoint } from "./jobSpec";
import { emfLine } from "./metrics";
import { s3Client } from "./s3";

/** Time kept back from the Lambda timeout to write the manifest and the metrics. */
const RESERVE_MS = 60_000;

function env(name: string): string {
    const value = process.env[name];
    if (!value) throw new Error(`the function's environment lacks ${name}`);
    return value;
}

export async function handler(event: unknown, context: { getRemainingTimeInMillis(): number }) {
    const spec = jobSpecSchema.parse(event);
    const sts = new STSClient({ region: spec.destination.region });
    const federation = { domainUrl: env(ENV.domainUrl), clientId: env(ENV.clientId), secretOcid: env(ENV.sourceKeySecret), region: spec.source.region };
    const sourceKey = spec.source.cloud === "oci" ? await ociSourceKey(await ociSession(sts, federation), federation) : undefined;
    const source = s3Client({
        region: spec.source.region,
        endpoint: spec.source.cloud === "oci" ? ociCompatEndpoint(spec.source.namespace ?? "", spec.source.region) : undefined,
        credentials: sourceKey,
    });
    const destination = s3Client({ region: spec.destination.region, credentials: writerCredentials(sts, env(ENV.writerRoleArn), spec.job) });
    const report = await runBackup({
        job: spec.job,
        dataClass: spec.dataClass,
        source: { client: source, bucket: spec.source.bucket, prefix: spec.source.prefix },
        destination: { client: destination, bucket: spec.destination.bucket, region: spec.destination.region, kmsKeyArn: spec.destination.kmsKeyArn },
        state: { client: source, bucket: spec.state.bucket, prefix: spec.state.prefix },
        deadline: Date.now() + context.getRemainingTimeInMillis() - RESERVE_MS,
        log: (e) => console.log(JSON.stringify(e)),
    });
    console.log(emfLine(report, new Date()));
    return { job: report.job, complete: report.complete, copied: report.copied.length, failed: report.failed.length, deadLettered: report.deadLettered.length };
}
