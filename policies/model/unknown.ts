/**
 * Reading resource properties that may not be known at preview.
 *
 * CrossGuard hands policies proxies that throw `UnknownValueError` when an unknown value is read, and
 * turns an escaped throw into an *advisory* "can't run policy during preview". Residency policies must
 * fail closed instead, so every read goes through `get`, which turns the throw into the `UNKNOWN` marker.
 */
export const UNKNOWN: unique symbol = Symbol("unknown at preview");
export type Unknown = typeof UNKNOWN;

/** The sentinel the engine puts in place of a value that is unknown, seen when props are not proxied. */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknownValueError(e: unknown): boolean {
    // Matched by shape: the pack and the offline preview may hold different copies of @pulumi/policy.
    return e instanceof Error && (e.name === "UnknownValueError" || e.constructor?.name === "UnknownValueError");
}

export function get(obj: unknown, key: string | number): unknown {
    if (obj === null || typeof obj !== "object") return undefined;
    let value: unknown;
    try {
        value = (obj as Record<string | number, unknown>)[key];
    } catch (e) {
        if (isUnknownValueError(e)) return UNKNOWN;
        throw e;
    }
    return value === UNKNOWN_SENTINEL ? UNKNOWN : value;
}

export function getPath(obj: unknown, ...keys: (string | number)[]): unknown {
    let cur: unknown = obj;
    for (const k of keys) {
        if (cur === UNKNOWN) return UNKNOWN;
        cur = get(cur, k);
    }
    return cur;
}

/** The elements of a list property; UNKNOWN if the list itself is unknown; [] when absent or not a list. */
export function list(obj: unknown, key: string): unknown[] | Unknown {
    const v = get(obj, key);
    if (v === UNKNOWN) return UNKNOWN;
    if (!Array.isArray(v)) return [];
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) out.push(get(v, i));
    return out;
}

/** Own keys of an object property value, or [] for anything that is not a plain object. */
export function keysOf(obj: unknown): string[] {
    if (obj === null || typeof obj !== "object" || Array.isArray(obj)) return [];
    try {
        return Object.keys(obj);
    } catch {
        return [];
    }
}

export function isString(v: unknown): v is string {
    return typeof v === "string";
}
