/**
 * The model's reference and region reading, table-driven: what an ARN may name, which regions a string
 * names, and when an endpoint override leaves a location known.
 */
import { arnCanName, arnServicesOfModule, parseArn } from "../../policies/model/arn";
import { ResourceIndex, type ModelResource } from "../../policies/model/graph";
import { regionOfAwsEndpoint, resolveLocation } from "../../policies/model/location";
import { regionLiteralsOf, regionsInString } from "../../policies/model/regionLiterals";
import { roleOf } from "../../policies/model/roles";
import { list } from "../../policies/model/unknown";
import { normalizeRegion } from "../../policies/model/regions";
import { declaresFlows, flowsOf } from "../../policies/model/flows";
import { resource, virginia } from "./modelResources";

describe("ARN matching checks partition, service and resource type", () => {
    test.each([
        ["arn:aws:s3:::users-prod", "aws:s3/bucket:Bucket", true],
        ["arn:aws:s3:::users-prod/exports/*", "aws:s3/bucketV2:BucketV2", true],
        ["arn:aws:s3:::users-prod", "aws:dynamodb/table:Table", false],
        ["arn:aws:dynamodb:us-east-1:111111111111:table/users-prod", "aws:dynamodb/table:Table", true],
        ["arn:aws:dynamodb:us-east-1:111111111111:table/users-prod", "aws:s3/bucket:Bucket", false],
        ["arn:aws:rds:us-east-1:111111111111:db:users", "aws:rds/instance:Instance", true],
        ["arn:aws:rds:us-east-1:111111111111:db:users", "aws:rds/cluster:Cluster", false],
        ["arn:aws:backup:us-east-1:111111111111:backup-vault:users", "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault", true],
        ["arn:aws:logs:us-east-1:111111111111:log-group:/app/users:*", "aws:cloudwatch/logGroup:LogGroup", true],
        ["arn:aws:firehose:us-east-1:111111111111:deliverystream/users", "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", true],
        ["arn:aws:apigateway:us-east-1::/apis/a1b2c3", "aws:apigatewayv2/api:Api", true],
        ["arn:aws:cognito-idp:us-east-1:111111111111:userpool/us-east-1_abc", "aws:cognito/userPool:UserPool", true],
        ["arn:aws:lambda:us-east-1:111111111111:layer:deps:3", "aws:lambda/layerVersion:LayerVersion", true],
        ["arn:aws:ec2:us-east-1:111111111111:elastic-ip/eipalloc-0123", "aws:ec2/eip:Eip", true],
        ["arn:aws:s3express:us-east-1:111111111111:bucket/users--use1-az4--x-s3", "aws:s3/directoryBucket:DirectoryBucket", true],
        ["arn:aws:cognito-idp:us-east-1:111111111111:userpool/us-east-1_abc", "aws:dynamodb/table:Table", false],
    ])("%s can name a %s: %s", (arn, type, expected) => {
        expect(arnCanName(parseArn(arn)!, type)).toBe(expected);
    });

    test("a literal ARN names the stack's resource only when service, type, partition and region fit", () => {
        const bucket = resource("aws:s3/bucket:Bucket", "bucket", { bucket: "users-prod" });
        const table = resource("aws:dynamodb/table:Table", "table", { name: "users-prod" });
        const index = new ResourceIndex([bucket, table]);
        expect(index.matchValue("arn:aws:s3:::users-prod")).toEqual([bucket]);
        expect(index.matchValue("arn:aws:dynamodb:us-east-1:111111111111:table/users-prod")).toEqual([table]);
        expect(index.matchValue("arn:aws:dynamodb:eu-west-1:111111111111:table/users-prod")).toEqual([]);
        expect(index.matchValue("arn:aws-cn:s3:::users-prod")).toEqual([]);
        expect(index.namedBy('{"Resource":["arn:aws:s3:::users-prod/*"]}')).toEqual([bucket]);
    });
});

