import { ruleTable } from "./judge";

ruleTable("aws-access-documents-known", [
    {
        what: "of two bucket policies, reports only the document built from the generated bucket ARN, as an advisory: the preview still succeeds",
        program: "bucket-policy-documents",
        expected: [
            [
                "generated-tls-only",
                /^the document of 'generated-tls-only' \(on 'generated'.*us-user-data\) is not known at preview, so its principals were not checked\. They will be checked by 'npm run audit' against the deployed stack\.$/,
            ],
        ],
        level: "advisory",
        code: 0,
    },
    {
        what: "reports the trust policies of approved roles that are not known at preview (access-only-for-us-custodians cannot read who may assume them), as advisories",
        program: "approved-roles-trust-unknown",
        config: { "residency-config-valid": { approvedAwsPrincipals: ["deploy", "readonly", "operator"] } },
        expected: ["deploy", "readonly"].map((role) => [
            role,
            `the trust policy of IAM role '${role}', approved as '${role}', is not known at preview, so who may assume it was not checked. It will be checked by 'npm run audit' against the deployed stack.`,
        ]),
        level: "advisory",
        code: 0,
    },
    {
        what: "reports the policies of the keys of US stores that are not known at preview (who may decrypt with them), not those of other keys",
        program: "us-store-key-policies-unknown",
        expected: [
            [
                "users-key",
                "the policy of key 'users-key' (of US user data) is not known at preview, so who may decrypt with the key was not checked. It will be checked by 'npm run audit' against the deployed stack.",
            ],
            [
                "users-key-policy",
                "the key policy 'users-key-policy' of key 'users-key' (of US user data) is not known at preview, so who may decrypt with the key was not checked. It will be checked by 'npm run audit' against the deployed stack.",
            ],
        ],
        level: "advisory",
        code: 0,
    },
    { what: "reports nothing of those roles when none is approved", program: "approved-roles-trust-unknown", expected: [] },
    { what: "reports nothing in a stack without AWS policy documents", program: "compliant-aws-us-bucket", expected: [] },
]);
