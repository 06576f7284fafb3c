import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ReportDocument } from "../../tools/report/model";
import { type PreviewRun, runOfflinePreview } from "../support/offlinePreview";
import { cli, gfmTables } from "./support/checks";

describe("npm run preview -- --policy-pack-config policies/config.example.json --report FILE (us-prod)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-report-"));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const reportPath = path.join(dir, "r.md");
    let run: PreviewRun;
    let md: string;
    let doc: ReportDocument;
    let back: string;
    beforeAll(async () => {
        run = runOfflinePreview(["--policy-pack-config", "policies/config.example.json", "--report", reportPath]);
        md = fs.readFileSync(reportPath, "utf8");
        doc = JSON.parse((await cli("report", [run.jsonPath, "--format", "json"])).stdout);
        back = (await cli("report", [run.jsonPath])).stdout;
    });

    it("judges with the config in force, and says which file it came from", () => {
        expect(run.code).toBe(0);
        expect(md).toContain("approved locations from the policy config `policies/config.example.json`");
        expect(md).toContain("| `non-us-user-data-backup-bucket` | `aws:s3/bucket:Bucket` | `aws:ap-southeast-1` | ⏳ until 2027-12-31");
        const sunsets = gfmTables(md).find((t) => t.header[0] === "Data class" && t.header.includes("Sunset"))!;
        expect(sunsets.rows).toEqual([
            [
                "non-us-user-data",
                "`aws:ap-southeast-1`",
                "2027-12-31",
                "397",
                "⏳ in force",
                "`non-us-user-data-backup-bucket`, `non-us-user-data-backup-job-alarms`, `non-us-user-data-backup-job-dead-letters`, `non-us-user-data-backup-job-function`, `non-us-user-data-backup-job-logs`",
            ],
        ]);
        expect(md).not.toContain("None: no approved location has a sunset");
    });

    it("counts copies: one per OCI replication policy, the backup jobs' schedules, every write grant into a store; keys apart from stores", () => {
        const flows = doc.flows.map((f) => [f.kind, doc.resources.find((r) => r.urn === f.carrier)!.name, f.property]);
        expect(flows).toEqual([
            ["replication", "us-user-data-replication", "destinationBucketName + destinationRegionName"],
            ["backup", "us-user-data-backup-job-schedule", "target.input"],
            ["backup", "non-us-user-data-backup-job-schedule", "target.input"],
            ["backup-write", "us-user-data-backup-writer-put-only", "policy"],
            ["backup-write", "us-user-data-backup-job-role-policy", "policy"],
            ["backup-write", "us-user-data-backup-job-role-policy", "policy"],
            ["backup-write", "non-us-user-data-backup-writer-put-only", "policy"],
            ["backup-write", "non-us-user-data-backup-job-role-policy", "policy"],
            ["backup-write", "non-us-user-data-backup-job-role-policy", "policy"],
            ["backup-write", "us-user-data-backup-job-scheduler-policy", "policy"],
            ["backup-write", "non-us-user-data-backup-job-scheduler-policy", "policy"],
        ]);
        expect(doc.summary.flows).toBe(11);
        expect(md).not.toMatch(/copy via/);
        const routes = doc.flows
            .filter((f) => f.kind === "backup-write")
            .map((f) => [
                f.sources!.map((u) => doc.resources.find((r) => r.urn === u)!.name),
                doc.resources.find((r) => r.urn === f.destination.resources![0])!.name,
            ]);
        expect(routes).toEqual([
            [["us-user-data-backup-writer"], "us-user-data-backup-bucket"],
            [["us-user-data-backup-job-role"], "us-user-data-backup-job-logs"],
            [["us-user-data-backup-job-role"], "us-user-data-backup-job-dead-letters"],
            [["non-us-user-data-backup-writer"], "non-us-user-data-backup-bucket"],
            [["non-us-user-data-backup-job-role"], "non-us-user-data-backup-job-logs"],
            [["non-us-user-data-backup-job-role"], "non-us-user-data-backup-job-dead-letters"],
            [["us-user-data-backup-job-scheduler-role"], "us-user-data-backup-job-dead-letters"],
            [["non-us-user-data-backup-job-scheduler-role"], "non-us-user-data-backup-job-dead-letters"],
        ]);
        expect(doc.summary.dataStores).toBe(17);
        expect(doc.summary.classifiedNonStores).toBe(12);
        const stores = doc.residency.flatMap((g) => g.stores);
        expect(new Set(stores.filter((s) => s.role === "data-store").map((s) => s.type))).toEqual(
            new Set([
                "aws:s3/bucket:Bucket",
                "aws:sns/topic:Topic",
                "aws:sqs/queue:Queue",
                "aws:cloudwatch/logGroup:LogGroup",
                "oci:Vault/secret:Secret",
                "oci:ObjectStorage/bucket:Bucket",
            ]),
        );
        expect(stores.filter((s) => s.role === "classified").map((s) => s.type)).toEqual(
            expect.arrayContaining(["aws:kms/key:Key", "oci:Kms/vault:Vault", "oci:Dns/zone:Zone", "oci:Dns/steeringPolicy:SteeringPolicy"]),
        );
    });

    it("the in-memory report and the report read back from the preview's JSON agree", () => {
        const body = (s: string) => s.slice(s.indexOf("### Residency map"));
        expect(body(back)).toBe(body(md));
        expect(back).toContain("approved locations from the policy config `policies/config.example.json`");
    });
});
