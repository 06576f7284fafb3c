/**
 * CODEOWNERS must give every file that can change a verdict or a deploy (tools/gate/protectedPaths.ts) to the
 * security team. `codeownersErrors` reads the file as GitHub does (last matching line wins) and checks every tracked
 * file under a protected path, and each path's example (`.npmrc` need not exist yet); the mutations show each way
 * of breaking it is caught.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ownersOf, parseCodeowners } from "../../tools/gate/codeowners";
import { compilePattern } from "../../tools/gate/pathPattern";
import { PROTECTED_PATHS } from "../../tools/gate/protectedPaths";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const CODEOWNERS = path.join(REPO_ROOT, ".github", "CODEOWNERS");
const SECURITY_TEAM = "@example-org/platform-security";

const TRACKED = execFileSync("git", ["-C", REPO_ROOT, "ls-files", "-z"]).toString("utf8").split("\0").filter(Boolean);

function codeownersErrors(text: string): string[] {
    const rules = parseCodeowners(text);
    const errors: string[] = [];
    for (const p of PROTECTED_PATHS) {
        const pattern = compilePattern(p.pattern);
        const files = [p.example, ...TRACKED.filter((f) => pattern.matches(f))];
        for (const file of new Set(files)) {
            if (!ownersOf(rules, file).includes(SECURITY_TEAM)) errors.push(`${file} (${p.pattern}: ${p.why}) is not owned by ${SECURITY_TEAM}`);
        }
    }
    return errors;
}

const source = fs.readFileSync(CODEOWNERS, "utf8");

describe("CODEOWNERS: the security team owns every file that can change a verdict or a deploy", () => {
    it("holds for the shipped file", () => {
        expect(codeownersErrors(source)).toEqual([]);
    });

    it("covers the paths the issue names, each with an example", () => {
        const patterns = PROTECTED_PATHS.map((p) => p.pattern);
        expect(patterns).toEqual(
            expect.arrayContaining([
                "/Pulumi.yaml",
                "/package.json",
                "/package-lock.json",
                "/.npmrc",
                "/tools/",
                "/bin/",
                "/policies/",
                "/stacks/policy-config.*",
                "/.github/",
            ]),
        );
        for (const p of PROTECTED_PATHS) expect(compilePattern(p.pattern).matches(p.example)).toBe(true);
    });

    const dropLine = (prefix: string) => (text: string) =>
        text
            .split("\n")
            .filter((l) => !l.startsWith(`${prefix} `))
            .join("\n");
    const mutations: [string, (text: string) => string, RegExp][] = [
        ["the tools/ line is removed", dropLine("/tools/"), /tools\/preview\/cli\.ts .* is not owned/],
        ["the .npmrc line is removed (no such file yet: its example counts)", dropLine("/.npmrc"), /^\.npmrc .* is not owned/m],
        [
            "the policy config line is removed (the /stacks/ line still names the team)",
            (t) => dropLine("/stacks/policy-config.*")(dropLine("/stacks/")(t)),
            /stacks\/policy-config\.us-prod\.json/,
        ],
        ["a later line gives TypeScript files to someone else", (t) => `${t}\n*.ts @example-org/someone-else\n`, /policies\/index\.ts .* is not owned/],
        ["a later line takes the owners off the rules", (t) => `${t}\n/policies/rules/\n`, /policies\/rules\/.* is not owned/],
        [
            "the bootstrap line comes before the /infra/ line",
            (t) => `${dropLine("/infra/bootstrap/")(t)}\n`.replace("/infra/ ", "/infra/bootstrap/ @example-org/platform-security\n/infra/ "),
            /infra\/bootstrap\/index\.ts/,
        ],
        [
            "the workflows lose their owner",
            (t) => t.replace(/^\/\.github\/.*$/m, "/.github/ @example-org/platform-engineering"),
            /\.github\/workflows\/preview\.yml/,
        ],
    ];

    it.each(mutations)("fails when %s", (_what, mutate, expected) => {
        const mutated = mutate(source);
        expect(mutated).not.toBe(source);
        expect(codeownersErrors(mutated).join("\n")).toMatch(expected);
    });
});
