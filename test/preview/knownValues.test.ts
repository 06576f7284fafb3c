import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { DeclaredShapes } from "../../tools/preview/shapes/declaredShapes";
import { knownInvokeResult, knownOutputs, ShapeContext } from "../../tools/preview/shapes/knownValues";
import { shapeContextFor } from "../../tools/preview/shapes/shapeContext";
import { unknownValue } from "../../tools/sdkAdapter";
import { arnCanName, arnResourceOf, locationOfArn, parseArn } from "../../policies/model/arn";
import { ResourceIndex, ModelResource } from "../../policies/model/graph";
import { Destinations, type NamedPlace } from "../../policies/model/destinations";
import { regionLiteralsOf, regionsInString } from "../../policies/model/regionLiterals";
import { ociRegionOfAvailabilityDomain } from "../../policies/model/regions";

const shapes = new DeclaredShapes(path.join(__dirname, "..", "..", "infra"));
const aws = (region?: string): ShapeContext => ({ project: "shop", stack: "prod", shapes, region, accountId: "111122223333" });
const oci = (region?: string): ShapeContext => ({ project: "shop", stack: "prod", shapes, region });

/** A resource as the pack's model sees it once it exists: its inputs and outputs, with its provider's region. */
function modelResource(type: string, name: string, outputs: Record<string, unknown>, id: string, region: string): ModelResource {
    const pkg = type.split(":")[0];
    return {
        urn: `urn:pulumi:prod::shop::${type}::${name}`,
        type,
        name,
        props: { ...outputs, id },
        propertyDependencies: {},
        provider: { type: `pulumi:providers:${pkg}`, name: "default", urn: `urn:pulumi:prod::shop::pulumi:providers:${pkg}::default`, props: { region } },
    };
}

describe("the three patterns that failed the second pass get values of their declared type", () => {
    test("bucket.bucket.replace(...): an autonamed bucket has a name, as the engine's autonaming gives it", () => {
        const { id, outputs } = knownOutputs("aws:s3/bucket:Bucket", "site", {}, aws("us-east-1"));
        expect(typeof outputs.bucket).toBe("string");
        expect((outputs.bucket as string).replace(/-/g, "_")).toMatch(/^site_[0-9a-f]{7}$/);
        expect(id).toBe(outputs.bucket);
        expect(outputs.arn).toBe(`arn:aws:s3:::${outputs.bucket}`);
        expect(outputs.bucketRegionalDomainName).toBe(`${outputs.bucket}.s3.us-east-1.amazonaws.com`);
    });

    test("functionUrl.split(...): a Lambda function URL in the function's region", () => {
        const { outputs } = knownOutputs("aws:lambda/functionUrl:FunctionUrl", "url", { functionName: "api", authorizationType: "NONE" }, aws("us-east-1"));
        const url = outputs.functionUrl as string;
        expect(url.split("/")[2]).toMatch(/^[a-z0-9]{32}\.lambda-url\.us-east-1\.on\.aws$/);
        expect(outputs.functionArn).toBe("arn:aws:lambda:us-east-1:111122223333:function:api");
        expect(outputs.authorizationType).toBe("NONE");
    });

    test("getImages().then(v => v.images[0].id): a complete result whose list has an image of the region", () => {
        const compartmentId = "ocid1.compartment.oc1..aaaaaaaaexample";
        const { result, unread } = knownInvokeResult("oci:Core/getImages:getImages", { compartmentId, operatingSystem: "Oracle Linux" }, oci("us-ashburn-1"));
        expect(unread).toBeUndefined();
        const images = result.images as Record<string, unknown>[];
        const imageId = images[0].id as string;
        expect(imageId).toMatch(/^ocid1\.image\.oc1\.iad\.aaaaaaaa[a-z2-7]{52}$/);
        expect(regionsInString(imageId, "imageId").map((r) => r.location)).toEqual(["oci:us-ashburn-1"]);
        // Arguments are echoed, at the top and in the elements that mirror them.
        expect(result.compartmentId).toBe(compartmentId);
        expect(images[0].compartmentId).toBe(compartmentId);
        expect(images[0].operatingSystem).toBe("Oracle Linux");
        expect(typeof images[0].timeCreated).toBe("string");
        expect(Array.isArray(images[0].launchOptions)).toBe(true);
    });
});

