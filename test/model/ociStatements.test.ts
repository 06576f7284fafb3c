/**
 * OCI policy statements are read in linear time (policies/model/ociStatements.ts) and exactly as the regular
 * expression they were read with before, which backtracked polynomially on crafted whitespace.
 */
import fc from "fast-check";
import { OciStatement, parseOciStatement } from "../../policies/model/ociStatements";

/** The expression the reader replaced: the oracle for short statements, where it is quick. */
const OLD_STATEMENT =
    /^\s*allow\s+(group|dynamic-group|any-user|any-group|service)\b\s*(.*?)\s+to\s+(\{[^}]*\}|\S+\s+\S+)\s+in\s+(tenancy|compartment\s+(?:id\s+)?\S+)(?:\s+where\s+(.+?))?\s*$/i;

function oldParse(text: string): OciStatement | undefined {
    const m = OLD_STATEMENT.exec(text);
    if (!m) return undefined;
    const subjectKind = m[1].toLowerCase() as OciStatement["subjectKind"];
    const grant = m[3].trim();
    const [verb, resourceType] = grant.startsWith("{") ? ["permissions", "all-resources"] : grant.split(/\s+/).map((x) => x.toLowerCase());
    const subjects = m[2]
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.length > 0)
        .map((s) => {
            const unquoted = s.replace(/^id\s+/i, "").replace(/'/g, "");
            const slash = unquoted.lastIndexOf("/");
            return slash >= 0 ? unquoted.slice(slash + 1) : unquoted;
        });
    return {
        subjectKind,
        subjects: subjectKind === "any-user" || subjectKind === "any-group" ? [] : subjects,
        verb,
        resourceType,
        location: m[4],
        conditions: m[5],
    };
}

describe("reading an OCI policy statement", () => {
    it.each([
        [
            "Allow group us-data-custodians to manage object-family in compartment us-data",
            { subjectKind: "group", subjects: ["us-data-custodians"], verb: "manage", resourceType: "object-family", location: "compartment us-data" },
        ],
        [
            "allow group 'Default'/'Auditors', id ocid1.group.oc1..x to read audit-events in tenancy",
            { subjectKind: "group", subjects: ["Auditors", "ocid1.group.oc1..x"], verb: "read", resourceType: "audit-events", location: "tenancy" },
        ],
        [
            "Allow any-user to {OBJECT_READ, OBJECT_INSPECT} in compartment id ocid1.compartment.oc1..c where target.bucket.name = 'b'",
            {
                subjectKind: "any-user",
                subjects: [],
                verb: "permissions",
                resourceType: "all-resources",
                location: "compartment id ocid1.compartment.oc1..c",
                conditions: "target.bucket.name = 'b'",
            },
        ],
        [
            "Allow service objectstorage-ap-singapore-1 to manage object-family in tenancy",
            { subjectKind: "service", subjects: ["objectstorage-ap-singapore-1"], verb: "manage", resourceType: "object-family", location: "tenancy" },
        ],
        [
            "Allow group 'a to b' to manage buckets in tenancy",
            { subjectKind: "group", subjects: ["a to b"], verb: "manage", resourceType: "buckets", location: "tenancy" },
        ],
    ])("%s", (text, expected) => {
        expect(parseOciStatement(text)).toEqual(expected);
        expect(oldParse(text)).toEqual(expected);
    });

    it.each([
        "Allow group a to manage buckets",
        "Endorse group a to manage buckets in tenancy",
        "Allow groups a to manage buckets in tenancy",
        "Allow group a\nb to manage buckets in tenancy",
        "Allow group a to manage buckets in tenancy where",
        "Allow group a to manage buckets in tenancy where x\ny",
    ])("refuses %j", (text) => {
        expect(parseOciStatement(text)).toBeUndefined();
        expect(oldParse(text)).toBeUndefined();
    });
});

