import * as os from "os";
import * as path from "path";
import { ensurePackBuilt } from "../tools/analyzer/inProcessPack";
import { measureColdStart } from "./coldStart";
import { measureSarif, SARIF_RESULTS } from "./sarifFigure";
import { buildRows, Measurements, Row, TARGETS } from "./figures";
import { FLOOR_PACK, OUR_PACK, OUR_PACK_CONFIG, POLICY_TODAY, REPO_ROOT } from "./paths";
import { FLOOR_MODULES, measureFloor, measurePreview, PREVIEW_STACK } from "./processFigures";
import type { Plan } from "./sampling";
import type { ThroughputRequest, ThroughputResult } from "./throughputWorker";
import { prepareTsSourcePack } from "./tsSourcePack";
import { runThroughputWorker } from "./workerClient";
import { measureScale, ScaleResult } from "./scaleFigure";
import { measureShapes } from "./shapesFigure";

export const SIZES = [1000, 5000, 10000];
/** Quick mode (the smoke test's) runs the throughput figures' code on smaller stacks; their targets are for 10,000. */
export const QUICK_SIZES = [1000, 2000];
/** Generated programs previewed end to end. */
export const SCALE_SIZES = [1000, 3000, 10000];
/** Quick mode (the smoke test's) previews one smaller program: the figure's code end to end, in a third of the time. */
export const QUICK_SCALE_SIZES = [300];
/** The peer runs on the AWS part of the stack of this size. */
export const PEER_SIZE = 1000;
/** Stacks larger than this warm up on a stack of this size: same code paths, a fraction of the time. */
const WARMUP_SIZE = 1000;

interface Plans {
    floor: Plan;
    preview: Plan;
    /** Throughput of stacks up to WARMUP_SIZE, and the peer. */
    smallStack: Plan;
    largeStack: Plan;
    coldStart: Plan;
    sarif: Plan;
    /** The second pass's values: declared shapes read and outputs generated, in this process. */
    shapes: Plan;
    /** Each generated program's preview: tens of seconds at 10,000 resources, so one run, no warm-up. */
    scale: Plan;
}

/** Full mode: 5 runs after one warm-up for every figure (the least the bench promises, to stay within 5 minutes). */
const FULL: Plans = {
    floor: { warmup: 1, runs: 5 },
    preview: { warmup: 1, runs: 5 },
    smallStack: { warmup: 1, runs: 5 },
    largeStack: { warmup: 1, runs: 5 },
    coldStart: { warmup: 1, runs: 5 },
    sarif: { warmup: 1, runs: 5 },
    shapes: { warmup: 1, runs: 5 },
    scale: { warmup: 0, runs: 1 },
};
const ONCE: Plan = { warmup: 0, runs: 1 };
const QUICK: Plans = { floor: ONCE, preview: ONCE, smallStack: ONCE, largeStack: ONCE, coldStart: ONCE, sarif: ONCE, shapes: ONCE, scale: ONCE };

