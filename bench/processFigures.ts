import * as path from "path";
import { runTimed } from "./childProcess";
import { REPO_ROOT } from "./paths";
import { Plan, sample } from "./sampling";
import type { Summary } from "./stats";

/** The SDKs every preview loads: a fresh node process that loads only these is the floor. */
export const FLOOR_MODULES = ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/oci", "@pulumi/random", "@pulumi/policy"];

export const PREVIEW_STACK = "us-prod";

/** Wall time of a fresh `node` that only loads the SDKs. */
export function measureFloor(plan: Plan): Promise<Summary> {
    const script = FLOOR_MODULES.map((m) => `require(${JSON.stringify(m)});`).join("");
    return sample(plan, async () => {
        const run = await runTimed(process.execPath, ["-e", script], { cwd: REPO_ROOT });
        if (run.code !== 0) throw new Error(`the floor process failed (exit ${run.code}): ${run.stderr}`);
        return run.wallMs;
    });
}

/** Wall time of the offline preview as a user runs it: `node bin/preview.js --stack us-prod` in a fresh process. */
export function measurePreview(plan: Plan): Promise<Summary> {
    const args = [path.join(REPO_ROOT, "bin", "preview.js"), "--stack", PREVIEW_STACK];
    return sample(plan, async () => {
        const run = await runTimed(process.execPath, args, { cwd: REPO_ROOT });
        // 0: no mandatory violation; 1: mandatory violations (a finished preview all the same); 2: it failed.
        if (run.code !== 0 && run.code !== 1) throw new Error(`the offline preview failed (exit ${run.code}): ${run.stderr.slice(-2000)}`);
        return run.wallMs;
    });
}
