import { Summary, summarize } from "./stats";
import type { ThroughputResult } from "./throughputWorker";
import type { ScaleResult } from "./scaleFigure";
import type { ShapesResult } from "./shapesFigure";

/** Everything the bench measured, before it is turned into rows. */
export interface Measurements {
    floor: Summary;
    preview: Summary;
    /** One worker result per synthetic stack size, smallest first. */
    throughput: ThroughputResult[];
    /** Our policies doing nothing, over the largest stack: what @pulumi/policy costs for a pack of our shape. */
    floorPack: ThroughputResult;
    peer: { awsguard: ThroughputResult; ours: ThroughputResult };
    coldStart: { compiled: Summary; typescript: Summary };
    /** Rendering the SARIF of a report with 100k results. */
    sarif: Summary;
    /** The second pass's values: declared shapes read and every output generated. */
    shapes: ShapesResult;
    /** The offline preview end to end on generated programs, smallest first (only the smallest in quick mode). */
    scale: ScaleResult[];
}

export type Unit = "ms" | "us" | "MB" | "x";
export type Status = "MET" | "MISSED";

/** One line of the table: a measured figure (median, min, max over runs) or a derived one (a single value). */
export interface Row {
    id: string;
    label: string;
    unit: Unit;
    median?: number;
    min?: number;
    max?: number;
    runs?: number;
    value?: number;
    target?: string;
    status?: Status;
}

function measured(id: string, label: string, unit: Unit, s: Summary): Row {
    return { id, label, unit, median: s.median, min: s.min, max: s.max, runs: s.runs };
}

function withTarget(row: Row, target: string, met: boolean): Row {
    return { ...row, target, status: met ? "MET" : "MISSED" };
}

export const TARGETS = {
    previewRatio: 1.5,
    largeStackMs: 1000,
    scaling: 11,
    peerRatio: 1,
    floorPackRatio: 1.25,
    compiledStartMs: 1500,
    sarif100kMs: 5000,
    /** The second pass's values for us-prod, as a share of the offline preview of us-prod: not measurably slower. */
    shapesShare: 0.05,
    /** The offline preview of a generated 10,000-resource program, end to end. */
    scaleLargeMs: 20000,
    scaleLargeMb: 1536,
    /** Linear growth: ten times the resources, at most ten times the wall time. */
    scaleRatio: 10,
};

/** The size the scale targets apply to. */
export const SCALE_TARGET_SIZE = 10000;
/** The stack size the policy throughput target applies to. */
export const THROUGHPUT_TARGET_SIZE = 10000;

const thousands = (n: number) => `${n / 1000}k`;

function summaryOf(samples: number[], f: (x: number) => number = (x) => x): Summary {
    return summarize(samples.map(f));
}

function throughputRows(t: ThroughputResult): Row[] {
    const n = t.resources;
    const key = `throughput-${t.request.size}`;
    const total = measured(`${key}-total`, `Policy throughput, ${n.toLocaleString("en-US")} resources: total`, "ms", summaryOf(t.totalMs));
    return [
        t.request.size === THROUGHPUT_TARGET_SIZE ? withTarget(total, `< ${TARGETS.largeStackMs / 1000} s`, total.median! < TARGETS.largeStackMs) : total,
        measured(`${key}-analyze`, `    of which Analyze (${n.toLocaleString("en-US")} calls)`, "ms", summaryOf(t.analyzeMs)),
        measured(`${key}-analyze-stack`, "    of which AnalyzeStack (1 call)", "ms", summaryOf(t.analyzeStackMs)),
        measured(
            `${key}-per-resource`,
            "    per resource",
            "us",
            summaryOf(t.totalMs, (ms) => (ms * 1000) / n),
        ),
        { id: `${key}-peak-rss`, label: "    peak RSS of the worker process", unit: "MB", value: t.peakRssMb },
    ];
}