describe("the IAM services whose actions reach a module's stores", () => {
    test.each([
        ["cognito", "cognito-idp"],
        ["neptune", "neptune-db"],
        ["rds", "rds-data"],
        ["redshiftserverless", "redshift-data"],
        ["emr", "elasticmapreduce"],
        ["pinpoint", "mobiletargeting"],
        ["location", "geo"],
        ["opensearch", "aoss"],
        ["s3control", "s3-outposts"],
        ["timestreamwrite", "timestream"],
    ])("%s: %s", (module, service) => {
        expect(arnServicesOfModule(module)).toContain(service);
    });
});

describe("region literals", () => {
    test.each([
        ["eu-west-1", "target", ["aws:eu-west-1"]],
        ["https://dynamodb.ap-southeast-1.amazonaws.com", "url", ["aws:ap-southeast-1"]],
        ["arn:aws:events:eu-central-1:111111111111:event-bus/default", "arn", ["aws:eu-central-1"]],
        ["ocid1.autonomousdatabase.oc1.sin.abcdef", "sourceId", ["oci:ap-singapore-1"]],
        ["Uocm:PHX-AD-1", "availabilityDomain", ["oci:us-phoenix-1"]],
        ["SIN", "destinationRegion", ["oci:ap-singapore-1"]],
        ["SIN", "code", []],
        ["ocid1.tenancy.oc1..aaaa", "compartmentId", []],
        ["a bucket", "x", []],
    ])("'%s' at '%s' names %j", (value, key, expected) => {
        expect(regionsInString(value, key).map((r) => r.location)).toEqual(expected);
    });

    test("an unknown AWS-shaped region is a destination the pack cannot place", () => {
        expect(regionsInString("ap-southeast-9", "target")).toEqual([
            { literal: "ap-southeast-9", reason: "'ap-southeast-9' is not a region this pack knows" },
        ]);
    });

    test("its own region, names, descriptions and tags are not destinations; nested values are", () => {
        const literals = regionLiteralsOf(
            {
                region: "eu-west-1",
                name: "users-eu-west-1",
                description: "copy to eu-west-1",
                tags: { dr: "eu-west-1" },
                settings: { targets: [{ to: "eu-west-2" }] },
            },
            "region",
        );
        expect(literals.map((l) => [l.path, l.location])).toEqual([["settings.targets[0].to", "aws:eu-west-2"]]);
    });
});

describe("endpoint overrides", () => {
    test.each([
        ["https://s3.us-east-1.amazonaws.com", "us-east-1"],
        ["https://s3-fips.dualstack.us-east-1.amazonaws.com", "us-east-1"],
        ["https://dynamodb.ap-southeast-1.api.aws", "ap-southeast-1"],
        ["https://s3.dualstack.us-east-1.amazonaws.com", "us-east-1"],
        ["https://s3-us-east-1.amazonaws.com", "us-east-1"],
        ["https://abc123.execute-api.us-east-1.amazonaws.com/prod", undefined],
        ["https://xyz.appsync-api.us-east-1.amazonaws.com/graphql", undefined],
        ["https://bucket.s3.us-east-1.amazonaws.com", undefined],
        ["https://objects.acme.example", undefined],
        ["http://10.20.0.15:4566", undefined],
        ["not a url", undefined],
    ])("%s is the AWS endpoint of %s", (url, region) => {
        expect(regionOfAwsEndpoint(url)).toBe(region);
    });

    const withEndpoints = (endpoints: unknown) => ({ ...virginia, name: "tuned", props: { region: "us-east-1", endpoints } });
    test.each([
        ["no override", undefined, "known"],
        ["the regional endpoint of its own region", JSON.stringify([{ s3: "https://s3.us-east-1.amazonaws.com" }]), "known"],
        ["another region's endpoint", JSON.stringify([{ s3: "https://s3.ap-southeast-1.amazonaws.com" }]), "unknown"],
        ["another service's endpoint abroad", [{ sts: "https://sts.eu-west-1.amazonaws.com" }], "unknown"],
        ["a private host", [{ s3: "https://minio.internal.example" }], "unknown"],
        ["an API Gateway stage of its own region, which may forward anywhere", [{ s3: "https://abc123.execute-api.us-east-1.amazonaws.com/prod" }], "unknown"],
    ])("a bucket on a provider with %s: location %s", (_what, endpoints, kind) => {
        expect(resolveLocation(resource("aws:s3/bucket:Bucket", "b", {}, withEndpoints(endpoints))).kind).toBe(kind);
    });
});

