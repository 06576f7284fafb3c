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
    { what: "reports nothing in a stack without AWS policy documents", program: "compliant-aws-us-bucket", expected: [] },
]);