describe("values that decide a location come from the provider's region, or are unknown", () => {
    test("availability zones of us-east-1 are us-east-1a…, zone ids use1-az…", () => {
        const { result } = knownInvokeResult("aws:index/getAvailabilityZones:getAvailabilityZones", { state: "available" }, aws("us-east-1"));
        expect(result.names).toEqual(["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"]);
        expect((result.zoneIds as string[])[0]).toBe("use1-az1");
        expect(result.state).toBe("available");
        const sg = knownInvokeResult("aws:index/getAvailabilityZones:getAvailabilityZones", {}, aws("ap-southeast-1")).result;
        expect(sg.names).toEqual(["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"]);
        expect((sg.zoneIds as string[])[2]).toBe("apse1-az3");

        const subnet = knownOutputs("aws:ec2/subnet:Subnet", "a", { vpcId: "vpc-1", cidrBlock: "10.0.1.0/24" }, aws("us-east-1")).outputs;
        expect(subnet.availabilityZone).toBe("us-east-1a");
        expect(subnet.availabilityZoneId).toBe("use1-az1");
        // Given by the program: echoed.
        expect(knownOutputs("aws:ec2/subnet:Subnet", "b", { availabilityZone: "us-east-1c" }, aws("us-east-1")).outputs.availabilityZone).toBe("us-east-1c");
    });

    test("a resource's own region input (AWS v7) wins over its provider's", () => {
        const { outputs } = knownOutputs("aws:s3/bucket:Bucket", "sg", { region: "ap-southeast-1", bucket: "backups-sg" }, aws("us-east-1"));
        expect(outputs.region).toBe("ap-southeast-1");
        expect(outputs.bucketRegion).toBe("ap-southeast-1");
        expect(outputs.bucketRegionalDomainName).toBe("backups-sg.s3.ap-southeast-1.amazonaws.com");
        expect(knownOutputs("aws:s3/bucketV2:BucketV2", "v2", {}, aws("us-east-2")).outputs.bucketRegion).toBe("us-east-2");
    });

    test("OCI availability domains follow the region", () => {
        for (const [region, count] of [
            ["us-phoenix-1", 3],
            ["us-ashburn-1", 3],
            ["ap-singapore-1", 1],
        ] as const) {
            const { result } = knownInvokeResult(
                "oci:Identity/getAvailabilityDomains:getAvailabilityDomains",
                { compartmentId: "ocid1.tenancy.oc1..aaaa" },
                oci(region),
            );
            const ads = result.availabilityDomains as { name: string; compartmentId: string }[];
            expect(ads).toHaveLength(count);
            for (const ad of ads) {
                expect(ociRegionOfAvailabilityDomain(ad.name)).toEqual({ ok: true, region });
                expect(ad.compartmentId).toBe("ocid1.tenancy.oc1..aaaa");
            }
        }
        expect(
            (
                knownInvokeResult("oci:Identity/getAvailabilityDomains:getAvailabilityDomains", {}, oci("us-phoenix-1")).result.availabilityDomains as {
                    name: string;
                }[]
            )[0].name,
        ).toMatch(/^[A-Za-z]{4}:PHX-AD-1$/);
        // A region key, as OCI providers accept it, is the same region.
        const instance = knownOutputs("oci:Core/instance:Instance", "vm", { compartmentId: "c", shape: "VM.Standard.E4.Flex" }, oci("IAD")).outputs;
        expect(ociRegionOfAvailabilityDomain(instance.availabilityDomain as string)).toEqual({ ok: true, region: "us-ashburn-1" });
    });

    // The pack places an OCID outside the stack's names by its kind: a made-up kind no OCID has would be a store
    // outside the stack where the real one is a network of the stack's VCN.
    test("a VCN's default route table, security list and DHCP options are OCIDs of those kinds, in its region", () => {
        const { id, outputs: vcn } = knownOutputs("oci:Core/vcn:Vcn", "net", { compartmentId: "c", cidrBlocks: ["10.0.0.0/16"] }, oci("us-ashburn-1"));
        expect([vcn.defaultRouteTableId, vcn.defaultSecurityListId, vcn.defaultDhcpOptionsId].map((id) => String(id).split(".").slice(0, 4).join("."))).toEqual(
            ["ocid1.routetable.oc1.iad", "ocid1.securitylist.oc1.iad", "ocid1.dhcpoptions.oc1.iad"],
        );
        expect(id.startsWith("ocid1.vcn.oc1.iad.")).toBe(true);
    });

    test("an OKE cluster's kubeconfig is a kubeconfig programs can parse, for that cluster and region", () => {
        const token = "oci:ContainerEngine/getClusterKubeConfig:getClusterKubeConfig";
        const clusterId = "ocid1.cluster.oc1.iad.aaaaexample";
        const content = knownInvokeResult(token, { clusterId }, oci("us-ashburn-1")).result.content as string;
        const doc = YAML.parse(content);
        expect(doc).toMatchObject({
            apiVersion: "v1",
            kind: "Config",
            clusters: [{ cluster: { server: expect.stringMatching(/^https:\/\/192\.0\.2\.\d+:6443$/) } }],
        });
        expect(doc["current-context"]).toBe(doc.contexts[0].name);
        expect(doc.users[0].user.exec.args).toEqual(["ce", "cluster", "generate-token", "--cluster-id", clusterId, "--region", "us-ashburn-1"]);
        expect(knownInvokeResult(token, { clusterId: unknownValue }, oci("us-ashburn-1")).result.content).toBe(unknownValue);
        expect(knownInvokeResult(token, { clusterId }, oci(undefined)).result.content).toBe(unknownValue);
    });

    test("without a known region, zones, domains, regions and what names them are unknown", () => {
        expect(knownInvokeResult("aws:index/getAvailabilityZones:getAvailabilityZones", {}, aws(undefined)).result.names).toBe(unknownValue);
        expect(knownInvokeResult("aws:index/getRegion:getRegion", {}, aws(undefined)).result.name).toBe(unknownValue);
        expect(knownInvokeResult("oci:Identity/getAvailabilityDomains:getAvailabilityDomains", {}, oci(undefined)).result.availabilityDomains).toBe(
            unknownValue,
        );
        const bucket = knownOutputs("aws:s3/bucket:Bucket", "b", { bucket: "data" }, aws(undefined));
        expect(bucket.outputs.region).toBe(unknownValue);
        expect(bucket.outputs.arn).toBe(unknownValue);
        expect(bucket.outputs.bucketRegionalDomainName).toBe(unknownValue);
        expect(bucket.id).toBe("data");
        // An unknown region input is unknown, never the provider's.
        expect(knownOutputs("aws:s3/bucket:Bucket", "c", { region: unknownValue }, aws("us-east-1")).outputs.bucketRegion).toBe(unknownValue);
        // A region the pack does not know is not a region to derive from.
        expect(knownOutputs("aws:ec2/subnet:Subnet", "d", {}, aws("mars-north-1")).outputs.availabilityZone).toBe(unknownValue);
        const vault = knownOutputs("oci:Kms/vault:Vault", "v", { compartmentId: "c", displayName: "v", vaultType: "DEFAULT" }, oci(undefined));
        expect(vault.id).toBe(unknownValue);
        expect(vault.outputs.managementEndpoint).toBe(unknownValue);
    });

    test("what names a place that config does not decide is unknown: a tenancy's subscriptions, all regions, a destination", () => {
        expect(
            knownInvokeResult("oci:Identity/getRegionSubscriptions:getRegionSubscriptions", { tenancyId: "ocid1.tenancy.oc1..a" }, oci("us-ashburn-1")).result
                .regionSubscriptions,
        ).toBe(unknownValue);
        expect(knownInvokeResult("aws:index/getRegions:getRegions", {}, aws("us-east-1")).result.names).toBe(unknownValue);
        expect(knownInvokeResult("oci:Identity/getRegions:getRegions", {}, oci("us-ashburn-1")).result.regions).toBe(unknownValue);
        const table = knownOutputs(
            "aws:dynamodb/table:Table",
            "t",
            { name: "orders", hashKey: "id", attributes: [{ name: "id", type: "S" }] },
            aws("us-east-1"),
        ).outputs;
        // `replicas` is the program's (optional, not computed): absent when not given, never made up.
        expect(table.replicas).toBeUndefined();
    });

    test("generated values name no place but the resource's own", () => {
        const cases: [string, Record<string, unknown>, ShapeContext, string][] = [
            ["aws:s3/bucket:Bucket", {}, aws("ap-southeast-1"), "aws:ap-southeast-1"],
            ["aws:lambda/function:Function", { role: "arn:aws:iam::111122223333:role/r", runtime: "nodejs20.x" }, aws("us-east-1"), "aws:us-east-1"],
            ["aws:rds/instance:Instance", { engine: "postgres", instanceClass: "db.t3.micro" }, aws("us-east-1"), "aws:us-east-1"],
            ["aws:eks/cluster:Cluster", { roleArn: "arn:aws:iam::111122223333:role/eks" }, aws("us-east-1"), "aws:us-east-1"],
            ["aws:sqs/queue:Queue", {}, aws("us-east-1"), "aws:us-east-1"],
            [
                "oci:Kms/vault:Vault",
                { compartmentId: "ocid1.compartment.oc1..a", displayName: "v", vaultType: "DEFAULT" },
                oci("us-phoenix-1"),
                "oci:us-phoenix-1",
            ],
            [
                "oci:ObjectStorage/bucket:Bucket",
                { compartmentId: "ocid1.compartment.oc1..a", name: "b", namespace: "ns" },
                oci("us-ashburn-1"),
                "oci:us-ashburn-1",
            ],
            [
                "oci:Core/instance:Instance",
                { compartmentId: "ocid1.compartment.oc1..a", shape: "VM.Standard.E4.Flex" },
                oci("us-ashburn-1"),
                "oci:us-ashburn-1",
            ],
            [
                "oci:Database/autonomousDatabase:AutonomousDatabase",
                { compartmentId: "ocid1.compartment.oc1..a", dbName: "db" },
                oci("us-ashburn-1"),
                "oci:us-ashburn-1",
            ],
        ];
        for (const [type, inputs, ctx, location] of cases) {
            const { id, outputs, unread } = knownOutputs(type, "res", inputs, ctx);
            expect([type, unread]).toEqual([type, undefined]);
            const places = new Set(regionLiteralsOf({ ...outputs, id }).map((l) => l.location ?? `unplaceable ${l.literal} at ${l.path}`));
            expect([type, [...places]]).toEqual([type, [location]]);
        }
    });
});

