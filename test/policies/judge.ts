/**
 * The rule tests' harness: a program built in memory (programs.ts), the compiled pack loaded in this process
 * (policies/bin, through its real analyzer handlers), and the report document built from the results as the
 * offline preview builds it. `RESIDENCY_TEST_PACK=<dir>` judges with another built pack; `RESIDENCY_TEST_DISABLE=
 * <policy>[,<policy>]` turns policies off, to check that the tests of a policy fail without it.
 */
import * as path from "path";
import type { AnalyzerConnection } from "../../tools/analyzer/connection";
import { loadPackInProcess } from "../../tools/analyzer/inProcessPack";
import { runAnalysis, type PolicyResult } from "../../tools/analyzer/runAnalysis";
import { buildReport } from "../../tools/report/buildReport";
import { exitCodeOf } from "../../tools/report/exitCode";
import { reportInputOf } from "../../tools/report/facts";
import type { ReportDocument } from "../../tools/report/model";
import { settingsInForce } from "../../tools/report/settingsInForce";
import { EVALUATION_DAY, REPO_ROOT } from "../support/offlinePreview";
import { PROGRAMS, type ProgramName, stackOf } from "./programs";

process.env.RESIDENCY_POLICY_TODAY = EVALUATION_DAY;

let conn: AnalyzerConnection | undefined;

/** The compiled pack, loaded once per test file (@pulumi/policy allows one pack per module instance). */
export function pack(): AnalyzerConnection {
    conn ??= loadPackInProcess(process.env.RESIDENCY_TEST_PACK ?? path.join(REPO_ROOT, "policies"));
    return conn;
}

function disabledByTheEnvironment(): Record<string, string> {
    const names = (process.env.RESIDENCY_TEST_DISABLE ?? "").split(",").filter(Boolean);
    return Object.fromEntries(names.map((n) => [n, "disabled"]));
}

export interface Judged {
    /** Every result of every policy, as the pack reported it (exempted ones as exemptions-in-force results). */
    results: PolicyResult[];
    /** The report document, as the offline preview builds it from the same graph and results. */
    doc: ReportDocument;
    /** The offline preview's exit code for this document. */
    code: number;
}

/** Judges a program with the policy config `config` (what `--policy-pack-config` would give). */
export async function judge(program: ProgramName, config: Record<string, unknown> = {}): Promise<Judged> {
    const s = stackOf(PROGRAMS[program]);
    const graph = s.graph();
    const policyConfigFile = { ...config, ...disabledByTheEnvironment() };
    const run = await runAnalysis(pack(), graph, { policyConfigFile, stackConfig: s.config, secretKeys: [], dryRun: true });
    const runs = [{ path: "policies", run }];
    const configFile = Object.keys(config).length > 0 ? "policy-config.json" : undefined;
    const doc = buildReport(
        reportInputOf(graph, runs, { kind: "offline-preview", file: null, projectDir: REPO_ROOT, settings: settingsInForce(runs, [configFile]) }),
    );
    return { results: run.results, doc, code: exitCodeOf(doc) };
}

/** The results of `policy` that are not set aside: what the preview lists under it. */
export function resultsOf(j: Judged, policy: string): Judged["doc"]["violations"] {
    return j.doc.violations.filter((v) => v.policy === policy);
}

/** The names of the resources `policy` reported, sorted and de-duplicated ("" for stack-wide results). */
export function namesOf(j: Judged, policy: string): string[] {
    return [...new Set(resultsOf(j, policy).map((v) => v.name))].sort();
}

/** The messages of `policy` about the resource named `name`. */
export function messagesFor(j: Judged, policy: string, name: string): string[] {
    return resultsOf(j, policy)
        .filter((v) => v.name === name)
        .map((v) => v.message);
}

/** Mandatory results of every policy, as `policy: name: message` lines (readable in a failing expectation). */
export function mandatoryLines(j: Judged): string[] {
    return j.doc.violations.filter((v) => v.level === "mandatory").map((v) => `${v.policy}: ${v.name}: ${v.message}`);
}

/** One row of a rule table: a program, the config it runs with, and what the policy under test must report. */
export interface RuleCase {
    /** What the case shows. */
    what: string;
    program: ProgramName;
    config?: Record<string, unknown>;
    /**
     * Every result of the policy under test that is not set aside, as `[resource name, message]` ("" names the
     * stack), in name order; a message is the exact text or a pattern. Empty: the policy reports nothing.
     */
    expected: [string, string | RegExp][];
    /** The level of each of those results. */
    level?: "mandatory" | "advisory";
    /** The offline preview's exit code for the whole program, where the case is about it. */
    code?: number;
    /** Further checks on the judged program (its report document, other policies). */
    check?: (j: Judged) => void;
}

/** A table-driven test of one policy: each case judged in memory, its results compared whole. */
export function ruleTable(policy: string, cases: RuleCase[]): void {
    describe(policy, () => {
        it.each(cases.map((c) => [c.what, c] as const))("%s", async (_what, c) => {
            const j = await judge(c.program, c.config);
            const got = resultsOf(j, policy)
                .map((v) => [v.name, v.message])
                .sort((a, b) => a[0].localeCompare(b[0]));
            expect(got).toEqual(c.expected.map(([name, message]) => [name, typeof message === "string" ? message : expect.stringMatching(message)]));
            if (c.level) expect(resultsOf(j, policy).map((v) => v.level)).toEqual(c.expected.map(() => c.level));
            if (c.code !== undefined) expect({ exit: j.code, mandatory: c.code === 0 ? mandatoryLines(j) : [] }).toEqual({ exit: c.code, mandatory: [] });
            c.check?.(j);
        });
    });
}
