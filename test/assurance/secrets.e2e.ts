import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { previewFixture, PreviewRun } from "../support/offlinePreview";

const PLANTED = /PLANTED-(SECRET|REGION)|offline-preview-secret|q7q7|PLANTEDCIPHERTEXT|'k9'|"k9"/i;

describe("secrets never appear in what the offline preview prints or writes", () => {
    let run: PreviewRun;
    let report: string;
    let graph: string;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "secrets-"));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    beforeAll(() => {
        const reportPath = path.join(dir, "report.md");
        const graphPath = path.join(dir, "graph.json");
        run = previewFixture("secrets", ["--report", reportPath, "--graph", graphPath]);
        report = fs.existsSync(reportPath) ? fs.readFileSync(reportPath, "utf8") : "";
        graph = fs.existsSync(graphPath) ? fs.readFileSync(graphPath, "utf8") : "";
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
        expect(report).not.toMatch(/PLANTED.SECRET/i);
    });

    it("masks them in the --graph file, keeping the secret envelopes", () => {
        expect(graph.length).toBeGreaterThan(0);
        expect(graph).not.toMatch(PLANTED);
        expect(graph).toContain('"value":"[secret]"');
    });

    it("the cut-short and the short secrets were quoted by policies, and are masked there", () => {
        const messages = [...run.doc!.violations, ...run.doc!.exempted].map((v) => v.message).join("\n");
        expect(messages).toMatch(/labelled-by-short-secret|\[secret\]/);
        expect(messages).toContain("'[secret]'");
    });

    it("masks them in error messages", () => {
        const failed = previewFixture("secrets-in-error");
        expect(failed.code).toBe(2);
        expect(failed.stderr).toContain("refusing owner [secret]");
        expect(failed.stderr).not.toMatch(PLANTED);
    });
});