describe("values that name things are what the pack's own parsers resolve to the resource", () => {
    const AWS_TYPES: [string, string][] = [
        ["aws:s3/bucket:Bucket", "s3"],
        ["aws:iam/role:Role", "iam"],
        ["aws:iam/policy:Policy", "iam"],
        ["aws:lambda/function:Function", "lambda"],
        ["aws:sqs/queue:Queue", "sqs"],
        ["aws:sns/topic:Topic", "sns"],
        ["aws:dynamodb/table:Table", "dynamodb"],
        ["aws:kms/key:Key", "kms"],
        ["aws:cloudwatch/logGroup:LogGroup", "logs"],
        ["aws:ec2/vpc:Vpc", "ec2"],
        ["aws:ec2/subnet:Subnet", "ec2"],
        ["aws:ec2/securityGroup:SecurityGroup", "ec2"],
        ["aws:ec2/instance:Instance", "ec2"],
        ["aws:ebs/volume:Volume", "ec2"],
        ["aws:ec2/ami:Ami", "ec2"],
        ["aws:rds/instance:Instance", "rds"],
        ["aws:rds/cluster:Cluster", "rds"],
        ["aws:sfn/stateMachine:StateMachine", "states"],
        ["aws:ecr/repository:Repository", "ecr"],
        ["aws:ecs/cluster:Cluster", "ecs"],
        ["aws:eks/cluster:Cluster", "eks"],
        ["aws:kinesis/stream:Stream", "kinesis"],
        ["aws:efs/fileSystem:FileSystem", "elasticfilesystem"],
        ["aws:backup/vault:Vault", "backup"],
        ["aws:opensearch/domain:Domain", "es"],
        ["aws:ssm/parameter:Parameter", "ssm"],
        ["aws:cloudwatch/eventRule:EventRule", "events"],
        ["aws:lb/targetGroup:TargetGroup", "elasticloadbalancing"],
        ["aws:lb/loadBalancer:LoadBalancer", "elasticloadbalancing"],
    ];

    test.each(AWS_TYPES)("%s: an ARN of its partition, service, region and name", (type, service) => {
        const region = "ap-southeast-1";
        const { id, outputs } = knownOutputs(type, "res", {}, aws(region));
        const arn = outputs.arn as string;
        const parsed = parseArn(arn);
        expect(parsed).toMatchObject({ partition: "aws", service });
        expect(arnCanName(parsed!, type)).toBe(true);
        const global = service === "s3" || service === "iam";
        expect(locationOfArn(arn)).toBe(global ? undefined : `aws:${region}`);
        // The ARN's name is the resource's name or id.
        expect([outputs.name, outputs.bucket, outputs.identifier, outputs.clusterIdentifier, outputs.domainName, id]).toContain(arnResourceOf(parsed!).id);

        // Resolved by name and type (not only as an equal string): the pack finds the resource from its ARN.
        const resource = modelResource(type, "res", { ...outputs, arn: undefined }, id, region);
        const other = modelResource("aws:s3/bucket:Bucket", "other", { bucket: "other" }, "other", region);
        expect(new ResourceIndex([resource, other]).matchValue(arn)).toEqual([resource]);
    });

    test("a bucket named with dots keeps them in its hosts, which the pack reads back as that bucket", () => {
        // The engine's autonaming (as the analyzer sees it) is the only input: a logical name with dots.
        const known = knownOutputs("aws:s3/bucket:Bucket", "www.example.com-logs", {}, aws("us-east-1"));
        const name = known.autonamed!.bucket;
        expect(name).toMatch(/^www\.example\.com-logs-[0-9a-f]{7}$/);
        expect(known.outputs.bucketDomainName).toBe(`${name}.s3.amazonaws.com`);
        expect(known.outputs.bucketRegionalDomainName).toBe(`${name}.s3.us-east-1.amazonaws.com`);
        const bucket = modelResource("aws:s3/bucket:Bucket", "www.example.com-logs", { bucket: name }, name, "us-east-1");
        const cdn = modelResource("aws:cloudfront/distribution:Distribution", "cdn", {}, "E123", "us-east-1");
        for (const host of [known.outputs.bucketDomainName, known.outputs.bucketRegionalDomainName] as string[]) {
            const out: NamedPlace[] = [];
            new Destinations(new ResourceIndex([bucket, cdn])).inString(host, "domainName", () => "origins[0].domainName", cdn, out);
            expect(out.map((p) => (p.place.kind === "resources" ? p.place.resources.map((r) => r.name) : p.place))).toEqual([["www.example.com-logs"]]);
        }
    });

    test("an API's executionArn is execute-api's, named by the API's id, as permissions' sourceArn extend it", () => {
        for (const type of ["aws:apigateway/restApi:RestApi", "aws:apigatewayv2/api:Api"]) {
            const { id, outputs } = knownOutputs(type, "api", {}, aws("us-east-1"));
            expect(outputs.executionArn).toBe(`arn:aws:execute-api:us-east-1:111122223333:${id}`);
        }
    });

    test("the same name in a China region gets the aws-cn partition", () => {
        const arn = knownOutputs("aws:lambda/function:Function", "fn", {}, aws("cn-north-1")).outputs.arn as string;
        expect(parseArn(arn)).toMatchObject({ partition: "aws-cn", region: "cn-north-1" });
    });

    test.each([
        ["oci:Core/instance:Instance", "instance", "iad", false],
        ["oci:Core/vcn:Vcn", "vcn", "iad", false],
        ["oci:Kms/key:Key", "key", "iad", false],
        ["oci:Kms/vault:Vault", "vault", "iad", false],
        ["oci:Database/autonomousDatabase:AutonomousDatabase", "autonomousdatabase", "iad", false],
        ["oci:Functions/application:Application", "fnapp", "iad", false],
        ["oci:ApiGateway/gateway:Gateway", "apigateway", "iad", false],
        ["oci:Ons/notificationTopic:NotificationTopic", "onstopic", "iad", false],
        ["oci:Identity/compartment:Compartment", "compartment", "", true],
        ["oci:Identity/policy:Policy", "policy", "", true],
    ])("%s: an OCID of kind %s in the region", (type, kind, regionPart, global) => {
        const { id } = knownOutputs(type, "res", { compartmentId: "ocid1.compartment.oc1..a" }, oci("us-ashburn-1"));
        expect(id.split(".").slice(0, 4)).toEqual(["ocid1", kind, "oc1", regionPart]);
        expect(regionsInString(id, "id").map((r) => r.location)).toEqual(global ? [] : ["oci:us-ashburn-1"]);
        const resource = modelResource(type, "res", {}, id, "us-ashburn-1");
        expect(new ResourceIndex([resource]).matchValue(id)).toEqual([resource]);
    });

    test("a newer OCI region's OCIDs carry its name; an Object Storage bucket's id is its namespace and name", () => {
        const vault = knownOutputs("oci:Kms/vault:Vault", "v", { compartmentId: "c", displayName: "v", vaultType: "DEFAULT" }, oci("ap-singapore-1"));
        expect(new Set(regionsInString(vault.id, "id").map((r) => r.location))).toEqual(new Set(["oci:ap-singapore-1"]));
        const bucket = knownOutputs("oci:ObjectStorage/bucket:Bucket", "b", { compartmentId: "c", name: "ledger", namespace: "acme" }, oci("us-ashburn-1"));
        expect(bucket.id).toBe("n/acme/b/ledger");
        expect((bucket.outputs.bucketId as string).startsWith("ocid1.bucket.oc1.iad.")).toBe(true);
    });

    test("getCallerIdentity, getRegion and getPartition answer from the provider's place", () => {
        const who = knownInvokeResult("aws:index/getCallerIdentity:getCallerIdentity", {}, aws("us-gov-west-1")).result;
        expect(who.accountId).toBe("111122223333");
        expect(parseArn(who.arn as string)).toMatchObject({ partition: "aws-us-gov", service: "iam" });
        expect(knownInvokeResult("aws:index/getRegion:getRegion", {}, aws("eu-west-1")).result).toMatchObject({
            name: "eu-west-1",
            region: "eu-west-1",
            endpoint: "ec2.eu-west-1.amazonaws.com",
        });
        expect(knownInvokeResult("aws:index/getPartition:getPartition", {}, aws("cn-north-1")).result).toMatchObject({
            partition: "aws-cn",
            dnsSuffix: "amazonaws.com.cn",
        });
        // The fields stack config decides win over generated ones.
        expect(knownInvokeResult("oci:ObjectStorage/getNamespace:getNamespace", {}, oci("us-ashburn-1"), { namespace: "acme", id: "acme" }).result).toEqual({
            namespace: "acme",
            id: "acme",
        });
    });

    test("a data source about a resource names it as the resource would (getBucket → the bucket's ARN), but not a region the lookup does not decide", () => {
        const { result } = knownInvokeResult("aws:s3/getBucket:getBucket", { bucket: "existing-logs" }, aws("us-east-1"));
        expect(result.arn).toBe("arn:aws:s3:::existing-logs");
        // Bucket names are global: a provider of us-east-1 finds a bucket of any region.
        expect(result).toMatchObject({ region: unknownValue, bucketRegion: unknownValue, bucketRegionalDomainName: unknownValue });
        expect(JSON.stringify(result)).not.toContain("us-east-1");
    });
});

