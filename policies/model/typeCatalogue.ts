import { DATA_STORE_TYPES, KEY_TYPES } from "./catalogue";

/**
 * What a resource type is, for residency. Every resource type of the pinned SDKs has exactly one:
 * - `store`: holds data (a bucket, a database, a queue, a log group, a snapshot);
 * - `copy`: moves or copies data between stores or regions (replication, snapshot copy, DMS task, Firehose);
 * - `key`: holds an encryption key;
 * - `access`: grants or denies access (IAM and the like);
 * - `reference`: names or ARNs only, never user data (alarms, DNS records, dashboards);
 * - `compute`: runs code that can read data (functions, instances, clusters);
 * - `neutral`: none of these (networking, settings, tags).
 *
 * A type with no entry is unclassified, and the pack treats it as a store that may hold data and a copy
 * that may move it (fail closed).
 */
export type TypeCategory = "store" | "copy" | "key" | "access" | "reference" | "compute" | "neutral";

export interface TypeEntry {
    category: TypeCategory;
    /** Why, where the call is not obvious from the type's name. */
    reason?: string;
}

// Placeholder until the generated, reviewed catalogue lands: the hand-kept lists only.
export function typeEntryOf(type: string): TypeEntry | undefined {
    if (DATA_STORE_TYPES.has(type)) return { category: "store" };
    if (KEY_TYPES.has(type)) return { category: "key" };
    return undefined;
}

export function categoryOf(type: string): TypeCategory | undefined {
    return typeEntryOf(type)?.category;
}
