import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type * as Sarif from "sarif";
import type { ReportDocument } from "../../tools/report/model";
import { FIXTURES, gfmTables, cli } from "./support/checks";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-baseline-"));
const current = path.join("test", "fixtures", "report", "offline-preview.json");

/** The fixture before the change under review: no EU replica, no replication to it, none of their results. */
function baselinePreview(): string {
    const doc = JSON.parse(fs.readFileSync(path.join(FIXTURES, "offline-preview.json"), "utf8"));
    const gone = (urn: string) => /us-user-data-eu-replica$|us-user-data-replication$/.test(urn);
    doc.resources = doc.resources.filter((r: { urn: string }) => !gone(r.urn));
    doc.flows = doc.flows.filter((f: { carrier: string }) => !gone(f.carrier));
    doc.violations = doc.violations.filter((v: { urn: string }) => !gone(v.urn));
    doc.exempted = [];
    const file = path.join(dir, "baseline-preview.json");
    fs.writeFileSync(file, JSON.stringify(doc, null, 2));
    return file;
}

describe("--baseline", () => {
    const base = baselinePreview();

    it("a change that adds a foreign replica: the first section lists the new location, the new flow and the new results", async () => {
        const res = await cli("report", [current, "--baseline", base]);
        expect(res.status).toBe(0);
        const md = res.stdout;
        const first = md.indexOf("### ");
        expect(md.slice(first)).toMatch(/^### Changes since the baseline/);
        const section = md.slice(first, md.indexOf("### Residency map"));
        expect(section).toContain("🆕 us-user-data is now held in `aws:eu-west-1`: `us-user-data-eu-replica`");
        expect(section).toMatch(
            /🆕 flow: replication of us-user-data-bucket via 'us-user-data-replication'\.rules\\\[0\\\]\.destination\.bucket → `us-user-data-eu-replica` \(❌ NOT APPROVED\)/,
        );
        expect(section).toContain("🆕 policy result: [mandatory] copies-stay-in-approved-locations on `us-user-data-replication`");
        expect(section).toContain("🆕 exemption: us-user-data-in-approved-locations on `us-user-data-eu-replica` until 2027-01-15, ticket `RES-142`");
        expect(section).not.toMatch(/removed|resolved/);
        expect(gfmTables(md).length).toBeGreaterThan(0);
    });

    it("the JSON report records the diff; a report JSON works as a baseline too", async () => {
        const json = await cli("report", [current, "--format", "json", "--baseline", base]);
        const doc: ReportDocument = JSON.parse(json.stdout);
        expect(doc.baseline).toMatchObject({
            newLocations: [{ dataClass: "us-user-data", location: "aws:eu-west-1", stores: ["us-user-data-eu-replica"] }],
            removedLocations: [],
            removedFlows: [],
            resolvedResults: [],
            changedResults: [],
            newExemptions: [expect.objectContaining({ policy: "us-user-data-in-approved-locations", name: "us-user-data-eu-replica", ticket: "RES-142" })],
            expiredOrRemovedExemptions: [],
        });
        expect(doc.baseline!.newFlows.map((i) => doc.flows[i].property)).toEqual(["rules[0].destination.bucket"]);
        expect(doc.baseline!.newResults.map((r) => r.policy)).toEqual(["copies-stay-in-approved-locations"]);

        // The other way round, with the current report's JSON as the baseline: the replica is gone.
        const reportJson = path.join(dir, "current.report.json");
        fs.writeFileSync(reportJson, (await cli("report", [current, "--format", "json"])).stdout);
        const back: ReportDocument = JSON.parse((await cli("report", [base, "--format", "json", "--baseline", reportJson])).stdout);
        expect(back.baseline!.removedLocations).toEqual([{ dataClass: "us-user-data", location: "aws:eu-west-1", stores: ["us-user-data-eu-replica"] }]);
        expect(back.baseline!.removedFlows).toEqual([expect.objectContaining({ to: "us-user-data-eu-replica" })]);
        expect(back.baseline!.resolvedResults.map((r) => r.policy)).toEqual(["copies-stay-in-approved-locations"]);
    });

    it("no change against itself", async () => {
        const res = await cli("report", [current, "--baseline", current]);
        expect(res.stdout).toContain("No change in stores, locations, flows, policy results or exemptions.");
    });

    it("SARIF results carry their baseline state", async () => {
        const log: Sarif.Log = JSON.parse((await cli("report", [current, "--format", "sarif", "--baseline", base])).stdout);
        const states = Object.fromEntries(log.runs[0].results!.map((r) => [r.ruleId!, r.baselineState]));
        expect(states).toEqual({
            "copies-stay-in-approved-locations": "new",
            "us-traffic-steered-to-oci": "unchanged",
            "us-user-data-in-approved-locations": "new",
        });
    });
});

describe("--baseline names stores", () => {
    it("a new store in an already approved location shows up, by name; a moved one shows before and after", async () => {
        const before = JSON.parse(fs.readFileSync(path.join(FIXTURES, "offline-preview.json"), "utf8"));
        const after = JSON.parse(JSON.stringify(before));
        const bucket = after.resources.find((r: { name: string }) => r.name === "us-user-data-bucket");
        after.resources.push({ ...bucket, urn: bucket.urn.replace(/us-user-data-bucket$/, "us-user-data-second-bucket"), name: "us-user-data-second-bucket" });
        const moved = after.resources.find((r: { name: string }) => r.name === "us-user-data-oci-dr");
        moved.location = "oci:us-ashburn-1";
        const baseFile = path.join(dir, "same-locations-before.json");
        const nowFile = path.join(dir, "same-locations-after.json");
        fs.writeFileSync(baseFile, JSON.stringify(before));
        fs.writeFileSync(nowFile, JSON.stringify(after));
        const doc: ReportDocument = JSON.parse((await cli("report", [nowFile, "--format", "json", "--baseline", baseFile])).stdout);
        expect(doc.baseline!.newLocations).toEqual([]);
        expect(doc.baseline!.addedStores).toEqual([
            { name: "us-user-data-second-bucket", type: "aws:s3/bucket:Bucket", dataClass: "us-user-data", location: "aws:us-east-1", approved: true },
        ]);
        expect(doc.baseline!.movedStores).toEqual([
            expect.objectContaining({
                name: "us-user-data-oci-dr",
                before: expect.objectContaining({ location: "oci:us-phoenix-1" }),
                after: expect.objectContaining({ location: "oci:us-ashburn-1" }),
            }),
        ]);
        const md = (await cli("report", [nowFile, "--baseline", baseFile])).stdout;
        expect(md).toContain("🆕 store `us-user-data-second-bucket` (`aws:s3/bucket:Bucket`): us-user-data in `aws:us-east-1` (✅ approved)");
        expect(md).toContain(
            "🔀 store `us-user-data-oci-dr` moved: us-user-data in `oci:us-phoenix-1` (✅ approved) → us-user-data in `oci:us-ashburn-1` (✅ approved)",
        );
        expect(md).not.toContain("No change in");
    });
});