describe("outputs start as the inputs, as the engine's do", () => {
    test("inputs are echoed, tagsAll adds the provider's default tags", () => {
        const ctx = { ...aws("us-east-1"), defaultTags: { "data-class": "us-user-data", team: "a" } };
        const { outputs } = knownOutputs("aws:s3/bucket:Bucket", "b", { bucket: "logs", tags: { team: "b" }, forceDestroy: true }, ctx);
        expect(outputs).toMatchObject({ bucket: "logs", tags: { team: "b" }, forceDestroy: true, tagsAll: { "data-class": "us-user-data", team: "b" } });
    });

    test("a secret input is echoed as it came, and never seeds a derived value", () => {
        const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "hidden-name" };
        const { outputs } = knownOutputs("aws:s3/bucket:Bucket", "b", { bucket: secret }, aws("us-east-1"));
        expect(outputs.bucket).toEqual(secret);
        expect(JSON.stringify({ ...outputs, bucket: undefined })).not.toContain("hidden-name");
    });

    test("a provider's outputs are its inputs", () => {
        expect(knownOutputs("pulumi:providers:aws", "default", { region: "us-east-1" }, aws("us-east-1")).outputs).toEqual({ region: "us-east-1" });
    });

    test("the random provider's results follow their inputs", () => {
        const s = knownOutputs("random:index/randomString:RandomString", "suffix", { length: 6, special: false }, aws(undefined));
        expect(s.outputs.result).toMatch(/^[a-z0-9]{6}$/);
        expect(s.id).toBe(s.outputs.result);
        const n = knownOutputs("random:index/randomInteger:RandomInteger", "n", { min: 10, max: 12 }, aws(undefined)).outputs.result as number;
        expect(n >= 10 && n <= 12).toBe(true);
        const pet = knownOutputs("random:index/randomPet:RandomPet", "pet", { prefix: "app", length: 2 }, aws(undefined));
        expect(pet.id).toMatch(/^app-[a-z]+-[a-z]+$/);
    });
});

