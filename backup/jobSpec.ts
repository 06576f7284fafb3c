/**
 * What a backup job is: its data class, where it reads, where it writes and where it keeps its state. The Lambda
 * gets it as the scheduler's input (the same document the pack reads as the job's flow); the restore reads the
 * same shape. Locations are judged by the pack's own model: a destination is allowed only where the pack's
 * default settings approve the job's class (policies/model/settings.ts).
 */
import { z } from "zod";
import { makeLocation } from "../policies/model/location";
import type { Cloud } from "../policies/model/regions";
import { approvalFor, approvedList, DEFAULT_SETTINGS, today } from "../policies/model/settings";

export const BACKUP_CLASSES = ["us-user-data", "non-us-user-data"] as const;
export type BackupClass = (typeof BACKUP_CLASSES)[number];

const bucketName = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,254}$/, "not a bucket name");
const regionName = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "not a region name");
const keyPrefix = z
    .string()
    .max(512)
    .refine((p) => !p.startsWith("/") && !p.includes(".."), "a key prefix may not start with '/' or hold '..'");

export const jobSpecSchema = z.strictObject({
    /** Name of the job, in logs, metrics, alarms and dead letters. */
    job: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
    dataClass: z.enum(BACKUP_CLASSES),
    /** Object Storage bucket read through the S3 Compatibility API (OCI) or S3. */
    source: z.strictObject({ cloud: z.enum(["oci", "aws"]), region: regionName, namespace: z.string().optional(), bucket: bucketName, prefix: keyPrefix }),
    /** The backup bucket; every write is SSE-KMS under `kmsKeyArn`. */
    destination: z.strictObject({ cloud: z.literal("aws"), region: regionName, bucket: bucketName, kmsKeyArn: z.string().startsWith("arn:aws") }),
    /** Where the job keeps its manifest, its in-flight upload and its dead letters: beside the source, read and written with its credentials. */
    state: z.strictObject({ bucket: bucketName, prefix: keyPrefix }),
    /** The recovery point objective the alarms hold the job to. */
    rpoMinutes: z.int().min(5).max(1440),
});
export type JobSpec = z.infer<typeof jobSpecSchema>;

export class RegionRefused extends Error {
    override readonly name = "RegionRefused";
}

/** Throws unless `cloud:region` is approved for `dataClass` by the pack's default settings. */
export function assertApproved(dataClass: BackupClass, cloud: Cloud, region: string, what: string): void {
    const day = today();
    if (!approvalFor(DEFAULT_SETTINGS, dataClass, makeLocation(cloud, region), day)) {
        throw new RegionRefused(
            `${what} is in ${cloud}:${region}, not approved for ${dataClass} (approved: ${approvedList(DEFAULT_SETTINGS, dataClass, day)})`,
        );
    }
}

/** The OCI S3 Compatibility API endpoint of a bucket's namespace and region. */
export function ociCompatEndpoint(namespace: string, region: string): string {
    return `https://${namespace}.compat.objectstorage.${region}.oraclecloud.com`;
}
