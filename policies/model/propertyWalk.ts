import { isUnknownSentinel } from "./unknown";

/** Label maps: metadata about a resource, never a reference or a destination. */
const LABEL_PROPS = new Set(["tags", "tagsAll", "freeformTags", "definedTags", "labels", "systemTags"]);

const PROXY_TARGET = "__getSpecialProxyTarget";

/** The plain object behind CrossGuard's unknown-checking proxy (nested values inside it are plain). */
export function plainOf(value: unknown): unknown {
    if (value === null || typeof value !== "object") return value;
    try {
        const target = (value as Record<string, unknown>)[PROXY_TARGET];
        return target !== null && typeof target === "object" ? target : value;
    } catch {
        return value;
    }
}

export type StringVisitor = (value: string, path: string, key: string) => void;

const MAX_DEPTH = 32;

function walk(value: unknown, path: string, key: string, depth: number, visit: StringVisitor): void {
    if (depth > MAX_DEPTH || value === null || value === undefined) return;
    if (typeof value === "string") {
        if (!isUnknownSentinel(value)) visit(value, path, key);
        return;
    }
    if (typeof value !== "object") return;
    if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) walk(value[i], `${path}[${i}]`, key, depth + 1, visit);
        return;
    }
    for (const k of Object.keys(value)) {
        if (depth === 0 && LABEL_PROPS.has(k)) continue;
        walk((value as Record<string, unknown>)[k], path ? `${path}.${k}` : k, k, depth + 1, visit);
    }
}

/**
 * Every known string in a resource's inputs, at any depth, with its property path (`a.b[0].c`) and the
 * name of the property that holds it. Label maps (tags) are skipped: they describe, they do not point.
 */
export function walkStrings(props: unknown, visit: StringVisitor): void {
    walk(plainOf(props), "", "", 0, visit);
}