describe("deterministic, bounded and ready for the wire", () => {
    test("the same registration gets the same values; another name gets others", () => {
        const a = knownOutputs("aws:ec2/vpc:Vpc", "main", { cidrBlock: "10.0.0.0/16" }, aws("us-east-1"));
        expect(knownOutputs("aws:ec2/vpc:Vpc", "main", { cidrBlock: "10.0.0.0/16" }, aws("us-east-1"))).toEqual(a);
        expect(a.id).toMatch(/^vpc-[0-9a-f]{17}$/);
        expect(knownOutputs("aws:ec2/vpc:Vpc", "other", { cidrBlock: "10.0.0.0/16" }, aws("us-east-1")).id).not.toBe(a.id);
        expect(knownOutputs("aws:ec2/vpc:Vpc", "main", {}, aws("us-east-1"), { urn: "urn:pulumi:prod::shop::x$aws:ec2/vpc:Vpc::main" }).id).not.toBe(a.id);
        const i1 = knownInvokeResult("oci:Core/getImages:getImages", { compartmentId: "c", shape: "s" }, oci("us-ashburn-1"));
        expect(knownInvokeResult("oci:Core/getImages:getImages", { shape: "s", compartmentId: "c" }, oci("us-ashburn-1"))).toEqual(i1);
    });

    test("every generated value goes through Struct.fromJavaScript and back unchanged", () => {
        for (const type of [
            "aws:s3/bucket:Bucket",
            "aws:eks/cluster:Cluster",
            "aws:wafv2/webAcl:WebAcl",
            "oci:Core/instance:Instance",
            "oci:Identity/domainsApp:DomainsApp",
        ]) {
            const { outputs, unread } = knownOutputs(type, "r", {}, type.startsWith("oci") ? oci("us-ashburn-1") : aws("us-east-1"));
            expect(unread).toBeUndefined();
            expect(Struct.fromJavaScript(outputs as never).toJavaScript()).toEqual(JSON.parse(JSON.stringify(outputs)));
        }
    });

    test("a shape that cannot be read gives unknown values: inputs only for an unread class, unknown for an unread member", () => {
        const unread = knownOutputs("docker:index/container:Container", "c", { image: "nginx" }, aws(undefined));
        expect(unread.unread).toMatch(/no SDK for package 'docker'/);
        expect(unread.outputs).toEqual({ image: "nginx" });
        expect(knownInvokeResult("aws:index/getNothing:getNothing", { a: 1 }, aws("us-east-1")).unread).toBeDefined();

        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shapes-unread-"));
        const root = path.join(dir, "node_modules", "@pulumi", "odd");
        fs.mkdirSync(path.join(root, "types"), { recursive: true });
        fs.writeFileSync(path.join(root, "package.json"), "{}");
        fs.writeFileSync(
            path.join(root, "types", "output.d.ts"),
            'import * as outputs from "../types/output";\nexport declare namespace x {\n    interface Loop {\n        next: outputs.x.Loop;\n        items: outputs.x.Loop[];\n        label: string;\n    }\n}\n',
        );
        fs.writeFileSync(
            path.join(root, "widget.d.ts"),
            'import * as pulumi from "@pulumi/pulumi";\nimport * as outputs from "./types/output";\nexport declare class Widget extends pulumi.CustomResource {\n    readonly anything: pulumi.Output<any>;\n    readonly gone: pulumi.Output<outputs.x.Missing>;\n    readonly loop: pulumi.Output<outputs.x.Loop>;\n    readonly label: pulumi.Output<"a" | "b">;\n}\n',
        );
        const odd = { project: "p", stack: "s", shapes: new DeclaredShapes(dir) };
        const { outputs } = knownOutputs("odd:index/widget:Widget", "w", {}, odd);
        expect(outputs.anything).toBe(unknownValue);
        expect(outputs.gone).toBe(unknownValue);
        expect(outputs.label).toBe("a");
        // A self-referencing type is cut at the depth bound, with a value of its type at every level above it.
        let depth = 0;
        for (let v = outputs.loop as { next?: unknown; label?: string } | undefined; v && typeof v === "object" && v.label; v = v.next as typeof v) depth++;
        expect(depth).toBeGreaterThan(3);
        expect(depth).toBeLessThanOrEqual(12);
        expect(JSON.stringify(outputs).length).toBeLessThan(2_000_000);
    });
});

