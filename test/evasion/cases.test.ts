/**
 * Evasion cases written from the AWS and OCI provider docs (issue 10): each builds, in memory, the graph
 * a program would send at preview, in which US user data ends up stored or copied outside the approved
 * US locations. The compiled pack (policies/bin: run `npm run build:policies` after changing policies/)
 * must reject each with a mandatory residency violation that names the offending resource. Where the
 * same program with the copy kept at home is compliant, that control must raise no residency violation,
 * so a case cannot pass by flagging everything of a type.
 */
import { FAMILIES, ISSUE_20_FAMILIES, NEW_FAMILIES } from "./cases";
import { ABROAD, HOME, type EvasionCase } from "./dsl/evasionCase";
import { analyze, isResidency, line } from "./dsl/run";
import { sdkProblems } from "./dsl/sdkSchema";
import { Stack } from "./dsl/stack";

const ALL: EvasionCase[] = Object.values(FAMILIES).flat();
/** Types that are not in @pulumi/aws or @pulumi/oci on purpose (dynamic providers, other packages). */
const NON_SDK_TYPES = new Set([
    "pulumi:pulumi:Stack",
    "pulumi-nodejs:dynamic:Resource",
    "command:local:Command",
    "pulumi:providers:pulumi-nodejs",
    "pulumi:providers:command",
]);

describe("the cases themselves", () => {
    test("ids are unique and there are at least 60 new ones", () => {
        const ids = ALL.map((c) => c.id);
        expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
        expect(Object.values(NEW_FAMILIES).flat().length).toBeGreaterThanOrEqual(60);
    });

    test("issue 20 added at least 80 cases, each with a compliant control but where none can exist", () => {
        const cases = Object.values(ISSUE_20_FAMILIES).flat();
        expect(cases.length).toBeGreaterThanOrEqual(80);
        // Each sends to something outside the stack that may pass it on anywhere: at home it still needs an approval.
        expect(cases.filter((c) => !c.control).map((c) => c.id)).toEqual([
            "chatbot-forwards-us-topic-to-slack",
            "json-event-pattern-names-us-bucket-target-abroad",
        ]);
    });

    test.each(ALL.map((c) => [c.id, c] as const))("%s uses real SDK type tokens and input names, at any depth", (_id, c) => {
        const problems: string[] = [];
        for (const where of [ABROAD, HOME]) {
            const s = new Stack();
            c.build(s, where);
            for (const r of s.resources) {
                if (NON_SDK_TYPES.has(r.type)) continue;
                for (const p of sdkProblems(r.type, r.properties.toJavaScript() as Record<string, unknown>)) problems.push(`${r.name}: ${p}`);
            }
        }
        expect([...new Set(problems)]).toEqual([]);
    });
});

describe.each(Object.entries(FAMILIES))("%s", (_family, cases) => {
    test.each(cases.map((c) => [c.id, c] as const))("rejects %s", async (_id, c) => {
        const s = new Stack();
        c.build(s, ABROAD);
        const residency = (await analyze(s, c.config?.())).filter(isResidency);
        const rejecting = residency.filter((r) => c.offenders.includes(r.name) && (!c.message || c.message.test(r.message)));
        const seen = residency.map(line).join("\n") || "(no residency violation at all)";
        const expected = `a mandatory residency violation naming ${c.offenders.join(" or ")}${c.message ? ` matching ${c.message}` : ""}`;
        expect(rejecting.length > 0 ? "rejected" : `not rejected: ${c.how}.\nExpected ${expected}; got:\n${seen}`).toBe("rejected");
    });

    const controlled = cases.filter((c) => c.control);
    if (controlled.length > 0) {
        test.each(controlled.map((c) => [c.id, c] as const))("control of %s (kept in approved locations) passes", async (_id, c) => {
            const s = new Stack();
            c.build(s, HOME);
            expect((await analyze(s, c.config?.())).filter(isResidency).map(line)).toEqual([]);
        });
    }
});