export interface BenchReport {
    bench: string;
    mode: "full" | "quick";
    startedAt: string;
    durationMs: number;
    machine: { node: string; platform: string; cpus: number; cpuModel: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
    settings: {
        floorModules: string[];
        previewStack: string;
        sizes: number[];
        scaleSizes: number[];
        peerSize: number;
        warmupSize: number;
        policyConfig: string;
        policyToday: string;
        plans: Plans;
        targets: typeof TARGETS;
    };
    rows: Row[];
    /** Raw per-run samples of every worker, for anyone who wants more than the table. */
    workers: ThroughputResult[];
    /** Every end-to-end preview of a generated program, with each process's own peak memory and CPU time. */
    scale: ScaleResult[];
}

function throughputRequest(size: number, subset: ThroughputRequest["subset"], pack: ThroughputRequest["pack"], plans: Plans): ThroughputRequest {
    const plan = size <= WARMUP_SIZE ? plans.smallStack : plans.largeStack;
    return { pack, size, subset, warmup: plan.warmup, warmupSize: Math.min(size, WARMUP_SIZE), runs: plan.runs };
}

const describe = (p: Plan) => `${p.warmup} warm-up + ${p.runs} run${p.runs === 1 ? "" : "s"}`;

export async function runBench(opts: { quick: boolean; log: (line: string) => void }): Promise<BenchReport> {
    const started = Date.now();
    const startedAt = new Date(started).toISOString();
    const loadAverageAtStart = os.loadavg();
    const plans = opts.quick ? QUICK : FULL;
    const { log } = opts;
    ensurePackBuilt(OUR_PACK, log);

    log(`floor (${describe(plans.floor)})...`);
    const floor = await measureFloor(plans.floor);
    log(`offline preview of ${PREVIEW_STACK} (${describe(plans.preview)})...`);
    const preview = await measurePreview(plans.preview);

    const sizes = opts.quick ? QUICK_SIZES : SIZES;
    const throughput: ThroughputResult[] = [];
    for (const size of sizes) {
        const req = throughputRequest(size, "all", "ours", plans);
        log(`policy throughput, ${size} resources (worker process; ${req.warmup} warm-up on ${req.warmupSize} + ${req.runs} runs)...`);
        throughput.push(await runThroughputWorker(req));
    }
    const largest = sizes[sizes.length - 1];
    const floorRequest = { ...throughputRequest(largest, "all", "ours", plans), packDir: FLOOR_PACK };
    log(
        `do-nothing pack with our policies, ${largest} resources (worker process; ${floorRequest.warmup} warm-up on ${floorRequest.warmupSize} + ${floorRequest.runs} runs)...`,
    );
    const floorPack = await runThroughputWorker(floorRequest);
    log(`peer: awsguard on the AWS part of the ${PEER_SIZE}-resource stack (${describe(plans.smallStack)})...`);
    const awsguard = await runThroughputWorker(throughputRequest(PEER_SIZE, "aws", "awsguard", plans));
    log(`peer: ours on the same resources (${describe(plans.smallStack)})...`);
    const ours = await runThroughputWorker(throughputRequest(PEER_SIZE, "aws", "ours", plans));

    log(`pack cold start, compiled (${describe(plans.coldStart)})...`);
    const compiled = await measureColdStart(OUR_PACK, plans.coldStart);
    log(`pack cold start, TypeScript source (${describe(plans.coldStart)}; each start type-checks the pack)...`);
    const tsPack = prepareTsSourcePack();
    let typescript;
    try {
        typescript = await measureColdStart(tsPack.dir, plans.coldStart);
    } finally {
        tsPack.remove();
    }

    log(`SARIF report of ${SARIF_RESULTS.toLocaleString("en-US")} results (${describe(plans.sarif)})...`);
    const sarif = await measureSarif(plans.sarif);

    log(
        `second-pass values: declared shapes and generated outputs for ${PREVIEW_STACK}, one class, all of @pulumi/aws's output types (${describe(plans.shapes)})...`,
    );
    const shapes = await measureShapes(plans.shapes);

    const scaleSizes = opts.quick ? QUICK_SCALE_SIZES : SCALE_SIZES;
    const scale: ScaleResult[] = [];
    for (const size of scaleSizes) {
        log(`offline preview end to end of a generated program of ${size} resources (${describe(plans.scale)})...`);
        scale.push(await measureScale(size, plans.scale));
    }

    const m: Measurements = { floor, preview, throughput, floorPack, peer: { awsguard, ours }, coldStart: { compiled, typescript }, sarif, shapes, scale };
    return {
        bench: "npm run bench",
        mode: opts.quick ? "quick" : "full",
        startedAt,
        durationMs: Date.now() - started,
        machine: {
            node: process.version,
            platform: `${os.platform()} ${os.release()}`,
            cpus: os.cpus().length,
            cpuModel: os.cpus()[0]?.model ?? "unknown",
            loadAverageAtStart,
            loadAverageAtEnd: os.loadavg(),
        },
        settings: {
            floorModules: FLOOR_MODULES,
            previewStack: PREVIEW_STACK,
            sizes,
            scaleSizes,
            peerSize: PEER_SIZE,
            warmupSize: WARMUP_SIZE,
            policyConfig: path.relative(REPO_ROOT, OUR_PACK_CONFIG),
            policyToday: POLICY_TODAY,
            plans,
            targets: TARGETS,
        },
        rows: buildRows(m),
        workers: [...throughput, floorPack, awsguard, ours],
        scale,
    };
}
