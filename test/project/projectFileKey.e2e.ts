// A project file key the offline preview cannot honour, end to end (run by test/e2e/previews.test.ts).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FIXTURES, runOfflinePreview } from "../support/offlinePreview";

describe("the offline preview of a project file with a key it cannot honour", () => {
    it("exits 2 naming the file and key, and writes nothing", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "project-key-"));
        const report = path.join(dir, "report.md");
        const fixture = path.join(FIXTURES, "project-files", "plugins-provider");
        const run = runOfflinePreview(["--cwd", fixture, "--stack", "test", "--report", report]);
        expect(run.code).toBe(2);
        expect(run.stderr.split("\n").filter((l) => l.startsWith("error: "))).toEqual([
            expect.stringMatching(
                new RegExp(`^error: project file ${fixture.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/Pulumi\\.yaml: key 'plugins\\.providers' \\(aws\\)`),
            ),
        ]);
        expect(run.stdout).toBe("");
        expect(run.doc).toBeUndefined();
        expect(fs.existsSync(report)).toBe(false);
    });
});
