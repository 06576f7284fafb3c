/** Runs the compiled pack in-process over a DSL stack, as the engine would at preview, and sorts what it says. */
import * as path from "path";
import { loadPackInProcess } from "../../../tools/analyzer/inProcessPack";
import type { AnalyzerConnection } from "../../../tools/analyzer/connection";
import { PolicyResult, runAnalysis } from "../../../tools/analyzer/runAnalysis";
import { REPO_ROOT } from "../../support/offlinePreview";
import type { Stack } from "./stack";

/**
 * Policies about hygiene around user data (keys, public access, IAM grants, audit, DNS steering, config)
 * rather than where the data lands: those whose role is `hygiene` (their tags, policies/model/policyRoles.ts),
 * filled from the pack's own metadata by `analyze`. A violation of one of these is never the reason an evasion
 * case is rejected: the case is about residency.
 */
export const HYGIENE_POLICIES: ReadonlySet<string> = new Set<string>();

let conn: AnalyzerConnection | undefined;

/**
 * The compiled pack (policies/bin), loaded once per test file. Run `npm run build:policies` after
 * changing policies/. `RESIDENCY_TEST_PACK` points the tables at another built pack directory, to
 * compare two versions of the pack over the same cases.
 */
export function pack(): AnalyzerConnection {
    conn ??= loadPackInProcess(process.env.RESIDENCY_TEST_PACK ?? path.join(REPO_ROOT, "policies"));
    return conn;
}

export async function analyze(stack: Stack, policyConfig?: Record<string, unknown>): Promise<PolicyResult[]> {
    const run = await runAnalysis(pack(), stack.graph(), { stackConfig: stack.config, secretKeys: [], dryRun: true, policyConfigFile: policyConfig });
    const hygiene = HYGIENE_POLICIES as Set<string>;
    for (const p of run.pack.policies) if (p.roles.includes("hygiene")) hygiene.add(p.name);
    if (hygiene.size === 0) throw new Error("the pack declares no policy with the role 'hygiene': its policies carry no roles");
    return run.results;
}

export const isMandatory = (r: PolicyResult) => r.level === "mandatory";
/** A mandatory violation of a policy that is not about hygiene: call it on results `analyze` returned. */
export const isResidency = (r: PolicyResult) => isMandatory(r) && !HYGIENE_POLICIES.has(r.policy);
export const line = (r: PolicyResult) => `${r.policy} [${r.name || "stack"}]: ${r.message}`;
