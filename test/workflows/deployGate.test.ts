/**
 * deploy.yml may run `pulumi up` only after a passing `pulumi preview` of the same checkout, in the same job,
 * with the residency policy pack and the stack's policy config, and only the update plan that preview saved.
 * `deployGateErrors` reads the workflow as GitHub does (YAML) and lists every way `up` could run otherwise;
 * the mutations below show that each rule fails when broken.
 */
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const DEPLOY = path.join(REPO_ROOT, ".github", "workflows", "deploy.yml");
const STACKS = ["us-staging", "us-prod"];

type Step = Record<string, unknown> & { run?: string; uses?: string; with?: Record<string, unknown>; if?: string };
type Job = Record<string, unknown> & { steps?: Step[]; env?: Record<string, string>; environment?: string };
type Workflow = { jobs: Record<string, Job> };

/** Words of a shell command line, quotes removed (enough for the single commands this workflow runs). */
function words(command: string): string[] {
    return (command.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^["']|["']$/g, ""));
}

/** The value after `flag` in a command's words, or undefined. */
function flag(ws: string[], name: string): string | undefined {
    const i = ws.indexOf(name);
    return i >= 0 ? ws[i + 1] : undefined;
}

/** `$VAR` / `${VAR}` expanded from the job's env (the only env these steps use). */
function expand(value: string | undefined, env: Record<string, string>): string | undefined {
    return value?.replace(/\$\{?([A-Z_]+)\}?/g, (_m, v: string) => env[v] ?? `<unset ${v}>`);
}

const pulumiCommand = (step: Step, sub: string) => typeof step.run === "string" && new RegExp(`(^|\\n|;|&&)\\s*pulumi\\s+${sub}\\b`).test(step.run);
const runsAfterFailure = (step: Step) => typeof step.if === "string" && /always\(\)|failure\(\)|cancelled\(\)/.test(step.if);

function deployGateErrors(wf: Workflow): string[] {
    const errors: string[] = [];
    let ups = 0;
    for (const [id, job] of Object.entries(wf.jobs ?? {})) {
        const steps = job.steps ?? [];
        const env = { ...(job.env ?? {}) };
        steps.forEach((step, i) => {
            const where = `${id} step ${i}`;
            if (typeof step.uses === "string" && step.uses.startsWith("pulumi/actions@") && step.with?.command === "up") {
                errors.push(`${where}: pulumi/actions 'command: up' runs 'pulumi up --skip-preview' with no plan`);
            }
            if (!pulumiCommand(step, "up")) return;
            ups++;
            const up = words(step.run!);
            const stack = expand(flag(up, "--stack"), env);
            const plan = expand(flag(up, "--plan"), env);
            const config = expand(flag(up, "--policy-pack-config"), env);
            if (!stack) errors.push(`${where}: pulumi up names no --stack`);
            if (job.environment !== stack) errors.push(`${where}: pulumi up of ${stack} runs outside the '${stack}' environment`);
            if (flag(up, "--policy-pack") !== "policies") errors.push(`${where}: pulumi up without --policy-pack policies`);
            if (config !== `stacks/policy-config.${stack}.json`) errors.push(`${where}: pulumi up without the stack's --policy-pack-config`);
            if (!plan) errors.push(`${where}: pulumi up without --plan`);
            if (up.includes("--skip-preview")) errors.push(`${where}: pulumi up skips its own preview`);
            const previewAt = steps.findIndex((s, j) => {
                if (j >= i || !pulumiCommand(s, "preview")) return false;
                const p = words(s.run!);
                return (
                    expand(flag(p, "--stack"), env) === stack &&
                    flag(p, "--policy-pack") === "policies" &&
                    expand(flag(p, "--policy-pack-config"), env) === config &&
                    expand(flag(p, "--save-plan"), env) === plan
                );
            });
            if (previewAt < 0) {
                errors.push(`${where}: no earlier step of ${id} previews ${stack} with the pack, its policy config and --save-plan ${plan}`);
                return;
            }
            steps.slice(0, i + 1).forEach((s, j) => {
                if (s["continue-on-error"]) errors.push(`${id} step ${j}: continue-on-error lets pulumi up run after a failure`);
                if (runsAfterFailure(s)) errors.push(`${id} step ${j}: 'if: ${s.if}' runs after a failed step`);
            });
            if (job["continue-on-error"]) errors.push(`${id}: continue-on-error on the deploy job`);
            const checkouts = steps.map((s, j) => [s, j] as const).filter(([s]) => typeof s.uses === "string" && s.uses.startsWith("actions/checkout@"));
            if (checkouts.length !== 1 || checkouts[0][1] > previewAt) errors.push(`${id}: not exactly one checkout, before the preview`);
            for (const [s] of checkouts) {
                const ref = s.with?.ref;
                if (ref !== undefined && ref !== "${{ github.sha }}") errors.push(`${id}: checkout of '${String(ref)}', not the pushed commit`);
            }
            steps.slice(previewAt + 1, i).forEach((s, j) => {
                if (typeof s.run === "string" && /\bgit\s+(checkout|switch|reset|pull|fetch)\b/.test(s.run)) {
                    errors.push(`${id} step ${previewAt + 1 + j}: changes the checkout between preview and up`);
                }
                if (typeof s.run === "string" && new RegExp(`\\b${plan?.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`).test(expand(s.run, env) ?? "")) {
                    errors.push(`${id} step ${previewAt + 1 + j}: touches the update plan between preview and up`);
                }
            });
        });
    }
    if (ups === 0) errors.push("no job runs pulumi up");
    return errors;
}

const source = fs.readFileSync(DEPLOY, "utf8");
const load = (): Workflow => YAML.parse(source) as Workflow;

describe("deploy.yml: pulumi up only after a passing preview of the same commit", () => {
    it("holds for the shipped workflow", () => {
        expect(deployGateErrors(load())).toEqual([]);
    });

    it("deploys each stack, and each stack's policy config exists", () => {
        const wf = load();
        const deployed = Object.values(wf.jobs)
            .filter((j) => (j.steps ?? []).some((s) => pulumiCommand(s, "up")))
            .map((j) => j.environment);
        expect(deployed).toEqual(STACKS);
        for (const stack of STACKS) expect(fs.existsSync(path.join(REPO_ROOT, "stacks", `policy-config.${stack}.json`))).toBe(true);
        expect(fs.existsSync(path.join(REPO_ROOT, "policies", "PulumiPolicy.yaml"))).toBe(true);
    });

    it("deploys prod only after staging deployed", () => {
        expect(load().jobs["deploy-us-prod"]?.needs).toEqual(expect.arrayContaining(["deploy-us-staging", "offline-preview-us-prod"]));
    });

    type Mutation = (wf: Workflow) => void;
    const staging = (wf: Workflow) => wf.jobs["deploy-us-staging"]!.steps!;
    const stepIndex = (wf: Workflow, sub: string) => staging(wf).findIndex((s) => pulumiCommand(s, sub));
    const mutations: [string, Mutation, RegExp][] = [
        ["the preview step is removed", (wf) => void staging(wf).splice(stepIndex(wf, "preview"), 1), /no earlier step .* previews us-staging/],
        [
            "up runs before the preview",
            (wf) => {
                const s = staging(wf);
                const [p, u] = [stepIndex(wf, "preview"), stepIndex(wf, "up")];
                [s[p], s[u]] = [s[u]!, s[p]!];
            },
            /no earlier step .* previews us-staging/,
        ],
        [
            "the preview has no policy pack",
            (wf) => void (staging(wf)[stepIndex(wf, "preview")]!.run = staging(wf)[stepIndex(wf, "preview")]!.run!.replace("--policy-pack policies ", "")),
            /no earlier step/,
        ],
        [
            "the preview saves another plan",
            (wf) =>
                void (staging(wf)[stepIndex(wf, "preview")]!.run = staging(wf)[stepIndex(wf, "preview")]!.run!.replace(
                    '--save-plan "$RUNNER_TEMP/$PLAN"',
                    "--save-plan other.json",
                )),
            /no earlier step/,
        ],
        [
            "the preview is of another stack",
            (wf) =>
                void (staging(wf)[stepIndex(wf, "preview")]!.run = staging(wf)[stepIndex(wf, "preview")]!.run!.replace('--stack "$STACK"', "--stack us-prod")),
            /no earlier step/,
        ],
        [
            "up has no plan",
            (wf) => void (staging(wf)[stepIndex(wf, "up")]!.run = staging(wf)[stepIndex(wf, "up")]!.run!.replace('--plan "$RUNNER_TEMP/$PLAN"', "")),
            /without --plan/,
        ],
        [
            "up has no policy config",
            (wf) => void (staging(wf)[stepIndex(wf, "up")]!.run = staging(wf)[stepIndex(wf, "up")]!.run!.replace('--policy-pack-config "$POLICY_CONFIG"', "")),
            /policy-pack-config/,
        ],
        ["up skips its preview", (wf) => void (staging(wf)[stepIndex(wf, "up")]!.run += " --skip-preview"), /skips its own preview/],
        ["the preview may fail and up still run", (wf) => void (staging(wf)[stepIndex(wf, "preview")]!["continue-on-error"] = true), /continue-on-error/],
        ["up runs always", (wf) => void (staging(wf)[stepIndex(wf, "up")]!.if = "${{ always() }}"), /runs after a failed step/],
        [
            "the checkout is of another ref",
            (wf) => void (staging(wf).find((s) => s.uses?.startsWith("actions/checkout@"))!.with = { ref: "main" }),
            /not the pushed commit/,
        ],
        [
            "the checkout changes between preview and up",
            (wf) => void staging(wf).splice(stepIndex(wf, "up"), 0, { run: "git fetch origin && git checkout origin/main" }),
            /changes the checkout/,
        ],
        [
            "up uses pulumi/actions command: up",
            (wf) => void staging(wf).push({ uses: "pulumi/actions@v6", with: { command: "up", "stack-name": "us-staging" } }),
            /skip-preview/,
        ],
    ];

    it.each(mutations)("fails when %s", (_what, mutate, expected) => {
        const wf = load();
        mutate(wf);
        const errors = deployGateErrors(wf);
        expect(errors.join("\n")).toMatch(expected);
    });
});
