import * as fs from "fs";
import * as path from "path";
import { buildReport } from "../../tools/report/buildReport";
import { readReportInput } from "../../tools/report/load";
import { check, deploymentV3Schema, previewDigestSchema, PreviewDigest, UntypedDeployment, untypedDeploymentSchema } from "../../tools/report/pulumiFormats";
import { toAnalyzerValue } from "../../tools/report/propertyValues";
import { readPulumiPreview } from "../../tools/report/readers/pulumiPreview";
import { graphOfDeployment } from "../../tools/report/readers/stackExport";
import { sourcePositionOf } from "../../tools/report/stateGraph";
import checkpointJson from "../fixtures/report/stack-export.json";
import previewJson from "../fixtures/report/pulumi-preview.json";
import { FIXTURES } from "./support/checks";

process.env.RESIDENCY_POLICY_TODAY = "2026-11-29";

// Compile-time check: the hand-written fixtures fit the TypeScript mirror of Pulumi's apitype/display types.
const typedCheckpoint: UntypedDeployment = checkpointJson;
const typedPreview: PreviewDigest = previewJson;

const read = (f: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, f), "utf8"));
const SECRET_VALUES = ["ENCRYPTEDACCESSKEYDONOTPRINT", "s3-object-lock-token-DO-NOT-PRINT"];

describe("Pulumi formats", () => {
    it("the fixtures match the runtime validators mirrored from apitype.UntypedDeployment/DeploymentV3 and display.PreviewDigest", () => {
        const untyped = check<UntypedDeployment>(untypedDeploymentSchema, typedCheckpoint, "checkpoint");
        expect(untyped.version).toBe(3);
        expect(() => check(deploymentV3Schema, untyped.deployment, "deployment")).not.toThrow();
        expect(() => check(previewDigestSchema, typedPreview, "preview")).not.toThrow();
    });

    it("the validators reject what Pulumi's types do not allow", () => {
        const noManifest = { ...typedCheckpoint.deployment, manifest: undefined };
        expect(() => check(deploymentV3Schema, noManifest, "deployment")).toThrow(/at manifest: Invalid input/);
        const badStep = { steps: [{ op: "create", urn: "u", detailedDiff: null, newState: { urn: "u", custom: "yes" } }] };
        expect(() => check(previewDigestSchema, badStep, "preview")).toThrow(/at steps\[0\]\.newState\.custom/);
        expect(() => check(untypedDeploymentSchema, { version: "3", deployment: {} }, "checkpoint")).toThrow(/at version/);
    });

    it("reads source positions as Pulumi records them", () => {
        expect(sourcePositionOf("project:///infra/fixture.ts#14,23")).toEqual({ uri: "file:///__pulumi_project__/infra/fixture.ts", line: 14 });
        expect(sourcePositionOf("project:///index.ts#7")).toMatchObject({ line: 7 });
        expect(sourcePositionOf("somewhere")).toBeUndefined();
    });
});

