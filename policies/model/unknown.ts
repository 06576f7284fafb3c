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

/** Every unknown sentinel the SDKs define (string, boolean, number, array, asset, archive, object). */
const UNKNOWN_SENTINELS = new Set([
    UNKNOWN_SENTINEL,
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

export function isUnknownSentinel(value: string): boolean {
    return UNKNOWN_SENTINELS.has(value);
}

export function isUnknownValueError(e: unknown): boolean {
    // Matched by shape: the pack and the offline preview may hold different copies of @pulumi/policy.
    return e instanceof Error && (e.name === "UnknownValueError" || e.constructor?.name === "UnknownValueError");
}

/** The key under which CrossGuard's unknown-checking proxy hands out the object it wraps. */
export const PROXY_TARGET = "__getSpecialProxyTarget";

export function get(obj: unknown, key: string | number): unknown {
    if (obj === null || typeof obj !== "object") return undefined;
    // Reading the proxy's target sees the unknown sentinel instead of a thrown UnknownValueError, which costs ~30x more.
    const target = (obj as Record<string, unknown>)[PROXY_TARGET];
    const source = (target !== null && typeof target === "object" ? target : obj) as Record<string | number, unknown>;
    let value: unknown;
    try {
        value = source[key];
    } catch (e) {
        if (isUnknownValueError(e)) return UNKNOWN;
        throw e;
    }
    return typeof value === "string" && UNKNOWN_SENTINELS.has(value) ? UNKNOWN : value;
}

export function getPath(obj: unknown, ...keys: (string | number)[]): unknown {
    let cur: unknown = obj;
    for (const k of keys) {
        if (cur === UNKNOWN) return UNKNOWN;
        cur = get(cur, k);
    }
    return cur;
}

/**
 * The elements of a list property; UNKNOWN if the list itself is unknown; [] when absent. One value where the list
 * stands is read as a list of it, so that a block given alone (`rules: { destination: ... }`, which no provider
 * schema allows but the offline preview does not reject) is read, not skipped.
 */
export function list(obj: unknown, key: string): unknown[] | Unknown {
    const v = get(obj, key);
    if (v === UNKNOWN) return UNKNOWN;
    if (!Array.isArray(v)) return v === undefined || v === null ? [] : [v];
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

/**
 * A value read as a list, as policy documents allow one value where a list may stand: each element (through `get`,
 * so an unknown one is UNKNOWN), the value alone (UNKNOWN included), or [] when absent.
 */
export function elementsOf(v: unknown): unknown[] {
    if (Array.isArray(v)) return v.map((_, i) => get(v, i));
    return v === undefined || v === null ? [] : [v];
}

export function isString(v: unknown): v is string {
    return typeof v === "string";
}
