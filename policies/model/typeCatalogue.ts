import { UNREVIEWED, type CatalogueEntry, type CatalogueTable } from "./catalogue/entry";
import { AWS_TYPES } from "./catalogue/aws";
import { OCI_TYPES } from "./catalogue/oci";
import { RANDOM_TYPES } from "./catalogue/random";

/**
 * What a resource type is, for residency. Every resource type of the pinned SDKs has exactly one:
 * - `store`: holds data (a bucket, a database, a queue, a log group, a snapshot);
 * - `copy`: moves, serves, routes or logs data to what it names (replication, snapshot copy, Firehose, load
 *   balancers and listeners, API routes, DNS records, network routes and gateways, mount targets, access logging);
 * - `key`: holds an encryption key;
 * - `access`: grants or denies access (IAM and the like);
 * - `reference`: names, states and figures about resources, never their data (alarms, dashboards, budgets);
 * - `compute`: runs code that can read data (functions, instances, clusters);
 * - `neutral`: none of these (address spaces, subnets, settings, random values, providers and the stack).
 * The last three are not data-bearing, and only the types in `catalogue/inert.ts` are proven inert.
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

const STACK: CatalogueTable = {
    "pulumi:pulumi:Stack": ["neutral", "the root of the resource tree; holds nothing itself"],
};

// Built once at load: the tables' own tuples, no per-entry objects (this module loads on every pack start).
function callsOf(...tables: CatalogueTable[]): ReadonlyMap<string, CatalogueEntry> {
    const calls = new Map<string, CatalogueEntry>();
    for (const table of tables) {
        for (const token of Object.keys(table)) {
            const call = table[token];
            // A seed nobody has reviewed classifies nothing: the type stays unclassified (fail closed).
            if (call[1] === undefined || !call[1].startsWith(UNREVIEWED)) calls.set(token, call);
        }
    }
    return calls;
}

const CALLS = callsOf(AWS_TYPES, OCI_TYPES, RANDOM_TYPES, STACK);
const ENTRIES = new Map<string, TypeEntry>();

// Provider resources hold no data; where they point is the location module's job.
const PROVIDER: TypeEntry = Object.freeze({ category: "neutral", reason: "a provider; its region is resolved by the location module" });
const PROVIDER_PREFIX = "pulumi:providers:";

export function typeEntryOf(type: string): TypeEntry | undefined {
    const call = CALLS.get(type);
    if (call === undefined) return type.startsWith(PROVIDER_PREFIX) ? PROVIDER : undefined;
    let entry = ENTRIES.get(type);
    if (entry === undefined) {
        const [category, reason] = call;
        entry = Object.freeze(reason === undefined ? { category } : { category, reason });
        ENTRIES.set(type, entry);
    }
    return entry;
}

export function categoryOf(type: string): TypeCategory | undefined {
    const call = CALLS.get(type);
    if (call !== undefined) return call[0];
    return type.startsWith(PROVIDER_PREFIX) ? "neutral" : undefined;
}
