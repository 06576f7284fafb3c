/**
 * Where the gate's code comes from, read from the workflows as GitHub reads them. Each checker lists every way a
 * workflow breaks its rule; each mutation below puts back one of the ways today's main broke it, and must be caught.
 *
 * - preview.yml: the pull request is judged by the BASE commit's gate (a second checkout), its pack and its policy
 *   config; nothing of the pull request runs but its program; its dependencies install with --ignore-scripts; the
 *   report starts with the gate files the pull request changes.
 * - deploy.yml: installs run no lifecycle script, the pack is built explicitly, the digest of policies/bin is recorded
 *   after the build and checked (with a clean checkout) between the preview, where the program runs, and `pulumi up`.
 * - every workflow: secrets only in the steps that use them, `id-token: write` only where a role is assumed, Node 24,
 *   and the sandbox's user namespaces allowed before any offline preview.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    commands,
    flagValue,
    isCheckout,
    type Job,
    loadWorkflow,
    mentionsSecret,
    REPO_ROOT,
    runs,
    type Step,
    stepEnv,
    words,
    type Workflow,
} from "./workflowModel";

const BASE_REF = "${{ github.event.pull_request.base.sha }}";
const SANDBOX_SYSCTL = /sudo sysctl -w kernel\.apparmor_restrict_unprivileged_userns=0/;
const OFFLINE_PREVIEW = /\bbin\/preview\.js\b|\bnpm run (--silent )?preview\b/;

/** The directory a step runs in, relative to the workspace. */
const cwdOf = (s: Step) => path.posix.normalize(s["working-directory"] ?? ".");
/** A path a command names, relative to the workspace. */
const inWorkspace = (s: Step, p: string) => path.posix.normalize(path.posix.join(cwdOf(s), p));
const under = (p: string, dir: string) => p === dir || p.startsWith(`${dir}/`);

const runsPreview = (job: Job) =>
    (job.steps ?? []).some((s) => runs(s, OFFLINE_PREVIEW) || runs(s, /\bpulumi preview\b/) || s.uses?.startsWith("pulumi/actions@"));

