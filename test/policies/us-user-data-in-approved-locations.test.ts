import { mandatoryLines, messagesFor, namesOf, preview, resultsOf, type PreviewRun } from "./fixtureRuns";

const POLICY = "us-user-data-in-approved-locations";

describe(POLICY, () => {
    describe("passes a hardened US bucket in us-east-1", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/compliant-aws-us-bucket");
        });
        it("locates the bucket in aws:us-east-1 and reports nothing", () => {
            expect(run.doc!.resources.find((r) => r.name === "us-users")).toMatchObject({
                location: "aws:us-east-1",
                dataClass: "us-user-data",
                isDataStore: true,
            });
            expect(resultsOf(run, POLICY)).toEqual([]);
            expect(run.code).toBe(0);
        });
    });

    describe("passes non-US user data in ap-southeast-1", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/compliant-non-us-bucket");
        });
        it("reports nothing", () => {
            expect(run.doc!.resources.find((r) => r.name === "apac-users")).toMatchObject({ location: "aws:ap-southeast-1", dataClass: "non-us-user-data" });
            expect(resultsOf(run, POLICY)).toEqual([]);
            expect(mandatoryLines(run)).toEqual([]);
        });
    });

    describe("passes US user data in a transitional location before its sunset", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("evasion/expired-transitional-approval", "policies/configs/transitional-approval-in-force.json");
        });
        it("reports nothing for the bucket in eu-west-1 (approved until 2027-06-30)", () => {
            expect(run.doc!.resources.find((r) => r.name === "us-users-legacy")?.location).toBe("aws:eu-west-1");
            expect(resultsOf(run, POLICY)).toEqual([]);
        });
    });

    describe("leaves a US-labelled bucket in ap-southeast-1 to the resource policy (default provider from stack config)", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("evasion/default-region-from-config");
        });
        it("is rejected once, by store-in-location-approved-for-its-label, naming where it is, what is approved and what to do", () => {
            expect(run.code).toBe(1);
            expect(messagesFor(run, POLICY, "us-users")).toEqual([]);
            expect(messagesFor(run, "store-in-location-approved-for-its-label", "us-users")).toEqual([
                "'us-users' is labelled us-user-data and is in aws:ap-southeast-1 (from 'aws:region' of the default provider (stack config)), but aws:ap-southeast-1 is not approved for us-user-data. Approved: oci:us-ashburn-1, oci:us-phoenix-1, aws:us-east-1. Move it there.",
            ]);
            expect(resultsOf(run, "store-in-location-approved-for-its-label").every((v) => v.level === "mandatory")).toBe(true);
        });
    });

    describe("rejects a non-US bucket once it receives a copy of US user data", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("evasion/tainted-non-us-bucket");
        });
        it("raises the bucket's class to us-user-data and rejects its location", () => {
            expect(run.doc!.resources.find((r) => r.name === "apac-users")).toMatchObject({ dataClassLabel: "non-us-user-data", dataClass: "us-user-data" });
            expect(namesOf(run, POLICY)).toEqual(["apac-users"]);
            expect(messagesFor(run, POLICY, "apac-users")[0]).toMatch(
                /holds us-user-data in aws:ap-southeast-1 .* It holds us-user-data because it receives a copy: replication of us-users via 'us-to-apac'\.rules\[0\]\.destination\.bucket\.$/,
            );
        });
    });
});
