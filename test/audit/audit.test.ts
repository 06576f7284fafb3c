import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import type { AnalyzerConnection } from "../../tools/analyzer/connection";
import { analyzerpb } from "../../tools/analyzer/proto";
import { analyzeRequest, analyzeStackRequest, indexByUrn } from "../../tools/analyzer/requests";
import { withStateInputs } from "../../tools/audit/stateConnection";
import type { ReportDocument } from "../../tools/report/model";
import { toAnalyzerProperties } from "../../tools/report/propertyValues";
import { graphOfDeployment } from "../../tools/report/readers/stackExport";
import { structOf } from "../../tools/report/stateGraph";
import { cli, FIXTURES, gfmTables, mermaidBlocks, parseMermaid } from "../report/support/checks";
import type { CliRun } from "../support/cliInProcess";

const checkpoint = path.join("test", "fixtures", "report", "stack-export.json");
const config = path.join("test", "fixtures", "report", "policy-config.json");
const SECRET_VALUES = ["ENCRYPTEDACCESSKEYDONOTPRINT", "s3-object-lock-token-DO-NOT-PRINT"];

describe("npm run audit", () => {
    // The real pack (policies/) over the deployed state of the fixture stack.
    let md: CliRun;
    let json: CliRun;
    let sarif: CliRun;
    let doc: ReportDocument;
    beforeAll(async () => {
        md = await cli("audit", [checkpoint, "--policy-pack-config", config]);
        json = await cli("audit", [checkpoint, "--policy-pack-config", config, "--format", "json"]);
        sarif = await cli("audit", [checkpoint, "--policy-pack-config", config, "--format", "sarif"]);
        doc = JSON.parse(json.stdout);
    });

    it("exits 1 on a mandatory violation and prints the Markdown report", async () => {
        expect(md.status).toBe(1);
        expect(md.stdout).toMatch(/^<!-- residency-report -->\n## ❌ Data residency: FAIL, \d+ mandatory policy violations/);
        expect(md.stderr).toMatch(/audit: FAIL: \d+ mandatory/);
        expect(gfmTables(md.stdout).length).toBeGreaterThan(3);
        expect(await parseMermaid(mermaidBlocks(md.stdout))).toEqual([{ ok: true, type: "flowchart-v2" }]);
    });

    it("runs the real policies on the deployed outputs: the copy to eu-west-1 is a violation, the one to Phoenix is not", async () => {
        expect(doc.input.kind).toBe("audit");
        expect(doc.policyResultsAvailable).toBe(true);
        const copies = doc.violations.filter((v) => v.policy === "copies-stay-in-approved-locations");
        expect(copies).toHaveLength(1);
        expect(copies[0]).toMatchObject({ level: "mandatory", name: "us-user-data-replication" });
        expect(copies[0].message).toContain("aws:eu-west-1");
        expect(doc.violations.filter((v) => v.name === "us-user-data-oci-replication")).toEqual([]);
        expect(doc.policies.find((p) => p.name === "copies-stay-in-approved-locations")?.remediationSteps).toBeTruthy();
    });

    it("uses the policy config: its exemption is in force and its transitional approval is listed with days to sunset", async () => {
        expect(doc.settings.source).toBe("policy-config");
        expect(doc.exemptions).toEqual([
            expect.objectContaining({
                policy: "store-in-location-approved-for-its-label",
                name: "us-user-data-eu-replica",
                ticket: "RES-142",
                expires: "2027-01-15",
                daysLeft: 47,
            }),
        ]);
        const locationOfReplica = doc.violations.filter(
            (v) =>
                v.name === "us-user-data-eu-replica" && ["store-in-location-approved-for-its-label", "us-user-data-in-approved-locations"].includes(v.policy),
        );
        expect(locationOfReplica).toEqual([]);
        expect(doc.transitionalApprovals).toEqual([{ dataClass: "us-user-data", location: "aws:us-west-2", until: "2026-12-31", daysLeft: 32, inForce: true }]);
        expect(md.stdout).toMatch(/\| us-user-data \| `aws:us-west-2` \| 2026-12-31 \| 32 \| ⏳ in force \|/);
    });

    it("shows the exemption beside the store it set aside in the residency map, whichever location policy it names (issue 23)", async () => {
        // The exemption names store-in-location-approved-for-its-label, a policy whose role is store-location.
        expect(md.stdout).toContain(
            "| `us-user-data-eu-replica` | `aws:s3/bucket:Bucket` | `aws:eu-west-1` | ❌ not approved (exempted until 2027-01-15, ticket `RES-142`) |",
        );
    });

    it("SARIF of the audit is valid SARIF 2.1.0", async () => {
        const schema = JSON.parse(fs.readFileSync(path.join(FIXTURES, "sarif-schema-2.1.0.json"), "utf8"));
        const ajv = new Ajv({ allErrors: true, strict: false });
        addFormats(ajv);
        const validate = ajv.compile(schema);
        expect(validate(JSON.parse(sarif.stdout))).toBe(true);
        expect(sarif.status).toBe(1);
    });

    it("never prints a secret value, in any format", async () => {
        for (const out of [md, json, sarif]) for (const v of SECRET_VALUES) expect(out.stdout + out.stderr).not.toContain(v);
    });

    it("exits 0 when no violation is mandatory and the weakened config is accepted, never PASS, and writes --out whole", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-"));
        const advisory = path.join(dir, "advisory.json");
        fs.writeFileSync(advisory, JSON.stringify({ all: "advisory" }));
        const out = path.join(dir, "audit.md");
        const refused = await cli("audit", [checkpoint, "--policy-pack-config", advisory, "--out", out]);
        expect(refused.status).toBe(1);
        const res = await cli("audit", [checkpoint, "--policy-pack-config", advisory, "--out", out, "--accept-weakened-config"]);
        expect(res.status).toBe(0);
        expect(res.stdout).toBe("");
        expect(fs.readFileSync(out, "utf8")).toMatch(
            /^<!-- residency-report -->\n## ⛔ Data residency: NOT ENFORCED \(accepted with `--accept-weakened-config`\), the policy config weakens the gate: .*'us-user-data-in-approved-locations' is advisory \(through 'all'\)/,
        );
    });

    it("exits 2 on a bad policy config, without output", async () => {
        const res = await cli("audit", [checkpoint, "--policy-pack-config", path.join(FIXTURES, "stack-export.json")]);
        expect(res.status).toBe(2);
        expect(res.stderr).toMatch(/error: .*unknown policy 'version'/);
        expect(res.stdout).toBe("");
    });
});

