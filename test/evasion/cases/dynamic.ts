/**
 * Dynamic providers and third-party packages: types no SDK catalogue can know. Their behaviour is code
 * the pack cannot read, so they are held to be stores that may hold data and copies that may move it,
 * with no known location. No control: no placement makes them understood.
 */
import { awsHome, bucket, dynamoTable } from "../dsl/blocks";
import { evasion, type EvasionCase } from "../dsl/evasionCase";
import { derived, type Res, type Stack } from "../dsl/stack";

const SERIALIZED =
    "exports.handler = __f0;\nfunction __f0() { return (function() { return { create: async (inputs) => { /* copies objects */ } }; }).apply(undefined, undefined).apply(this, arguments); }";

function dynamicResource(s: Stack, name: string, props: Record<string, unknown>, dependsOn: Res[] = []): Res {
    return s.add("pulumi-nodejs:dynamic:Resource", name, { __provider: SERIALIZED, ...props }, { dependsOn });
}

export const dynamicProviders: EvasionCase[] = [
    evasion({
        id: "dynamic-resource-copies-bucket-abroad",
        how: "a pulumi.dynamic.Resource that copies a US bucket's objects to a bucket in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const users = bucket(s, "users-uploads", va, key);
            dynamicResource(s, "uploads-sync", { sourceBucket: users.out("bucket"), destinationBucket: "acme-partner-landing", destinationRegion: w.aws });
        },
        offenders: ["uploads-sync"],
        control: false,
    }),
    evasion({
        id: "dynamic-resource-depends-on-us-table",
        how: "a pulumi.dynamic.Resource whose only edge to a US table is dependsOn",
        build: (s) => {
            const { va, key } = awsHome(s);
            const table = dynamoTable(s, "users", va, key);
            dynamicResource(s, "users-snapshotter", { schedule: "rate(1 day)", target: "https://backup.partner.example/upload" }, [table]);
        },
        offenders: ["users-snapshotter"],
        control: false,
    }),
    evasion({
        id: "dynamic-resource-names-us-bucket-literally",
        how: "a pulumi.dynamic.Resource that names a US bucket by a literal string, with no graph edge at all",
        build: (s) => {
            const { va, key } = awsHome(s);
            bucket(s, "users-uploads", va, key);
            dynamicResource(s, "nightly-mirror", { bucket: "acme-users-uploads", prefix: "" });
        },
        offenders: ["nightly-mirror"],
        control: false,
    }),
    evasion({
        id: "command-local-aws-s3-sync",
        how: "a pulumi-command local.Command running 'aws s3 sync' from a US bucket to a bucket in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const users = bucket(s, "users-uploads", va, key);
            s.add("command:local:Command", "mirror-uploads", {
                create: derived(`aws s3 sync s3://acme-users-uploads s3://acme-uploads-mirror --source-region us-east-1 --region ${w.aws}`, users),
                environment: { AWS_REGION: w.aws },
            });
        },
        offenders: ["mirror-uploads"],
        control: false,
    }),
];
