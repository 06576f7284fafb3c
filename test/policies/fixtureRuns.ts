/**
 * Shared helpers of the per-policy tests: run a fixture under test/fixtures through the offline preview
 * (optionally with a policy config file) and pick out one policy's results.
 */
import * as path from "path";
import { FIXTURES, previewFixture, type PreviewRun } from "../support/offlinePreview";
import type { PreviewViolation } from "../../tools/preview/previewDocument";

export type { PreviewRun };

/** Previews `test/fixtures/<fixture>`; `config` is a policy config file relative to test/fixtures. */
export function preview(fixture: string, config?: string): PreviewRun {
    const run = previewFixture(fixture, config ? ["--policy-pack-config", path.join(FIXTURES, config)] : []);
    if (run.code === 2 || !run.doc) {
        throw new Error(`offline preview of ${fixture} failed (exit ${run.code}):\n${run.stderr}`);
    }
    return run;
}

/** Every result (any level) of `policy`. */
export function resultsOf(run: PreviewRun, policy: string): PreviewViolation[] {
    return (run.doc?.violations ?? []).filter((v) => v.policy === policy);
}

/** The names of the resources `policy` reported, sorted and de-duplicated ("" for stack-wide results). */
export function namesOf(run: PreviewRun, policy: string): string[] {
    return [...new Set(resultsOf(run, policy).map((v) => v.name))].sort();
}

/** The messages of `policy` about the resource named `name`. */
export function messagesFor(run: PreviewRun, policy: string, name: string): string[] {
    return resultsOf(run, policy)
        .filter((v) => v.name === name)
        .map((v) => v.message);
}

/** Mandatory results of every policy, as `policy: name` lines (readable in a failing expectation). */
export function mandatoryLines(run: PreviewRun): string[] {
    return (run.doc?.violations ?? []).filter((v) => v.level === "mandatory").map((v) => `${v.policy}: ${v.name}: ${v.message}`);
}