describe("the context a registration's provider gives", () => {
    const invokeContext = (config: Record<string, string>, explicit?: Record<string, unknown>) => ({
        project: "shop",
        config,
        programDir: path.join(__dirname, "..", "..", "infra"),
        explicitProviderInputs: () => explicit,
    });

    test("the default provider's stack config, or an explicit provider's inputs", () => {
        const config = { "aws:region": "us-east-1", "aws:allowedAccountIds": '["444455556666"]', "aws:defaultTags": '{"tags":{"data-class":"us-user-data"}}' };
        const byConfig = shapeContextFor("aws", "", invokeContext(config), "prod", shapes);
        expect(byConfig).toMatchObject({ region: "us-east-1", accountId: "444455556666", defaultTags: { "data-class": "us-user-data" }, stack: "prod" });
        const explicit = shapeContextFor(
            "aws",
            "urn:pulumi:prod::shop::pulumi:providers:aws::sg::id",
            invokeContext(config, { region: "ap-southeast-1" }),
            "prod",
            shapes,
        );
        expect(explicit.region).toBe("ap-southeast-1");
        expect(shapeContextFor("oci", "", invokeContext({ "oci:region": "us-phoenix-1" }), "prod", shapes).region).toBe("us-phoenix-1");
        expect(shapeContextFor("aws", "", invokeContext({}), "prod", shapes).region).toBeUndefined();
    });
});

describe("an invoke that lists resources of one kind", () => {
    test.each([
        ["aws:ec2/getSubnets:getSubnets", "subnet"],
        ["aws:ec2/getVpcs:getVpcs", "vpc"],
        ["aws:ec2/getSecurityGroups:getSecurityGroups", "sg"],
        ["aws:ec2/getRouteTables:getRouteTables", "rtb"],
    ])("%s gives ids of that kind (%s-…), as the resources' own ids are", (token, prefix) => {
        const ids = knownInvokeResult(token, {}, aws("us-east-1")).result.ids as string[];
        expect(ids.length).toBeGreaterThan(0);
        for (const id of ids) expect(id).toMatch(new RegExp(`^${prefix}-[0-9a-f]{17}$`));
    });
});
