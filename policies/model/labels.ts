import { DATA_CLASS_LABEL, DATA_CLASSES, DataClass, isDataClass, strictest } from "./dataClass";
import { cloudOfType, LocatableResource } from "./location";
import { DEFAULT_DATA_CLASS_KEY } from "./stackConfig";
import { get, isString, keysOf, UNKNOWN } from "./unknown";

export type ResolvedDataClass =
    { kind: "known"; value: DataClass; source: string } | { kind: "missing" } | { kind: "unknown"; reason: string } | { kind: "invalid"; reason: string };

interface LabelValue {
    value: unknown;
    source: string;
}

// Every resource of a provider brings the same `defaultTags` text: each text is parsed once (frozen, as it is shared).
const parsedTexts = new Map<string, unknown>();
const PARSED_TEXTS_KEPT = 64;

/** Freezes a parsed JSON value all the way down, without recursion (the text is untrusted and may nest deeply). */
function deepFreeze(root: unknown): unknown {
    const pending = [root];
    while (pending.length > 0) {
        const v = pending.pop();
        if (v === null || typeof v !== "object" || Object.isFrozen(v)) continue;
        Object.freeze(v);
        for (const x of Object.values(v)) pending.push(x);
    }
    return root;
}

/** Provider inputs arrive stringified from the engine: `defaultTags` may be a JSON string. */
function parseMaybeJson(v: unknown): unknown {
    if (typeof v !== "string") return v;
    if (parsedTexts.has(v)) return parsedTexts.get(v);
    let parsed: unknown;
    try {
        parsed = deepFreeze(JSON.parse(v));
    } catch {
        parsed = undefined;
    }
    if (parsedTexts.size >= PARSED_TEXTS_KEPT) parsedTexts.clear();
    parsedTexts.set(v, parsed);
    return parsed;
}

/** The data-class entries of a tag map, including keys that differ only in case (an evasion to reject). */
function labelsIn(map: unknown, where: string, out: LabelValue[]): "unknown" | void {
    if (map === UNKNOWN) return "unknown";
    for (const key of keysOf(map)) {
        if (key.toLowerCase() !== DATA_CLASS_LABEL) continue;
        if (key !== DATA_CLASS_LABEL) {
            out.push({ value: { miscased: key }, source: `${where}['${key}']` });
            continue;
        }
        out.push({ value: get(map, key), source: `${where}['${key}']` });
    }
}

function definedTagLabels(defined: unknown, out: LabelValue[]): "unknown" | void {
    if (defined === UNKNOWN) return "unknown";
    for (const key of keysOf(defined)) {
        // Flat form "<namespace>.data-class", as the OCI provider takes it.
        const dot = key.lastIndexOf(".");
        if (dot > 0 && key.slice(dot + 1).toLowerCase() === DATA_CLASS_LABEL) {
            out.push({ value: key.slice(dot + 1) === DATA_CLASS_LABEL ? get(defined, key) : { miscased: key }, source: `definedTags['${key}']` });
        }
    }
}

/**
 * The `data-class` label of a resource: AWS `tags` merged over the provider's `defaultTags`; OCI
 * `freeformTags` and `definedTags["<namespace>.data-class"]`. Conflicting or mis-cased labels are invalid.
 * `stackDefault`, the class the stack declares in its config, labels every AWS and OCI resource as
 * `aws:defaultTags` would, except that it can only raise: a label of the resource's own that is less strict
 * does not lower it (see withStackDefault).
 */
export function resolveDataClass(r: LocatableResource, stackDefault?: DataClass): ResolvedDataClass {
    const own = ownDataClass(r);
    if (!stackDefault || r.type.startsWith("pulumi:providers:")) return own;
    const cloud = cloudOfType(r.type);
    return cloud === "aws" || cloud === "oci" ? withStackDefault(own, stackDefault) : own;
}

/** The class no label can raise. */
const STRICTEST = DATA_CLASSES.reduce(strictest);

