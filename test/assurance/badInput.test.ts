/**
 * Bad input gets a clear error (exit 2), names what is wrong and what is allowed, and writes nothing. The flags
 * and outputs are checked by the preview's command line itself, in this process, before it starts anything; a
 * policy config by the functions the preview calls on it (it is resolved against the pack's schemas, in memory).
 * One bad config of each kind also runs end to end (test/e2e/previews.test.ts).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { resolvePolicyConfig, readPolicyConfigFile } from "../../tools/analyzer/policyConfig";
import { packInfoFromWire, type PackInfo } from "../../tools/analyzer/policyInfo";
import { UserInputError } from "../../tools/errors";
import { type CliRun, runMain } from "../support/cliInProcess";
import { REPO_ROOT } from "../support/offlinePreview";
import { pack } from "../policies/judge";

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

/** `npm run preview` in this process (for input it refuses before it starts the program or a pack). */
async function preview(args: string[]): Promise<CliRun & { json: string }> {
    const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bad-input-")), "preview.json");
    const run = await runMain(
        async (argv) => {
            let code = -1;
            await jest.isolateModulesAsync(async () => {
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                code = await (require("../../tools/preview/cli") as typeof import("../../tools/preview/cli")).main(argv);
            });
            return code;
        },
        [...args, "--json", json],
    );
    return { ...run, json };
}

/** Policy configs: what the preview (and the audit) does with `--policy-pack-config FILE` before Configure. */
const configCases: { name: string; file: () => string; expect: string[] }[] = [
    { name: "not JSON", file: () => configFile("{ not json"), expect: ["is not valid JSON"] },
    { name: "a key twice", file: () => configFile('{"all": "mandatory", "all": "disabled"}'), expect: ["key 'all' appears twice"] },
    {
        name: "unknown policy name",
        file: () => configFile(JSON.stringify({ "us-data-in-aproved-locations": "mandatory" })),
        expect: ["unknown policy 'us-data-in-aproved-locations'", "us-user-data-in-approved-locations"],
    },
    {
        name: "bad enforcement level",
        file: () => configFile(JSON.stringify({ all: "strict" })),
        expect: ['"strict"', "allowed: advisory, mandatory, disabled, remediate"],
    },
    { name: "against the schema", file: () => settings({ minAuditRetentionDays: 30 }), expect: ["residency-config-valid", "/minAuditRetentionDays", ">= 365"] },
    {
        name: "unknown data class",
        file: () => settings({ approvedLocations: { "eu-user-data": [{ location: "aws:eu-west-1" }] } }),
        expect: ["/approvedLocations", "additional properties"],
    },
    {
        name: "bad date",
        file: () => settings({ exemptions: [{ ...exemption, expires: "31/01/2027" }] }),
        expect: ["/exemptions/0/expires", "must match pattern"],
    },
    {
        name: "exemption of an unknown policy",
        file: () => settings({ exemptions: [{ ...exemption, policy: "no-such-policy" }] }),
        expect: ["/exemptions/0/policy", "allowed: residency-config-valid, us-user-data-in-approved-locations"],
    },
    {
        name: "exemption without expiry",
        file: () => settings({ exemptions: [{ ...exemption, expires: undefined }] }),
        expect: ["/exemptions/0", "must have required property 'expires'"],
    },
    {
        name: "a __proto__ policy name, read as a key like any other",
        file: () => configFile('{"__proto__": "disabled"}'),
        expect: ["unknown policy '__proto__'"],
    },
];

/** The preview's own checks of its flags and outputs, before anything runs. */
const flagCases: { name: string; args: () => string[]; expect: string[] }[] = [
    {
        name: "policy config: more configs than packs",
        args: () => ["--policy-pack-config", configFile("{}"), "--policy-pack-config", configFile("{}")],
        expect: ["--policy-pack-config was given 2 times for 1 policy pack"],
    },
    { name: "flag: a policy pack that is not one", args: () => ["--policy-pack", path.join(REPO_ROOT, "infra")], expect: ["no PulumiPolicy.yaml"] },
    { name: "flag: unknown flag", args: () => ["--polciy-pack", "policies"], expect: ["unknown option '--polciy-pack'"] },
    { name: "flag: empty stack name", args: () => ["--stack", ""], expect: ["is not a valid stack name", "allowed: letters, digits"] },
    { name: "flag: stray argument", args: () => ["us-prod"], expect: ["too many arguments"] },
];

describe("bad input gets a clear error, exit 2, and no partial output", () => {
    let info: PackInfo;
    beforeAll(async () => {
        info = packInfoFromWire(await pack().getAnalyzerInfo());
    });

    it.each(configCases.map((c) => [c.name, c] as const))("policy config: %s", (_name, c) => {
        const file = c.file();
        let error: unknown;
        try {
            resolvePolicyConfig(info, readPolicyConfigFile(file), `--policy-pack-config ${file}`);
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(UserInputError);
        for (const text of c.expect) expect((error as Error).message).toContain(text);
    });

    it.each(flagCases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
        const run = await preview(c.args());
        expect(run.status).toBe(2);
        for (const text of c.expect) expect(run.stderr).toContain(text);
        expect(fs.existsSync(run.json)).toBe(false);
    });

    it("outputs that name the same file, an input or a directory are refused before anything runs", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "outputs-"));
        const config = configFile("{}");
        const same = path.join(dir, "out");
        for (const [args, message] of [
            [["--report", same, "--graph", same], `--graph ${same} and --report ${same} name the same file`],
            [["--report", config, "--policy-pack-config", config], `--report ${config} is the --policy-pack-config file`],
            [["--graph", dir], `--graph ${dir} is a directory`],
        ] as const) {
            const run = await preview([...args]);
            expect(run.status).toBe(2);
            expect(run.stderr).toContain(message);
        }
        expect(fs.readFileSync(config, "utf8")).toBe("{}");
        expect(fs.readdirSync(dir)).toEqual([]);
        fs.rmSync(dir, { recursive: true, force: true });
    });
});
