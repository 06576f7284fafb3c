import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { FIXTURES, mandatory, REPO_ROOT, runOfflinePreview } from "../support/offlinePreview";

const HOSTILE = path.join(FIXTURES, "hostile");
/**
 * The deadline counts from the moment the SDK is loaded, so it includes loading @pulumi/aws: on a loaded
 * machine that alone can take seconds. Programs that are meant to hang get a short one; the rest a roomy one.
 */
const HANG = 5;
const ROOMY = 60;

function hostile(name: string, extra: string[] = [], timeout = ROOMY) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-"));
    const report = path.join(dir, "report.md");
    const run = runOfflinePreview(["--cwd", path.join(HOSTILE, name), "--stack", "test", "--timeout", String(timeout), "--report", report, ...extra]);
    return { ...run, reportWritten: fs.existsSync(report) };
}

describe("a program that does not settle, or fails late, stops the preview with exit 2 and no verdict", () => {
    it.each([
        // Either the deadline passes or Node finds the event loop empty first: both say the program never settled.
        ["never-settling-output", HANG, /never settled/],
        ["never-settling-main", HANG, /never settled/],
        ["set-interval", 20, /did not exit within 20 s \(--timeout\) after it settled: a timer/],
        ["late-async-throw", ROOMY, /raised an error after it settled: late failure inside an apply/],
        ["exit-after-registering", ROOMY, /exited with code 0 before it settled/],
    ])("%s", (name, timeout, reason) => {
        const run = hostile(name, [], timeout);
        expect(run.code).toBe(2);
        const errors = run.stderr.split("\n").filter((l) => l.startsWith("error: "));
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatch(reason);
        expect(run.stdout).not.toContain("Policy results");
        expect(run.doc).toBeUndefined();
        expect(run.reportWritten).toBe(false);
    });
});

describe("a program cannot change the verdict by tampering with its own process", () => {
    // The labelled bucket in the wrong place is reported by store-in-location-approved-for-its-label.
    it.each(["exit-code-tampering", "json-stringify-tampering"])("%s: exit 1 with the Singapore bucket rejected", (name) => {
        const run = hostile(name);
        expect(run.code).toBe(1);
        const v = mandatory(run, "store-in-location-approved-for-its-label");
        expect(v.map((x) => x.name)).toEqual(["us-users-sg"]);
        expect(run.reportWritten).toBe(true);
    });

    it("env-tampering: the evaluation date comes from the preview's environment, so the expired exemption stays expired", () => {
        const run = hostile("env-tampering", ["--policy-pack-config", path.join(HOSTILE, "env-tampering", "policy-config.json")]);
        expect(run.code).toBe(1);
        expect(mandatory(run, "store-in-location-approved-for-its-label").map((x) => x.name)).toEqual(["us-users-migrating"]);
        expect(run.doc!.exempted).toEqual([]);
    });
});

describe("a program cannot reach past its process", () => {
    it("filesystem-tampering: it cannot rewrite the pack or the tools, load an addon it planted, or start a process", () => {
        const packBefore = fs.readFileSync(path.join(REPO_ROOT, "policies", "bin", "index.js"), "utf8");
        const run = hostile("filesystem-tampering");
        const line = run.stderr.split("\n").find((l) => l.includes("attempts: "));
        expect(JSON.parse(line!.slice(line!.indexOf("attempts: ") + "attempts: ".length))).toEqual({
            pack: "ERR_ACCESS_DENIED",
            tools: "ERR_ACCESS_DENIED",
            spawn: "ERR_ACCESS_DENIED",
            addon: expect.stringMatching(/^the offline preview loads native addons only from installed packages/),
        });
        expect(fs.readFileSync(path.join(REPO_ROOT, "policies", "bin", "index.js"), "utf8")).toBe(packBefore);
        expect(fs.existsSync(path.join(REPO_ROOT, "tools", "preview", "tampered.js"))).toBe(false);
        expect(run.code).toBe(1);
        expect(mandatory(run, "store-in-location-approved-for-its-label").map((x) => x.name)).toEqual(["us-users-sg"]);
    });
});

describe("a runaway program", () => {
    it("hits the memory ceiling: exit 2 with a clear message, not a V8 abort", () => {
        const run = hostile("runaway-memory", ["--max-program-memory", "256"]);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/error: the program ran out of memory: it needed more than 256 MB \(--max-program-memory\)/);
        expect(run.doc).toBeUndefined();
    });
});

describe("the preview's own process", () => {
    it("loads neither the program nor @pulumi/aws: both run in the program's process", () => {
        const modules = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "modules-")), "modules.json");
        const fixture = path.join(HOSTILE, "exit-code-tampering");
        const res = spawnSync(
            process.execPath,
            ["-r", path.join(REPO_ROOT, "test", "support", "recordModules.js"), path.join(REPO_ROOT, "bin", "preview.js"), "--cwd", fixture, "--stack", "test"],
            { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, RECORD_MODULES_FILE: modules, RESIDENCY_POLICY_TODAY: "2026-11-29" }, timeout: 120_000 },
        );
        expect(res.status).toBe(1);
        const loaded: string[] = JSON.parse(fs.readFileSync(modules, "utf8"));
        expect(loaded.some((m) => m.endsWith(path.join("tools", "preview", "cli.ts")))).toBe(true);
        expect(loaded.filter((m) => m.startsWith(fixture) || m.includes(`${path.sep}@pulumi${path.sep}aws${path.sep}`))).toEqual([]);
        expect(loaded.filter((m) => m.endsWith("runProgram.ts") || m.endsWith("captureMonitor.ts"))).toEqual([]);
    });
});
