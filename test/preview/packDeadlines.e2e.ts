/**
 * Issue 19, item 7: every call the parent makes to a pack has a deadline (tools/analyzer/packCalls.ts); a pack
 * that does not answer stops the run with exit 2, naming the call and the pack, and nothing is written.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadPackInProcess } from "../../tools/analyzer/inProcessPack";
import { callDeadlines, DEADLINE_ENV } from "../../tools/analyzer/packCalls";
import { runAnalysis } from "../../tools/analyzer/runAnalysis";
import { UserInputError } from "../../tools/errors";
import { bucket, kmsKey } from "../evasion/dsl/blocks";
import { Stack } from "../evasion/dsl/stack";
import { FIXTURES, runOfflinePreview } from "../support/offlinePreview";

const NEVER_ANSWERS = path.join(FIXTURES, "packs", "never-answers");

describe("the deadlines of the parent's calls to a pack", () => {
    it("are 30 s a call, and for AnalyzeStack 60 s plus 20 ms per resource", () => {
        expect(callDeadlines(0, {})).toEqual({ perCallMs: 30_000, analyzeStackMs: 60_000 });
        expect(callDeadlines(10_000, {})).toEqual({ perCallMs: 30_000, analyzeStackMs: 260_000 });
    });

    it(`scale with ${DEADLINE_ENV} from the parent's environment, which must be a number of seconds`, () => {
        expect(callDeadlines(100, { [DEADLINE_ENV]: "2" })).toEqual({ perCallMs: 2_000, analyzeStackMs: 6_000 });
        for (const bad of ["0", "-1", "soon", "Infinity"]) {
            expect(() => callDeadlines(1, { [DEADLINE_ENV]: bad })).toThrow(UserInputError);
        }
    });
});

describe("a pack whose policy never returns", () => {
    it("in process (the audit's path): the run stops at the Analyze deadline, naming the call and the pack", async () => {
        const s = new Stack();
        const va = s.aws("us-east-1");
        bucket(s, "us-users", va, kmsKey(s, "key", va));
        const conn = loadPackInProcess(NEVER_ANSWERS);
        await expect(
            runAnalysis(conn, s.graph(), { stackConfig: s.config, secretKeys: [], dryRun: true, deadlines: { perCallMs: 500, analyzeStackMs: 500 } }),
        ).rejects.toThrow(/^policy pack 'never-answers' \(.*never-answers\) did not answer Analyze within 0\.5 s \(its deadline\); no verdict$/);
    });

    it("in the offline preview: exit 2 naming Analyze and the pack; no verdict, JSON, report or graph", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deadline-"));
        const report = path.join(dir, "report.md");
        const graph = path.join(dir, "graph.json");
        const run = runOfflinePreview(
            [
                "--cwd",
                path.join(FIXTURES, "policies", "compliant-aws-us-bucket"),
                "--stack",
                "test",
                "--policy-pack",
                NEVER_ANSWERS,
                "--report",
                report,
                "--graph",
                graph,
            ],
            { [DEADLINE_ENV]: "3" },
        );
        expect(run.code).toBe(2);
        const errors = run.stderr.split("\n").filter((l) => l.startsWith("error: "));
        expect(errors).toEqual([
            expect.stringMatching(/^error: policy pack 'never-answers' \(.*never-answers\) did not answer Analyze within 3 s \(its deadline\); no verdict$/),
        ]);
        expect(run.stdout).not.toMatch(/PASS|Verdict/);
        expect(run.doc).toBeUndefined();
        expect(fs.existsSync(report)).toBe(false);
        expect(fs.existsSync(graph)).toBe(false);
    });
});
