import { ruleTable } from "./judge";

ruleTable("keys-in-approved-locations", [
    {
        what: "passes a US bucket under SSE-KMS with a key in us-east-1",
        program: "compliant-aws-us-bucket",
        expected: [],
        code: 0,
        check: (j) => expect(j.doc.resources.find((r) => r.name === "us-users-key")?.location).toBe("aws:us-east-1"),
    },
    {
        what: "passes an OCI vault replicated to us-phoenix-1, and models the vault replica",
        program: "oci-volume-replica-phx-ad",
        expected: [],
        check: (j) => expect(j.doc.flows.find((f) => f.kind === "key-replica")?.destination).toEqual({ location: "oci:us-phoenix-1" }),
    },
    {
        what: "rejects a US bucket without a customer-managed key, and asks for one",
        program: "default-region-from-config",
        expected: [
            [
                "us-users",
                "'us-users' holds us-user-data but is not encrypted with a customer-managed key: no server-side encryption configuration with a KMS key targets bucket 'us-users'. Add one in an approved location.",
            ],
        ],
        level: "mandatory",
    },
    {
        what: "rejects a US bucket whose key is in eu-west-1, naming the key's location",
        program: "kms-key-foreign-region",
        expected: [
            [
                "us-users",
                "the key 'users-key' of 'us-users' (us-user-data) is in aws:eu-west-1, not approved for us-user-data (approved: oci:us-ashburn-1, oci:us-phoenix-1, aws:us-east-1). Use a key in an approved location.",
            ],
        ],
        level: "mandatory",
        code: 1,
    },
    {
        what: "rejects a vault replica of the US key's vault in eu-frankfurt-1, and asks to remove it",
        program: "oci-vault-replica",
        expected: [
            [
                "us-vault-replica",
                "key replica 'us-vault-replica' puts a key that protects us-user-data in oci:eu-frankfurt-1, not approved for us-user-data. Remove the replica.",
            ],
        ],
    },
    {
        what: "holds a key replica whose primary key is outside the stack or not known at preview to the rules of a key that protects us-user-data; passes the bucket's own key in us-east-1",
        program: "kms-replica-of-external-key",
        expected: [
            [
                "unknown-key-eu",
                "key replica 'unknown-key-eu' puts a key that may protect us-user-data (what it replicates cannot be determined: 'primaryKeyArn' is not known at preview and depends on no resource of the expected type in this stack) in aws:eu-west-1, not approved for us-user-data. Remove the replica, or replicate a key of this stack.",
            ],
            [
                "us-users-key-eu",
                "key replica 'us-users-key-eu' puts a key that may protect us-user-data (what it replicates cannot be determined: primary key 'arn:aws:kms:us-east-1:111111111111:key/mrk-1234abcd12ab34cd56ef1234567890ab' is outside this stack) in aws:eu-west-1, not approved for us-user-data. Remove the replica, or replicate a key of this stack.",
            ],
        ],
        level: "mandatory",
        code: 1,
    },
    {
        what: "names an inline encryption rule, or its default, not known at preview as such, and a rule without a default encryption as such",
        program: "s3-encryption-rule-unknown",
        expected: [
            [
                "default-unknown",
                "'default-unknown' holds us-user-data but is not encrypted with a customer-managed key: 'serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault' of 'default-unknown' is not known at preview. Add one in an approved location.",
            ],
            [
                "no-default",
                "'no-default' holds us-user-data but is not encrypted with a customer-managed key: 'serverSideEncryptionConfiguration.rule' of 'no-default' sets no default encryption (applyServerSideEncryptionByDefault.sseAlgorithm 'aws:kms'). Add one in an approved location.",
            ],
            [
                "rule-unknown",
                "'rule-unknown' holds us-user-data but is not encrypted with a customer-managed key: 'serverSideEncryptionConfiguration.rule' of 'rule-unknown' is not known at preview. Add one in an approved location.",
            ],
        ],
        level: "mandatory",
    },
]);