describe("roles", () => {
    test.each([
        ["aws:s3/bucket:Bucket", "store", true],
        ["pulumi-nodejs:dynamic:Resource", "unclassified", true],
        ["pulumi-nodejs:dynamic:Resource", "unclassified", false],
        ["acme:storage:NoSuchType", "unclassified", true],
        ["acme:storage:Component", "component", false],
        ["pulumi:providers:aws", "provider", false],
        ["pulumi:pulumi:Stack", "stack", false],
    ])("%s is %s (with a provider: %s)", (type, role, withProvider) => {
        const r: ModelResource = { urn: `urn:${type}`, type, name: "r", props: {}, propertyDependencies: {}, provider: withProvider ? virginia : undefined };
        expect(roleOf(r)).toBe(role);
    });
});

describe("names the program chooses are looked up as data, never as object members", () => {
    const names = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"];

    test.each(names)("'%s' is no OCI region", (name) => {
        expect(normalizeRegion("oci", name)).toMatchObject({ ok: false });
    });

    test.each(names)("a resource of type '%s' declares no modelled flow and is held to the rules of a store and a copy", (type) => {
        const r = resource(type, "odd", {});
        expect(declaresFlows(type)).toBe(false);
        expect(flowsOf(r, new ResourceIndex([r]))).toEqual([]);
        expect(roleOf(r)).toBe("unclassified");
    });
});

describe("modelled flows read every form a replication rule's destination takes", () => {
    test("an inline rule giving both 'destinations' and 'destination' copies to each", () => {
        const source = resource("aws:s3/bucketV2:BucketV2", "users", {
            bucket: "users",
            replicationConfigurations: [
                {
                    role: "arn:aws:iam::111111111111:role/replication",
                    rules: [
                        {
                            status: "Enabled",
                            destinations: [{ bucket: "arn:aws:s3:::users-replica-home" }],
                            destination: { bucket: "arn:aws:s3:::users-replica-abroad" },
                        },
                    ],
                },
            ],
        });
        const flows = flowsOf(source, new ResourceIndex([source]));
        expect(flows.map((f) => f.property)).toEqual([
            "replicationConfigurations[0].rules[0].destinations[0].bucket",
            "replicationConfigurations[0].rules[0].destination.bucket",
        ]);
    });
});

describe("a list property given as one value is read as a list of it (policies/model/unknown.ts, list)", () => {
    test("a replication configuration whose rules are one rule, not a list of rules, still copies", () => {
        const source = resource("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "users-replication", {
            bucket: "users",
            role: "arn:aws:iam::111111111111:role/replication",
            rules: { status: "Enabled", destination: { bucket: "arn:aws:s3:::users-replica-abroad" } },
        });
        const flows = flowsOf(source, new ResourceIndex([source]));
        expect(flows.map((f) => f.property)).toEqual(["rules[0].destination.bucket"]);
    });

    test.each([
        ["absent", {}, []],
        ["null", { rules: null }, []],
        ["a list", { rules: [1, 2] }, [1, 2]],
        ["one value", { rules: { id: "r" } }, [{ id: "r" }]],
    ])("%s", (_what, props, expected) => {
        expect(list(props, "rules")).toEqual(expected);
    });
});
