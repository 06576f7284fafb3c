import { mandatoryLines, messagesFor, namesOf, preview, resultsOf, type PreviewRun } from "./fixtureRuns";

const POLICY = "no-public-access-to-user-data";

describe(POLICY, () => {
    describe("S3 buckets of US user data: one locked, one half blocked, one with a public policy", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/s3-public-exposure");
        });
        it("reports exactly the incomplete block and the public policy", () => {
            expect(run.code).toBe(1);
            expect(namesOf(run, POLICY)).toEqual(["half-blocked", "open-policy-read-all"]);
        });
        it("passes the locked bucket, whose only policy statement with '*' is a Deny", () => {
            expect(resultsOf(run, POLICY).filter((v) => v.message.includes("'locked"))).toEqual([]);
        });
        it("says which flags a partial public access block lacks", () => {
            expect(messagesFor(run, POLICY, "half-blocked")).toEqual([
                "S3 bucket 'half-blocked' holds user data and has a public access block without all of blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets set to true. Add aws.s3.BucketPublicAccessBlock with all four flags true.",
            ]);
        });
        it("names the bucket policy that allows everyone", () => {
            expect(messagesFor(run, POLICY, "open-policy-read-all")).toEqual([
                "bucket policy 'open-policy-read-all' allows everyone ('*') on bucket 'open-policy', which holds user data. Name the principals instead.",
            ]);
        });
    });

    describe("passes non-US user data behind a complete public access block", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/compliant-non-us-bucket");
        });
        it("reports nothing", () => {
            expect(resultsOf(run, POLICY)).toEqual([]);
            expect(mandatoryLines(run)).toEqual([]);
        });
    });

    describe("passes an OCI bucket with accessType NoPublicAccess", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/compliant-oci-us-bucket");
        });
        it("reports nothing", () => {
            expect(resultsOf(run, POLICY)).toEqual([]);
            expect(run.code).toBe(0);
        });
    });

    describe("rejects an OCI bucket of US user data readable by anyone", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("evasion/oci-public-bucket");
        });
        it("names the bucket and the access type to set", () => {
            expect(messagesFor(run, POLICY, "us-users")).toEqual([
                "OCI bucket 'us-users' holds user data with accessType 'ObjectRead'. Set accessType 'NoPublicAccess'.",
            ]);
        });
    });
});
