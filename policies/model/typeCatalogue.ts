import { UNREVIEWED, type CatalogueTable } from "./catalogue/entry";
import { AWS_TYPES } from "./catalogue/aws";
import { OCI_TYPES } from "./catalogue/oci";
import { RANDOM_TYPES } from "./catalogue/random";

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
 * that may move it (fail closed). The tables are generated from the SDKs and reviewed by hand
 * (README: "Classifying a resource type").
 */
export type TypeCategory = "store" | "copy" | "key" | "access" | "reference" | "compute" | "neutral";

export interface TypeEntry {
    category: TypeCategory;
    /** Why, where the call is not obvious from the type's name. */
    reason?: string;
}

function entriesOf(...tables: CatalogueTable[]): ReadonlyMap<string, TypeEntry> {
    const entries = new Map<string, TypeEntry>();
    for (const table of tables) {
        for (const token in table) {
            const [category, reason] = table[token];
            // A seed nobody has reviewed classifies nothing: the type stays unclassified (fail closed).
            if (reason?.startsWith(UNREVIEWED)) continue;
            entries.set(token, reason === undefined ? { category } : { category, reason });
        }
    }
    return entries;
}

const ENTRIES = entriesOf(AWS_TYPES, OCI_TYPES, RANDOM_TYPES, {
    "pulumi:pulumi:Stack": ["neutral", "the stack itself holds nothing; its outputs are checked as exports"],
});

// Provider resources hold no data; where they point is the location module's job.
const PROVIDER: TypeEntry = { category: "neutral", reason: "a provider; its region is resolved by the location module" };
const PROVIDER_PREFIX = "pulumi:providers:";

export function typeEntryOf(type: string): TypeEntry | undefined {
    return ENTRIES.get(type) ?? (type.startsWith(PROVIDER_PREFIX) ? PROVIDER : undefined);
}

export function categoryOf(type: string): TypeCategory | undefined {
    return typeEntryOf(type)?.category;
}
