import { mandatoryLines, messagesFor, namesOf, preview, resultsOf, type PreviewRun } from "./fixtureRuns";

const POLICY = "copies-stay-in-approved-locations";

describe(POLICY, () => {
    describe("passes OCI replication from us-ashburn-1 to a hardened bucket in us-phoenix-1", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/compliant-oci-replication-to-phoenix");
        });
        it("models the policy as one copy into the Phoenix bucket and reports nothing", () => {
            const flows = run.doc!.flows.map((f) => [
                f.kind,
                f.property,
                f.sourceClass,
                f.destination.location ?? f.destination.resources?.map((u) => u.split("::").pop()),
            ]);
            // One replication policy is one copy: its bucket and region name the same destination.
            expect(flows).toEqual([["replication", "destinationBucketName + destinationRegionName", "us-user-data", ["us-users-dr"]]]);
            expect(resultsOf(run, POLICY)).toEqual([]);
            expect(mandatoryLines(run)).toEqual([]);
            expect(run.code).toBe(0);
        });
    });

    describe("passes a block volume replica in a Phoenix availability domain ('Uocm:PHX-AD-2')", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/oci-volume-replica-phx-ad");
        });
        it("reports nothing", () => {
            expect(run.doc!.flows.find((f) => f.kind === "replica")?.destination).toEqual({ location: "oci:us-phoenix-1" });
            expect(resultsOf(run, POLICY)).toEqual([]);
        });
    });

    describe("passes a block volume replica in an Ashburn availability domain ('Uocm:US-ASHBURN-AD-1')", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/oci-volume-replica-us-ad");
        });
        it("reads the region from the real Ashburn AD name and reports nothing", () => {
            expect(run.doc!.flows.find((f) => f.kind === "replica")?.destination).toEqual({ location: "oci:us-ashburn-1" });
            expect(resultsOf(run, POLICY)).toEqual([]);
            expect(run.code).toBe(0);
        });
    });

    describe("rejects S3 replication to a bucket of the stack in eu-west-1", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("evasion/s3-replication-foreign-bucket");
        });
        it("names the replication config, the destination and the property to change", () => {
            expect(run.code).toBe(1);
            expect(namesOf(run, POLICY)).toEqual(["us-users-replication"]);
            expect(messagesFor(run, POLICY, "us-users-replication")).toEqual([
                "replication of us-users via 'us-users-replication'.rules[0].destination.bucket copies us-user-data to 'users-replica' in aws:eu-west-1, which is not approved for us-user-data. Approved: oci:us-ashburn-1, oci:us-phoenix-1, aws:us-east-1. Change 'rules[0].destination.bucket' or remove the copy.",
            ]);
        });
    });

    describe("rejects OCI replication to Singapore named by its region key", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("evasion/oci-bucket-replication-region-key");
        });
        it("normalizes 'SIN' to oci:ap-singapore-1", () => {
            expect(run.doc!.flows.map((f) => f.destination.location)).toEqual(["oci:ap-singapore-1"]);
            expect(messagesFor(run, POLICY, "us-users-replication")[0]).toMatch(
                /copies us-user-data to its destination in oci:ap-singapore-1, which is not approved for us-user-data\..*Change 'destinationRegionName' or remove the copy\.$/,
            );
        });
    });

    describe("rejects a backup copy action to a vault in eu-west-1", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("evasion/backup-plan-copy-to-stack-vault");
        });
        it("names the plan and the copy action", () => {
            expect(namesOf(run, POLICY)).toEqual(["us-users-plan"]);
            expect(messagesFor(run, POLICY, "us-users-plan")).toContainEqual(
                expect.stringMatching(
                    /^backup-copy of us-users via 'us-users-plan'\.rules\[0\]\.copyActions\[0\]\.destinationVaultArn copies us-user-data to 'dr-vault' in aws:eu-west-1/,
                ),
            );
        });
    });
});
