/**
 * The files that can change a residency verdict or a deploy other than through the resources a program declares.
 * One list: CODEOWNERS must give each to the security team (test/workflows/codeowners.e2e.ts), and the pull-request
 * check names the ones a pull request changes at the top of its report (gateChanges.ts).
 *
 * - `gate`: what judges. The pull-request check runs the base branch's copy, so a change takes effect only after
 *   review and merge.
 * - `deploy`: what the program is run with, or what guards a deploy. The check judges the pull request's copy as
 *   an input (project file, compiler options); a change still needs the owners' review.
 */
import { compilePattern, type PathPattern } from "./pathPattern";

export type ProtectedRole = "gate" | "deploy";

export interface ProtectedPath {
    /** A CODEOWNERS pattern (see pathPattern.ts). */
    readonly pattern: string;
    readonly role: ProtectedRole;
    /** Why a change there matters, for the report and the CODEOWNERS comments. */
    readonly why: string;
    /** A path the pattern covers, for checking CODEOWNERS when no file of the repository is there yet (`.npmrc`). */
    readonly example: string;
}

export const PROTECTED_PATHS: readonly ProtectedPath[] = [
    { pattern: "/policies/", role: "gate", why: "the residency policy pack, its build and its launcher", example: "policies/index.ts" },
    { pattern: "/tools/", role: "gate", why: "the offline preview, the analyzer driver, the report, the audit", example: "tools/preview/cli.ts" },
    { pattern: "/bin/", role: "gate", why: "the commands CI runs", example: "bin/preview.js" },
    {
        pattern: "/stacks/policy-config.*",
        role: "gate",
        why: "the pack's settings of a stack: approved locations, groups, exemptions",
        example: "stacks/policy-config.us-prod.json",
    },
    { pattern: "/package.json", role: "gate", why: "npm scripts and the versions of every dependency of the gate", example: "package.json" },
    { pattern: "/package-lock.json", role: "gate", why: "the exact dependencies npm installs", example: "package-lock.json" },
    { pattern: "/.npmrc", role: "gate", why: "how npm installs: registry, scripts, Node options", example: ".npmrc" },
    {
        pattern: "/.github/",
        role: "gate",
        why: "the workflows (what CI runs, with which secrets) and CODEOWNERS itself",
        example: ".github/workflows/preview.yml",
    },
    { pattern: "/.ci/", role: "gate", why: "the CI script", example: ".ci/run" },
    { pattern: "/Pulumi.yaml", role: "deploy", why: "how the CLI and the offline preview run the program", example: "Pulumi.yaml" },
    { pattern: "/tsconfig.json", role: "deploy", why: "how the program is compiled, under the CLI and offline", example: "tsconfig.json" },
    {
        pattern: "/infra/bootstrap/",
        role: "deploy",
        why: "the state backend, the CI roles and their guardrails (permissions boundary, OCI deployer statements)",
        example: "infra/bootstrap/index.ts",
    },
    {
        pattern: "/infra/guardrails/",
        role: "deploy",
        why: "the guardrail documents the bootstrap stack and the SCP are rendered from",
        example: "infra/guardrails/awsGuardrails.ts",
    },
];

const COMPILED: readonly { path: ProtectedPath; pattern: PathPattern }[] = PROTECTED_PATHS.map((p) => ({ path: p, pattern: compilePattern(p.pattern) }));

/** The protected path entry that covers `file` (repository-relative), the first in list order, or undefined. */
export function protectedPathOf(file: string): ProtectedPath | undefined {
    return COMPILED.find((c) => c.pattern.matches(file))?.path;
}
