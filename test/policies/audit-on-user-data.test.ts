import { messagesFor, namesOf, preview, resultsOf, type PreviewRun } from "./fixtureRuns";

const POLICY = "audit-on-user-data";

describe(POLICY, () => {
    describe("passes a US bucket with server access logging", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/compliant-aws-us-bucket");
        });
        it("reports nothing", () => {
            expect(resultsOf(run, POLICY)).toEqual([]);
        });
    });

    describe("passes a US bucket covered by CloudTrail S3 data events", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/s3-cloudtrail-data-events");
        });
        it("reports nothing", () => {
            expect(resultsOf(run, POLICY)).toEqual([]);
            expect(run.code).toBe(0);
        });
    });

    describe("passes OCI US user data with 365 days of audit retention", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/compliant-oci-us-bucket");
        });
        it("reports nothing", () => {
            expect(resultsOf(run, POLICY)).toEqual([]);
        });
    });

    describe("rejects OCI audit retention of 90 days", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/oci-audit-short-retention");
        });
        it("names the audit configuration and the minimum", () => {
            expect(run.code).toBe(1);
            expect(namesOf(run, POLICY)).toEqual(["tenancy-audit"]);
            expect(messagesFor(run, POLICY, "tenancy-audit")).toEqual(["'tenancy-audit' keeps OCI audit events 90 days; US user data needs at least 365."]);
        });
    });

    describe("rejects OCI US user data without any audit configuration", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("evasion/oci-public-bucket");
        });
        it("names the OCI store and what to add", () => {
            expect(messagesFor(run, POLICY, "us-users")).toEqual([
                "the stack holds US user data in OCI ('us-users') but sets no audit retention. Add oci.audit.Configuration with retentionPeriodDays >= 365.",
            ]);
        });
    });

    describe("rejects a US S3 bucket with neither access logging nor CloudTrail data events", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("evasion/default-region-from-config");
        });
        it("names the bucket", () => {
            expect(messagesFor(run, POLICY, "us-users")).toEqual([
                "S3 bucket 'us-users' holds US user data with neither server access logging nor CloudTrail S3 data events. Add aws.s3.BucketLogging for it.",
            ]);
            expect(resultsOf(run, POLICY)[0].level).toBe("mandatory");
        });
    });
});
