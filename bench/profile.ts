import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runPolicyPackCommand } from "../tools/analyzer/grpcPack";
import { runTimed } from "./childProcess";
import { renderProfile, summarizeProfile } from "./cpuProfile";
import { BENCH_BIN, OUR_PACK, POLICY_TODAY, REPO_ROOT } from "./paths";
import { PREVIEW_STACK } from "./processFigures";
import { workerArgs } from "./workerClient";

export const PROFILE_TARGETS = ["throughput", "preview", "cold-start"] as const;
export type ProfileTarget = (typeof PROFILE_TARGETS)[number];

/** The command whose CPU profile answers "where does the time of this figure go". */
function commandOf(target: ProfileTarget): { args: string[]; cwd: string } {
    switch (target) {
        case "throughput":
            return { args: [BENCH_BIN, ...workerArgs({ pack: "ours", size: 10000, subset: "all", warmup: 1, warmupSize: 1000, runs: 1 })], cwd: REPO_ROOT };
        case "preview":
            return { args: [path.join(REPO_ROOT, "bin", "preview.js"), "--stack", PREVIEW_STACK], cwd: REPO_ROOT };
        case "cold-start": {
            const { args, cwd } = runPolicyPackCommand(OUR_PACK);
            return { args: ["-r", path.join(__dirname, "exitOnPort.js"), ...args], cwd };
        }
    }
}

/** Runs one figure's command under `node --cpu-prof` and summarizes where its CPU time went. */
export async function profile(target: ProfileTarget, top = 25): Promise<string[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-profile-${target}-`));
    const { args, cwd } = commandOf(target);
    const run = await runTimed(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, ...args], {
        cwd,
        env: { ...process.env, RESIDENCY_POLICY_TODAY: POLICY_TODAY },
    });
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
    if (files.length === 0) throw new Error(`no CPU profile was written for ${target} (exit ${run.code}): ${run.stderr.slice(-2000)}`);
    const file = path.join(dir, files[0]);
    return [`CPU profile of ${target}: ${file} (wall ${(run.wallMs / 1000).toFixed(2)} s, exit ${run.code})`, ...renderProfile(summarizeProfile(file), top)];
}
