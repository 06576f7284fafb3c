import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadPackInProcess } from "../../tools/analyzer/inProcessPack";
import { resolvePolicyConfig } from "../../tools/analyzer/policyConfig";
import { packInfoFromWire, PackInfo } from "../../tools/analyzer/policyInfo";
import { firstDuplicateKey } from "../../tools/analyzer/strictJson";
import { weakenedByConfig } from "../../tools/analyzer/weakenedConfig";
import { FIXTURES, REPO_ROOT, runOfflinePreview } from "../support/offlinePreview";
import { runCli } from "../report/support/checks";

const CONFIGS = path.join(FIXTURES, "hostile", "configs");
const config = (name: string) => path.join(CONFIGS, name);
const US = [{ location: "oci:us-ashburn-1" }, { location: "aws:us-east-1" }];

describe("weakenedByConfig names what a policy config switches off in the residency gate", () => {
    let pack: PackInfo;
    beforeAll(async () => {
        pack = packInfoFromWire(await loadPackInProcess(path.join(REPO_ROOT, "policies")).getAnalyzerInfo());
    });
    const weakened = (file: Record<string, unknown>) => weakenedByConfig(pack, file, resolvePolicyConfig(pack, file, "test"));
    const approving = (usUserData: unknown[]) => ({
        "residency-config-valid": { approvedLocations: { "us-user-data": usUserData, "non-us-user-data": US, "no-user-data": [{ location: "*" }] } },
    });

    const external = (location: string, dataClasses: string[]) => ({
        "residency-config-valid": {
            approvedExternalDestinations: [
                {
                    destination: "*.partner.example",
                    location,
                    dataClasses,
                    reason: "Contracted processor reviewed by privacy",
                    ticket: "PRIV-1",
                    expires: "2027-01-31",
                },
            ],
        },
    });

    it.each([
        ["no config", {}],
        ["an external destination in the US for US data", external("country:US", ["us-user-data"])],
        ["an external destination in a US region for US data", external("aws:us-east-1", ["us-user-data", "non-us-user-data"])],
        ["an external destination abroad for non-US data only", external("country:SG", ["non-us-user-data"])],
        ["the example config", JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "policies", "config.example.json"), "utf8"))],
        ["every policy mandatory", { all: "mandatory" }],
        ["exemptions-in-force at its own level", { "exemptions-in-force": "advisory" }],
        ["US locations only", approving(US)],
    ])("%s: nothing", (_label, file) => {
        expect(weakened(file)).toEqual([]);
    });

    it.each([
        [
            "all: disabled",
            { all: "disabled" },
            [/'residency-config-valid' is disabled \(through 'all'\)/, /'exemptions-in-force' is disabled \(through 'all'\)/],
        ],
        ["all: advisory", { all: "advisory" }, [/'us-user-data-in-approved-locations' is advisory \(through 'all'\)/]],
        ["exemptions-in-force disabled", { "exemptions-in-force": "disabled" }, [/'exemptions-in-force' is disabled; the pack enforces it as advisory/]],
        ["a core policy as an object", { "data-stores-classified": { enforcementLevel: "advisory" } }, [/'data-stores-classified' is advisory/]],
        ["Singapore approved for US data", approving([...US, { location: "aws:ap-southeast-1" }]), [/'aws:ap-southeast-1' is approved for us-user-data/]],
        ["anywhere approved for US data", approving([{ location: "*" }]), [/'\*' is approved for us-user-data/]],
        [
            "an external destination abroad that may receive US data",
            external("country:DE", ["us-user-data"]),
            [/approved external destination '\*\.partner\.example' may receive us-user-data in 'country:DE'/],
        ],
        [
            "an external destination in Singapore's region for US data",
            external("aws:ap-southeast-1", ["us-user-data"]),
            [/may receive us-user-data in 'aws:ap-southeast-1'/],
        ],
    ])("%s", (_label, file, expected) => {
        const lines = weakened(file);
        for (const e of expected) expect(lines.some((l) => e.test(l))).toBe(true);
    });

    it("all: disabled names each of the core policies", () => {
        expect(weakened({ all: "disabled" })).toHaveLength(7);
    });
});

describe("firstDuplicateKey", () => {
    it.each([
        ['{"a":1,"a":2}', { key: "a", path: "top level" }],
        ['{"x":{"b":1,"c":{"k":"a\\"b","k":3}}}', { key: "k", path: "x.c" }],
        ['{"x":[{"k":1},{"k":2,"k":3}]}', { key: "k", path: "x[1]" }],
        ['{"a":{"b":1},"c":{"b":2}}', undefined],
        ['{"a":"\\"a\\"","b":"a"}', undefined],
    ])("%s", (text, expected) => {
        expect(firstDuplicateKey(text)).toEqual(expected);
    });
});

function preview(fixture: string, extra: string[]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "weakened-"));
    const report = path.join(dir, "report.md");
    const run = runOfflinePreview(["--cwd", path.join(FIXTURES, fixture), "--stack", "test", "--report", report, ...extra]);
    return { ...run, report: fs.existsSync(report) ? fs.readFileSync(report, "utf8") : undefined };
}

describe("the offline preview with a weakened policy config: NOT ENFORCED, never PASS", () => {
    it("all: disabled over US data in Singapore: exit 1, NOT ENFORCED in the terminal, the JSON and the report heading", () => {
        const run = preview("us-data-in-singapore", ["--policy-pack-config", config("all-disabled.json")]);
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
        const run = preview("us-data-in-singapore", ["--policy-pack-config", config("all-disabled.json")]);
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