const FROM_STACK_CONFIG = `stack config '${DEFAULT_DATA_CLASS_KEY}'`;

/**
 * A resource's own class with the stack's declared class as a floor. No label: the stack's class. A label: the
 * stricter of the two. A label unknown at preview: known only when the stack's class is the strictest there is
 * (nothing could raise it further), else still unknown. An invalid label stays invalid: it is a defect to fix.
 */
export function withStackDefault(own: ResolvedDataClass, stackDefault: DataClass): ResolvedDataClass {
    switch (own.kind) {
        case "missing":
            return { kind: "known", value: stackDefault, source: FROM_STACK_CONFIG };
        case "known":
            return strictest(own.value, stackDefault) === own.value
                ? own
                : { kind: "known", value: stackDefault, source: `${FROM_STACK_CONFIG} (raises ${own.source}: '${own.value}')` };
        case "unknown":
            // us-user-data is the strictest class: whatever the label turns out to be, the resource holds it.
            return stackDefault === "us-user-data" ? { kind: "known", value: stackDefault, source: FROM_STACK_CONFIG } : own;
        case "invalid":
            return own;
    }
}

function ownDataClass(r: LocatableResource): ResolvedDataClass {
    const cloud = cloudOfType(r.type);
    const found: LabelValue[] = [];
    const unknownIn: string[] = [];
    if (cloud === "aws") {
        const own: LabelValue[] = [];
        if (labelsIn(get(r.props, "tags"), "tags", own) === "unknown") unknownIn.push("tags");
        if (own.length > 0) {
            found.push(...own);
        } else if (r.provider) {
            const defaults = parseMaybeJson(get(r.provider.props, "defaultTags"));
            if (defaults === UNKNOWN) unknownIn.push(`defaultTags of provider '${r.provider.name}'`);
            else if (labelsIn(get(defaults, "tags"), `defaultTags of provider '${r.provider.name}'`, found) === "unknown") {
                unknownIn.push(`defaultTags of provider '${r.provider.name}'`);
            }
        }
    } else if (cloud === "oci") {
        if (labelsIn(get(r.props, "freeformTags"), "freeformTags", found) === "unknown") unknownIn.push("freeformTags");
        if (definedTagLabels(get(r.props, "definedTags"), found) === "unknown") unknownIn.push("definedTags");
    } else {
        for (const prop of ["tags", "labels"]) {
            if (labelsIn(get(r.props, prop), prop, found) === "unknown") unknownIn.push(prop);
        }
    }

    for (const f of found) {
        if (f.value === UNKNOWN) return { kind: "unknown", reason: `${f.source} is not known at preview` };
        if (typeof f.value === "object" && f.value !== null && "miscased" in f.value) {
            return { kind: "invalid", reason: `${f.source} is not spelled '${DATA_CLASS_LABEL}' (label keys are case-sensitive)` };
        }
        if (!isDataClass(f.value)) {
            const shown = isString(f.value) ? `'${f.value.slice(0, 64)}'` : typeof f.value;
            return { kind: "invalid", reason: `${f.source} is ${shown}; allowed: ${DATA_CLASSES.join(", ")}` };
        }
    }
    const values = [...new Set(found.map((f) => f.value as DataClass))];
    if (values.length > 1) {
        return { kind: "invalid", reason: `conflicting labels: ${found.map((f) => `${f.source}=${String(f.value)}`).join(", ")}` };
    }
    // Tags not known at preview beside a label may hold a stricter one (or, for AWS, override the provider's): the
    // label is known only when it is already the strictest class.
    if (values.length === 1 && (unknownIn.length === 0 || values[0] === STRICTEST)) return { kind: "known", value: values[0], source: found[0].source };
    if (unknownIn.length > 0) return { kind: "unknown", reason: `${unknownIn.join(" and ")} not known at preview` };
    return { kind: "missing" };
}
