import { runTimed } from "./childProcess";
import { BENCH_BIN, POLICY_TODAY, REPO_ROOT } from "./paths";
import { RESULT_PREFIX, ThroughputRequest, ThroughputResult } from "./throughputWorker";

export function workerArgs(req: ThroughputRequest): string[] {
    const flags: [string, string | number][] = [
        ["--worker", "throughput"],
        ["--pack", req.pack],
        ["--size", req.size],
        ["--subset", req.subset],
        ["--warmup", req.warmup],
        ["--warmup-size", req.warmupSize],
        ["--runs", req.runs],
    ];
    if (req.packDir) flags.push(["--pack-dir", req.packDir]);
    return flags.flatMap(([flag, value]) => [flag, String(value)]);
}

/** Measures throughput in a fresh `node bin/bench.js --worker throughput ...` process and reads its JSON line. */
export async function runThroughputWorker(req: ThroughputRequest): Promise<ThroughputResult> {
    const run = await runTimed(process.execPath, [BENCH_BIN, ...workerArgs(req)], {
        cwd: REPO_ROOT,
        env: { ...process.env, RESIDENCY_POLICY_TODAY: POLICY_TODAY },
    });
    const line = run.stdout.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
    if (run.code !== 0 || !line) {
        throw new Error(`throughput worker (${workerArgs(req).join(" ")}) failed with exit ${run.code}: ${run.stderr.slice(-2000)}`);
    }
    return JSON.parse(line.slice(RESULT_PREFIX.length)) as ThroughputResult;
}
