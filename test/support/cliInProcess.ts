/**
 * Runs a command line's `main(argv)` in this process, as its bin does (bin/report.js and bin/audit.js only call
 * `main` and set the exit code), capturing what it writes to stdout and stderr. The evaluation day is pinned, as
 * the processes a test starts get it: `RESIDENCY_POLICY_TODAY` is read on each use.
 */
import { EVALUATION_DAY } from "./offlinePreview";

export interface CliRun {
    status: number;
    stdout: string;
    stderr: string;
}

type Write = typeof process.stdout.write;

/** One command line at a time: both streams are the process's own. */
let running: Promise<unknown> = Promise.resolve();

export function runMain(main: (argv: string[]) => Promise<number>, argv: string[], env: Record<string, string> = {}): Promise<CliRun> {
    const run = running.then(async () => {
        const saved = { out: process.stdout.write, err: process.stderr.write, env: { ...process.env } };
        const out: string[] = [];
        const err: string[] = [];
        const capture = (into: string[]): Write =>
            ((chunk: string | Uint8Array, ...rest: unknown[]) => {
                into.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
                const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
                callback?.();
                return true;
            }) as Write;
        Object.assign(process.env, { RESIDENCY_POLICY_TODAY: EVALUATION_DAY, ...env });
        process.stdout.write = capture(out);
        process.stderr.write = capture(err);
        try {
            const status = await main(argv);
            return { status, stdout: out.join(""), stderr: err.join("") };
        } finally {
            process.stdout.write = saved.out;
            process.stderr.write = saved.err;
            for (const key of Object.keys(process.env)) if (!(key in saved.env)) delete process.env[key];
            Object.assign(process.env, saved.env);
        }
    });
    running = run.catch(() => undefined);
    return run;
}