/** preview.yml: every job that previews judges with the base commit's gate, and runs nothing of the pull request but its program. */
function prGateErrors(wf: Workflow): string[] {
    const errors: string[] = [];
    let judged = 0;
    for (const [id, job] of Object.entries(wf.jobs)) {
        if (!runsPreview(job)) continue;
        judged++;
        const steps = job.steps ?? [];
        const checkouts = steps.filter(isCheckout);
        const base = checkouts.filter((s) => s.with?.ref === BASE_REF);
        const head = checkouts.filter((s) => s.with?.ref === undefined);
        const gate = typeof base[0]?.with?.path === "string" ? path.posix.normalize(base[0].with.path as string) : undefined;
        const pr = typeof head[0]?.with?.path === "string" ? path.posix.normalize(head[0].with.path as string) : undefined;
        if (base.length !== 1 || !gate || gate === ".") errors.push(`${id}: no checkout of the base commit (ref ${BASE_REF}) into a folder of its own`);
        if (head.length !== 1 || !pr || pr === "." || pr === gate || checkouts.length !== 2)
            errors.push(`${id}: not exactly one checkout of the pull request, in another folder`);
        for (const c of checkouts) if (c.with?.["persist-credentials"] !== false) errors.push(`${id}: a checkout keeps the token in .git/config`);
        if (!gate || !pr) continue;

        let gateInstalled = -1;
        let prInstalled = -1;
        let built = -1;
        steps.forEach((s, i) => {
            if (typeof s.run !== "string") return;
            for (const cmd of commands(s.run, stepEnv(job, s))) {
                const ws = words(cmd);
                const npm = ws.indexOf("npm");
                if (npm >= 0 && !/^(echo|printf)$/.test(ws[0]!)) {
                    if (ws[npm + 1] !== "ci") errors.push(`${id} step ${i}: runs 'npm ${ws[npm + 1]}' (package.json scripts of ${cwdOf(s)})`);
                    else if (!ws.includes("--ignore-scripts")) errors.push(`${id} step ${i}: npm ci without --ignore-scripts in ${cwdOf(s)}`);
                    else if (under(cwdOf(s), gate)) gateInstalled = i;
                    else if (under(cwdOf(s), pr)) prInstalled = i;
                }
                if (ws.includes("npx")) errors.push(`${id} step ${i}: runs npx`);
                const node = ws.indexOf("node");
                if (node >= 0 && ws[node + 1]) {
                    const script = inWorkspace(s, ws[node + 1]!);
                    if (!under(script, gate)) errors.push(`${id} step ${i}: runs ${script}, not the gate's`);
                    if (script === `${gate}/policies/build.js` && ws.includes("--force")) built = i;
                    if (script === `${gate}/bin/preview.js`) {
                        const cwd = flagValue(ws, "--cwd");
                        const pack = flagValue(ws, "--policy-pack");
                        const config = flagValue(ws, "--policy-pack-config");
                        if (!cwd || !under(inWorkspace(s, cwd), pr))
                            errors.push(`${id} step ${i}: the offline preview does not judge the pull request's checkout (--cwd ${cwd})`);
                        if (!pack || inWorkspace(s, pack) !== `${gate}/policies`)
                            errors.push(`${id} step ${i}: the offline preview runs a pack other than the gate's (--policy-pack ${pack})`);
                        if (config !== undefined && !under(inWorkspace(s, config), gate))
                            errors.push(`${id} step ${i}: the policy config ${config} is not the base commit's`);
                        if (built < 0 || built > i) errors.push(`${id} step ${i}: the offline preview runs before the gate's pack is built`);
                        if (!steps.slice(0, i).some((p) => runs(p, SANDBOX_SYSCTL)))
                            errors.push(`${id} step ${i}: no earlier step allows the sandbox's user namespaces`);
                    }
                }
                if (/\bpulumi preview\b/.test(cmd))
                    errors.push(`${id} step ${i}: runs pulumi preview itself (use the pack of the gate through pulumi/actions)`);
            }
        });
        if (gateInstalled < 0) errors.push(`${id}: the gate is not installed with npm ci --ignore-scripts in ${gate}`);
        if (prInstalled < 0) errors.push(`${id}: the pull request's dependencies are not installed with npm ci --ignore-scripts in ${pr}`);
        if (built < 0) errors.push(`${id}: no step builds the gate's pack (node ${gate}/policies/build.js --force)`);

        const cloud = steps.filter((s) => s.uses?.startsWith("pulumi/actions@"));
        for (const s of cloud) {
            const packs = String(s.with?.policyPacks ?? "");
            if (
                !/^\$\{\{ github\.workspace \}\}\//.test(packs) ||
                path.posix.normalize(packs.replace(/^\$\{\{ github\.workspace \}\}\//, "")) !== `${gate}/policies`
            ) {
                errors.push(`${id}: pulumi/actions runs the pack '${packs}', not the gate's`);
            }
            if (path.posix.normalize(String(s.with?.["work-dir"] ?? ".")) !== pr)
                errors.push(`${id}: pulumi/actions previews ${String(s.with?.["work-dir"] ?? ".")}, not the pull request's checkout`);
            const configStep = /steps\.([A-Za-z0-9_-]+)\.outputs/.exec(String(s.with?.policyPackConfigs ?? ""))?.[1];
            const from = steps.find((p) => p.id === configStep);
            if (s.with?.policyPackConfigs !== undefined && !(from && runs(from, new RegExp(`\\b${gate}/stacks/policy-config\\.`)))) {
                errors.push(`${id}: pulumi/actions takes a policy config that is not the base commit's`);
            }
        }

        if (!cloud.length) {
            const changes = steps.findIndex((s) =>
                runs(s, new RegExp(`node ${gate}/bin/gate-changes\\.js --base ${gate} --head ${pr} --out "gate-changes-\\$STACK\\.md"`)),
            );
            const prepend = steps.findIndex(
                (s) =>
                    runs(s, /cat "gate-changes-\$STACK\.md"[\s\S]*> "\$report\.new"[\s\S]*mv "\$report\.new" "\$report"/) &&
                    runs(s, /report="residency-\$STACK\.md"/),
            );
            const published = steps.findIndex((s) => s.uses?.startsWith("marocchino/sticky-pull-request-comment@") || runs(s, /GITHUB_STEP_SUMMARY/));
            if (changes < 0) errors.push(`${id}: no step lists the gate files the pull request changes (the gate's bin/gate-changes.js)`);
            if (prepend < 0 || prepend < changes || published < 0 || prepend > published)
                errors.push(`${id}: the report is published without the gate changes at its top`);
            if (mentionsSecret(job) || (typeof job.permissions === "object" && job.permissions["id-token"]))
                errors.push(`${id}: the offline preview job holds a secret or an OIDC token`);
        }
    }
    if (judged === 0) errors.push("no job previews the pull request");
    return errors;
}

const DIGEST_PIPELINE = "find . -type f ! -path ./.bin-digest | sed 's|^\\./||' | LC_ALL=C sort | xargs -d '\\n' sha256sum | sha256sum";

/** deploy.yml: each deploy job installs without scripts, builds the pack, and checks policies/bin between the preview and up. */
function deployPackErrors(wf: Workflow): string[] {
    const errors: string[] = [];
    let deploys = 0;
    for (const [id, job] of Object.entries(wf.jobs)) {
        const steps = job.steps ?? [];
        const up = steps.findIndex((s) => runs(s, /(^|\n)\s*pulumi up\b/));
        if (up < 0) continue;
        deploys++;
        const install = steps.findIndex((s) => runs(s, /\bnpm ci\b/));
        steps.forEach((s, i) => {
            if (runs(s, /\bnpm (ci|install|i)\b/) && !runs(s, /\bnpm ci --ignore-scripts\b/)) errors.push(`${id} step ${i}: installs with lifecycle scripts`);
            if (runs(s, /\bnpm (run|test|exec)\b|\bnpx\b/)) errors.push(`${id} step ${i}: runs package.json scripts`);
        });
        const build = steps.findIndex((s) => runs(s, /(^|\n)\s*node policies\/build\.js --force\b/));
        const preview = steps.map((s, i) => (runs(s, /(^|\n)\s*pulumi preview\b/) ? i : -1)).filter((i) => i >= 0);
        const lastPreview = Math.max(-1, ...preview);
        if (install < 0) errors.push(`${id}: no npm ci`);
        if (build < 0 || build < install || (preview.length > 0 && build > preview[0]!))
            errors.push(`${id}: the pack is not built explicitly after the install and before the preview`);
        const buildStep = steps[build];
        if (buildStep && !(buildStep.id && runs(buildStep, /bin-digest=\$digest" >> "\$GITHUB_OUTPUT"/) && buildStep.run!.includes(DIGEST_PIPELINE))) {
            errors.push(`${id}: the build step does not record the coreutils digest of policies/bin as an output`);
        }
        const verify = steps.findIndex(
            (s, i) =>
                i > lastPreview &&
                i < up &&
                buildStep?.id !== undefined &&
                JSON.stringify(s.env ?? {}).includes(`steps.${buildStep.id}.outputs.bin-digest`) &&
                s.run?.includes(DIGEST_PIPELINE) &&
                runs(s, /git status --porcelain=v1 --untracked-files=all/),
        );
        if (verify < 0)
            errors.push(`${id}: no step between the last preview and pulumi up checks policies/bin against its build digest and the checkout for changes`);
        const assume = steps.findIndex((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
        if (assume >= 0 && (assume < build || assume < install)) errors.push(`${id}: the cloud role is assumed before the install and the build`);
    }
    if (deploys === 0) errors.push("no job runs pulumi up");
    return errors;
}

/** Every workflow: secrets only in the steps that use them, OIDC only where a role is assumed, Node 24, the sandbox allowed. */
function hygieneErrors(wf: Workflow): string[] {
    const errors: string[] = [];
    if (mentionsSecret(wf.env)) errors.push("workflow-level env holds a secret");
    for (const [id, job] of Object.entries(wf.jobs)) {
        const steps = job.steps ?? [];
        if (mentionsSecret(job.env)) errors.push(`${id}: job-level env holds a secret`);
        steps.forEach((s, i) => {
            if (mentionsSecret(s.env) && runs(s, /\b(npm|npx|node)\b/)) errors.push(`${id} step ${i}: a step that runs npm or node holds a secret`);
        });
        const oidc = typeof job.permissions === "object" && job.permissions["id-token"] === "write";
        const assumes = steps.some((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
        if (oidc !== assumes) errors.push(`${id}: id-token: write ${oidc ? "without" : "missing for"} an AWS role to assume`);
        for (const s of steps.filter((p) => p.uses?.startsWith("actions/setup-node@"))) {
            const v = String(s.with?.["node-version"] ?? "");
            const matrix = /^\$\{\{ matrix\.(\w+) \}\}$/.exec(v);
            const versions = matrix ? ((job.strategy?.matrix?.[matrix[1]!] as unknown[]) ?? []).map(String) : [v];
            if (!versions.includes("24") || versions.some((x) => !/^(22|24)$/.test(x)))
                errors.push(`${id}: Node ${versions.join(", ")}, not 24 (22 only beside 24 in a test matrix)`);
        }
        steps.forEach((s, i) => {
            if (runs(s, OFFLINE_PREVIEW) && !steps.slice(0, i).some((p) => runs(p, SANDBOX_SYSCTL)))
                errors.push(`${id} step ${i}: an offline preview without the sandbox's user namespaces allowed first`);
        });
    }
    return errors;
}

type Mutation = (wf: Workflow) => void;
const job = (wf: Workflow, id: string) => wf.jobs[id]!;
const step = (wf: Workflow, id: string, re: RegExp) =>
    job(wf, id).steps!.find((s) => (s.run && re.test(s.run)) || (s.name && re.test(s.name)) || (s.uses && re.test(s.uses)))!;
const removeStep = (wf: Workflow, id: string, re: RegExp) => {
    const steps = job(wf, id).steps!;
    steps.splice(steps.indexOf(step(wf, id, re)), 1);
};
const editRun = (wf: Workflow, id: string, re: RegExp, from: string | RegExp, to: string) => {
    const s = step(wf, id, re);
    const before = s.run!;
    s.run = before.replace(from, to);
    if (s.run === before) throw new Error(`mutation did not apply to ${id}: ${String(from)}`);
};

describe("preview.yml: the pull request is judged by the base commit's gate", () => {
    const load = () => loadWorkflow("preview.yml");

    it("holds for the shipped workflow", () => {
        expect(prGateErrors(load())).toEqual([]);
        expect(hygieneErrors(load())).toEqual([]);
    });

    const mutations: [string, Mutation, RegExp][] = [
        [
            "the second checkout is of the pull request's head",
            (wf) => void (step(wf, "offline-preview", /base commit/).with!.ref = "${{ github.event.pull_request.head.sha }}"),
            /no checkout of the base commit/,
        ],
        ["there is one checkout, as on main", (wf) => removeStep(wf, "offline-preview", /Check out the base commit/), /no checkout of the base commit/],
        [
            "the preview runs the pull request's bin/preview.js",
            (wf) => editRun(wf, "offline-preview", /preview\.js/, "node gate/bin/preview.js", "node pr/bin/preview.js"),
            /runs pr\/bin\/preview\.js, not the gate's/,
        ],
        [
            "the preview runs through npm run, as on main",
            (wf) => editRun(wf, "offline-preview", /preview\.js/, "node gate/bin/preview.js", "npm run preview --"),
            /runs 'npm run'/,
        ],
        [
            "the preview runs the pull request's pack",
            (wf) => editRun(wf, "offline-preview", /preview\.js/, "--policy-pack gate/policies", "--policy-pack pr/policies"),
            /a pack other than the gate's/,
        ],
        [
            "the preview takes the pull request's policy config",
            (wf) => editRun(wf, "offline-preview", /preview\.js/, 'config="gate/$POLICY_CONFIG"', 'config="pr/$POLICY_CONFIG"'),
            /is not the base commit's/,
        ],
        [
            "the preview judges the gate's own checkout",
            (wf) => editRun(wf, "offline-preview", /preview\.js/, '--cwd "pr/$PROJECT"', '--cwd "gate/$PROJECT"'),
            /does not judge the pull request's checkout/,
        ],
        [
            "the pull request's install runs its scripts",
            (wf) => editRun(wf, "offline-preview", /pull request's dependencies/, "npm ci --ignore-scripts", "npm ci"),
            /npm ci without --ignore-scripts in pr/,
        ],
        [
            "the gate's install runs scripts",
            (wf) => editRun(wf, "offline-preview", /Install the gate/, "npm ci --ignore-scripts", "npm ci"),
            /npm ci without --ignore-scripts in gate/,
        ],
        ["the gate's pack is not built", (wf) => removeStep(wf, "offline-preview", /Build the gate's policy pack/), /no step builds the gate's pack/],
        [
            "the pull request's pack is built",
            (wf) => void (step(wf, "offline-preview", /Build the gate's policy pack/)["working-directory"] = "pr"),
            /runs pr\/policies\/build\.js/,
        ],
        ["no gate-change list", (wf) => removeStep(wf, "offline-preview", /Gate files the pull request changes/), /no step lists the gate files/],
        [
            "the gate-change list comes from the pull request's tool",
            (wf) => editRun(wf, "offline-preview", /gate-changes\.js/, "node gate/bin/gate-changes.js", "node pr/bin/gate-changes.js"),
            /runs pr\/bin\/gate-changes\.js/,
        ],
        [
            "the report is published without the gate changes",
            (wf) => removeStep(wf, "offline-preview", /Gate changes at the top of the report/),
            /without the gate changes at its top/,
        ],
        [
            "the sandbox is not allowed",
            (wf) => removeStep(wf, "offline-preview", /Allow unprivileged user namespaces/),
            /no earlier step allows the sandbox's user namespaces/,
        ],
        ["the offline preview job gets a secret", (wf) => void (job(wf, "offline-preview").env!.OCI_KEY = "${{ secrets.OCI_PRIVATE_KEY }}"), /holds a secret/],
        [
            "the real preview runs the pull request's pack",
            (wf) => void (step(wf, "cloud-preview", /pulumi\/actions/).with!.policyPacks = "policies"),
            /pulumi\/actions runs the pack 'policies'/,
        ],
        [
            "the real preview runs without a base checkout",
            (wf) => removeStep(wf, "cloud-preview", /Check out the base commit/),
            /cloud-preview: no checkout of the base commit/,
        ],
        [
            "the real preview installs with scripts, as on main",
            (wf) => editRun(wf, "cloud-preview", /pull request's dependencies/, "npm ci --ignore-scripts", "npm ci"),
            /cloud-preview step \d+: npm ci without --ignore-scripts/,
        ],
        [
            "the real preview's OCI key is in the job's env, as on main",
            (wf) => void (job(wf, "cloud-preview").env!.TF_VAR_private_key = "${{ secrets.OCI_PRIVATE_KEY }}"),
            /cloud-preview: job-level env holds a secret/,
        ],
        [
            "the real preview takes the pull request's policy config",
            (wf) => editRun(wf, "cloud-preview", /Policy config of the stack|policy-config\./, /gate\/stacks/g, "pr/stacks"),
            /a policy config that is not the base commit's/,
        ],
    ];

    it.each(mutations)("fails when %s", (_what, mutate, expected) => {
        const wf = load();
        mutate(wf);
        expect([...prGateErrors(wf), ...hygieneErrors(wf)].join("\n")).toMatch(expected);
    });
});

describe("deploy.yml: no lifecycle scripts, an explicit build, and policies/bin checked between the preview and up", () => {
    const load = () => loadWorkflow("deploy.yml");

    it("holds for the shipped workflow", () => {
        expect(deployPackErrors(load())).toEqual([]);
        expect(hygieneErrors(load())).toEqual([]);
    });

    const mutations: [string, Mutation, RegExp][] = [
        [
            "the deploy installs with scripts, as on main",
            (wf) => editRun(wf, "deploy-us-staging", /npm ci/, "npm ci --ignore-scripts", "npm ci"),
            /installs with lifecycle scripts/,
        ],
        [
            "the pack is not built explicitly",
            (wf) => removeStep(wf, "deploy-us-prod", /Build the policy pack/),
            /deploy-us-prod: the pack is not built explicitly/,
        ],
        [
            "the build records no digest",
            (wf) => editRun(wf, "deploy-us-staging", /Build the policy pack|build\.js/, /echo "bin-digest=\$digest" >> "\$GITHUB_OUTPUT"/, "true"),
            /does not record the coreutils digest/,
        ],
        [
            "no check before up",
            (wf) => removeStep(wf, "deploy-us-staging", /The pack and the checkout are as built/),
            /no step between the last preview and pulumi up checks policies\/bin/,
        ],
        [
            "the check runs before the preview",
            (wf) => {
                const steps = job(wf, "deploy-us-prod").steps!;
                const check = step(wf, "deploy-us-prod", /The pack and the checkout are as built/);
                steps.splice(steps.indexOf(check), 1);
                steps.splice(steps.indexOf(step(wf, "deploy-us-prod", /pulumi preview/)), 0, check);
            },
            /deploy-us-prod: no step between the last preview and pulumi up/,
        ],
        [
            "the check compares with a digest read from bin/ itself",
            (wf) => void (step(wf, "deploy-us-staging", /The pack and the checkout are as built/).env = { BUILT_DIGEST: "$(cat policies/bin/.bin-digest)" }),
            /no step between the last preview and pulumi up/,
        ],
        [
            "the check ignores files that appeared",
            (wf) => editRun(wf, "deploy-us-staging", /The pack and the checkout|git status/, "--untracked-files=all", "--untracked-files=no"),
            /no step between the last preview and pulumi up/,
        ],
        [
            "the OCI key is in the job's env, as on main",
            (wf) => void (job(wf, "deploy-us-prod").env!.TF_VAR_private_key = "${{ secrets.OCI_PRIVATE_KEY }}"),
            /deploy-us-prod: job-level env holds a secret/,
        ],
        [
            "the install step gets the OCI key",
            (wf) => void (step(wf, "deploy-us-prod", /npm ci/).env = { TF_VAR_private_key: "${{ secrets.OCI_PRIVATE_KEY }}" }),
            /a step that runs npm or node holds a secret/,
        ],
        [
            "an offline preview job gets id-token: write",
            (wf) => void ((job(wf, "offline-preview-us-prod").permissions as Record<string, string>)["id-token"] = "write"),
            /offline-preview-us-prod: id-token: write without/,
        ],
        [
            "the role is assumed before the install",
            (wf) => {
                const steps = job(wf, "deploy-us-staging").steps!;
                const assume = step(wf, "deploy-us-staging", /configure-aws-credentials/);
                steps.splice(steps.indexOf(assume), 1);
                steps.splice(steps.indexOf(step(wf, "deploy-us-staging", /npm ci/)), 0, assume);
            },
            /the cloud role is assumed before the install and the build/,
        ],
        ["a job runs Node 20", (wf) => void (step(wf, "checks", /setup-node/).with!["node-version"] = 20), /checks: Node 20, not 24/],
        [
            "an offline preview runs without the sandbox allowed",
            (wf) => removeStep(wf, "offline-preview-us-staging", /Allow unprivileged user namespaces/),
            /offline-preview-us-staging step \d+: an offline preview without the sandbox/,
        ],
    ];

    it.each(mutations)("fails when %s", (_what, mutate, expected) => {
        const wf = load();
        mutate(wf);
        expect([...deployPackErrors(wf), ...hygieneErrors(wf)].join("\n")).toMatch(expected);
    });
});

describe("audit.yml", () => {
    it("keeps secrets, OIDC, installs and Node as the rules say", () => {
        const wf = loadWorkflow("audit.yml");
        expect(hygieneErrors(wf)).toEqual([]);
        for (const s of Object.values(wf.jobs).flatMap((j) => j.steps ?? [])) if (runs(s, /\bnpm ci\b/)) expect(s.run).toMatch(/npm ci --ignore-scripts/);
    });
});

// The deploy job's build and check steps, run as written (bash, coreutils, git) in a scratch checkout of the pack:
// the check must pass on the build and stop a patched bin/, an added file and an edited tracked file.
describe("deploy.yml's build and check steps, run as written", () => {
    let buildRun: string;
    let checkRun: string;
    let dir: string;

    const bash = (script: string, env: Record<string, string>) =>
        spawnSync("bash", ["-e", "-c", script], { cwd: dir, encoding: "utf8", env: { ...process.env, ...env } });
    const git = (...args: string[]) => spawnSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: dir, encoding: "utf8" });

    beforeAll(() => {
        const wf = loadWorkflow("deploy.yml");
        buildRun = step(wf, "deploy-us-staging", /Build the policy pack/)?.run ?? "false";
        checkRun = step(wf, "deploy-us-staging", /The pack and the checkout are as built/)?.run ?? "false";
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-steps-"));
        fs.cpSync(path.join(REPO_ROOT, "policies"), path.join(dir, "policies"), { recursive: true, filter: (src) => !/[\\/](bin|node_modules)$/.test(src) });
        fs.copyFileSync(path.join(REPO_ROOT, ".gitignore"), path.join(dir, ".gitignore"));
        fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"));
        expect(git("init", "-q").status).toBe(0);
        expect(git("add", "-A").status).toBe(0);
        expect(git("commit", "-qm", "pack").status).toBe(0);
    }, 60_000);
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    function buildAndRecord(): string {
        const output = path.join(dir, "..", `${path.basename(dir)}.output`);
        fs.writeFileSync(output, "");
        const built = bash(buildRun, { GITHUB_OUTPUT: output });
        expect(built.stderr).not.toMatch(/::error/);
        expect(built.status).toBe(0);
        const digest = /^bin-digest=([0-9a-f]{64})$/m.exec(fs.readFileSync(output, "utf8"))?.[1];
        expect(digest).toBe(fs.readFileSync(path.join(dir, "policies", "bin", ".bin-digest"), "utf8").trim());
        return digest!;
    }

    it("passes right after the build, and stops a patched bin/, an added file and an edited tracked file", () => {
        const digest = buildAndRecord();
        expect(bash(checkRun, { BUILT_DIGEST: digest }).status).toBe(0);

        const rule = path.join(dir, "policies", "bin", "rules", "usTrafficSteeredToOci.js");
        const original = fs.readFileSync(rule, "utf8");
        fs.writeFileSync(rule, original.replace("A DNS steering policy", "Patched. A DNS steering policy"));
        const patched = bash(checkRun, { BUILT_DIGEST: digest });
        expect(patched.status).toBe(1);
        expect(patched.stdout).toMatch(/::error::policies\/bin changed after it was built/);
        fs.writeFileSync(rule, original);
        expect(bash(checkRun, { BUILT_DIGEST: digest }).status).toBe(0);

        fs.writeFileSync(path.join(dir, "policies", "rules", "extra.ts"), "export {};\n");
        const added = bash(checkRun, { BUILT_DIGEST: digest });
        expect(added.status).toBe(1);
        expect(added.stdout).toMatch(/the checkout changed after the build[\s\S]*\?\? policies\/rules\/extra\.ts/);
        fs.rmSync(path.join(dir, "policies", "rules", "extra.ts"));

        fs.appendFileSync(path.join(dir, "policies", "launch.js"), "\n// edited\n");
        const edited = bash(checkRun, { BUILT_DIGEST: digest });
        expect(edited.status).toBe(1);
        expect(edited.stdout).toMatch(/ M policies\/launch\.js/);
        expect(git("checkout", "--", "policies/launch.js").status).toBe(0);

        expect(bash(checkRun, { BUILT_DIGEST: "" }).status).toBe(1);
    }, 120_000);
});
