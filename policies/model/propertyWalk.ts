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

/**
 * Visits one string: its value, the name of the property that holds it, and its property path (`a.b[0].c`),
 * which is built only when asked for (most strings are looked at and passed over).
 */
export type StringVisitor = (value: string, key: string, path: () => string) => void;

const MAX_DEPTH = 32;

/** The property path being walked, as segments: a key, or the index of a list element. */
class PathSoFar {
    readonly segments: (string | number)[] = [];
    readonly render = (): string => {
        let out = "";
        for (const s of this.segments) out = typeof s === "number" ? `${out}[${s}]` : out ? `${out}.${s}` : s;
        return out;
    };
}

function walk(value: unknown, at: PathSoFar, key: string, depth: number, visit: StringVisitor): void {
    if (depth > MAX_DEPTH || value === null || value === undefined) return;
    if (typeof value === "string") {
        if (!isUnknownSentinel(value)) visit(value, key, at.render);
        return;
    }
    if (typeof value !== "object") return;
    if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
            at.segments.push(i);
            walk(value[i], at, key, depth + 1, visit);
            at.segments.pop();
        }
        return;
    }
    for (const k of Object.keys(value)) {
        if (depth === 0 && LABEL_PROPS.has(k)) continue;
        at.segments.push(k);
        walk((value as Record<string, unknown>)[k], at, k, depth + 1, visit);
        at.segments.pop();
    }
}

/**
 * Every known string in a resource's inputs, at any depth, with the name of the property that holds it and
 * its property path. Label maps (tags) are skipped: they describe, they do not point.
 */
export function walkStrings(props: unknown, visit: StringVisitor): void {
    walk(plainOf(props), new PathSoFar(), "", 0, visit);
}
