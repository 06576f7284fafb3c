import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { compareCheckouts, gateChanges, renderMarkdown, stagedFiles } from "../../tools/gate/gateChanges";
import { REPO_ROOT } from "../support/offlinePreview";

// The pull-request check judges with the base branch's gate and says at the top of the report which gate files the
// pull request changes. Two real git checkouts stand in for the workflow's `gate/` (base) and `pr/` (head).

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function checkout(files: Record<string, string>, modes: Record<string, number> = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gate-checkout-"));
    tempDirs.push(dir);
    for (const [name, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), content);
        if (modes[name]) fs.chmodSync(path.join(dir, name), modes[name]);
    }
    const git = (...args: string[]) => execFileSync("git", ["-C", dir, "-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { stdio: "pipe" });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "c", "--allow-empty");
    return dir;
}

const BASE = {
    "policies/index.ts": "export {};\n",
    "tools/preview/cli.ts": "export {};\n",
    "bin/preview.js": "#!/usr/bin/env node\n",
    "stacks/policy-config.us-prod.json": "{}\n",
    "stacks/Pulumi.us-prod.yaml": "config: {}\n",
    "infra/index.ts": "export {};\n",
    "Pulumi.yaml": "name: x\n",
    "README.md": "# x\n",
};

describe("gate-changes: the protected files a pull request changes", () => {
    it("finds nothing when the pull request changes only the program and docs, and says which gate judged", () => {
        const base = checkout(BASE);
        const head = checkout({ ...BASE, "infra/index.ts": "export const x = 1;\n", "README.md": "# y\n", "stacks/Pulumi.us-prod.yaml": "config: {a: 1}\n" });
        const result = gateChanges(base, head);
        expect(result.changes).toEqual([]);
        expect(result.baseCommit).toMatch(/^[0-9a-f]{40}$/);
        const md = renderMarkdown(result);
        expect(md).toContain(`base branch (\`${result.baseCommit.slice(0, 12)}\`)`);
        expect(md).toContain("changes none of the gate's files");
        expect(md).not.toContain("WARNING");
    });

    it("lists added, removed, modified and mode-changed gate files, and the deploy files apart", () => {
        const base = checkout(BASE);
        const { ["tools/preview/cli.ts"]: _removed, ...rest } = BASE;
        const head = checkout(
            { ...rest, "policies/index.ts": "export const weakened = true;\n", ".npmrc": "ignore-scripts=false\n", "Pulumi.yaml": "name: y\n" },
            { "bin/preview.js": 0o755 },
        );
        const changes = gateChanges(base, head).changes.map((c) => [c.file, c.kind, c.protectedBy.role]);
        expect(changes).toEqual([
            [".npmrc", "added", "gate"],
            ["Pulumi.yaml", "modified", "deploy"],
            ["bin/preview.js", "modified", "gate"],
            ["policies/index.ts", "modified", "gate"],
            ["tools/preview/cli.ts", "removed", "gate"],
        ]);
        const md = renderMarkdown(gateChanges(base, head));
        expect(md.split("\n")[0]).toBe("> [!WARNING]");
        expect(md).toContain("**This pull request changes the residency gate** (4 files)");
        expect(md).toContain("| `policies/index.ts` | modified | the residency policy pack, its build and its launcher |");
        expect(md).toContain("**It also changes 1 file that shapes how the program runs or deploys**");
        expect(md).toContain("| `Pulumi.yaml` | modified |");
    });

    it("keeps hostile file names inert in the Markdown", () => {
        const names = [
            "policies/`x` <img src=x onerror=alert(1)>.ts",
            "tools/a|b.ts",
            "tools/line\nbreak.ts",
            "tools/\u202eevil.ts",
            "tools/[link](https://example.com).ts",
        ];
        const base = checkout(BASE);
        const head = checkout({ ...BASE, ...Object.fromEntries(names.map((n) => [n, "x\n"])) });
        const md = renderMarkdown(gateChanges(base, head));
        const rows = md.split("\n").filter((l) => l.startsWith("| `") || l.startsWith("| ``"));
        expect(rows).toHaveLength(names.length);
        expect(md).toContain("``policies/`x` <img src=x onerror=alert(1)>.ts``");
        expect(md).toContain("`tools/a\\|b.ts`");
        expect(md).toContain("`tools/line break.ts`");
        expect(md).toContain("\\u202e");
        expect(md).not.toContain("\u202e");
        for (const row of rows) expect(row.split(/(?<!\\)\|/)).toHaveLength(5);
    });

    it("lists at most 50 files of a role and counts the rest", () => {
        const many = Object.fromEntries(Array.from({ length: 57 }, (_, i) => [`tools/generated/f${String(i).padStart(2, "0")}.ts`, `${i}\n`]));
        const md = renderMarkdown(gateChanges(checkout(BASE), checkout({ ...BASE, ...many })));
        expect(md).toContain("(57 files)");
        expect(md.split("\n").filter((l) => l.startsWith("| `tools/generated/"))).toHaveLength(50);
        expect(md).toContain("…and 7 more files.");
    });

    it("compares indexes, not the files on disk: an untracked file in the pull request's checkout is no change", () => {
        const base = checkout(BASE);
        const head = checkout(BASE);
        fs.writeFileSync(path.join(head, "policies", "untracked.ts"), "x");
        expect(compareCheckouts(stagedFiles(base), stagedFiles(head))).toEqual([]);
    });

    it("runs as bin/gate-changes.js: writes --out whole and exits 0; exits 2 naming a directory that is not a checkout", () => {
        const base = checkout(BASE);
        const head = checkout({ ...BASE, "policies/index.ts": "changed\n" });
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gate-out-")), "gate.md");
        tempDirs.push(path.dirname(out));
        const script = path.join(REPO_ROOT, "bin", "gate-changes.js");
        const ok = spawnSync(process.execPath, [script, "--base", base, "--head", head, "--out", out], {
            encoding: "utf8",
            env: { ...process.env, GITHUB_ACTIONS: "true" },
        });
        expect(ok.status).toBe(0);
        expect(fs.readFileSync(out, "utf8")).toContain("`policies/index.ts`");
        expect(ok.stdout).toBe("::warning::This pull request changes 1 file(s) of the residency gate; it was judged with the base branch's gate.\n");
        const notCheckout = fs.mkdtempSync(path.join(os.tmpdir(), "not-a-checkout-"));
        tempDirs.push(notCheckout);
        const bad = spawnSync(process.execPath, [script, "--base", base, "--head", notCheckout, "--out", out + ".2"], { encoding: "utf8" });
        expect(bad.status).toBe(2);
        expect(bad.stderr).toContain(`${notCheckout} is not a git checkout`);
        expect(fs.existsSync(out + ".2")).toBe(false);
        expect(spawnSync(process.execPath, [script, "--base", base], { encoding: "utf8" }).status).toBe(2);
    });
});
