// The offline preview and the audit with a weakened policy config, end to end (run by test/e2e/previews.test.ts).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FIXTURES, runOfflinePreview } from "../support/offlinePreview";
import { runCli } from "../report/support/checks";

const CONFIGS = path.join(FIXTURES, "hostile", "configs");
const config = (name: string) => path.join(CONFIGS, name);

function preview(fixture: string, extra: string[]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "weakened-"));
    const report = path.join(dir, "report.md");
    const run = runOfflinePreview(["--cwd", path.join(FIXTURES, fixture), "--stack", "test", "--report", report, ...extra]);
    return { ...run, report: fs.existsSync(report) ? fs.readFileSync(report, "utf8") : undefined };
}

describe("the offline preview with a weakened policy config: NOT ENFORCED, never PASS", () => {
    // One preview of US data in Singapore with every policy disabled, read by the terminal, JSON and report checks
    // and by `npm run report`.
    let allDisabledRun: ReturnType<typeof preview> | undefined;
    const allDisabled = () => (allDisabledRun ??= preview("us-data-in-singapore", ["--policy-pack-config", config("all-disabled.json")]));

    it("all: disabled over US data in Singapore: exit 1, NOT ENFORCED in the terminal, the JSON and the report heading", () => {
        const run = allDisabled();
        expect(run.code).toBe(1);
        expect(run.stdout).toMatch(/Verdict: NOT ENFORCED: the policy config weakens the residency gate:/);
        expect(run.stdout).toMatch(/'us-user-data-in-approved-locations' is disabled \(through 'all'\)/);
        expect(run.doc!.weakenedConfig).toHaveLength(7);
        expect(run.doc!.acceptedWeakenedConfig).toBe(false);
        expect(run.report).toMatch(
            /## ⛔ Data residency: NOT ENFORCED, the policy config weakens the gate: .*'us-user-data-in-approved-locations' is disabled/,
        );
        expect(run.report).not.toContain("PASS");
    });

    it("Singapore approved for US data: exit 1; with --accept-weakened-config exit 0, the flag printed in every output", () => {
        const refused = preview("us-data-in-singapore", ["--policy-pack-config", config("singapore-approved.json")]);
        expect(refused.code).toBe(1);
        expect(refused.stdout).toContain("'aws:ap-southeast-1' is approved for us-user-data: not a location in the United States");

        // Over a stack with no other violation, so that the exit code shows the flag and nothing else.
        const accepted = preview("policies/compliant-aws-us-bucket", ["--policy-pack-config", config("singapore-approved.json"), "--accept-weakened-config"]);
        expect(accepted.code).toBe(0);
        expect(accepted.stdout).toMatch(/Verdict: NOT ENFORCED: .*\(accepted with --accept-weakened-config\)/);
        expect(accepted.doc!.acceptedWeakenedConfig).toBe(true);
        expect(accepted.report).toMatch(/## ⛔ Data residency: NOT ENFORCED \(accepted with `--accept-weakened-config`\)/);
    });

    it("exemptions-in-force disabled over a compliant stack: exit 1, naming it", () => {
        const run = preview("policies/compliant-aws-us-bucket", ["--policy-pack-config", config("exemptions-in-force-disabled.json")]);
        expect(run.doc!.summary.mandatory).toBe(0);
        expect(run.code).toBe(1);
        expect(run.stdout).toContain("policy 'exemptions-in-force' is disabled; the pack enforces it as advisory");
    });

    it("a duplicate key: exit 2 naming the key, nothing written", () => {
        const run = preview("policies/compliant-aws-us-bucket", ["--policy-pack-config", config("duplicate-key.json")]);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(
            /error: --policy-pack-config .*duplicate-key\.json: key 'us-user-data-in-approved-locations' appears twice \(in top level\)/,
        );
        expect(run.doc).toBeUndefined();
        expect(run.report).toBeUndefined();
    });

    it("the report of a weakened preview JSON is NOT ENFORCED too", () => {
        const run = allDisabled();
        const out = runCli("report", [run.jsonPath]);
        expect(out.status).toBe(0);
        expect(out.stdout).toMatch(/## ⛔ Data residency: NOT ENFORCED/);
    });
});

describe("the audit with a weakened policy config", () => {
    const checkpoint = path.join("test", "fixtures", "report", "stack-export.json");
    it("all: disabled: exit 1, NOT ENFORCED; accepted: the flag is printed", () => {
        const refused = runCli("audit", [checkpoint, "--policy-pack-config", config("all-disabled.json")]);
        expect(refused.status).toBe(1);
        expect(refused.stdout).toMatch(/## ⛔ Data residency: NOT ENFORCED/);
        expect(refused.stderr).toMatch(/audit: NOT ENFORCED \(the policy config weakens: /);
        const accepted = runCli("audit", [checkpoint, "--policy-pack-config", config("all-disabled.json"), "--accept-weakened-config"]);
        expect(accepted.status).toBe(0);
        expect(accepted.stderr).toContain("accepted with --accept-weakened-config");
    });
});
