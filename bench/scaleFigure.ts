import { spawn } from "child_process";
import * as path from "path";
import * as fs from "fs";
import { POLICY_TODAY, REPO_ROOT } from "./paths";
import { writeScaleProject } from "./scaleProgram";
import type { Plan } from "./sampling";
import { Summary, summarize } from "./stats";
import { sampleTreeMemory, TreeMemory } from "./treeMemory";

/** One end-to-end preview of a generated program: wall time and the memory of its whole process tree. */
export interface ScaleRun {
    wallMs: number;
    memory: TreeMemory;
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
    runs: ScaleRun[];
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
            resolve({ wallMs, memory, resources: m ? Number(m[1]) : 0, code });
        });
    });
}

/** Generates the program of `size` resources and previews it end to end as a user would: `node bin/preview.js --cwd DIR`. */
export async function measureScale(size: number, plan: Plan): Promise<ScaleResult> {
    const project = writeScaleProject(size);
    const runs: ScaleRun[] = [];
    try {
        for (let i = 0; i < plan.warmup; i++) await previewOnce(project.dir, project.stack);
        for (let i = 0; i < plan.runs; i++) runs.push(await previewOnce(project.dir, project.stack));
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
        runs,
    };
}
