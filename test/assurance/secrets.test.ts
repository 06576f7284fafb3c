import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { previewFixture, PreviewRun } from "../support/offlinePreview";

const PLANTED = /PLANTED-(SECRET|REGION)|offline-preview-secret/;

describe("secrets never appear in what the offline preview prints or writes", () => {
    let run: PreviewRun;
    let report: string;
    beforeAll(() => {
        const reportPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "secrets-")), "report.md");
        run = previewFixture("secrets", ["--report", reportPath]);
        report = fs.existsSync(reportPath) ? fs.readFileSync(reportPath, "utf8") : "";
    });

    it("runs to a verdict (the planted values trip policies that quote them)", () => {
        expect(run.code).toBe(1);
        expect(report.length).toBeGreaterThan(0);
    });

    it("masks them in stdout and stderr", () => {
        expect(run.stdout).not.toMatch(PLANTED);
        expect(run.stderr).not.toMatch(PLANTED);
        expect(run.stdout).toContain("[secret]");
    });

    it("masks them in the JSON document", () => {
        const json = fs.readFileSync(run.jsonPath, "utf8");
        expect(json).not.toMatch(PLANTED);
        expect(json).toContain("[secret]");
    });

    it("masks them in the Markdown report", () => {
        expect(report).not.toMatch(PLANTED);
    });

    it("masks them in error messages", () => {
        const failed = previewFixture("secrets-in-error");
        expect(failed.code).toBe(2);
        expect(failed.stderr).toContain("refusing owner [secret]");
        expect(failed.stderr).not.toMatch(PLANTED);
    });
});
