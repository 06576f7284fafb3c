/**
 * The metrics a backup run publishes (CloudWatch embedded metric format, through its log) and the alarms of the
 * job component read. One list for both.
 */
import type { RunReport } from "./copier";

export const METRIC_NAMESPACE = "UsDataResidency/Backups";
export const METRIC_DIMENSION = "Job";

export const METRICS = {
    /** Seconds since the start of the last run that left nothing behind: the age of the newest complete backup. */
    backupAge: "BackupAgeSeconds",
    /** Object versions given up on in this run (each also a dead letter in the job's state). */
    deadLettered: "DeadLettered",
    objectsCopied: "ObjectsCopied",
    objectsFailed: "ObjectsFailed",
    bytesCopied: "BytesCopied",
} as const;

/** One EMF log line for a run's report. */
export function emfLine(report: RunReport, at: Date): string {
    const values: Record<string, number> = {
        [METRICS.objectsCopied]: report.copied.length,
        [METRICS.bytesCopied]: report.bytesCopied,
        [METRICS.objectsFailed]: report.failed.length,
        [METRICS.deadLettered]: report.deadLettered.length,
    };
    if (report.backupAgeSeconds !== undefined) values[METRICS.backupAge] = report.backupAgeSeconds;
    const unit = (name: string) => (name === METRICS.backupAge ? "Seconds" : name === METRICS.bytesCopied ? "Bytes" : "Count");
    return JSON.stringify({
        _aws: {
            Timestamp: at.getTime(),
            CloudWatchMetrics: [
                { Namespace: METRIC_NAMESPACE, Dimensions: [[METRIC_DIMENSION]], Metrics: Object.keys(values).map((Name) => ({ Name, Unit: unit(Name) })) },
            ],
        },
        [METRIC_DIMENSION]: report.job,
        ...values,
        complete: report.complete,
        resumed: report.resumed,
        failed: report.failed,
        deadLettered: report.deadLettered,
    });
}
