import { mandatoryLines, messagesFor, preview, resultsOf, type PreviewRun } from "./fixtureRuns";

const POLICY = "exemptions-in-force";

describe(POLICY, () => {
    describe("an exemption in force", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/exempted-unlogged-bucket", "policies/exempted-unlogged-bucket/policy-config.json");
        });
        it("sets the violation aside: the preview succeeds", () => {
            expect(resultsOf(run, "audit-on-user-data")).toEqual([]);
            expect(mandatoryLines(run)).toEqual([]);
            expect(run.code).toBe(0);
        });
        it("lists the exempted violation in doc.exempted with reason, ticket and days left", () => {
            expect(run.doc!.exempted).toEqual([
                expect.objectContaining({
                    policy: POLICY,
                    level: "advisory",
                    name: "us-users-import",
                    message: expect.stringMatching(
                        /^EXEMPTED from audit-on-user-data until 2027-01-31 \(63 days left\), ticket RES-2001: one-off import bucket; CloudTrail data events are being rolled out account-wide\.\.? Violation set aside: S3 bucket 'us-users-import' holds US user data with neither server access logging nor CloudTrail S3 data events\. Add aws\.s3\.BucketLogging for it\.$/,
                    ),
                }),
            ]);
            expect(run.doc!.summary.exempted).toBe(1);
        });
        it("keeps exempted entries out of doc.violations", () => {
            expect(resultsOf(run, POLICY)).toEqual([]);
        });
    });

    describe("the same stack without the exemption", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/exempted-unlogged-bucket");
        });
        it("fails on the violation and lists nothing as exempted", () => {
            expect(run.code).toBe(1);
            expect(messagesFor(run, "audit-on-user-data", "us-users-import")).toHaveLength(1);
            expect(run.doc!.exempted).toEqual([]);
        });
    });

    describe("an exemption for another resource", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/exempted-unlogged-bucket", "policies/configs/exemption-other-resource.json");
        });
        it("sets nothing aside", () => {
            expect(run.code).toBe(1);
            expect(messagesFor(run, "audit-on-user-data", "us-users-import")).toHaveLength(1);
            expect(run.doc!.exempted).toEqual([]);
        });
    });

    describe("an expired exemption", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("evasion/expired-exemption", "evasion/expired-exemption/policy-config.json");
        });
        it("sets nothing aside", () => {
            expect(run.doc!.exempted).toEqual([]);
            expect(messagesFor(run, "store-in-location-approved-for-its-label", "us-users-migrating")).toHaveLength(1);
        });
    });
});
