/**
 * Provider endpoint overrides: a provider that says `region: us-east-1` but sends a service's calls to
 * another endpoint. Only the regional endpoint of an approved region keeps the location known; that is
 * what the controls use.
 */
import { bucket, dynamoTable, kmsKey } from "../dsl/blocks";
import { evasion, type EvasionCase } from "../dsl/evasionCase";

export const endpointOverrides: EvasionCase[] = [
    evasion({
        id: "provider-endpoints-send-s3-elsewhere",
        how: "an aws.Provider with region us-east-1 whose endpoints send S3 to another region's endpoint",
        build: (s, w) => {
            const p = s.provider("aws", "aws-us-east-1-tuned", { region: "us-east-1", endpoints: [{ s3: `https://s3.${w.aws}.amazonaws.com` }] });
            bucket(s, "users-uploads", p, kmsKey(s, "us-data", p));
        },
        offenders: ["users-uploads"],
        message: /endpoint|ap-southeast-1/,
    }),
    evasion({
        id: "stack-config-aws-endpoints",
        how: "the 'aws:endpoints' stack config sends DynamoDB calls of the default provider to another region's endpoint",
        build: (s, w) => {
            s.config["aws:endpoints"] = JSON.stringify([{ dynamodb: `https://dynamodb.${w.aws}.amazonaws.com` }]);
            const key = s.add("aws:kms/key:Key", "us-data", { description: "us data", enableKeyRotation: true });
            s.add("aws:dynamodb/table:Table", "users", {
                name: "users",
                billingMode: "PAY_PER_REQUEST",
                hashKey: "userId",
                attributes: [{ name: "userId", type: "S" }],
                serverSideEncryption: { enabled: true, kmsKeyArn: key.arn },
                tags: { "data-class": "us-user-data" },
            });
        },
        offenders: ["users"],
        message: /endpoint|ap-southeast-1/,
    }),
    evasion({
        id: "provider-endpoint-custom-host",
        how: "an aws.Provider in us-east-1 whose S3 endpoint is a private host the pack cannot place",
        build: (s) => {
            const p = s.provider("aws", "aws-us-east-1-proxy", {
                region: "us-east-1",
                endpoints: [{ s3: "https://objects.storage.acme-internal.example" }],
                s3UsePathStyle: true,
            });
            bucket(s, "users-uploads", p, kmsKey(s, "us-data", p));
        },
        offenders: ["users-uploads"],
        message: /endpoint/,
        control: false,
    }),
    evasion({
        id: "provider-endpoint-ip-address",
        how: "an aws.Provider in us-east-1 whose DynamoDB endpoint is a bare IP address",
        build: (s) => {
            const p = s.provider("aws", "aws-us-east-1-local", { region: "us-east-1", endpoints: [{ dynamodb: "http://10.20.0.15:4566" }] });
            dynamoTable(s, "users", p, kmsKey(s, "us-data", p));
        },
        offenders: ["users"],
        message: /endpoint/,
        control: false,
    }),
    evasion({
        id: "provider-endpoint-other-service-abroad",
        how: "an aws.Provider in us-east-1 that overrides only the STS endpoint, to another region's",
        build: (s, w) => {
            const p = s.provider("aws", "aws-us-east-1-sts", { region: "us-east-1", endpoints: [{ sts: `https://sts.${w.aws}.amazonaws.com` }] });
            bucket(s, "users-uploads", p, kmsKey(s, "us-data", p));
        },
        offenders: ["users-uploads"],
        message: /endpoint|ap-southeast-1/,
    }),
];
