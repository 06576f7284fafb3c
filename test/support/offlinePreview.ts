import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { PreviewDocument } from "../../tools/preview/previewDocument";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const FIXTURES = path.join(REPO_ROOT, "test", "fixtures");
/** The day every preview a test runs evaluates approvals and exemptions on. */
export const EVALUATION_DAY = "2026-11-29";

export interface PreviewRun {
    code: number;
    stdout: string;
    stderr: string;
    /** The --json document, when the run wrote one. */
    doc?: PreviewDocument;
    jsonPath: string;
}

/**
 * Runs `npm run preview` as a user does (a fresh node process: the SDK keeps one program per process)
 * and returns its exit code, output and JSON document.
 */
/** `--stack` and the stack's policy config, as CI passes them (stacks/policy-config.<stack>.json). */
export function stackArgs(stack: "us-prod" | "us-staging"): string[] {
    return ["--stack", stack, "--policy-pack-config", path.join("stacks", `policy-config.${stack}.json`)];
}

export function runOfflinePreview(args: string[], env: Record<string, string> = {}): PreviewRun {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-"));
    const jsonPath = path.join(dir, "preview.json");
    const res = spawnSync(process.execPath, [path.join(REPO_ROOT, "bin", "preview.js"), ...args, "--json", jsonPath], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        env: { ...process.env, RESIDENCY_POLICY_TODAY: EVALUATION_DAY, ...env },
        timeout: 120_000,
    });
    const doc = fs.existsSync(jsonPath) ? (JSON.parse(fs.readFileSync(jsonPath, "utf8")) as PreviewDocument) : undefined;
    return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr, doc, jsonPath };
}

const shared = new Map<string, PreviewRun & { graphPath: string }>();

/**
 * One preview per set of arguments, with its graph written (`--graph`), for every test of this jest worker that only
 * reads it: a stack that several families check (previews.test.ts runs them in one worker) is previewed once. A
 * test that needs a run of its own calls runOfflinePreview (reproducible.e2e.ts compares a second run with this one).
 */
export function sharedPreview(args: string[]): PreviewRun & { graphPath: string } {
    const key = JSON.stringify(args);
    let run = shared.get(key);
    if (!run) {
        const graphPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "shared-graph-")), "graph.json");
        run = { ...runOfflinePreview([...args, "--graph", graphPath]), graphPath };
        shared.set(key, run);
    }
    return run;
}

/** Previews a fixture project under test/fixtures (stack `test` unless given). */
export function previewFixture(name: string, extra: string[] = [], stack = "test"): PreviewRun {
    return runOfflinePreview(["--cwd", path.join(FIXTURES, name), "--stack", stack, ...extra]);
}

export function mandatory(run: PreviewRun, policy?: string) {
    return (run.doc?.violations ?? []).filter((v) => v.level === "mandatory" && (!policy || v.policy === policy));
}
