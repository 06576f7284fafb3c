/**
 * A constant table looked up with keys read from input files: it has a null prototype, so a key such as
 * `constructor` or `__proto__` finds nothing instead of Object's own members.
 */
export function lookupTable<T>(entries: Record<string, T>): Readonly<Partial<Record<string, T>>> {
    return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