describe("the reader agrees with the old expression on every statement (fuzzed)", () => {
    const words = [
        "allow",
        "ALLOW",
        "group",
        "dynamic-group",
        "any-user",
        "any-group",
        "service",
        "group'A'/'B',",
        "group,x",
        "groupx",
        "to",
        "TO",
        "in",
        "tenancy",
        "tenancyx",
        "compartment",
        "id",
        "where",
        "manage",
        "object-family",
        "a",
        "b,",
        "{",
        "}",
        "{A,",
        "B}",
        "{A}",
        "{A}x",
        "x}",
        "'q'",
        "request.user.name='x'",
    ];
    const spaces = [" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2028", " \t "];
    const statement = fc
        .tuple(fc.constantFrom("", " ", "\n"), fc.array(fc.tuple(fc.constantFrom(...words), fc.constantFrom(...spaces)), { maxLength: 14 }))
        .map(([lead, parts]) => lead + parts.map(([w, s]) => w + s).join(""));
    // Statements the grammar is built from, shuffled a little: most of them parse, so the parts are compared too.
    const nearlyValid = fc
        .tuple(
            fc.constantFrom("allow", "Allow"),
            fc.constantFrom("group", "any-user", "service", "group'D'/'G'"),
            fc.array(fc.constantFrom("a", "b,", "to", "'x y'", "id o"), { maxLength: 4 }),
            fc.constantFrom("manage object-family", "{A, B}", "{A,B} x", "read to", "to in"),
            fc.constantFrom("tenancy", "compartment c", "compartment id c", "compartment id", "compartment id where"),
            fc.option(fc.constantFrom("where x", "where to in tenancy", "where", "where a\nb", "to manage x in tenancy"), { nil: undefined }),
            fc.constantFrom(" ", "\t", "  \n "),
        )
        .map(([allow, kind, subjects, grant, location, where, ws]) =>
            [allow, kind, ...subjects, "to", grant, "in", location, ...(where === undefined ? [] : [where])].join(ws),
        );

    it("on random token soups", () => {
        fc.assert(
            fc.property(statement, (text) => {
                expect(parseOciStatement(text)).toEqual(oldParse(text));
            }),
            { numRuns: 5_000 },
        );
    });

    it("on statements close to the grammar", () => {
        fc.assert(
            fc.property(nearlyValid, (text) => {
                expect(parseOciStatement(text)).toEqual(oldParse(text));
            }),
            { numRuns: 5_000 },
        );
    });
});

describe("statements built to make a backtracking reader take polynomial time are read at once", () => {
    // 20,000 of each: the old expression took about 12 s for 1,500 tabs. No timing is asserted: a quadratic or
    // cubic reader would not finish within the test's timeout.
    const N = 20_000;
    it.each([
        ["tabs after the subject", `allow group a${"\t".repeat(N)}x`, undefined],
        ["tabs around many 'to's", `allow group${"\t".repeat(N)}a${"\tto\t".repeat(N)}x`, undefined],
        ["tabs between grant words", `allow group a to${"\t".repeat(N)}b${"\t".repeat(N)}c${"\t".repeat(N)}in`, undefined],
        ["many 'to's each opening a brace", `allow group a${" to {".repeat(N)} x`, undefined],
        ["many braces closed once at the end", `allow group a to ${"{ ".repeat(N)}} in tenancy`, "permissions"],
        ["many newlines in the conditions", `allow group a to manage buckets in tenancy where ${"x\n".repeat(N)}`, undefined],
        ["many 'to's and newlines", `allow group a${" to\n".repeat(N)}`, undefined],
        ["a valid statement padded with whitespace", `${" \t".repeat(N)}allow group a to manage buckets in tenancy${" \t".repeat(N)}`, "manage"],
        ["a valid statement after many subjects", `allow group ${"a, ".repeat(N)}b to manage buckets in tenancy where ${"x ".repeat(N)}`, "manage"],
    ])("%s", (_label, text, verb) => {
        expect(parseOciStatement(text)?.verb).toBe(verb);
    });
});
