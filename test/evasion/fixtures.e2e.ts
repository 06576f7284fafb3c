/**
 * Evasion fixtures end to end, one per family of end-to-end behaviour: the program runs through the offline preview
 * (exit 1, a mandatory violation of the named policy on the offending resource), and the pack started as the CLI
 * starts it (run-policy-pack over gRPC) decides the same over the graph the preview captured. Every fixture is
 * judged in memory as well (fixtures.test.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { mandatory, previewFixture } from "../support/offlinePreview";
import { graphFile, resultsBothWays } from "../support/overTheWire";
import { CASES, EVASION_DIR, fixtureConfig } from "./fixtureCases";

/**
 * One fixture for each way the engine and the SDK shape what the pack is sent: the default provider's region from
 * stack config, a region only the environment would give, a provider inherited from a component, default tags from
 * stack config, a value unknown at preview (a label; a whole property computed in an apply), a copy to a store of
 * the stack, a key replica through its own provider, and a policy config file (an expired exemption; a group
 * configured as staff outside the US).
 */
const END_TO_END = [
    "default-region-from-config",
    "region-from-environment",
    "component-inherited-provider",
    "stack-config-default-tags",
    "data-class-unknown-at-preview",
    "oci-mysql-backup-policy-unknown",
    "s3-replication-foreign-bucket",
    "kms-replica-key",
    "expired-exemption",
    "oci-iam-non-us-staff",
];

describe("evasions are rejected by the offline preview, as by the pack the CLI starts", () => {
    it.each(CASES.filter((c) => END_TO_END.includes(c.fixture)))("$fixture is rejected by $policy on '$resource', as over the wire", async (c) => {
        const { fixture, policy, resource, message, config, also } = c;
        const configPath = path.join(EVASION_DIR, fixture, "policy-config.json");
        const graphPath = graphFile();
        const run = previewFixture(path.join("evasion", fixture), [...(config ? ["--policy-pack-config", configPath] : []), "--graph", graphPath]);
        expect({ code: run.code, stderr: run.code === 2 ? run.stderr : "" }).toEqual({ code: 1, stderr: "" });
        const onResource = mandatory(run, policy).filter((v) => v.name === resource);
        expect(onResource.map((v) => v.message)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
        for (const a of also ?? []) {
            expect(mandatory(run, a.policy).map((v) => v.message)).toEqual(expect.arrayContaining([expect.stringMatching(a.message)]));
        }
        const { overWire, offline } = await resultsBothWays(run, graphPath, fixtureConfig(c));
        expect(overWire).toEqual(offline);
    });

    it("every fixture named here exists", () => {
        expect(END_TO_END.filter((f) => !fs.existsSync(path.join(EVASION_DIR, f, "index.ts")))).toEqual([]);
        expect(END_TO_END.filter((f) => !CASES.some((c) => c.fixture === f))).toEqual([]);
    });
});
