import { mandatoryLines, messagesFor, namesOf, preview, resultsOf, type PreviewRun } from "./fixtureRuns";

const POLICY = "access-only-for-us-custodians";

describe(POLICY, () => {
    describe("OCI IAM statements while the stack holds US user data in OCI", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/oci-iam-statements");
        });
        it("passes custodian grants, read-only auditors and grants scoped to non-US buckets", () => {
            expect(messagesFor(run, POLICY, "custodian-access")).toEqual([]);
        });
        it("rejects each over-broad statement of 'broad-access', by index", () => {
            expect(run.code).toBe(1);
            expect(namesOf(run, POLICY)).toEqual(["broad-access"]);
            // The custodian list in the messages is the configured one (defaults may grow), so it is matched loosely.
            expect(messagesFor(run, POLICY, "broad-access")).toEqual([
                "statement 0 of OCI policy 'broad-access' grants 'manage audit-events'; auditors get read-only access. Use 'read audit-events'.",
                expect.stringMatching(
                    /^statement 1 of OCI policy 'broad-access' grants 'read objects' to any-user, which reaches US user data\. Grant it to a custodian group \(us-data-custodians[^)]*\) only\.$/,
                ),
                expect.stringMatching(
                    /^statement 2 of OCI policy 'broad-access' grants 'read buckets' tenancy to contractors, which reaches US user data but is not an approved US custodian group \(us-data-custodians[^)]*\)\. Remove the grant or scope it with 'where target\.bucket\.name' to non-US buckets\.$/,
                ),
            ]);
        });
    });

    describe("grants to staff outside the US", () => {
        let withConfig: PreviewRun;
        let withoutConfig: PreviewRun;
        beforeAll(() => {
            withConfig = preview("evasion/oci-iam-non-us-staff", "evasion/oci-iam-non-us-staff/policy-config.json");
            withoutConfig = preview("evasion/oci-iam-non-us-staff");
        });
        it("are rejected even when the stack holds no US user data", () => {
            expect(withConfig.code).toBe(1);
            expect(messagesFor(withConfig, POLICY, "support-read")).toEqual([
                "statement 0 of OCI policy 'support-read' grants 'read objects' to sg-support-staff, configured as staff outside the US. Remove that grant.",
            ]);
        });
        it("pass when the group is not configured as non-US staff and no US data is reachable", () => {
            expect(resultsOf(withoutConfig, POLICY)).toEqual([]);
            expect(withoutConfig.code).toBe(0);
        });
    });

    describe("AWS bucket policies and IAM policies on a US bucket", () => {
        let unapproved: PreviewRun;
        let approved: PreviewRun;
        beforeAll(() => {
            unapproved = preview("policies/aws-access-grants");
            approved = preview("policies/aws-access-grants", "policies/aws-access-grants/policy-config.json");
        });
        it("reject principals that are not in approvedAwsPrincipals", () => {
            expect(unapproved.code).toBe(1);
            expect(namesOf(unapproved, POLICY)).toEqual(["analytics-read", "us-users-partner"]);
            expect(messagesFor(unapproved, POLICY, "us-users-partner")).toEqual([
                "bucket policy 'us-users-partner' of 'us-users' (us-user-data) allows arn:aws:iam::222222222222:role/partner-ingest, not in 'approvedAwsPrincipals'. Remove the grant or approve the principal.",
            ]);
            expect(messagesFor(unapproved, POLICY, "analytics-read")).toEqual([
                "IAM policy 'analytics-read' allows reading or deleting US user data in S3, and 'analytics' is not in 'approvedAwsPrincipals'. Remove the read/delete actions or approve the principal.",
            ]);
        });
        it("pass once those principals are approved", () => {
            expect(resultsOf(approved, POLICY)).toEqual([]);
            expect(mandatoryLines(approved)).toEqual([]);
            expect(approved.code).toBe(0);
        });
    });
});
