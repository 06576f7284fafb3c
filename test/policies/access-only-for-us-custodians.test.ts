import { ruleTable } from "./judge";

const NON_US_STAFF = { "residency-config-valid": { nonUsStaffGroups: ["sg-support-staff", "eu-support-staff"] } };
const APPROVED_PRINCIPALS = { "residency-config-valid": { approvedAwsPrincipals: ["arn:aws:iam::222222222222:role/partner-ingest", "analytics"] } };

ruleTable("access-only-for-us-custodians", [
    {
        // The custodian list in the messages is the configured one (defaults may grow), so it is matched loosely.
        what: "passes custodian grants, read-only auditors and grants scoped to non-US buckets; rejects each over-broad statement, by index",
        program: "oci-iam-statements",
        expected: [
            ["broad-access", "statement 0 of OCI policy 'broad-access' grants 'manage audit-events'; auditors get read-only access. Use 'read audit-events'."],
            [
                "broad-access",
                /^statement 1 of OCI policy 'broad-access' grants 'read objects' to any-user, which reaches US user data\. Grant it to a custodian group \(us-data-custodians[^)]*\) only\.$/,
            ],
            [
                "broad-access",
                /^statement 2 of OCI policy 'broad-access' grants 'read buckets' tenancy to contractors, which reaches US user data but is not an approved US custodian group \(us-data-custodians[^)]*\)\. Remove the grant or scope it with 'where target\.bucket\.name' to non-US buckets\.$/,
            ],
        ],
        level: "mandatory",
        code: 1,
    },
    {
        what: "rejects a grant to staff configured as outside the US, even when the stack holds no US user data",
        program: "oci-iam-non-us-staff",
        config: NON_US_STAFF,
        expected: [
            [
                "support-read",
                "statement 0 of OCI policy 'support-read' grants 'read objects' to sg-support-staff, configured as staff outside the US. Remove that grant.",
            ],
        ],
        code: 1,
    },
    {
        what: "passes the same grant when the group is not configured as non-US staff and no US data is reachable",
        program: "oci-iam-non-us-staff",
        expected: [],
        code: 0,
    },
    {
        what: "rejects AWS bucket and IAM policies on a US bucket whose principals are not in approvedAwsPrincipals",
        program: "aws-access-grants",
        expected: [
            [
                "analytics-read",
                "IAM policy 'analytics-read' allows reading or deleting US user data in S3, and 'analytics' is not in 'approvedAwsPrincipals'. Remove the read/delete actions or approve the principal.",
            ],
            [
                "us-users-partner",
                "bucket policy 'us-users-partner' of 'us-users' (us-user-data) allows arn:aws:iam::222222222222:role/partner-ingest, not in 'approvedAwsPrincipals'. Remove the grant or approve the principal.",
            ],
        ],
        code: 1,
    },
    { what: "passes them once those principals are approved", program: "aws-access-grants", config: APPROVED_PRINCIPALS, expected: [], code: 0 },
    {
        what: "takes NotPrincipal, NotAction, NotResource and an Effect, statement or action not known at preview for the broadest grant they may be; passes the read of the APAC bucket",
        program: "aws-grants-read-loosely",
        expected: [
            [
                "action-unknown",
                "IAM policy 'action-unknown' allows reading or deleting US user data in S3, and 'ingest' is not in 'approvedAwsPrincipals'. Remove the read/delete actions or approve the principal.",
            ],
            [
                "all-but-one",
                "bucket policy 'all-but-one' of 'us-users' (us-user-data) allows every principal but the ones its NotPrincipal names, not in 'approvedAwsPrincipals'. Remove the grant or approve the principal.",
            ],
            [
                "effect-unknown",
                "bucket policy 'effect-unknown' of 'us-users' (us-user-data) allows arn:aws:iam::333333333333:root, not in 'approvedAwsPrincipals'. Remove the grant or approve the principal.",
            ],
            [
                "not-action",
                "IAM policy 'not-action' allows reading or deleting US user data in S3, and 'analytics' is not in 'approvedAwsPrincipals'. Remove the read/delete actions or approve the principal.",
            ],
            [
                "not-resource",
                "IAM policy 'not-resource' allows reading or deleting US user data in S3, and 'reporting' is not in 'approvedAwsPrincipals'. Remove the read/delete actions or approve the principal.",
            ],
            [
                "statements-unknown",
                "bucket policy 'statements-unknown' of 'us-users' (us-user-data) allows a principal not known at preview, not in 'approvedAwsPrincipals'. Remove the grant or approve the principal.",
            ],
        ],
        code: 1,
    },
    {
        what: "names a principal not known at preview as such, and never takes it for an approved one (a whole Principal unknown included)",
        program: "aws-grant-to-unknown-principals",
        config: APPROVED_PRINCIPALS,
        expected: [
            [
                "us-users-cdn",
                "bucket policy 'us-users-cdn' of 'us-users' (us-user-data) allows a principal not known at preview, not in 'approvedAwsPrincipals'. Remove the grant or approve the principal.",
            ],
            [
                "us-users-cdn",
                "bucket policy 'us-users-cdn' of 'us-users' (us-user-data) allows a principal not known at preview, not in 'approvedAwsPrincipals'. Remove the grant or approve the principal.",
            ],
        ],
        code: 1,
    },
]);
