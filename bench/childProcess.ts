import { spawn } from "child_process";

export interface ChildRun {
    wallMs: number;
    code: number | null;
    stdout: string;
    stderr: string;
}

/** Runs a command to completion and measures its wall time, from spawn to exit. */
export function runTimed(command: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<ChildRun> {
    return new Promise((resolve, reject) => {
        const started = process.hrtime.bigint();
        const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d.toString()));
        child.stderr.on("data", (d) => (stderr += d.toString()));
        child.once("error", reject);
        child.once("close", (code) => resolve({ wallMs: Number(process.hrtime.bigint() - started) / 1e6, code, stdout, stderr }));
    });
}
