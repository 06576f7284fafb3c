/**
 * The zoo (issue 10, item 8): realistic compliant platform stacks, AWS and OCI, built in memory as the
 * engine would send them at preview. Each must stay at 0 mandatory violations of any policy of the
 * compiled pack: the fail-closed rules must not cost false alarms on legitimate stacks.
 */
import { ociPrograms } from "./programs/oci";
import { awsPrograms } from "./programs/aws";
import { mixedPrograms } from "./programs/mixed";
import { servicePrograms } from "./programs/services";
import type { ZooProgram } from "./program";
import { analyze, isMandatory, line } from "../evasion/dsl/run";
import { sdkProblems } from "../evasion/dsl/sdkSchema";
import { Stack } from "../evasion/dsl/stack";

const ZOO: ZooProgram[] = [...awsPrograms, ...ociPrograms, ...mixedPrograms, ...servicePrograms];

/** Resources a program declares itself: not the stack, not providers. */
function declared(s: Stack) {
    return s.resources.filter((r) => r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("pulumi:providers:"));
}

describe("the zoo itself", () => {
    test("has at least 50 programs with unique names, mixing AWS and OCI, 10 of them multi-service", () => {
        const names = ZOO.map((p) => p.name);
        expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
        expect(ZOO.length).toBeGreaterThanOrEqual(50);
        expect(servicePrograms.length).toBeGreaterThanOrEqual(10);
        const clouds = ZOO.map((p) => {
            const s = new Stack();
            p.build(s);
            return new Set(declared(s).map((r) => r.type.split(":")[0]));
        });
        expect(clouds.filter((c) => c.has("oci")).length).toBeGreaterThanOrEqual(8);
        expect(clouds.filter((c) => c.has("aws")).length).toBeGreaterThanOrEqual(15);
    });

    test.each(ZOO.map((p) => [p.name, p] as const))("%s looks like a real stack: 10-40 resources of real SDK types, holding what it says", (_name, p) => {
        const s = new Stack();
        p.build(s);
        const own = declared(s);
        const problems: string[] = [];
        if (own.length < 10 || own.length > 40) problems.push(`${own.length} resources`);
        for (const r of s.resources) {
            if (r.type === "pulumi:pulumi:Stack") continue;
            for (const problem of sdkProblems(r.type, r.properties.toJavaScript() as Record<string, unknown>)) problems.push(`${r.name}: ${problem}`);
        }
        const labels = new Set(
            own.map((r) => {
                const props = r.properties.toJavaScript() as Record<string, Record<string, unknown> | undefined>;
                return (props.tags ?? props.freeformTags)?.["data-class"];
            }),
        );
        for (const cls of p.holds) if (!labels.has(cls)) problems.push(`holds no store labelled ${cls}`);
        expect(problems).toEqual([]);
    });
});

describe("zoo: realistic compliant stacks raise no mandatory violation", () => {
    test.each(ZOO.map((p) => [p.name, p] as const))("%s", async (_name, p) => {
        const s = new Stack();
        p.build(s);
        expect((await analyze(s, p.policyConfig)).filter(isMandatory).map(line)).toEqual([]);
    });
});
