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
import { FIXTURES, gfmTables, mermaidBlocks, parseMermaid, runCli } from "../report/support/checks";

const checkpoint = path.join("test", "fixtures", "report", "stack-export.json");
const config = path.join("test", "fixtures", "report", "policy-config.json");
const SECRET_VALUES = ["ENCRYPTEDACCESSKEYDONOTPRINT", "s3-object-lock-token-DO-NOT-PRINT"];

describe("npm run audit", () => {
    // The real pack (policies/) over the deployed state of the fixture stack.
    const md = runCli("audit", [checkpoint, "--policy-pack-config", config]);
    const json = runCli("audit", [checkpoint, "--policy-pack-config", config, "--format", "json"]);
    const sarif = runCli("audit", [checkpoint, "--policy-pack-config", config, "--format", "sarif"]);
    const doc: ReportDocument = JSON.parse(json.stdout);

    it("exits 1 on a mandatory violation and prints the Markdown report", () => {
        expect(md.status).toBe(1);
        expect(md.stdout).toMatch(/^<!-- residency-report -->\n## ❌ Data residency: FAIL, \d+ mandatory policy violations/);
        expect(md.stderr).toMatch(/audit: FAIL: \d+ mandatory/);
        expect(gfmTables(md.stdout).length).toBeGreaterThan(3);
        expect(parseMermaid(mermaidBlocks(md.stdout))).toEqual([{ ok: true, type: "flowchart-v2" }]);
    });

    it("runs the real policies on the deployed outputs: the copy to eu-west-1 is a violation, the one to Phoenix is not", () => {
        expect(doc.input.kind).toBe("audit");
        expect(doc.policyResultsAvailable).toBe(true);
        const copies = doc.violations.filter((v) => v.policy === "copies-stay-in-approved-locations");
        expect(copies).toHaveLength(1);
        expect(copies[0]).toMatchObject({ level: "mandatory", name: "us-user-data-replication" });
        expect(copies[0].message).toContain("aws:eu-west-1");
        expect(doc.violations.filter((v) => v.name === "us-user-data-oci-replication")).toEqual([]);
        expect(doc.policies.find((p) => p.name === "copies-stay-in-approved-locations")?.remediationSteps).toBeTruthy();
    });

    it("uses the policy config: its exemption is in force and its transitional approval is listed with days to sunset", () => {
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

    it("SARIF of the audit is valid SARIF 2.1.0", () => {
        const schema = JSON.parse(fs.readFileSync(path.join(FIXTURES, "sarif-schema-2.1.0.json"), "utf8"));
        const ajv = new Ajv({ allErrors: true, strict: false });
        addFormats(ajv);
        const validate = ajv.compile(schema);
        expect(validate(JSON.parse(sarif.stdout))).toBe(true);
        expect(sarif.status).toBe(1);
    });

    it("never prints a secret value, in any format", () => {
        for (const out of [md, json, sarif]) for (const v of SECRET_VALUES) expect(out.stdout + out.stderr).not.toContain(v);
    });

    it("exits 0 when no violation is mandatory and the weakened config is accepted, never PASS, and writes --out whole", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-"));
        const advisory = path.join(dir, "advisory.json");
        fs.writeFileSync(advisory, JSON.stringify({ all: "advisory" }));
        const out = path.join(dir, "audit.md");
        const refused = runCli("audit", [checkpoint, "--policy-pack-config", advisory, "--out", out]);
        expect(refused.status).toBe(1);
        const res = runCli("audit", [checkpoint, "--policy-pack-config", advisory, "--out", out, "--accept-weakened-config"]);
        expect(res.status).toBe(0);
        expect(res.stdout).toBe("");
        expect(fs.readFileSync(out, "utf8")).toMatch(
            /^<!-- residency-report -->\n## ⛔ Data residency: NOT ENFORCED \(accepted with `--accept-weakened-config`\), the policy config weakens the gate: .*'us-user-data-in-approved-locations' is advisory \(through 'all'\)/,
        );
    });

    it("exits 2 on a bad policy config, without output", () => {
        const res = runCli("audit", [checkpoint, "--policy-pack-config", path.join(FIXTURES, "stack-export.json")]);
        expect(res.status).toBe(2);
        expect(res.stderr).toMatch(/error: .*unknown policy 'version'/);
        expect(res.stdout).toBe("");
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
