/**
 * The command lines as a user runs them, each in its own process: the bins exit with their `main`'s code and
 * print what it printed (the tests of each tool run `main` in process), a FIFO given as input is refused at once,
 * the processes' compile cache, and the program type-checked under the language host as the Pulumi CLI starts it.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FIXTURES, runCli } from "../report/support/checks";
import { REPO_ROOT } from "../support/offlinePreview";
import "../assurance/compileCache.e2e";
import "./tsconfigUnderCli.e2e";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "command-lines-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const checkpoint = path.join(FIXTURES, "stack-export.json");

describe("the bins exit with the code their main returns", () => {
    it("npm run report: 0, the report on stdout", () => {
        const run = runCli("report", [checkpoint]);
        expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
        expect(run.stdout).toMatch(/^<!-- residency-report -->\n## ❌ Data residency: FAIL/);
    });

    it("npm run audit: 1 on a mandatory violation, 2 on bad input with nothing on stdout", () => {
        const failed = runCli("audit", [checkpoint, "--format", "json"]);
        expect(failed.status).toBe(1);
        expect(JSON.parse(failed.stdout).summary.verdict).toBe("fail");
        const bad = runCli("audit", [path.join(FIXTURES, "offline-preview.json")]);
        expect({ status: bad.status, stdout: bad.stdout }).toEqual({ status: 2, stdout: "" });
        expect(bad.stderr).toContain("is not 'pulumi stack export' output");
    });

    it("npm run validate:workflows: 0 on the shipped workflows, 1 on a broken one", () => {
        const script = path.join(REPO_ROOT, "bin", "validate-workflows.js");
        const ok = spawnSync(process.execPath, [script], { cwd: REPO_ROOT, encoding: "utf8" });
        expect(ok.status).toBe(0);
        expect(ok.stdout).toContain("workflow(s) valid.");
        const broken = path.join(dir, "workflows");
        fs.mkdirSync(broken);
        fs.writeFileSync(path.join(broken, "broken.yml"), "name: broken\non: push\npermissions: {}\njobs:\n  a:\n    runs-on: [\n");
        expect(spawnSync(process.execPath, [script, broken], { cwd: REPO_ROOT, encoding: "utf8" }).status).toBe(1);
    });
});

describe("fragile inputs", () => {
    it("a FIFO is refused at once, not waited on", () => {
        const fifo = path.join(dir, "fifo.json");
        execFileSync("mkfifo", [fifo]);
        const run = runCli("report", [fifo]);
        expect(run.status).toBe(2);
        expect(run.stderr).toContain("is a FIFO (named pipe): give a regular file");
    });
});
