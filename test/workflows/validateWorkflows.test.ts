import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    DEFAULT_WORKFLOW_DIR,
    findWorkflowFiles,
    main,
    repositoryRuleErrors,
    validateWorkflowFile,
    validateWorkflowSource,
} from "../../tools/validateWorkflows";

const SHIPPED = ["audit.yml", "deploy.yml", "preview.yml"];

const VALID = `name: ok
on: push
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo hello
`;

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tempDir(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workflows-"));
    tempDirs.push(dir);
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
}

async function run(args: string[]): Promise<{ code: number; output: string }> {
    const lines: string[] = [];
    const code = await main(args, (l) => lines.push(l));
    return { code, output: lines.join("\n") };
}

describe("validate-workflows", () => {
    it("ships the preview, deploy and audit workflows", () => {
        const names = findWorkflowFiles(DEFAULT_WORKFLOW_DIR).map((f) => path.basename(f));
        expect(names).toEqual(expect.arrayContaining(SHIPPED));
    });

    it("accepts every shipped workflow", async () => {
        for (const file of findWorkflowFiles(DEFAULT_WORKFLOW_DIR)) {
            expect(validateWorkflowFile(file)).toEqual({ file, errors: [] });
        }
        const { code, output } = await run([]);
        expect(code).toBe(0);
        for (const name of SHIPPED) expect(output).toContain(`ok     ${path.join(".github", "workflows", name)}`);
    });

    it("accepts a minimal valid workflow", () => {
        expect(validateWorkflowSource(VALID)).toEqual([]);
    });

    it("rejects a workflow that breaks the schema, names the file and the error, and exits 1", async () => {
        const broken = VALID.replace("    steps:", "    stepz:");
        const dir = tempDir({ "good.yml": VALID, "broken.yml": broken });
        const { code, output } = await run([dir]);
        expect(code).toBe(1);
        expect(output).toContain(`error  ${path.relative(process.cwd(), path.join(dir, "broken.yml"))}`);
        expect(output).toContain("Additional property 'stepz' is not allowed");
        expect(output).toContain(`ok     ${path.relative(process.cwd(), path.join(dir, "good.yml"))}`);
        expect(output).toContain("1 of 2 workflow(s) invalid.");
    });

    it("rejects YAML that does not parse", () => {
        const errors = validateWorkflowSource("on: push\njobs: [\n");
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatch(/line 3/);
    });

    it("rejects a workflow without a trigger", () => {
        expect(validateWorkflowSource(VALID.replace("on: push\n", ""))).toEqual(expect.arrayContaining([expect.stringContaining("/on")]));
    });

    it("rejects an invalid permission level", () => {
        const errors = validateWorkflowSource(VALID.replace("contents: read", "contents: writ"));
        expect(errors.join("\n")).toContain("/permissions/contents");
    });

    it("rejects actions pinned to a branch or not pinned, and accepts tags, SHAs and local actions", () => {
        const uses = (ref: string) => VALID.replace("actions/checkout@v4", ref);
        expect(validateWorkflowSource(uses("actions/checkout@main"))).toEqual([expect.stringContaining("'actions/checkout@main' is not pinned")]);
        expect(validateWorkflowSource(uses("actions/checkout"))).toEqual([expect.stringContaining("is not pinned")]);
        expect(validateWorkflowSource(uses("github/codeql-action/upload-sarif@v4"))).toEqual([]);
        expect(validateWorkflowSource(uses("actions/checkout@v4.2.2"))).toEqual([]);
        expect(validateWorkflowSource(uses(`actions/checkout@${"a".repeat(40)}`))).toEqual([]);
        expect(validateWorkflowSource(uses("./.github/actions/local"))).toEqual([]);
    });

    it("requires top-level permissions", () => {
        expect(repositoryRuleErrors({ on: "push", jobs: {} })).toEqual([expect.stringContaining("no top-level 'permissions'")]);
        expect(repositoryRuleErrors({ on: "push", permissions: {}, jobs: {} })).toEqual([]);
    });

    it("exits 2 when there is nothing to validate", async () => {
        expect((await run([tempDir({ "README.md": "# not a workflow\n" })])).code).toBe(2);
        expect((await run([path.join(os.tmpdir(), "no-such-workflow-dir-xyz")])).code).toBe(2);
    });
});
