/** The label that every data store carries: AWS `tags`, OCI `freeformTags` or OCI `definedTags["<namespace>.data-class"]`. */
export const DATA_CLASS_LABEL = "data-class";

export const DATA_CLASSES = ["us-user-data", "non-us-user-data", "no-user-data"] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

export function isDataClass(value: unknown): value is DataClass {
    return typeof value === "string" && (DATA_CLASSES as readonly string[]).includes(value);
}

/** Strictness order: a copy carries the strictest class of its sources. */
const STRICTNESS: Record<DataClass, number> = { "no-user-data": 0, "non-us-user-data": 1, "us-user-data": 2 };

export function strictest(a: DataClass, b: DataClass): DataClass {
    return STRICTNESS[a] >= STRICTNESS[b] ? a : b;
}