describe("keys are data: a tag key such as __proto__ never blinds the audit", () => {
    const text = fs.readFileSync(checkpoint, "utf8");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-keys-"));
    /** The checkpoint with the US bucket's `tags` (inputs and outputs) written as `tags`. */
    function withBucketTags(name: string, tags: string): string {
        const start = text.indexOf('"urn": "urn:pulumi:us-prod::residency-fixture::aws:s3/bucket:Bucket::us-user-data-bucket"');
        const end = text.indexOf('"sourcePosition"', start);
        const bucket = text.slice(start, end).replace(/"tags": \{\s*"data-class": "us-user-data"\s*\}/g, `"tags": ${tags}`);
        expect(bucket).not.toBe(text.slice(start, end));
        const file = path.join(dir, name);
        fs.writeFileSync(file, text.slice(0, start) + bucket + text.slice(end));
        return file;
    }
    const mandatory = (r: CliRun) =>
        (JSON.parse(r.stdout) as ReportDocument).violations.filter((v) => v.level === "mandatory").map((v) => `${v.policy} ${v.name}`);

    it("audits a resource tagged __proto__ (or constructor) like any other: the same violations, the key named in a warning", async () => {
        const plain = await cli("audit", [checkpoint, "--format", "json"]);
        const tagged = withBucketTags("proto-tag.json", '{"__proto__": "shared", "constructor": "x", "data-class": "us-user-data"}');
        const run = await cli("audit", [tagged, "--format", "json"]);
        expect({ status: run.status, stderr: run.stderr.includes("error") ? run.stderr : "" }).toEqual({ status: 1, stderr: "" });
        expect(mandatory(run)).toEqual(mandatory(plain));
        expect(mandatory(run).length).toBeGreaterThan(3);
        const doc: ReportDocument = JSON.parse(run.stdout);
        expect(doc.resources.find((r) => r.name === "us-user-data-bucket")).toMatchObject({ dataClass: "us-user-data", dataClassLabel: "us-user-data" });
        expect(doc.diagnostics).toEqual([
            {
                severity: "warning",
                urn: expect.stringMatching(/us-user-data-bucket$/),
                message:
                    '"inputs.tags.__proto__", "outputs.tags.__proto__": the policies judged this resource without these keys, which @pulumi/policy cannot pass to a policy',
            },
        ]);
        expect(run.stderr).toContain(`warning: 'us-user-data-bucket': "inputs.tags.__proto__"`);
        const md = await cli("audit", [tagged]);
        expect(md.stdout).toContain('| warning | `us-user-data-bucket` | "inputs.tags.\\_\\_proto\\_\\_"');
    });

    it("a label forged on a __proto__ key cannot reclassify the US bucket: it has no label, and is still held to the rules of US user data", async () => {
        const plain = await cli("audit", [checkpoint, "--format", "json"]);
        const run = await cli("audit", [withBucketTags("proto-label.json", '{"__proto__": {"data-class": "no-user-data"}}'), "--format", "json"]);
        expect(run.status).toBe(1);
        const doc: ReportDocument = JSON.parse(run.stdout);
        expect(doc.resources.find((r) => r.name === "us-user-data-bucket")).toMatchObject({
            dataClass: "us-user-data",
            dataClassLabel: null,
            dataClassProblem: "missing",
        });
        // Its inputs hold US user data (labels only raise a class): so it is judged, and fails, as before.
        expect(mandatory(run)).toEqual(mandatory(plain));
        expect(doc.residency.find((g) => g.dataClass === "us-user-data")?.stores.map((s) => s.name)).toContain("us-user-data-bucket");
    });
});

