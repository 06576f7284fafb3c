/**
 * What the pack matches against strings a program, a config or a report input writes is matched in linear time,
 * and exactly as the regular expressions it was matched with before (policies/model/glob.ts, parseExempted).
 */
import fc from "fast-check";
import { globMatches, MAX_ANY_CHARS } from "../../policies/model/glob";
import { formatExempted, parseExempted, type ExemptedResult } from "../../policies/rules/exemptionsInForce";

/** The expressions they replace: oracles for short strings, where they are quick. */
const oldExemptionGlob = (pattern: string) =>
    new RegExp(
        `^${pattern
            .split("*")
            .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
            .join(".*")}$`,
    );
const oldIamGlob = (pattern: string) =>
    new RegExp(
        `^${pattern
            .split("")
            .map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
            .join("")}`,
    );
const OLD_EXEMPTED = /^EXEMPTED from (\S+) until (\d{4}-\d{2}-\d{2}) \((-?\d+) days left\), ticket (.*?): ([\s\S]*?)\.? Violation set aside: ([\s\S]*)$/;
function oldParseExempted(message: string): ExemptedResult | undefined {
    const m = OLD_EXEMPTED.exec(message);
    if (!m) return undefined;
    return { policy: m[1], expires: m[2], daysLeft: Number(m[3]), ticket: m[4], reason: m[5], violation: m[6] };
}

const exemption = { whole: true, beyondLimit: false };
const iam = { anyChar: true, whole: false, beyondLimit: true };

describe("glob matching agrees with the expressions built from globs (fuzzed)", () => {
    // Patterns hold no line terminator (policies/model/glob.ts says why); texts may.
    const pattern = fc.array(fc.constantFrom("a", "b", "ab", "*", "?", ".", "-", ":"), { maxLength: 10 }).map((p) => p.join(""));
    const text = fc.array(fc.constantFrom("a", "b", "ab", "?", "*", ".", "-", ":", "\n", "\u2028"), { maxLength: 14 }).map((t) => t.join(""));

    it("exemption patterns: `*` only, the whole name", () => {
        fc.assert(
            fc.property(pattern, text, (p, t) => {
                expect(globMatches(p, t, exemption)).toBe(oldExemptionGlob(p).test(t));
            }),
            { numRuns: 10_000 },
        );
    });

    it("IAM resources: `*` and `?`, a prefix of the ARN", () => {
        fc.assert(
            fc.property(pattern, text, (p, t) => {
                expect(globMatches(p, t, iam)).toBe(oldIamGlob(p).test(t));
            }),
            { numRuns: 10_000 },
        );
    });

    it.each([
        ["us-users-*", "us-users-import", true],
        ["us-users-*", "us-users-", true],
        ["us-*-import", "us-users-import", true],
        ["us-*-import", "us-users-import-2", false],
        ["*", "a\nb", false],
        ["us-?", "us-?", true],
        ["us-?", "us-a", false],
    ])("exemption pattern %j against %j: %s", (p, t, expected) => {
        expect(globMatches(p, t, exemption)).toBe(expected);
        expect(oldExemptionGlob(p).test(t)).toBe(expected);
    });
});

describe("globs built to make a backtracking matcher take exponential time are matched at once", () => {
    // The expressions took minutes on 100 characters with a dozen stars; these are far larger. No timing is
    // asserted: an exponential or quadratic matcher would not finish within the test's timeout.
    const stars = (n: number) => `${"*a".repeat(n)}*c`;
    it.each([
        ["an exemption pattern of many stars, a long name", stars(5_000), "a".repeat(50_000), exemption, false],
        ["an IAM resource of many stars, a long bucket ARN", `arn:aws:s3:::${stars(5_000)}`, `arn:aws:s3:::${"a".repeat(50_000)}`, iam, false],
        ["an IAM resource of many stars that matches", `arn:aws:s3:::${stars(5_000)}`, `arn:aws:s3:::${"a".repeat(50_000)}c`, iam, true],
        ["many `?`s (up to the limit) between stars", `${"*a?".repeat(MAX_ANY_CHARS)}*c`, "ab".repeat(50_000), iam, false],
        ["more `?`s than are read: the caller's fail-closed answer", "?".repeat(MAX_ANY_CHARS + 1), "x", iam, true],
        ["a long literal segment after a star", `*${"a".repeat(20_000)}b`, "a".repeat(100_000), exemption, false],
        ["stars over many line terminators", stars(2_000), "a\n".repeat(50_000), exemption, false],
    ])("%s", (_label, p, t, opts, expected) => {
        expect(globMatches(p, t, opts)).toBe(expected);
    });
});

describe("an exempted result reads back as the expression read it", () => {
    const word = fc.constantFrom("a", ": ", ".", " Violation set aside: ", "\n", "x y", ":", " ");
    const part = fc.array(word, { maxLength: 5 }).map((w) => w.join(""));
    const message = fc
        .tuple(part, part, part, fc.boolean())
        .map(
            ([ticket, reason, violation, dot]) =>
                `EXEMPTED from p until 2027-01-31 (3 days left), ticket ${ticket}: ${reason}${dot ? "." : ""} Violation set aside: ${violation}`,
        );

    it("on messages mixing the separators (fuzzed)", () => {
        fc.assert(
            fc.property(message, (m) => {
                expect(parseExempted(m)).toEqual(oldParseExempted(m));
            }),
            { numRuns: 10_000 },
        );
    });

    it("what formatExempted wrote", () => {
        const e: ExemptedResult = { policy: "p", expires: "2027-01-31", daysLeft: 3, ticket: "RES-7", reason: "import under way", violation: "held in eu" };
        expect(parseExempted(formatExempted(e))).toEqual(e);
    });

    it("a message built to make the expression quadratic, at once", () => {
        const m = `EXEMPTED from p until 2027-01-31 (3 days left), ticket ${": ".repeat(200_000)}\n${"x".repeat(200_000)}`;
        expect(parseExempted(m)).toBeUndefined();
    });
});
