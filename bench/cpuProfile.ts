import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "./paths";

/** The parts of a V8 `.cpuprofile` (as `node --cpu-prof` writes it) that the summary reads. */
interface ProfileNode {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
}

interface CpuProfile {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
}

export interface FunctionTime {
    /** `file:line function`, the file relative to the repository. */
    where: string;
    selfMs: number;
    /** Time with the function anywhere on the stack (recursion counted once). */
    totalMs: number;
}

function describe(frame: ProfileNode["callFrame"]): string {
    const file = frame.url.startsWith("file://") ? frame.url.slice("file://".length) : frame.url;
    const shown = file.startsWith(REPO_ROOT) ? path.relative(REPO_ROOT, file) : file || "(native)";
    return `${shown}:${frame.lineNumber + 1} ${frame.functionName || "(anonymous)"}`;
}

/** Self and total time per function of a CPU profile, most self time first. */
export function summarizeProfile(file: string): { totalMs: number; functions: FunctionTime[] } {
    const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

    const self = new Map<string, number>();
    const total = new Map<string, number>();
    let totalMs = 0;
    profile.samples.forEach((id, i) => {
        const ms = (profile.timeDeltas[i] ?? 0) / 1000;
        totalMs += ms;
        const leaf = describe(byId.get(id)!.callFrame);
        self.set(leaf, (self.get(leaf) ?? 0) + ms);
        const onStack = new Set<string>();
        for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) onStack.add(describe(byId.get(at)!.callFrame));
        for (const f of onStack) total.set(f, (total.get(f) ?? 0) + ms);
    });
    const functions = [...total.entries()].map(([where, t]) => ({ where, selfMs: self.get(where) ?? 0, totalMs: t }));
    functions.sort((a, b) => b.selfMs - a.selfMs);
    return { totalMs, functions };
}

export function renderProfile(summary: { totalMs: number; functions: FunctionTime[] }, top: number): string[] {
    const pct = (ms: number) => `${((100 * ms) / summary.totalMs).toFixed(1).padStart(5)}%`;
    const lines = [`sampled ${(summary.totalMs / 1000).toFixed(2)} s`, "", "Top self time:", "    self          total         function"];
    for (const f of summary.functions.slice(0, top))
        lines.push(
            `    ${pct(f.selfMs)} ${(f.selfMs / 1000).toFixed(2).padStart(6)} s  ${pct(f.totalMs)} ${(f.totalMs / 1000).toFixed(2).padStart(6)} s  ${f.where}`,
        );
    const inclusive = [...summary.functions].filter((f) => !f.where.startsWith("(native)")).sort((a, b) => b.totalMs - a.totalMs);
    lines.push("", "Top total time (repository code):", "    total         function");
    for (const f of inclusive.filter((f) => !f.where.startsWith("/") && !f.where.startsWith("node:")).slice(0, top)) {
        lines.push(`    ${pct(f.totalMs)} ${(f.totalMs / 1000).toFixed(2).padStart(6)} s  ${f.where}`);
    }
    return lines;
}
