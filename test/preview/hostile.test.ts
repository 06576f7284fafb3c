import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FIXTURES, mandatory, runOfflinePreview } from "../support/offlinePreview";

const HOSTILE = path.join(FIXTURES, "hostile");
/** Short enough to keep the suite quick, long enough for a loaded machine to load the SDKs and register. */
const TIMEOUT = ["--timeout", "10"];

function hostile(name: string, extra: string[] = []) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-"));
    const report = path.join(dir, "report.md");
    const run = runOfflinePreview(["--cwd", path.join(HOSTILE, name), "--stack", "test", ...TIMEOUT, "--report", report, ...extra]);
    return { ...run, reportWritten: fs.existsSync(report) };
}

describe("a program that does not settle, or fails late, stops the preview with exit 2 and no verdict", () => {
    it.each([
        ["never-settling-output", /did not finish within 10 s \(--timeout\).*never settled/],
        ["never-settling-main", /did not finish within 10 s \(--timeout\).*never settled/],
        ["set-interval", /did not exit within 10 s \(--timeout\) after it settled: a timer/],
        ["late-async-throw", /raised an error after it settled: late failure inside an apply/],
        ["exit-after-registering", /exited with code 0 before it settled/],
    ])("%s", (name, reason) => {
        const run = hostile(name);
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
    it.each(["exit-code-tampering", "json-stringify-tampering"])("%s: exit 1 with the Singapore bucket rejected", (name) => {
        const run = hostile(name);
        expect(run.code).toBe(1);
        const v = mandatory(run, "us-user-data-in-approved-locations");
        expect(v.map((x) => x.name)).toEqual(["us-users-sg"]);
        expect(run.reportWritten).toBe(true);
    });

    it("env-tampering: the evaluation date comes from the preview's environment, so the expired exemption stays expired", () => {
        const run = hostile("env-tampering", ["--policy-pack-config", path.join(HOSTILE, "env-tampering", "policy-config.json")]);
        expect(run.code).toBe(1);
        expect(mandatory(run, "us-user-data-in-approved-locations").map((x) => x.name)).toEqual(["us-users-migrating"]);
        expect(run.doc!.exempted).toEqual([]);
    });
});

describe("a runaway program", () => {
    it("hits the memory ceiling: exit 2 with a clear message, not a V8 abort", () => {
        const run = hostile("runaway-memory", ["--max-program-memory", "256", "--timeout", "60"]);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/error: the program ran out of memory: it needed more than 256 MB \(--max-program-memory\)/);
        expect(run.doc).toBeUndefined();
    });
});
