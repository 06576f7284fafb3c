/**
 * A stack export carries no config, so the audit is given the stack's Pulumi.<stack>.yaml (`--stack-config`): the
 * stack's declared data class labels the deployed resources as it did at preview, and a bad one is exit 2.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ReportDocument } from "../../tools/report/model";
import { cli } from "../report/support/checks";

const STACK = "urn:pulumi:prod::oci-app::pulumi:pulumi:Stack::oci-app-prod";
const PROVIDER = "urn:pulumi:prod::oci-app::pulumi:providers:oci::default_4_20_0";
const BUCKET = "urn:pulumi:prod::oci-app::oci:ObjectStorage/bucket:Bucket::records";

function stackExport(dir: string): string {
    const bucket = { compartmentId: "ocid1.compartment.oc1..x", namespace: "ns", name: "records", accessType: "NoPublicAccess" };
    const deployment = {
        manifest: { time: "2026-11-20T10:16:05.5Z", magic: "", version: "v3.248.0" },
        resources: [
            { urn: STACK, custom: false, type: "pulumi:pulumi:Stack" },
            {
                urn: PROVIDER,
                custom: true,
                id: "p1",
                type: "pulumi:providers:oci",
                inputs: { region: "us-ashburn-1" },
                outputs: { region: "us-ashburn-1" },
                parent: STACK,
            },
            {
                urn: BUCKET,
                custom: true,
                id: "ns/records",
                type: "oci:ObjectStorage/bucket:Bucket",
                inputs: bucket,
                outputs: bucket,
                parent: STACK,
                provider: `${PROVIDER}::p1`,
            },
        ],
    };
    const file = path.join(dir, "export.json");
    fs.writeFileSync(file, JSON.stringify({ version: 3, deployment }));
    return file;
}

describe("npm run audit --stack-config", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-stack-config-"));
    const checkpoint = stackExport(dir);
    const stackFile = (cls: string) => {
        fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), `config:\n  oci:region: us-ashburn-1\n  residency:defaultDataClass: ${cls}\n`);
        return path.join(dir, "Pulumi.prod.yaml");
    };
    const results = (doc: ReportDocument, policy: string) => doc.violations.filter((r) => r.policy === policy && r.level === "mandatory").map((r) => r.name);

    it("without it, the unlabelled bucket is unclassified", async () => {
        const run = await cli("audit", [checkpoint, "--format", "json"]);
        expect(results(JSON.parse(run.stdout) as ReportDocument, "data-stores-classified")).toEqual(["records"]);
    });

    it("with it, the bucket is labelled by the stack's declared class, in the policies and in the report", async () => {
        const run = await cli("audit", [checkpoint, "--format", "json", "--stack-config", stackFile("us-user-data")]);
        const doc = JSON.parse(run.stdout) as ReportDocument;
        expect(results(doc, "data-stores-classified")).toEqual([]);
        expect(results(doc, "keys-in-approved-locations")).toEqual(["records"]);
        expect(doc.resources.find((r) => r.name === "records")?.dataClass).toBe("us-user-data");
    });

    it("exits 2 on a declared class the pack does not know, naming the file and what is allowed", async () => {
        const run = await cli("audit", [checkpoint, "--stack-config", stackFile("secret-stuff")]);
        expect(run.status).toBe(2);
        expect(run.stdout).toBe("");
        expect(run.stderr).toContain(
            `stack config ${path.join(dir, "Pulumi.prod.yaml")}: stack config 'residency:defaultDataClass' is 'secret-stuff'; allowed: us-user-data, non-us-user-data, no-user-data`,
        );
    });
});
