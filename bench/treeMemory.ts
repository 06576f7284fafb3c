import * as fs from "fs";

/**
 * Memory of a process and all its descendants, sampled from /proc (Linux). Summed RSS counts what the
 * whole tree holds at one moment (the parent, both program hosts, the pack hosts); a sample misses spikes
 * shorter than the interval. Each process's own peak (VmHWM, kept by the kernel) is exact, read at the
 * last sample before that process ended.
 */
export interface TreeMemory {
    /** The process the tree was sampled from. */
    root: number;
    /** Largest sum of the tree's RSS over the samples, MB. */
    peakSumMb: number;
    /** Largest VmHWM of any single process of the tree, MB. */
    peakProcessMb: number;
    /**
     * Every process seen, with its own peak (which one needs the memory), the CPU time it had used at its last sample
     * and its command line then (`command`: the first one seen, shortened).
     */
    processes: { pid: number; command: string; argv: string[]; peakMb: number; cpuSeconds: number }[];
    samples: number;
}

const KB_PER_MB = 1024;
/** USER_HZ: the unit of CPU times in /proc, 100 on Linux. */
const CLOCK_TICKS = 100;

function read(file: string): string | undefined {
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        return undefined;
    }
}

/** User plus system CPU time of a process, in seconds (fields 14 and 15 of /proc/<pid>/stat, after the command). */
function cpuSeconds(pid: number): number | undefined {
    const stat = read(`/proc/${pid}/stat`);
    if (!stat) return undefined;
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function statusKb(status: string, field: string): number {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    return m ? Number(m[1]) : 0;
}

/** The pid and its descendants, through /proc/<pid>/task/<tid>/children. */
function tree(root: number): number[] {
    const out: number[] = [];
    const queue = [root];
    while (queue.length > 0) {
        const pid = queue.shift()!;
        out.push(pid);
        let tasks: string[];
        try {
            tasks = fs.readdirSync(`/proc/${pid}/task`);
        } catch {
            continue;
        }
        for (const tid of tasks) {
            const children = read(`/proc/${pid}/task/${tid}/children`);
            if (children) for (const c of children.trim().split(/\s+/).filter(Boolean)) queue.push(Number(c));
        }
    }
    return out;
}

export function treeMemorySupported(): boolean {
    return fs.existsSync(`/proc/${process.pid}/task/${process.pid}/children`);
}

/** Samples the tree of `root` every `intervalMs` until `stop()` is called; `stop()` gives the figures. */
export function sampleTreeMemory(root: number, intervalMs = 50): { stop(): TreeMemory } {
    const peaks = new Map<number, { command: string; argv: string[]; peakKb: number; cpuSeconds: number }>();
    let peakSumKb = 0;
    let samples = 0;
    const once = () => {
        let sum = 0;
        for (const pid of tree(root)) {
            const status = read(`/proc/${pid}/status`);
            if (!status) continue;
            sum += statusKb(status, "VmRSS");
            const hwm = statusKb(status, "VmHWM");
            const cpu = cpuSeconds(pid) ?? 0;
            // Read each time: a process that execs (the box's shell becomes the program's Node) changes its command line.
            const argv = (read(`/proc/${pid}/cmdline`) ?? "").split("\0").filter(Boolean);
            const seen = peaks.get(pid);
            if (seen) {
                seen.peakKb = Math.max(seen.peakKb, hwm);
                seen.cpuSeconds = Math.max(seen.cpuSeconds, cpu);
                if (argv.length > 0) seen.argv = argv;
            } else {
                peaks.set(pid, { command: argv.slice(-3).join(" ").slice(0, 160), argv, peakKb: hwm, cpuSeconds: cpu });
            }
        }
        peakSumKb = Math.max(peakSumKb, sum);
        samples++;
    };
    once();
    const timer = setInterval(once, intervalMs);
    return {
        stop: () => {
            clearInterval(timer);
            const processes = [...peaks.entries()].map(([pid, p]) => ({
                pid,
                command: p.command,
                argv: p.argv,
                peakMb: p.peakKb / KB_PER_MB,
                cpuSeconds: p.cpuSeconds,
            }));
            return {
                root,
                peakSumMb: peakSumKb / KB_PER_MB,
                peakProcessMb: Math.max(0, ...processes.map((p) => p.peakMb)),
                processes,
                samples,
            };
        },
    };
}
