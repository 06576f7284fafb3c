import { ownersOf, parseCodeowners } from "../../tools/gate/codeowners";
import { compilePattern } from "../../tools/gate/pathPattern";
import { PROTECTED_PATHS, protectedPathOf } from "../../tools/gate/protectedPaths";

// CODEOWNERS patterns as GitHub reads them (docs: "CODEOWNERS syntax"); the same matcher decides the protected paths.

describe("CODEOWNERS path patterns", () => {
    it.each([
        ["*", "README.md", true],
        ["*", "tools/preview/cli.ts", true],
        ["*.js", "bin/preview.js", true],
        ["*.js", "bin/preview.ts", false],
        ["/build/logs/", "build/logs/a/b.txt", true],
        ["/build/logs/", "x/build/logs/a.txt", false],
        ["apps/", "apps/a.txt", true],
        ["apps/", "x/apps/a.txt", true], // only a slash at the start or in the middle anchors (gitignore)
        ["docs/*", "docs/getting-started.md", true],
        ["docs/*", "docs/build-app/troubleshooting.md", false],
        ["**/logs", "deeply/nested/logs/x.txt", true],
        ["**/logs", "logs/x.txt", true],
        ["/docs", "docs/a/b.md", true],
        ["/package.json", "package.json", true],
        ["/package.json", "policies/package.json", false],
        ["package.json", "policies/package.json", true],
        ["/stacks/policy-config.*", "stacks/policy-config.us-prod.json", true],
        ["/stacks/policy-config.*", "stacks/Pulumi.us-prod.yaml", false],
        ["/.github/", ".github/CODEOWNERS", true],
        ["/tools/", "tools", false],
        ["/a?c", "abc", true],
        ["/a?c", "a/c", false],
        ["/tools/", "tools/line\nbreak.ts", true],
    ])("%s matches %s: %s", (pattern, file, expected) => {
        expect(compilePattern(pattern).matches(file)).toBe(expected);
    });

    it.each(["!policies/", "policies/[ab].ts", "\\#file", "", "/"])("refuses %j", (pattern) => {
        expect(() => compilePattern(pattern)).toThrow();
    });
});

describe("CODEOWNERS rules", () => {
    const rules = parseCodeowners(["# comment", "*  @org/default", "/policies/ @org/security  @org/eng # trailing", "/policies/README.md", ""].join("\n"));

    it("takes the last matching rule", () => {
        expect(ownersOf(rules, "policies/index.ts")).toEqual(["@org/security", "@org/eng"]);
        expect(ownersOf(rules, "infra/index.ts")).toEqual(["@org/default"]);
        expect(ownersOf(rules, "policies/README.md")).toEqual([]);
    });

    it("refuses an owner GitHub would not accept, naming the line", () => {
        expect(() => parseCodeowners("/x/ @org/team\n/y/ not-an-owner\n")).toThrow(/line 2: 'not-an-owner'/);
    });
});

describe("the protected paths", () => {
    it("cover their own examples, each first by its own entry", () => {
        for (const p of PROTECTED_PATHS) expect(protectedPathOf(p.example)).toBe(p);
    });

    it("leave the program, its stack configs, tests and docs to the residency check itself", () => {
        for (const file of [
            "infra/index.ts",
            "infra/components/awsBackupVault.ts",
            "stacks/Pulumi.us-prod.yaml",
            "test/x.test.ts",
            "docs/RUNBOOK.md",
            "README.md",
        ]) {
            expect(protectedPathOf(file)).toBeUndefined();
        }
    });
});
