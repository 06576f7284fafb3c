/** An OCI IAM policy statement: `Allow <subject> to <verb> <resource-type> in <location> [where <conditions>]`. */
export interface OciStatement {
    subjectKind: "group" | "dynamic-group" | "any-user" | "any-group" | "service";
    subjects: string[];
    verb: string;
    resourceType: string;
    location: string;
    conditions?: string;
}

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

/**
 * Reads `Allow <subject> to <grant> in <location> [where <conditions>]`, in time linear in the statement's length
 * (the regular expression it replaces backtracked polynomially on crafted whitespace: 1,500 tabs took seconds).
 * It accepts what that expression accepted, with the same parts (test/model/ociStatements.test.ts compares them):
 * `^\s*allow\s+(group|dynamic-group|any-user|any-group|service)\b\s*(.*?)\s+to\s+(\{[^}]*\}|\S+\s+\S+)\s+in\s+`
 * `(tenancy|compartment\s+(?:id\s+)?\S+)(?:\s+where\s+(.+?))?\s*$`, case-insensitive.
 */
export function parseOciStatement(text: string): OciStatement | undefined {
    const m = new StatementReader(text).read();
    if (!m) return undefined;
    const grant = m.grant.trim();
    // A permission list ({OBJECT_READ, ...}) can reach any resource type: held to the rules for all-resources.
    const [verb, resourceType] = grant.startsWith("{") ? ["permissions", "all-resources"] : grant.split(/\s+/).map((x) => x.toLowerCase());
    return {
        subjectKind: m.kind,
        subjects: m.kind === "any-user" || m.kind === "any-group" ? [] : subjectNames(m.subjects),
        verb,
        resourceType,
        location: m.location,
        conditions: m.conditions,
    };
}

const SUBJECT_KINDS: OciStatement["subjectKind"][] = ["group", "dynamic-group", "any-user", "any-group", "service"];
/** The characters `.` does not match: subjects and conditions cannot span lines. */
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/g;
const WORD_CHAR = /[A-Za-z0-9_]/;

interface Token {
    start: number;
    end: number;
    lower: string;
    /** Offset of the token's first `}`, or -1. */
    close: number;
}

interface StatementParts {
    kind: OciStatement["subjectKind"];
    subjects: string;
    grant: string;
    location: string;
    conditions?: string;
}

/**
 * The statement as whitespace-separated tokens. Every part but the subjects is a fixed number of tokens, or a
 * `{...}` grant that ends at the first `}`; so the one open choice, which `to` ends the subjects, is tried in the
 * order the expression's backtracking tries it, and each candidate is checked in constant time.
 */
class StatementReader {
    private readonly tokens: Token[] = [];
    /** For each token, the first token at or after it that holds a `}`. */
    private readonly nextClose: number[];
    /** Offsets of the line terminators, which `.` does not match. */
    private readonly terminators: number[] = [];
    /** The last line terminator before the end of the last token, or -1: conditions start after it. */
    private readonly lastTerminator: number;

    constructor(private readonly text: string) {
        for (const t of text.matchAll(/\S+/g)) {
            this.tokens.push({ start: t.index, end: t.index + t[0].length, lower: t[0].toLowerCase(), close: t[0].indexOf("}") });
        }
        this.nextClose = new Array<number>(this.tokens.length + 1).fill(-1);
        for (let i = this.tokens.length - 1; i >= 0; i--) this.nextClose[i] = this.tokens[i].close >= 0 ? i : this.nextClose[i + 1];
        for (const t of text.matchAll(LINE_TERMINATOR)) this.terminators.push(t.index);
        const textEnd = this.tokens.at(-1)?.end ?? 0;
        this.lastTerminator = -1;
        for (const i of this.terminators) if (i < textEnd) this.lastTerminator = i;
    }

    read(): StatementParts | undefined {
        const t = this.tokens;
        if (t.length < 2 || t[0].lower !== "allow") return undefined;
        // `(kind)\b`: the kind opens the second token and ends at a word boundary; the token may go on (`group'A'`).
        const kind = SUBJECT_KINDS.find((k) => t[1].lower.startsWith(k) && (t[1].lower.length === k.length || !WORD_CHAR.test(t[1].lower[k.length])));
        if (!kind) return undefined;
        const kindEnd = t[1].start + kind.length;
        const glued = kindEnd < t[1].end;
        // `\s*(.*?)\s+to`: the subjects start at the first non-space after the kind and end before a `to` token,
        // without a line terminator. The greedy `\s*` makes every later `to` come first, then a `to` right after a
        // kind that is a token of its own (no subjects).
        const subjectStart = glued ? kindEnd : (t[2]?.start ?? this.text.length);
        const terminator = this.terminators.find((i) => i >= subjectStart) ?? Infinity;
        const first = glued ? 2 : 3;
        for (let to = first; to < t.length; to++) {
            if (t[to].lower !== "to" || t[to - 1].end > terminator) continue;
            const rest = this.afterTo(to + 1);
            if (rest) return { kind, subjects: this.text.slice(subjectStart, t[to - 1].end), ...rest };
        }
        if (!glued && t[2]?.lower === "to") {
            const rest = this.afterTo(3);
            if (rest) return { kind, subjects: "", ...rest };
        }
        return undefined;
    }

