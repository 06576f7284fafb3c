import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { validateWorkflow, type ValidationError } from "@action-validator/core";
import { EXIT_BAD_INPUT, EXIT_MANDATORY_VIOLATION, EXIT_OK } from "./errors";

const REPO_ROOT = path.resolve(__dirname, "..");
export const DEFAULT_WORKFLOW_DIR = path.join(REPO_ROOT, ".github", "workflows");

/** Problems found in one workflow file. An empty list: the file is valid. */
export interface WorkflowResult {
    file: string;
    errors: string[];
}

const WORKFLOW_FILE = /\.ya?ml$/i;

/** Every `*.yml` / `*.yaml` in `dir` (not recursive: GitHub reads only the top of .github/workflows), sorted. */
export function findWorkflowFiles(dir: string): string[] {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return [];
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isFile() && WORKFLOW_FILE.test(e.name))
        .map((e) => path.join(dir, e.name))
        .sort();
}

/**
 * Flattens the validator's errors into one line each. A `oneOf` mismatch (a job is either a normal job
 * or a reusable-workflow call) shows the alternative(s) with the fewest errors: the one the author meant.
 */
export function describeValidationError(e: ValidationError, indent = ""): string[] {
    const where = "path" in e && e.path ? `${e.path}: ` : "";
    const message = e.detail ?? e.title;
    const at = "location" in e && e.location && !message.includes(`line ${e.location.line}`) ? ` (line ${e.location.line}, column ${e.location.column})` : "";
    const lines = [`${indent}${where}${message}${at}`];
    if ("states" in e && e.states && e.states.length > 0) {
        const described = e.states.map((state) => state.errors.flatMap((inner) => describeValidationError(inner, `${indent}    `)));
        const fewest = Math.min(...described.map((d) => d.length));
        described.forEach((d, i) => {
            if (d.length !== fewest) return;
            lines.push(`${indent}  closest alternative (${i + 1} of ${described.length}):`, ...d);
        });
    }
    return lines;
}

const PINNED_REF = /^(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/;

function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Rules of this repository that the schema cannot express: the workflow declares top-level
 * `permissions` (least privilege for GITHUB_TOKEN), and every action or reusable workflow from another
 * repository is pinned to a version tag (`@v4`) or a commit SHA, never a branch.
 */
export function repositoryRuleErrors(doc: unknown): string[] {
    if (!isRecord(doc)) return [];
    const errors: string[] = [];
    if (!("permissions" in doc)) {
        errors.push("/permissions: the workflow sets no top-level 'permissions'; declare the least the GITHUB_TOKEN needs (e.g. 'contents: read' or '{}')");
    }
    const checkUses = (uses: unknown, where: string) => {
        if (typeof uses !== "string" || uses.startsWith("./") || uses.startsWith("docker://")) return;
        const at = uses.lastIndexOf("@");
        const ref = at < 0 ? "" : uses.slice(at + 1);
        if (!PINNED_REF.test(ref)) {
            errors.push(`${where}: '${uses}' is not pinned to a version tag (e.g. @v4) or a commit SHA`);
        }
    };
    const jobs = isRecord(doc.jobs) ? doc.jobs : {};
    for (const [id, job] of Object.entries(jobs)) {
        if (!isRecord(job)) continue;
        checkUses(job.uses, `/jobs/${id}/uses`);
        if (Array.isArray(job.steps)) job.steps.forEach((step, i) => isRecord(step) && checkUses(step.uses, `/jobs/${id}/steps/${i}/uses`));
    }
    return errors;
}

/** Validates one workflow against the SchemaStore workflow schema (offline, bundled in @action-validator/core) and the repository rules. */
export function validateWorkflowSource(source: string): string[] {
    const state = validateWorkflow(source);
    const errors = state.errors.flatMap((e) => describeValidationError(e));
    if (state.errors.some((e) => e.code === "parse_error")) return errors;
    let doc: unknown;
    try {
        doc = YAML.parse(source);
    } catch {
        return errors;
    }
    return errors.concat(repositoryRuleErrors(doc));
}

export function validateWorkflowFile(file: string): WorkflowResult {
    let source: string;
    try {
        source = fs.readFileSync(file, "utf8");
    } catch (e) {
        return { file, errors: [`cannot read it: ${(e as Error).message}`] };
    }
    return { file, errors: validateWorkflowSource(source) };
}

/** Expands the arguments (workflow files or directories of them) into files; none: .github/workflows. */
export function resolveTargets(args: string[]): string[] {
    const targets = args.length > 0 ? args.map((a) => path.resolve(a)) : [DEFAULT_WORKFLOW_DIR];
    return targets.flatMap((t) => (fs.existsSync(t) && fs.statSync(t).isDirectory() ? findWorkflowFiles(t) : [t]));
}

/**
 * `validate-workflows [FILE|DIR ...]`: validates every workflow, prints each file with its errors, and
 * returns 0 when all are valid, 1 when any has an error, 2 when there is no workflow to validate.
 */
export async function main(argv: string[] = process.argv.slice(2), out: (line: string) => void = (l) => process.stdout.write(l + "\n")): Promise<number> {
    if (argv.includes("-h") || argv.includes("--help")) {
        out("usage: validate-workflows [FILE|DIR ...]   (default: .github/workflows)");
        out("Validates GitHub Actions workflows against the workflow schema and this repository's rules; exit 0 valid, 1 errors, 2 nothing to validate.");
        return EXIT_OK;
    }
    const missing = argv.filter((a) => !fs.existsSync(a));
    if (missing.length > 0) {
        out(`error: no such file or directory: ${missing.join(", ")}`);
        return EXIT_BAD_INPUT;
    }
    const files = resolveTargets(argv);
    if (files.length === 0) {
        out(`error: no workflow files (*.yml, *.yaml) in ${argv.length > 0 ? argv.join(", ") : path.relative(process.cwd(), DEFAULT_WORKFLOW_DIR)}`);
        return EXIT_BAD_INPUT;
    }
    const annotate = process.env.GITHUB_ACTIONS === "true";
    let failed = 0;
    for (const result of files.map(validateWorkflowFile)) {
        const shown = path.relative(process.cwd(), result.file) || result.file;
        if (result.errors.length === 0) {
            out(`ok     ${shown}`);
            continue;
        }
        failed++;
        out(`error  ${shown}`);
        for (const e of result.errors) out(`    ${e}`);
        if (annotate) out(`::error file=${shown}::invalid workflow: ${result.errors[0].trim()}`);
    }
    out("");
    out(failed === 0 ? `${files.length} workflow(s) valid.` : `${failed} of ${files.length} workflow(s) invalid.`);
    return failed === 0 ? EXIT_OK : EXIT_MANDATORY_VIOLATION;
}
