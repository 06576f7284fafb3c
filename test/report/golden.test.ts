import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FIXTURES, cli } from "./support/checks";

// Golden files: `UPDATE_GOLDEN=1 npx jest test/report/golden` rewrites them; review the diff before committing.
const GOLDEN = path.join(FIXTURES, "golden");
const update = process.env.UPDATE_GOLDEN === "1";

const cases: { name: string; input: string; format: "md" | "json" | "sarif" }[] = [
    { name: "offline-preview.md", input: "offline-preview.json", format: "md" },
    { name: "offline-preview.report.json", input: "offline-preview.json", format: "json" },
    { name: "offline-preview.sarif", input: "offline-preview.json", format: "sarif" },
    { name: "pulumi-preview.md", input: "pulumi-preview.json", format: "md" },
    { name: "stack-export.md", input: "stack-export.json", format: "md" },
    { name: "stack-export.sarif", input: "stack-export.json", format: "sarif" },
];

describe("report golden files", () => {
    it.each(cases)("$name", async ({ name, input, format }) => {
        const res = await cli("report", [path.join("test", "fixtures", "report", input), "--format", format]);
        expect(res.stderr).toBe("");
        expect(res.status).toBe(0);
        const file = path.join(GOLDEN, name);
        if (update) {
            fs.mkdirSync(GOLDEN, { recursive: true });
            fs.writeFileSync(file, res.stdout);
        }
        expect(res.stdout).toBe(fs.readFileSync(file, "utf8"));
    });

    it("writes the same bytes with --out as on stdout, and says so on stderr", async () => {
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "report-")), "r.md");
        const res = await cli("report", [path.join("test", "fixtures", "report", "offline-preview.json"), "--out", out]);
        expect(res.status).toBe(0);
        expect(res.stdout).toBe("");
        expect(res.stderr).toMatch(/report \(md\) written to .*r\.md\. FAIL: 1 mandatory, 1 advisory, 1 exempted/);
        expect(fs.readFileSync(out, "utf8")).toBe(fs.readFileSync(path.join(GOLDEN, "offline-preview.md"), "utf8"));
    });
});
