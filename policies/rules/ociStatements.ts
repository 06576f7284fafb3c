/** An OCI IAM policy statement: `Allow <subject> to <verb> <resource-type> in <location> [where <conditions>]`. */
export interface OciStatement {
    subjectKind: "group" | "dynamic-group" | "any-user" | "any-group" | "service";
    subjects: string[];
    verb: string;
    resourceType: string;
    location: string;
    conditions?: string;
}

const STATEMENT = /^\s*allow\s+(group|dynamic-group|any-user|any-group|service)\b\s*(.*?)\s+to\s+(\S+)\s+(\S+)\s+in\s+(tenancy|compartment\s+(?:id\s+)?\S+)(?:\s+where\s+(.+?))?\s*$/i;

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
    return {
        subjectKind,
        subjects: subjectKind === "any-user" || subjectKind === "any-group" ? [] : subjectNames(m[2]),
        verb: m[3].toLowerCase(),
        resourceType: m[4].toLowerCase(),
        location: m[5],
        conditions: m[6],
    };
}

/** OCI resource types and families through which user data can be read or changed. */
export const OCI_DATA_RESOURCE_TYPES = new Set([
    "all-resources", "object-family", "objects", "buckets", "database-family", "autonomous-database-family",
    "autonomous-databases", "databases", "mysql-family", "nosql-family", "nosql-tables", "nosql-rows", "volume-family",
    "volumes", "volume-backups", "boot-volume-backups", "file-family", "file-systems", "stream-family", "streams",
    "stream-pull", "key-family", "keys", "vaults",
]);
