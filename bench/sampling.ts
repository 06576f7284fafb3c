import { Summary, summarize } from "./stats";

/** How often to measure one figure: runs discarded to warm caches, then the runs that count. */
export interface Plan {
    warmup: number;
    runs: number;
}

/** Runs `once` `plan.warmup` times without keeping the result, then `plan.runs` times, and summarizes. */
export async function sample(plan: Plan, once: () => Promise<number>): Promise<Summary> {
    for (let i = 0; i < plan.warmup; i++) await once();
    const samples: number[] = [];
    for (let i = 0; i < plan.runs; i++) samples.push(await once());
    return summarize(samples);
}
