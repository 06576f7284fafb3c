import { ruleTable } from "./judge";

ruleTable("no-public-access-to-user-data", [
    {
        what: "of three US buckets, rejects exactly the incomplete public access block and the policy open to everyone; passes the locked one, whose only '*' statement is a Deny",
        program: "s3-public-exposure",
        expected: [
            [
                "half-blocked",
                "S3 bucket 'half-blocked' holds user data and has a public access block without all of blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets set to true. Add aws.s3.BucketPublicAccessBlock with all four flags true.",
            ],
            [
                "open-policy-read-all",
                "bucket policy 'open-policy-read-all' allows everyone ('*') on bucket 'open-policy', which holds user data. Name the principals instead.",
            ],
        ],
        level: "mandatory",
        code: 1,
    },
    { what: "passes non-US user data behind a complete public access block", program: "compliant-non-us-bucket", expected: [], code: 0 },
    { what: "passes an OCI bucket with accessType NoPublicAccess", program: "compliant-oci-us-bucket", expected: [], code: 0 },
    {
        what: "rejects an OCI bucket of US user data readable by anyone, naming the access type to set",
        program: "oci-public-bucket",
        expected: [["us-users", "OCI bucket 'us-users' holds user data with accessType 'ObjectRead'. Set accessType 'NoPublicAccess'."]],
        level: "mandatory",
    },
    {
        what: "rejects a grant to every principal but those its NotPrincipal names, as it rejects '*'; passes the grant to the named principal",
        program: "s3-public-by-not-principal",
        expected: [
            [
                "all-but-partner",
                "bucket policy 'all-but-partner' allows everyone but the principals its NotPrincipal names on bucket 'us-users', which holds user data. Name the principals instead (Principal, not NotPrincipal).",
            ],
        ],
        level: "mandatory",
        code: 1,
    },
    {
        what: "counts a grant to everyone public unless its Condition pins a key S3 accepts (a fixed VPC endpoint, source ARN, account, IP range, ...): TLS only, IfExists and a wildcard do not",
        program: "s3-public-with-conditions",
        expected: ["any-account", "ip-if-exists", "tls-only"].map((name) => [
            name,
            `bucket policy '${name}' allows everyone ('*') on bucket 'us-users', which holds user data. Name the principals instead.`,
        ]),
        level: "mandatory",
        code: 1,
    },
    {
        what: "rejects a resource policy of another store that allows everyone (attached or the store's own, '*' or NotPrincipal); passes the grant pinned to a source ARN and the one to a named account",
        program: "store-resource-policies-public",
        expected: [
            [
                "alerts",
                "'alerts' (aws:sns/topic:Topic) holds user data and its 'policy' allows everyone ('*') without a condition that pins who. Name the principals instead.",
            ],
            [
                "db-password-all-but",
                "'db-password' (aws:secretsmanager/secret:Secret) holds user data and resource policy 'db-password-all-but' ('policy') allows everyone but the principals its NotPrincipal names. Name the principals instead (Principal, not NotPrincipal).",
            ],
            [
                "orders-open",
                "'orders' (aws:sqs/queue:Queue) holds user data and resource policy 'orders-open' ('policy') allows everyone ('*') without a condition that pins who. Name the principals instead.",
            ],
        ],
        level: "mandatory",
        code: 1,
    },
]);
