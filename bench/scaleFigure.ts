import { spawn } from "child_process";
import * as path from "path";
import * as fs from "fs";
import { runTimed } from "./childProcess";
import { BENCH_BIN, POLICY_TODAY, REPO_ROOT } from "./paths";
import { SDK_ALONE_PREFIX, type SdkAloneResult } from "./sdkAloneWorker";
import { writeScaleProject } from "./scaleProgram";
import type { Plan } from "./sampling";
import { Summary, summarize } from "./stats";
import { sampleTreeMemory, type TreeMemory } from "./treeMemory";

/** What a process of the preview does: the parent plays the engine, the pack judges, each program process runs one pass. */
export const PREVIEW_ROLES = ["parent", "pack", "program", "other"] as const;
export type PreviewRole = (typeof PREVIEW_ROLES)[number];

/**
 * The role of a process of the preview: the one started (`root`) is the parent; a Node process running the pack's
 * host or the SDK's runner is the pack or a program pass. The box's shells (whose arguments name the runner too,
 * until they exec Node) and namespace helpers are "other".
 */
export function roleOfProcess(pid: number, argv: readonly string[], root: number): PreviewRole {
    if (pid === root) return "parent";
    if (!/(^|[\\/])node(\.exe)?$/.test(argv[0] ?? "")) return "other";
    const names = (file: RegExp) => argv.some((a) => file.test(a.replace(/\\/g, "/")));
    if (names(/\/(packHost\.js|run-policy-pack)$/)) return "pack";
    if (names(/@pulumi\/pulumi\/cmd\/run(\/index\.js)?$/)) return "program";
    return "other";
}

export type ByRole<T> = Record<PreviewRole, T>;

/** One run, per role: the processes of that role, their CPU time together and the largest own peak among them. */
export interface RoleFigures {
    processes: number;
    cpuMs: number;
    peakMb: number;
}

function byRole({ processes, root }: TreeMemory): ByRole<RoleFigures> {
    const out = Object.fromEntries(PREVIEW_ROLES.map((r) => [r, { processes: 0, cpuMs: 0, peakMb: 0 }])) as ByRole<RoleFigures>;
    for (const p of processes) {
        const r = out[roleOfProcess(p.pid, p.argv, root)];
        r.processes++;
        r.cpuMs += p.cpuSeconds * 1000;
        r.peakMb = Math.max(r.peakMb, p.peakMb);
    }
    return out;
}

/** One end-to-end preview of a generated program: wall time and the memory of its whole process tree. */
export interface ScaleRun {
    wallMs: number;
    memory: TreeMemory;
    /** The same per role: which process needs the CPU and the memory. */
    roles: ByRole<RoleFigures>;
    /** Resources the preview counted ("+ N to create"). */
    resources: number;
    code: number | null;
}

export interface ScaleResult {
    size: number;
    /** Resources the preview counted. */
    resources: number;
    wallMs: Summary;
    /** Largest summed RSS of the tree, per run. */
    peakSumMb: Summary;
    /** Largest single process's VmHWM, per run. */
    peakProcessMb: Summary;
    /** CPU time (user + system) of all the processes, per run: what the machine's load does not change much. */
    cpuMs: Summary;
    /** Per role, per run: the CPU time of its processes together and the largest own peak among them. */
    byRole: ByRole<{ cpuMs: Summary; peakMb: Summary }>;
    runs: ScaleRun[];
    /** One pass of the same program by the SDK alone (bench/sdkAloneWorker.ts), once: what the end-to-end figures are read against. */
    sdkAlone: SdkAloneResult;
}

function previewOnce(dir: string, stack: string): Promise<ScaleRun> {
    return new Promise((resolve, reject) => {
        const started = process.hrtime.bigint();
        const child = spawn(process.execPath, [path.join(REPO_ROOT, "bin", "preview.js"), "--cwd", dir, "--stack", stack], {
            cwd: REPO_ROOT,
            env: { ...process.env, RESIDENCY_POLICY_TODAY: POLICY_TODAY },
            stdio: ["ignore", "pipe", "pipe"],
        });
        const sampler = sampleTreeMemory(child.pid!);
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d.toString()));
        child.stderr.on("data", (d) => (stderr = (stderr + d.toString()).slice(-4000)));
        child.once("error", reject);
        child.once("close", (code) => {
            const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
            const memory = sampler.stop();
            // 0: no mandatory violation; 1: violations (a finished preview all the same); 2: it failed.
            if (code !== 0 && code !== 1) return reject(new Error(`the offline preview of ${dir} failed (exit ${code}): ${stderr.slice(-2000)}`));
            const m = /\+ (\d+) to create/.exec(stdout);
            resolve({ wallMs, memory, roles: byRole(memory), resources: m ? Number(m[1]) : 0, code });
        });
    });
}

/** One pass of the program by the SDK alone, in a fresh `bin/bench.js --worker sdk-alone` process. */
async function sdkAloneOnce(dir: string, stack: string): Promise<SdkAloneResult> {
    const args = [BENCH_BIN, "--worker", "sdk-alone", "--dir", dir, "--stack", stack];
    const run = await runTimed(process.execPath, args, { cwd: REPO_ROOT });
    const line = run.stdout.split("\n").find((l) => l.startsWith(SDK_ALONE_PREFIX));
    if (run.code !== 0 || !line) throw new Error(`the SDK-alone worker (${args.slice(1).join(" ")}) failed with exit ${run.code}: ${run.stderr.slice(-2000)}`);
    return JSON.parse(line.slice(SDK_ALONE_PREFIX.length)) as SdkAloneResult;
}

/** Generates the program of `size` resources and previews it end to end as a user would: `node bin/preview.js --cwd DIR`. */
export async function measureScale(size: number, plan: Plan): Promise<ScaleResult> {
    const project = writeScaleProject(size);
    const runs: ScaleRun[] = [];
    let sdkAlone: SdkAloneResult;
    try {
        for (let i = 0; i < plan.warmup; i++) await previewOnce(project.dir, project.stack);
        for (let i = 0; i < plan.runs; i++) runs.push(await previewOnce(project.dir, project.stack));
        sdkAlone = await sdkAloneOnce(project.dir, project.stack);
    } finally {
        fs.rmSync(project.dir, { recursive: true, force: true });
    }
    return {
        size,
        resources: runs[0].resources,
        wallMs: summarize(runs.map((r) => r.wallMs)),
        peakSumMb: summarize(runs.map((r) => r.memory.peakSumMb)),
        peakProcessMb: summarize(runs.map((r) => r.memory.peakProcessMb)),
        cpuMs: summarize(runs.map((r) => r.memory.processes.reduce((sum, p) => sum + p.cpuSeconds, 0) * 1000)),
        byRole: Object.fromEntries(
            PREVIEW_ROLES.map((role) => [
                role,
                { cpuMs: summarize(runs.map((r) => r.roles[role].cpuMs)), peakMb: summarize(runs.map((r) => r.roles[role].peakMb)) },
            ]),
        ) as ByRole<{ cpuMs: Summary; peakMb: Summary }>,
        runs,
        sdkAlone,
    };
}