function scaleRows(r: ScaleResult): Row[] {
    const key = `scale-${r.size}`;
    const n = r.resources.toLocaleString("en-US");
    const target = r.size === SCALE_TARGET_SIZE;
    const wall = measured(`${key}-wall`, `Offline preview end to end, ${n} resources (generated program): wall`, "ms", r.wallMs);
    const memory = measured(`${key}-peak-memory`, "    peak memory: summed RSS of all its processes", "MB", r.peakSumMb);
    return [
        target ? withTarget(wall, `<= ${TARGETS.scaleLargeMs / 1000} s`, r.wallMs.median <= TARGETS.scaleLargeMs) : wall,
        target ? withTarget(memory, `<= ${(TARGETS.scaleLargeMb / 1024).toFixed(1)} GB`, r.peakSumMb.median <= TARGETS.scaleLargeMb) : memory,
        measured(`${key}-process-memory`, "    largest single process (its own peak RSS)", "MB", r.peakProcessMb),
        measured(`${key}-cpu`, "    CPU time of all its processes", "ms", r.cpuMs),
        measured(`${key}-cpu-parent`, "      of which the parent (the engine, the report)", "ms", r.byRole.parent.cpuMs),
        measured(`${key}-cpu-pack`, "      of which the pack's process", "ms", r.byRole.pack.cpuMs),
        measured(`${key}-cpu-programs`, "      of which the program's processes (both passes)", "ms", r.byRole.program.cpuMs),
        measured(`${key}-peak-parent`, "    own peak of the parent", "MB", r.byRole.parent.peakMb),
        measured(`${key}-peak-pack`, "    own peak of the pack's process", "MB", r.byRole.pack.peakMb),
        measured(`${key}-peak-program`, "    largest own peak of a program process", "MB", r.byRole.program.peakMb),
        // One pass, no engine, no pack: a lower bound of each program process above, which the targets are read against.
        {
            id: `${key}-sdk-alone-wall`,
            label: "    the SDK alone, one pass of the same program (its own mocks, one process): wall",
            unit: "ms",
            value: r.sdkAlone.wallMs,
        },
        { id: `${key}-sdk-alone-cpu`, label: "      its CPU time", unit: "ms", value: r.sdkAlone.cpuMs },
        { id: `${key}-sdk-alone-peak`, label: "      its own peak RSS", unit: "MB", value: r.sdkAlone.peakMb },
    ];
}

function shapesRows(s: ShapesResult, preview: Summary): Row[] {
    const share = s.usProd.median / preview.median;
    return [
        measured("shapes-us-prod", `Second-pass values for us-prod's ${s.resources} resources (fresh reader, in process)`, "ms", s.usProd),
        withTarget(
            { id: "shapes-us-prod-share", label: "    / offline preview of us-prod", unit: "x", value: share },
            `<= ${TARGETS.shapesShare}x`,
            share <= TARGETS.shapesShare,
        ),
        { id: "shapes-us-prod-read", label: `    declarations read (${s.filesRead} files)`, unit: "MB", value: s.bytesRead / 1024 / 1024 },
        measured("shapes-one-class", "Declared outputs of one class (aws:s3/bucket:Bucket), fresh reader", "ms", s.oneClass),
        measured("shapes-one-class-values", "    its values, with the output types it references", "ms", s.oneClassWithTypes),
        measured(
            "shapes-aws-outputs",
            `Every interface of @pulumi/aws types/output.d.ts (${s.awsInterfaces.toLocaleString("en-US")}), parsed`,
            "ms",
            s.wholeAwsOutputs,
        ),
    ];
}