describe("withStateInputs", () => {
    it("gives Analyze the inputs and AnalyzeStack the outputs, with provider inputs in both, like the engine's snapshot analysis", async () => {
        const value = JSON.parse(fs.readFileSync(path.join(FIXTURES, "stack-export.json"), "utf8"));
        const { graph, resources } = graphOfDeployment(value, "x");
        const inputs = new Map<string, Struct>(resources.map((r) => [r.urn, structOf(toAnalyzerProperties(r.inputs))]));
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- generated protobuf messages are untyped JS
        const seen: { analyze: any[]; stack: any[] } = { analyze: [], stack: [] };
        const fake: AnalyzerConnection = {
            getAnalyzerInfo: async () => new analyzerpb.AnalyzerInfo(),
            configureStack: async () => undefined,
            configure: async () => undefined,
            analyze: async (req) => {
                seen.analyze.push(req);
                return new analyzerpb.AnalyzeResponse();
            },
            analyzeStack: async (req) => {
                seen.stack.push(req);
                return new analyzerpb.AnalyzeResponse();
            },
            close: () => undefined,
        };
        const conn = withStateInputs(fake, inputs);
        const byUrn = indexByUrn(graph);
        const bucket = graph.resources.find((r) => r.name === "us-user-data-bucket")!;
        await conn.analyze(analyzeRequest(bucket, byUrn));
        await conn.analyzeStack(analyzeStackRequest(graph, byUrn));

        const analyzed = seen.analyze[0].getProperties().toJavaScript();
        expect(analyzed).toHaveProperty("forceDestroy", false);
        expect(analyzed).not.toHaveProperty("arn");
        expect(seen.analyze[0].getProvider().getProperties().toJavaScript()).toEqual({ accessKey: "[secret]", region: "us-east-1", version: "7.48.0" });
        const inStack = seen.stack[0].getResourcesList().find((r: { getName(): string }) => r.getName() === "us-user-data-bucket");
        expect(inStack.getProperties().toJavaScript()).toHaveProperty("arn", "arn:aws:s3:::us-user-data-bucket-1a2b3c");
        expect(inStack.getProvider().getProperties().toJavaScript()).toHaveProperty("region", "us-east-1");
    });
});
