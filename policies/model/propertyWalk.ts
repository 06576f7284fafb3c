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
export type StringVisitor = (value: string, key: string, path: () => string, inPrincipal: boolean) => void;

/** The keys of an IAM statement whose values are identities (a service, an account, a role), never places. */
export const PRINCIPAL_KEYS: ReadonlySet<string> = new Set(["Principal", "NotPrincipal"]);

const MAX_DEPTH = 32;

/** Where a string sits: the chain of keys and list indexes above it, shared by every string under the same object. */
interface PathNode {
    readonly parent: PathNode | undefined;
    readonly segment: string | number;
}

/** One known string of a resource's inputs: its value, the name of the property that holds it, and where it is. */
interface Leaf {
    readonly value: string;
    readonly key: string;
    readonly at: PathNode | undefined;
    /** Inside an IAM statement's `Principal` or `NotPrincipal` (a policy document given as an object). */
    readonly inPrincipal: boolean;
}

function render(at: PathNode | undefined): string {
    const segments: (string | number)[] = [];
    for (let n = at; n; n = n.parent) segments.push(n.segment);
    let out = "";
    for (let i = segments.length - 1; i >= 0; i--) {
        const s = segments[i];
        out = typeof s === "number" ? `${out}[${s}]` : out ? `${out}.${s}` : s;
    }
    return out;
}

function collect(value: unknown, at: PathNode | undefined, key: string, depth: number, out: Leaf[], inPrincipal = false): void {
    if (depth > MAX_DEPTH || value === null || value === undefined) return;
    if (typeof value === "string") {
        if (!isUnknownSentinel(value)) out.push({ value, key, at, inPrincipal });
        return;
    }
    if (typeof value !== "object") return;
    if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) collect(value[i], { parent: at, segment: i }, key, depth + 1, out, inPrincipal);
        return;
    }
    for (const k of Object.keys(value)) {
        if (depth === 0 && LABEL_PROPS.has(k)) continue;
        collect((value as Record<string, unknown>)[k], { parent: at, segment: k }, k, depth + 1, out, inPrincipal || (depth > 0 && PRINCIPAL_KEYS.has(k)));
    }
}

/**
 * The known strings of each inputs object, read once: the location, the inputs and the region literals of a
 * resource each visit them, and a policy's resources are read-only, so the list stays true for the run.
 */
const leavesByProps = new WeakMap<object, Leaf[]>();

function leavesOf(plain: unknown): Leaf[] {
    if (plain === null || typeof plain !== "object") {
        const out: Leaf[] = [];
        collect(plain, undefined, "", 0, out);
        return out;
    }
    let leaves = leavesByProps.get(plain);
    if (!leaves) {
        leaves = [];
        collect(plain, undefined, "", 0, leaves);
        leavesByProps.set(plain, leaves);
    }
    return leaves;
}

/**
 * Every known string in a resource's inputs, at any depth, with the name of the property that holds it and
 * its property path. Label maps (tags) are skipped: they describe, they do not point. The path is rendered only
 * when asked for, during the visit (most strings are looked at and passed over).
 */
export function walkStrings(props: unknown, visit: StringVisitor): void {
    let current: Leaf | undefined;
    const pathOf = (): string => render(current?.at);
    for (const leaf of leavesOf(plainOf(props))) {
        current = leaf;
        visit(leaf.value, leaf.key, pathOf, leaf.inPrincipal);
    }
}
