import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Row } from "../../bench/figures";
import type { ScaleResult } from "../../bench/scaleFigure";
import { writeScaleProject } from "../../bench/scaleProgram";
import { QUICK_SIZES } from "../../bench/runBench";
import { REPO_ROOT } from "../support/offlinePreview";
// The generated program of the scale figure, previewed end to end.
import "./scaleProgram.e2e";

/** Every row the table has, by id; the throughput rows repeat per stack size (quick mode's sizes). */
const EXPECTED_ROWS = [
    "floor",
    "preview",
    "preview-ratio",
    ...QUICK_SIZES.flatMap((n) => ["total", "analyze", "analyze-stack", "per-resource", "peak-rss"].map((k) => `throughput-${n}-${k}`)),
    "throughput-scaling",
    "floor-pack-total",
    "floor-pack-ratio",
    "peer-awsguard-per-resource",
    "peer-ours-per-resource",
    "peer-ratio",
    "cold-start-compiled",
    "cold-start-typescript",
    "sarif-100k",
    "shapes-us-prod",
    "shapes-us-prod-share",
    "shapes-us-prod-read",
    "shapes-one-class",
    "shapes-one-class-values",
    "shapes-aws-outputs",
    // Quick mode previews only a small generated program: its rows, without the 10,000-resource targets.
    ...[
        "wall",
        "peak-memory",
        "process-memory",
        "cpu",
        "cpu-parent",
        "cpu-pack",
        "cpu-programs",
        "peak-parent",
        "peak-pack",
        "peak-program",
        "sdk-alone-wall",
        "sdk-alone-cpu",
        "sdk-alone-peak",
    ].map((k) => `scale-300-${k}`),
];
const TARGET_ROWS = ["preview-ratio", "throughput-scaling", "floor-pack-ratio", "peer-ratio", "cold-start-compiled", "sarif-100k", "shapes-us-prod-share"];

const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

// A smoke test of `npm run bench --quick`: it runs and writes every figure. Timings are never asserted.
describe("npm run bench --quick", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
    const out = path.join(dir, "results.json");
    let run: ReturnType<typeof spawnSync>;
    let rows: Row[] = [];
    let scale: ScaleResult[] = [];

    beforeAll(() => {
        run = spawnSync(process.execPath, [path.join(REPO_ROOT, "bin", "bench.js"), "--quick", "--out", out], {
            cwd: REPO_ROOT,
            encoding: "utf8",
            timeout: 480_000,
        });
        if (fs.existsSync(out)) ({ rows, scale } = JSON.parse(fs.readFileSync(out, "utf8")));
    }, 500_000);

    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("exits 0 and prints the table, the targets and the total duration", () => {
        expect({ code: run.status, stderr: run.status === 0 ? "" : String(run.stderr).slice(-3000) }).toEqual({ code: 0, stderr: "" });
        expect(run.stdout).toContain("Figure");
        expect(run.stdout).toMatch(/Targets \(reported, never asserted\)/);
        expect(run.stdout).toMatch(/Total bench duration: [\d.]+ s/);
    });

    it("writes every row of the table to the JSON file, in order", () => {
        expect(rows.map((r) => r.id)).toEqual(EXPECTED_ROWS);
    });

    it("gives each row numbers: median, min and max over counted runs, or a single value", () => {
        for (const r of rows) {
            const ok = r.value !== undefined ? isNumber(r.value) : isNumber(r.median) && isNumber(r.min) && isNumber(r.max) && isNumber(r.runs) && r.runs >= 1;
            expect({ id: r.id, ok }).toEqual({ id: r.id, ok: true });
        }
    });

    it("marks each target MET or MISSED without asserting which", () => {
        for (const id of TARGET_ROWS) {
            const r = rows.find((x) => x.id === id);
            expect({ id, status: ["MET", "MISSED"].includes(r?.status ?? "") ? "reported" : r?.status }).toEqual({ id, status: "reported" });
        }
    });

    it("previews the generated program to a verdict with no mandatory violation, with the number of resources it was written for", () => {
        const expected = writeScaleProject(300, path.join(dir, "scale")).expectedResources;
        expect(scale.map((s) => [s.size, s.resources, s.runs.map((r) => r.code)])).toEqual([[300, expected, [0]]]);
    });

    it("runs the same program by the SDK alone: every resource the preview counted but the stack, which the SDK registers itself", () => {
        expect(scale.map((s) => [s.size, s.sdkAlone.resources + 1])).toEqual(scale.map((s) => [s.size, s.resources]));
        for (const s of scale) expect([s.sdkAlone.wallMs > 0, s.sdkAlone.cpuMs > 0, s.sdkAlone.peakMb > 0]).toEqual([true, true, true]);
    });

    it("tells the preview's processes apart: one parent, one pack, a program process for each pass", () => {
        const processes = scale.flatMap((s) => s.runs.map((r) => Object.fromEntries(Object.entries(r.roles).map(([role, v]) => [role, v.processes]))));
        expect(processes).toEqual([expect.objectContaining({ parent: 1, pack: 1, program: 2 })]);
        for (const s of scale)
            for (const r of s.runs) for (const role of ["parent", "pack", "program"] as const) expect([role, r.roles[role].cpuMs > 0]).toEqual([role, true]);
    });

    it("leaves no copy of the TypeScript source pack behind", () => {
        const leftovers = path.join(REPO_ROOT, "bench", ".tmp-ts-pack", String(run.pid));
        expect(fs.existsSync(leftovers)).toBe(false);
    });
});
