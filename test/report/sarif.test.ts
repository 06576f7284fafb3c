import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import type * as Sarif from "sarif";
import { cli, FIXTURES } from "./support/checks";

// The official SARIF 2.1.0 JSON schema (JSON Schema draft-07), vendored: see test/fixtures/report/README.md.
const schema = JSON.parse(fs.readFileSync(path.join(FIXTURES, "sarif-schema-2.1.0.json"), "utf8"));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

async function sarifOf(input: string, ...args: string[]): Promise<Sarif.Log> {
    const res = await cli("report", [path.join("test", "fixtures", "report", input), "--format", "sarif", ...args]);
    expect(res.status).toBe(0);
    return JSON.parse(res.stdout);
}

describe("SARIF output", () => {
    let log: Sarif.Log;
    beforeAll(async () => {
        log = await sarifOf("offline-preview.json");
    });

    it.each(["offline-preview.json", "pulumi-preview.json", "stack-export.json"])("%s validates against the SARIF 2.1.0 schema", async (input) => {
        const ok = validate(await sarifOf(input));
        expect(validate.errors ?? []).toEqual([]);
        expect(ok).toBe(true);
    });

    it("the validator is real: it rejects a malformed log", async () => {
        const broken = structuredClone(log) as unknown as { runs: { results: { level: string; locations: unknown }[] }[] };
        broken.runs[0].results[0].level = "fatal";
        broken.runs[0].results[0].locations = [{ physicalLocation: { region: { startLine: 0 } } }];
        expect(validate(broken)).toBe(false);
        expect(validate.errors!.map((e) => e.instancePath)).toEqual(expect.arrayContaining(["/runs/0/results/0/level"]));
    });

    it("describes each policy as a rule: description, severity as level, remediation in help", async () => {
        const rules = log.runs[0].tool.driver.rules!;
        const copies = rules.find((r) => r.id === "copies-stay-in-approved-locations")!;
        expect(copies.shortDescription!.text).toMatch(/lands in a location approved/);
        expect(copies.help!.text).toBe("Point the copy at a store in an approved location, or remove it.");
        expect(copies.defaultConfiguration!.level).toBe("error");
        expect(copies.properties).toMatchObject({ severity: "critical", "security-severity": "9.5", enforcementLevel: "mandatory" });
        expect(rules.find((r) => r.id === "us-traffic-steered-to-oci")!.defaultConfiguration!.level).toBe("warning");
        expect(log.runs[0].tool.driver).toMatchObject({ name: "residency-fixture", version: "1.2.3" });
    });

    it("points each result at the infra/ line that declared the resource, else at the stack file", async () => {
        const results = log.runs[0].results!;
        const copy = results.find((r) => r.ruleId === "copies-stay-in-approved-locations")!;
        expect(copy.level).toBe("error");
        expect(copy.locations![0].physicalLocation).toEqual({ artifactLocation: { uri: "infra/fixture.ts" }, region: { startLine: 26 } });
        expect(copy.locations![0].logicalLocations![0]).toMatchObject({ name: "us-user-data-replication", kind: "resource" });
        const stackWide = results.find((r) => r.ruleId === "us-traffic-steered-to-oci")!;
        expect(stackWide.level).toBe("warning");
        expect(stackWide.locations![0].physicalLocation!.artifactLocation!.uri).toBe("stacks/Pulumi.us-prod.yaml");
        expect(rulesIndexConsistent(log)).toBe(true);
    });

    it("reports an exempted violation as a suppressed result of the exempted policy", async () => {
        const exempted = log.runs[0].results!.find((r) => r.suppressions)!;
        expect(exempted.ruleId).toBe("us-user-data-in-approved-locations");
        expect(exempted.suppressions).toEqual([
            {
                kind: "external",
                justification: "EU replica kept read-only until the migration to OCI Phoenix finishes (ticket RES-142, exempted until 2027-01-15)",
            },
        ]);
        expect(exempted.locations![0].physicalLocation!.region!.startLine).toBe(20);
    });

    it("a checkpoint without policy results is a valid log with no results", async () => {
        const empty = await sarifOf("stack-export.json");
        expect(empty.runs[0].results).toEqual([]);
        expect(empty.runs[0].properties).toMatchObject({ policyResultsAvailable: false });
    });
});

function rulesIndexConsistent(log: Sarif.Log): boolean {
    const rules = log.runs[0].tool.driver.rules!;
    return log.runs[0].results!.every((r) => rules[r.ruleIndex!].id === r.ruleId);
}
