/**
 * us-data-residency: US user data in OCI US regions (primary + in-US DR), backups in AWS Virginia
 * (US user data) and Singapore (non-US user data only).
 *
 * Flow: stack config -> providers (one per location) -> components -> stack outputs.
 */
import { loadStackConfig } from "./config";
import { createStack } from "./stack";

const outputs = createStack(loadStackConfig());

/**
 * Every data store: `{ location: "<cloud>:<region>", dataClass }`, keyed by store, e.g.
 * `ociUsUserDataPrimary: { location: "oci:us-ashburn-1", dataClass: "us-user-data" }`.
 */
export const dataStores = outputs.dataStores;
/** Bucket names (random suffix: unknown until the first update). */
export const bucketNames = outputs.bucketNames;
/** ARNs of the put-only backup writer roles. */
export const backupWriterRoleArns = outputs.backupWriterRoleArns;
/** Functions of the backup jobs (docs/BACKUPS.md). */
export const backupJobs = outputs.backupJobs;
/** Domain answered by the geolocation steering policy. */
export const steeredDomain = outputs.steeredDomain;