    /** `(\{[^}]*\}|\S+\s+\S+)\s+in\s+<location>...` from token `g`. */
    private afterTo(g: number): Omit<StatementParts, "kind" | "subjects"> | undefined {
        const t = this.tokens;
        if (g >= t.length) return undefined;
        if (t[g].lower.startsWith("{")) {
            // `\{[^}]*\}` ends at the first `}` after the `{`, which must end its token (whitespace follows).
            const k = t[g].close > 0 ? g : this.nextClose[g + 1];
            if (k >= 0 && t[k].start + t[k].close === t[k].end - 1 && t[k + 1]?.lower === "in") {
                const rest = this.location(k + 2);
                if (rest) return { grant: this.text.slice(t[g].start, t[k].end), ...rest };
            }
        }
        if (t[g + 2]?.lower === "in") {
            const rest = this.location(g + 3);
            if (rest) return { grant: this.text.slice(t[g].start, t[g + 1].end), ...rest };
        }
        return undefined;
    }

    /** `(tenancy|compartment\s+(?:id\s+)?\S+)` from token `l`, then the conditions or the end. */
    private location(l: number): { location: string; conditions?: string } | undefined {
        const t = this.tokens;
        if (l >= t.length) return undefined;
        const ends = t[l].lower === "tenancy" ? [l] : t[l].lower === "compartment" ? (t[l + 1]?.lower === "id" ? [l + 2, l + 1] : [l + 1]) : [];
        for (const end of ends) {
            if (end >= t.length) continue;
            const location = () => this.text.slice(t[l].start, t[end].end);
            if (end === t.length - 1) return { location: location() };
            // `\s+where\s+(.+?)\s*$`: the conditions run to the end of the last token, on one line.
            if (t[end + 1].lower === "where" && end + 2 < t.length && this.lastTerminator < t[end + 2].start) {
                return { location: location(), conditions: this.text.slice(t[end + 2].start, t[t.length - 1].end) };
            }
        }
        return undefined;
    }
}

const NETWORK = "a network resource: it routes traffic, it holds and reads no stored data";
const DNS = "DNS: names and steering, judged for US traffic by us-traffic-steered-to-oci; it holds no stored data";
const ANY_VERB = ["inspect", "read", "use", "manage"] as const;
/** Entries for `types`, without user data under any verb for `reason`. */
const anyVerb = (reason: string, types: string[]) => Object.fromEntries(types.map((t) => [t, { verbs: ANY_VERB, reason }]));

/**
 * The OCI resource types and families through which no user data can be read or changed, with the verbs that keep
 * it so and why. Every other type reaches user data: a family this list does not know (`instance-family`, with its
 * run commands; `ons-family`, whose subscriptions can forward what is published; `policies` and `groups`, which grant
 * anything; a permission list), so a missing entry is a false alarm that names the type, never a silent pass.
 */
export const OCI_TYPES_WITHOUT_USER_DATA: Readonly<Record<string, { verbs: readonly string[]; reason: string }>> = {
    ...anyVerb(NETWORK, [
        "virtual-network-family",
        "vcns",
        "subnets",
        "route-tables",
        "security-lists",
        "network-security-groups",
        "dhcp-options",
        "internet-gateways",
        "nat-gateways",
        "service-gateways",
        "private-ips",
        "public-ips",
    ]),
    ...anyVerb(DNS, ["dns", "dns-zones", "dns-records", "dns-steering-policies", "dns-steering-policy-attachments"]),
    ...anyVerb("metric data points: counts and timings, not user data", ["metrics"]),
    ...anyVerb("alarm definitions over metrics; where they notify is the topic's, which is not listed here", ["alarms"]),
    ...anyVerb("security posture findings about configuration, not user data", ["cloud-guard-family"]),
    ...anyVerb("cost and usage figures", ["usage-report"]),
    ...anyVerb("service limits of compartments", ["quota"]),
    ...anyVerb("the progress of asynchronous operations", ["work-requests"]),
    compartments: {
        verbs: ["inspect", "read"],
        reason: "listing compartments shows their names; 'use' or 'manage' could move a store to where others reach it",
    },
};

/** Whether `verb` on `resourceType` can read or change user data (every type but OCI_TYPES_WITHOUT_USER_DATA's). */
export function reachesOciUserData(verb: string, resourceType: string): boolean {
    const entry = Object.hasOwn(OCI_TYPES_WITHOUT_USER_DATA, resourceType) ? OCI_TYPES_WITHOUT_USER_DATA[resourceType] : undefined;
    return !entry || !entry.verbs.includes(verb);
}
