import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FIXTURES, previewFixture, REPO_ROOT, runOfflinePreview } from "../support/offlinePreview";

function configFile(content: string): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-")), "config.json");
    fs.writeFileSync(file, content);
    return file;
}

function settings(extra: Record<string, unknown>): string {
    return configFile(JSON.stringify({ "residency-config-valid": extra }));
}

const exemption = {
    policy: "copies-stay-in-approved-locations",
    resource: "some-bucket",
    reason: "a reason that is long enough",
    ticket: "SEC-1",
    expires: "2027-01-31",
};

/** Each bad input: exit 2, a message naming what is wrong and what is allowed, no JSON written. */
const cases: { name: string; args: string[]; expect: string[] }[] = [
    {
        name: "stack config: wrong type",
        args: ["--cwd", path.join(FIXTURES, "bad-stack-config"), "--stack", "test"],
        expect: ["us-data-residency:objectLockRetentionDays", "allowed: an integer from 1 to 3650"],
    },
    {
        name: "stack config: unknown region",
        args: ["--cwd", path.join(FIXTURES, "bad-stack-config"), "--stack", "unknown-region"],
        expect: ["us-data-residency:ociDrRegion", "eu-frankfurt-1", "allowed: us-ashburn-1, us-phoenix-1"],
    },
    {
        name: "stack config: missing key",
        args: ["--cwd", path.join(FIXTURES, "bad-stack-config"), "--stack", "missing-key"],
        expect: ["us-data-residency:ociTenancyOcid", "required", "allowed: an OCID"],
    },
    { name: "policy config: not JSON", args: ["--policy-pack-config", configFile("{ not json")], expect: ["is not valid JSON"] },
    {
        name: "policy config: unknown policy name",
        args: ["--policy-pack-config", configFile(JSON.stringify({ "us-data-in-aproved-locations": "mandatory" }))],
        expect: ["unknown policy 'us-data-in-aproved-locations'", "us-user-data-in-approved-locations"],
    },
    {
        name: "policy config: bad enforcement level",
        args: ["--policy-pack-config", configFile(JSON.stringify({ all: "strict" }))],
        expect: ["'strict'".replace(/'/g, '"'), "allowed: advisory, mandatory, disabled, remediate"],
    },
    {
        name: "policy config: against the schema",
        args: ["--policy-pack-config", settings({ minAuditRetentionDays: 30 })],
        expect: ["residency-config-valid", "/minAuditRetentionDays", ">= 365"],
    },
    {
        name: "policy config: unknown data class",
        args: ["--policy-pack-config", settings({ approvedLocations: { "eu-user-data": [{ location: "aws:eu-west-1" }] } })],
        expect: ["/approvedLocations", "additional properties"],
    },
    {
        name: "policy config: bad date",
        args: ["--policy-pack-config", settings({ exemptions: [{ ...exemption, expires: "31/01/2027" }] })],
        expect: ["/exemptions/0/expires", "must match pattern"],
    },
    {
        name: "policy config: exemption of an unknown policy",
        args: ["--policy-pack-config", settings({ exemptions: [{ ...exemption, policy: "no-such-policy" }] })],
        expect: ["/exemptions/0/policy", "allowed: residency-config-valid, us-user-data-in-approved-locations"],
    },
    {
        name: "policy config: exemption without expiry",
        args: ["--policy-pack-config", settings({ exemptions: [{ ...exemption, expires: undefined }] })],
        expect: ["/exemptions/0", "must have required property 'expires'"],
    },
    {
        name: "policy config: more configs than packs",
        args: ["--policy-pack-config", configFile("{}"), "--policy-pack-config", configFile("{}")],
        expect: ["--policy-pack-config was given 2 times for 1 policy pack"],
    },
    { name: "flag: a policy pack that is not one", args: ["--policy-pack", path.join(REPO_ROOT, "infra")], expect: ["no PulumiPolicy.yaml"] },
    { name: "flag: unknown flag", args: ["--polciy-pack", "policies"], expect: ["unknown option '--polciy-pack'"] },
    { name: "flag: empty stack name", args: ["--stack", ""], expect: ["is not a valid stack name", "allowed: letters, digits"] },
    { name: "flag: stray argument", args: ["us-prod"], expect: ["too many arguments"] },
];

describe("bad input gets a clear error, exit 2, and no partial output", () => {
    it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
        const run = runOfflinePreview(c.args);
        expect(run.code).toBe(2);
        for (const text of c.expect) expect(run.stderr).toContain(text);
        expect(fs.existsSync(run.jsonPath)).toBe(false);
    });

    it("an exemption that has expired is a mandatory violation (exit 1), naming it", () => {
        const run = runOfflinePreview(["--policy-pack-config", settings({ exemptions: [{ ...exemption, expires: "2026-01-31" }] })]);
        expect(run.code).toBe(1);
        const v = run.doc!.violations.find((x) => x.policy === "residency-config-valid");
        expect(v?.level).toBe("mandatory");
        expect(v?.message).toContain("expired on 2026-01-31");
    });

    it("a date that does not exist is a mandatory violation (exit 1)", () => {
        const run = runOfflinePreview(["--policy-pack-config", settings({ exemptions: [{ ...exemption, expires: "2027-02-30" }] })]);
        expect(run.code).toBe(1);
        expect(run.doc!.violations.find((x) => x.policy === "residency-config-valid")?.message).toContain("'2027-02-30' is not an ISO date");
    });

    it("outputs that name the same file, an input or a directory are refused before anything runs", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "outputs-"));
        const config = configFile("{}");
        const same = path.join(dir, "out");
        for (const [args, message] of [
            [["--report", same, "--graph", same], `--graph ${same} and --report ${same} name the same file`],
            [["--report", config, "--policy-pack-config", config], `--report ${config} is the --policy-pack-config file`],
            [["--graph", dir], `--graph ${dir} is a directory`],
        ] as const) {
            const run = runOfflinePreview([...args]);
            expect(run.code).toBe(2);
            expect(run.stderr).toContain(message);
        }
        expect(fs.readFileSync(config, "utf8")).toBe("{}");
        expect(fs.readdirSync(dir)).toEqual([]);
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("a bad stack config value is quoted back as given", () => {
        const run = previewFixture("bad-stack-config");
        expect(run.stderr).toContain('given "forever" (not an integer)');
    });
});