/** The table, in order, with each target next to the figure it applies to. */
export function buildRows(m: Measurements): Row[] {
    const rows: Row[] = [];
    rows.push(measured("floor", "Floor: fresh node loading pulumi, aws, oci, random, policy", "ms", m.floor));
    rows.push(measured("preview", "Offline preview of us-prod (node bin/preview.js, fresh process)", "ms", m.preview));
    const previewRatio = m.preview.median / m.floor.median;
    rows.push(
        withTarget(
            { id: "preview-ratio", label: "    offline preview / floor", unit: "x", value: previewRatio },
            `<= ${TARGETS.previewRatio}x`,
            previewRatio <= TARGETS.previewRatio,
        ),
    );

    for (const t of m.throughput) rows.push(...throughputRows(t));
    const small = m.throughput[0];
    const large = m.throughput[m.throughput.length - 1];
    const scaling = summaryOf(large.totalMs).median / summaryOf(small.totalMs).median;
    rows.push(
        withTarget(
            {
                id: "throughput-scaling",
                label: `Scaling: total time ${thousands(large.request.size)} / ${thousands(small.request.size)}`,
                unit: "x",
                value: scaling,
            },
            `<= ${TARGETS.scaling}`,
            scaling <= TARGETS.scaling,
        ),
    );

    const floorTotal = summaryOf(m.floorPack.totalMs);
    rows.push(
        measured("floor-pack-total", `Do-nothing pack (same policies), ${m.floorPack.resources.toLocaleString("en-US")} resources: total`, "ms", floorTotal),
    );
    const floorRatio = summaryOf(large.totalMs).median / floorTotal.median;
    rows.push(
        withTarget(
            { id: "floor-pack-ratio", label: "    ours / do-nothing pack", unit: "x", value: floorRatio },
            `<= ${TARGETS.floorPackRatio}x`,
            floorRatio <= TARGETS.floorPackRatio,
        ),
    );

    const { awsguard, ours } = m.peer;
    const peerUs = summaryOf(awsguard.totalMs, (ms) => (ms * 1000) / awsguard.resources);
    const oursUs = summaryOf(ours.totalMs, (ms) => (ms * 1000) / ours.resources);
    rows.push(
        measured("peer-awsguard-per-resource", `Peer: @pulumi/awsguard (all mandatory), ${awsguard.resources} AWS resources: per resource`, "us", peerUs),
    );
    rows.push(measured("peer-ours-per-resource", `    ours on the same ${ours.resources} AWS resources: per resource`, "us", oursUs));
    const peerRatio = oursUs.median / peerUs.median;
    rows.push(
        withTarget(
            { id: "peer-ratio", label: "    ours / awsguard (per resource)", unit: "x", value: peerRatio },
            `< ${TARGETS.peerRatio}x`,
            peerRatio < TARGETS.peerRatio,
        ),
    );

    rows.push(
        withTarget(
            measured("cold-start-compiled", "Pack cold start, compiled (run-policy-pack to port line)", "ms", m.coldStart.compiled),
            `< ${TARGETS.compiledStartMs / 1000} s`,
            m.coldStart.compiled.median < TARGETS.compiledStartMs,
        ),
    );
    rows.push(measured("cold-start-typescript", "Pack cold start, TypeScript source (ts-node type-checks)", "ms", m.coldStart.typescript));
    rows.push(
        withTarget(
            measured("sarif-100k", "SARIF report of 100k results (render + JSON text, in process)", "ms", m.sarif),
            `< ${TARGETS.sarif100kMs / 1000} s`,
            m.sarif.median < TARGETS.sarif100kMs,
        ),
    );

    rows.push(...shapesRows(m.shapes, m.preview));

    for (const r of m.scale) rows.push(...scaleRows(r));
    const smallest = m.scale[0];
    const largest = m.scale[m.scale.length - 1];
    if (smallest && largest && largest.size === SCALE_TARGET_SIZE && smallest !== largest) {
        const ratio = largest.wallMs.median / smallest.wallMs.median;
        rows.push(
            withTarget(
                { id: "scale-ratio", label: `Scaling: end-to-end wall ${thousands(largest.size)} / ${thousands(smallest.size)}`, unit: "x", value: ratio },
                `<= ${TARGETS.scaleRatio}`,
                ratio <= TARGETS.scaleRatio,
            ),
        );
    }
    return rows;
}