describe("one model from every input", () => {
    const reports = ["offline-preview.json", "pulumi-preview.json", "stack-export.json"].map((f) => buildReport(readReportInput(read(f), f)));

    it("the three inputs give the same locations, classes, flows and verdicts", () => {
        const shape = (r: (typeof reports)[number]) => ({
            residency: r.residency,
            flows: r.flows.map((f) => ({ ...f, description: f.description })),
            flowVerdicts: r.flowVerdicts,
            stores: r.resources.filter((x) => x.isDataStore).map((x) => [x.name, x.location, x.dataClass]),
        });
        expect(shape(reports[1])).toEqual(shape(reports[0]));
        expect(shape(reports[2])).toEqual(shape(reports[0]));
        expect(reports[0].flowVerdicts.map((v) => v.destinations.map((d) => [d.location, d.approved]))).toEqual([
            [["aws:eu-west-1", false]],
            // One OCI replication policy is one copy: its destination bucket and region agree.
            [["oci:us-phoenix-1", true]],
        ]);
    });

    it("policy results come from the offline preview only; the others say they have none", () => {
        expect(reports.map((r) => r.policyResultsAvailable)).toEqual([true, false, false]);
        expect(reports.map((r) => r.summary.verdict)).toEqual(["fail", "fail", "fail"]);
        expect(reports[0].exemptions).toEqual([
            expect.objectContaining({
                policy: "us-user-data-in-approved-locations",
                expires: "2027-01-15",
                daysLeft: 47,
                ticket: "RES-142",
                reason: "EU replica kept read-only until the migration to OCI Phoenix finishes",
            }),
        ]);
        expect(reports[1].diagnostics).toEqual([expect.objectContaining({ severity: "warning" })]);
    });

    it("reads policy events when a preview document carries them (apitype.PolicyEvent)", () => {
        const doc = {
            ...read("pulumi-preview.json"),
            policyViolations: [
                {
                    resourceUrn: "urn:pulumi:us-prod::residency-fixture::aws:s3/bucketReplicationConfig:BucketReplicationConfig::us-user-data-replication",
                    message: "<{%reset%}>copies us-user-data to aws:eu-west-1<{%reset%}>\n",
                    color: "never",
                    policyName: "copies-stay-in-approved-locations",
                    policyPackName: "us-data-residency",
                    policyPackVersion: "0.1.0",
                    enforcementLevel: "mandatory",
                },
            ],
        };
        const report = buildReport(readPulumiPreview(doc, "p.json"));
        expect(report.policyResultsAvailable).toBe(true);
        expect(report.violations).toEqual([
            expect.objectContaining({
                policy: "copies-stay-in-approved-locations",
                level: "mandatory",
                name: "us-user-data-replication",
                message: "copies us-user-data to aws:eu-west-1",
            }),
        ]);
        expect(report.summary.verdict).toBe("fail");
    });

    it("drops resources that the preview deletes", () => {
        const doc = read("pulumi-preview.json");
        const eu = doc.steps.find((s: { urn: string }) => s.urn.endsWith("us-user-data-eu-replica"));
        eu.op = "delete";
        eu.oldState = eu.newState;
        delete eu.newState;
        const report = buildReport(readPulumiPreview(doc, "p.json"));
        expect(report.resources.map((r) => r.name)).not.toContain("us-user-data-eu-replica");
    });
});

describe("secrets", () => {
    it("become [secret] before anything reads them: no secret value reaches the graph or any report", () => {
        const { graph } = graphOfDeployment(read("stack-export.json"), "stack-export.json");
        const all = JSON.stringify(graph.resources.map((r) => r.properties.toJavaScript()));
        for (const v of SECRET_VALUES) expect(all).not.toContain(v);
        const repl = graph.resources.find((r) => r.name === "us-user-data-replication")!;
        expect(repl.properties.toJavaScript().token).toBe("[secret]");
        const report = JSON.stringify(buildReport(readReportInput(read("stack-export.json"), "x")));
        for (const v of SECRET_VALUES) expect(report).not.toContain(v);
    });

    it("converts special property values as the analyzer protocol carries them", () => {
        const sig = "4dabf18193072939515e22adb298388d";
        expect(toAnalyzerValue({ [sig]: "1b47061264138c4ac30d75fd1eb44270", plaintext: '"hunter2"' })).toBe("[secret]");
        expect(toAnalyzerValue({ [sig]: "5cf8f73096256a8f31e491e813e4eb8e", urn: "urn:x", id: "bucket-1" })).toBe("bucket-1");
        expect(toAnalyzerValue({ [sig]: "5cf8f73096256a8f31e491e813e4eb8e", urn: "urn:x" })).toBe("urn:x");
        expect(toAnalyzerValue({ [sig]: "d0e6a833031e9bbcd3f4e8bde6ca49a4", value: "v", secret: true })).toBe("[secret]");
        expect(toAnalyzerValue({ [sig]: "7eb310220ed6211bd6f147f2a75bfbb6", value: "42" })).toBe(42);
        expect(toAnalyzerValue({ [sig]: "c44067f5952c0a294b673a41bacd8c17", hash: "abc" })).toEqual({ hash: "abc" });
        expect(toAnalyzerValue({ a: [1, { b: null }] })).toEqual({ a: [1, { b: null }] });
    });
});
