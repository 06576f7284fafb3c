/**
 * Every evasion fixture (test/fixtures/evasion), judged in memory: the same program built with the graph builder
 * (test/policies/programs.ts, under the fixture's name) and the compiled pack loaded in this process must reject it
 * with a mandatory violation of the named policy on the offending resource, saying what to change. A family of them
 * also runs end to end (fixtures.e2e.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { judge } from "../policies/judge";
import { PROGRAMS, type ProgramName } from "../policies/programs";
import { CASES, EVASION_DIR, fixtureConfig } from "./fixtureCases";

describe("evasion fixtures", () => {
    it("every fixture directory has a case and a program, and every case a fixture", () => {
        const dirs = fs
            .readdirSync(EVASION_DIR, { withFileTypes: true })
            .filter((d) => d.isDirectory())
            .map((d) => d.name)
            .sort();
        expect(CASES.map((c) => c.fixture).sort()).toEqual(dirs);
        expect(dirs.filter((d) => !Object.hasOwn(PROGRAMS, d))).toEqual([]);
        expect(CASES.length).toBeGreaterThanOrEqual(30);
    });

    it.each(CASES.map((c) => c.fixture))("%s states its evasion in the first line of index.ts", (fixture) => {
        const first = fs.readFileSync(path.join(EVASION_DIR, fixture, "index.ts"), "utf8").split("\n")[0];
        expect(first).toMatch(/^\/\/ Evasion: \S.{20,}/);
    });
});

describe("evasions are rejected by the pack, in memory", () => {
    it.each(CASES)("$fixture is rejected by $policy on '$resource'", async (c) => {
        const j = await judge(c.fixture as ProgramName, fixtureConfig(c));
        const mandatory = (policy: string) => j.doc.violations.filter((v) => v.level === "mandatory" && v.policy === policy);
        expect(j.code).toBe(1);
        expect(
            mandatory(c.policy)
                .filter((v) => v.name === c.resource)
                .map((v) => v.message),
        ).toEqual(expect.arrayContaining([expect.stringMatching(c.message)]));
        for (const a of c.also ?? []) expect(mandatory(a.policy).map((v) => v.message)).toEqual(expect.arrayContaining([expect.stringMatching(a.message)]));
    });
});
