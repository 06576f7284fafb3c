import { ruleTable } from "./judge";

ruleTable("audit-on-user-data", [
    { what: "passes a US bucket with server access logging", program: "compliant-aws-us-bucket", expected: [] },
    { what: "passes a US bucket covered by CloudTrail S3 data events", program: "s3-cloudtrail-data-events", expected: [], code: 0 },
    { what: "passes OCI US user data with 365 days of audit retention", program: "compliant-oci-us-bucket", expected: [] },
    {
        what: "rejects OCI audit retention of 90 days, naming the audit configuration and the minimum",
        program: "oci-audit-short-retention",
        expected: [["tenancy-audit", "'tenancy-audit' keeps OCI audit events 90 days; US user data needs at least 365."]],
        level: "mandatory",
        code: 1,
    },
    {
        what: "rejects OCI US user data without any audit configuration, naming the store and what to add",
        program: "oci-public-bucket",
        expected: [
            [
                "us-users",
                "the stack holds US user data in OCI ('us-users') but sets no audit retention. Add oci.audit.Configuration with retentionPeriodDays >= 365.",
            ],
        ],
    },
    {
        what: "rejects a US S3 bucket with neither access logging nor CloudTrail data events",
        program: "default-region-from-config",
        expected: [
            [
                "us-users",
                "S3 bucket 'us-users' holds US user data with neither server access logging nor CloudTrail S3 data events. Add aws.s3.BucketLogging for it.",
            ],
        ],
        level: "mandatory",
    },
    {
        what: "takes no partial or possible audit for one: data events of a bucket whose name extends this one's, WriteOnly events, an advanced selector that excludes the bucket, a trail not logging, an empty or unknown inline 'loggings'; passes buckets fully covered",
        program: "s3-audit-loose-forms",
        expected: [
            [
                "empty-loggings",
                "S3 bucket 'empty-loggings' holds US user data with neither server access logging nor CloudTrail S3 data events. Add aws.s3.BucketLogging for it.",
            ],
            [
                "excluded",
                "S3 bucket 'excluded' holds US user data with neither server access logging nor CloudTrail S3 data events. Add aws.s3.BucketLogging for it.",
            ],
            [
                "prefix-named",
                "S3 bucket 'prefix-named' holds US user data with neither server access logging nor CloudTrail S3 data events. Add aws.s3.BucketLogging for it.",
            ],
            [
                "stopped",
                "S3 bucket 'stopped' holds US user data with neither server access logging nor CloudTrail S3 data events. Add aws.s3.BucketLogging for it.",
            ],
            [
                "unknown-loggings",
                "'loggings' of S3 bucket 'unknown-loggings' (US user data) is not known at preview, and no CloudTrail S3 data events cover the bucket. Set 'loggings' from values known at preview, or add aws.s3.BucketLogging for it.",
            ],
            [
                "write-only",
                "S3 bucket 'write-only' holds US user data with neither server access logging nor CloudTrail S3 data events. Add aws.s3.BucketLogging for it.",
            ],
        ],
        level: "mandatory",
    },
]);
