import * as fs from "fs";
import * as path from "path";
import { loadPackInProcess } from "../../tools/analyzer/inProcessPack";
import { resolvePolicyConfig } from "../../tools/analyzer/policyConfig";
import { packInfoFromWire, PackInfo } from "../../tools/analyzer/policyInfo";
import { firstDuplicateKey } from "../../tools/analyzer/strictJson";
import { weakenedByConfig } from "../../tools/analyzer/weakenedConfig";
import { REPO_ROOT } from "../support/offlinePreview";
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
