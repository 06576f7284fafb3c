/** An OCI IAM policy statement: `Allow <subject> to <verb> <resource-type> in <location> [where <conditions>]`. */
export interface OciStatement {
    subjectKind: "group" | "dynamic-group" | "any-user" | "any-group" | "service";
    subjects: string[];
    verb: string;
    resourceType: string;
    location: string;
    conditions?: string;
}

const STATEMENT =
    /^\s*allow\s+(group|dynamic-group|any-user|any-group|service)\b\s*(.*?)\s+to\s+(\{[^}]*\}|\S+\s+\S+)\s+in\s+(tenancy|compartment\s+(?:id\s+)?\S+)(?:\s+where\s+(.+?))?\s*$/i;

/** Group names of a subject list: `A, B`, `'Domain'/'Group'`, `id ocid1...`. */
function subjectNames(text: string): string[] {
    return text
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.length > 0)
        .map((s) => {
            const unquoted = s.replace(/^id\s+/i, "").replace(/'/g, "");
            const slash = unquoted.lastIndexOf("/");
            return slash >= 0 ? unquoted.slice(slash + 1) : unquoted;
        });
}

export function parseOciStatement(text: string): OciStatement | undefined {
    const m = STATEMENT.exec(text);
    if (!m) return undefined;
    const subjectKind = m[1].toLowerCase() as OciStatement["subjectKind"];
    const grant = m[3].trim();
    // A permission list ({OBJECT_READ, ...}) can reach any resource type: held to the rules for all-resources.
    const [verb, resourceType] = grant.startsWith("{") ? ["permissions", "all-resources"] : grant.split(/\s+/).map((x) => x.toLowerCase());
    return {
        subjectKind,
        subjects: subjectKind === "any-user" || subjectKind === "any-group" ? [] : subjectNames(m[2]),
        verb,
        resourceType,
        location: m[4],
        conditions: m[5],
    };
}

/** OCI resource types and families through which user data can be read or changed. */
export const OCI_DATA_RESOURCE_TYPES = new Set([
    "all-resources",
    "object-family",
    "objects",
    "buckets",
    "database-family",
    "autonomous-database-family",
    "autonomous-databases",
    "databases",
    "mysql-family",
    "nosql-family",
    "nosql-tables",
    "nosql-rows",
    "volume-family",
    "volumes",
    "volume-backups",
    "boot-volume-backups",
    "file-family",
    "file-systems",
    "stream-family",
    "streams",
    "stream-pull",
    "key-family",
    "keys",
    "vaults",
]);
