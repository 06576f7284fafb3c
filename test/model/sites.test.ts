/**
 * Location is where the data is (issue 20, item 4): zones in other countries, customer sites and edge
 * locations, table-driven and in memory; then the compiled pack over a few stacks.
 */
import type { ModelResource } from "../../policies/model/graph";
import { apiRegionOf, isUnitedStatesLocation, parseLocation, placementLookup, resolveLocation } from "../../policies/model/location";
import { regionsInString } from "../../policies/model/regionLiterals";
import { placeOf, UNPLACEABLE_SITES, ZONE_CITIES, zoneIdPrefix } from "../../policies/model/sites";
import { analyze, isMandatory, line } from "../evasion/dsl/run";
import { Stack, US } from "../evasion/dsl/stack";

const virginia = { type: "pulumi:providers:aws", name: "virginia", urn: "urn:p:virginia", props: { region: "us-east-1" } };
const ashburn = { type: "pulumi:providers:oci", name: "ashburn", urn: "urn:p:ashburn", props: { region: "us-ashburn-1" } };

function res(type: string, name: string, props: Record<string, unknown>, deps: Record<string, ModelResource[]> = {}): ModelResource {
    const provider = type.startsWith("oci:") ? ashburn : virginia;
    const propertyDependencies = Object.fromEntries(Object.entries(deps).map(([k, v]) => [k, v.map((d) => ({ urn: d.urn }))]));
    return { urn: `urn:${type}::${name}`, type, name, props, provider, propertyDependencies };
}

const located = (r: ModelResource, stack?: ModelResource[]) => {
    const loc = resolveLocation(r, stack ? placementLookup(stack) : undefined);
    return loc.kind === "known" ? loc.location : loc.kind;
};

describe("the zone table", () => {
    test.each(ZONE_CITIES.map((c) => [`${c.parentRegion} ${c.code} (${c.kind})`, c] as const))(
        "%s: its names, group and zone ID place it in its city",
        (_label, city) => {
            const prefix = zoneIdPrefix(city.parentRegion)!;
            const ids =
                city.kind === "local-zone"
                    ? [`${city.parentRegion}-${city.code}-1a`, `${city.parentRegion}-${city.code}-2`, `${prefix}-${city.code}1-az1`]
                    : [`${city.parentRegion}-wl1-${city.code}-wlz-1`, `${prefix}-wl1-${city.code}-wlz1`];
            for (const id of ids) {
                const place = placeOf(id);
                expect({ id, kind: place?.kind, country: place?.kind === "zone" ? place.city.country : undefined }).toEqual({
                    id,
                    kind: "zone",
                    country: city.country,
                });
            }
            expect(city.country).toMatch(/^[A-Z]{2}$/);
            expect(city.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/(local-zones|wavelength)\//);
        },
    );

    test.each<[string, string, string | undefined]>([
        ["us-east-1a", "region-zone", "us-east-1"],
        ["us-east-1f", "region-zone", "us-east-1"],
        ["use1-az1", "region-zone", "us-east-1"],
        ["apse1-az2", "region-zone", "ap-southeast-1"],
        ["us-gov-west-1a", "region-zone", "us-gov-west-1"],
        ["us-east-1-bue-1a", "zone", "us-east-1"],
        ["us-east-1-zzz-1a", "unplaceable", undefined],
        ["use1-zzz1-az1", "unplaceable", undefined],
        ["us-east-1-wl1", "unplaceable", undefined],
        ["us-east-1-wl1-zzz-wlz-1", "unplaceable", undefined],
        ["arn:aws:outposts:us-east-1:111111111111:outpost/op-0123456789abcdef0", "unplaceable", undefined],
        ["op-0123456789abcdef0", "unplaceable", undefined],
        ["ocid1.exadatainfrastructure.oc1.iad.aaaa", "unplaceable", undefined],
        ["ocid1.vmcluster.oc1.iad.aaaa", "unplaceable", undefined],
        ["ocid1.autonomousvmcluster.oc1.iad.aaaa", "unplaceable", undefined],
        ["ocid1.cccinfrastructure.oc1.iad.aaaa", "unplaceable", undefined],
    ])("%s is %s", (id, kind, region) => {
        const place = placeOf(id);
        expect(place?.kind).toBe(kind);
        if (place && place.kind !== "unplaceable") expect(place.region).toBe(region);
    });

    test.each(["us-east-1", "my-bucket", "ocid1.cloudexadatainfrastructure.oc1.iad.aaaa", "ocid1.cloudvmcluster.oc1.iad.aaaa", "Uocm:PHX-AD-1", "subnet-0abc"])(
        "%s is no zone or site",
        (value) => {
            expect(placeOf(value)).toBeUndefined();
        },
    );

    test("each kind of site the pack cannot place says what it is and where the provider describes it", () => {
        for (const site of Object.values(UNPLACEABLE_SITES)) {
            expect(site.what.length).toBeGreaterThan(10);
            expect(site.source).toMatch(/^https:\/\/docs\.(aws\.amazon|oracle)\.com\//);
        }
    });
});

describe("a zone's location is its own", () => {
    test.each<[string, boolean]>([
        ["aws:us-east-1", true],
        ["aws:us-east-1-bos-1", true],
        ["aws:us-east-1-wl1-bos-wlz-1", true],
        ["aws:us-east-1-bue-1", false],
        ["aws:us-east-1-qro-1", false],
        ["aws:ap-southeast-1", false],
        ["oci:us-ashburn-1", true],
    ])("%s is in the US: %s", (location, us) => {
        expect(isUnitedStatesLocation(location)).toBe(us);
    });

    test("policy config can approve a zone by its network border group, and nothing zone-shaped that the table lacks", () => {
        expect(parseLocation("aws:us-east-1-bos-1")).toEqual({ ok: true, location: "aws:us-east-1-bos-1" });
        expect(parseLocation("aws:us-east-1-zzz-1").ok).toBe(false);
        expect(apiRegionOf("aws:us-east-1-bue-1")).toBe("us-east-1");
        expect(apiRegionOf("aws:us-east-1")).toBe("us-east-1");
    });
});

describe("resolveLocation: what the inputs place", () => {
    test.each<[string, Record<string, unknown>, string]>([
        ["an AZ of the region", { availabilityZone: "us-east-1a", size: 10 }, "aws:us-east-1"],
        ["an AZ ID of the region", { availabilityZoneId: "use1-az4", size: 10 }, "aws:us-east-1"],
        ["a Local Zone abroad", { availabilityZone: "us-east-1-bue-1a", size: 10 }, "aws:us-east-1-bue-1"],
        ["a Local Zone in the US", { availabilityZone: "us-east-1-bos-1a", size: 10 }, "aws:us-east-1-bos-1"],
        ["a Wavelength Zone", { availabilityZone: "us-east-1-wl1-nyc-wlz-1", size: 10 }, "aws:us-east-1-wl1-nyc-wlz-1"],
        ["a Local Zone the table lacks", { availabilityZone: "us-east-1-zzz-1a", size: 10 }, "unknown"],
        ["an Outpost", { availabilityZone: "us-east-1a", outpostArn: "arn:aws:outposts:us-east-1:111111111111:outpost/op-0123456789abcdef0" }, "unknown"],
        ["a zone of another region", { availabilityZone: "eu-west-1a", size: 10 }, "unknown"],
    ])("an EBS volume in %s", (_what, props, expected) => {
        expect(located(res("aws:ebs/volume:Volume", "v", props))).toBe(expected);
    });

    test("a zone named where the data goes (a destination) is not where the resource is", () => {
        const replication = res("aws:efs/replicationConfiguration:ReplicationConfiguration", "r", {
            sourceFileSystemId: "fs-1",
            destination: { region: "us-east-1", availabilityZoneName: "us-east-1-bue-1a" },
        });
        expect(located(replication)).toBe("aws:us-east-1");
        expect(regionsInString("us-east-1-bue-1a", "availabilityZoneName").map((r) => r.location)).toEqual(["aws:us-east-1-bue-1"]);
        expect(regionsInString("us-east-1-zzz-1a", "availabilityZoneName").map((r) => r.reason)).toEqual([expect.stringMatching(/not in this pack's table/)]);
        expect(regionsInString("use1-bue1-az1", "anything").map((r) => r.location)).toEqual(["aws:us-east-1-bue-1"]);
    });

    test("a name or description that looks like a zone places nothing", () => {
        expect(located(res("aws:ebs/volume:Volume", "v", { availabilityZone: "us-east-1a", description: "moved from us-east-1-bue-1a" }))).toBe(
            "aws:us-east-1",
        );
    });
});

describe("resolveLocation: what a resource is placed on, through the stack's graph", () => {
    const bosSubnet = res("aws:ec2/subnet:Subnet", "edge-subnet", { vpcId: "vpc-1", cidrBlock: "10.0.9.0/24", availabilityZone: "us-east-1-bos-1a" });
    const bueSubnet = res("aws:ec2/subnet:Subnet", "bue-subnet", { vpcId: "vpc-1", cidrBlock: "10.0.8.0/24", availabilityZone: "us-east-1-bue-1a" });
    const homeSubnet = res("aws:ec2/subnet:Subnet", "home-subnet", { vpcId: "vpc-1", cidrBlock: "10.0.1.0/24", availabilityZone: "us-east-1a" });
    const outpostSubnet = res("aws:ec2/subnet:Subnet", "outpost-subnet", {
        vpcId: "vpc-1",
        cidrBlock: "10.0.7.0/24",
        availabilityZone: "us-east-1a",
        outpostArn: "arn:aws:outposts:us-east-1:111111111111:outpost/op-0123456789abcdef0",
    });

    test("an instance in a Local Zone subnet is in that zone; in a home subnet, in the region", () => {
        const edge = res("aws:ec2/instance:Instance", "edge", { subnetId: "subnet-x", instanceType: "t3.micro" }, { subnetId: [bosSubnet] });
        const home = res("aws:ec2/instance:Instance", "home", { subnetId: "subnet-y", instanceType: "t3.micro" }, { subnetId: [homeSubnet] });
        expect(located(edge, [bosSubnet, edge])).toBe("aws:us-east-1-bos-1");
        expect(located(home, [homeSubnet, home])).toBe("aws:us-east-1");
        // Without the graph (a resource policy sees one resource), the region is all it can tell.
        expect(located(edge)).toBe("aws:us-east-1");
    });

    test("an RDS instance is where its subnet group's subnets are, two hops away", () => {
        const group = res("aws:rds/subnetGroup:SubnetGroup", "db-subnets", { subnetIds: ["a"] }, { subnetIds: [bueSubnet] });
        const db = res("aws:rds/instance:Instance", "users", { dbSubnetGroupName: "db-subnets", engine: "postgres" }, { dbSubnetGroupName: [group] });
        const resolved = resolveLocation(db, placementLookup([bueSubnet, group, db]));
        expect(resolved).toMatchObject({ kind: "known", location: "aws:us-east-1-bue-1", source: "zone" });
        expect(resolved.kind === "known" && resolved.detail).toMatch(/Buenos Aires \(AR\).*dbSubnetGroupName/);
    });

    test("subnets in two places, or on an Outpost, leave the location unknown", () => {
        const group = res("aws:rds/subnetGroup:SubnetGroup", "mixed", { subnetIds: ["a", "b"] }, { subnetIds: [homeSubnet, bosSubnet] });
        expect(located(group, [homeSubnet, bosSubnet, group])).toBe("unknown");
        const onOutpost = res("aws:ec2/instance:Instance", "op", { subnetId: "s" }, { subnetId: [outpostSubnet] });
        const loc = resolveLocation(onOutpost, placementLookup([outpostSubnet, onOutpost]));
        expect(loc).toMatchObject({ kind: "unknown", reason: expect.stringMatching(/Outpost, on the customer's premises/) });
    });

    test("an Autonomous Database on Exadata Cloud@Customer is at the customer's site", () => {
        const infra = res("oci:Database/exadataInfrastructure:ExadataInfrastructure", "exacc", { shape: "ExadataCC.X9M" });
        const avmc = res(
            "oci:Database/autonomousVmCluster:AutonomousVmCluster",
            "avmc",
            { exadataInfrastructureId: "x" },
            { exadataInfrastructureId: [infra] },
        );
        const acd = res(
            "oci:Database/autonomousContainerDatabase:AutonomousContainerDatabase",
            "acd",
            { autonomousVmClusterId: "y" },
            { autonomousVmClusterId: [avmc] },
        );
        const adb = res(
            "oci:Database/autonomousDatabase:AutonomousDatabase",
            "users",
            { autonomousContainerDatabaseId: "z" },
            { autonomousContainerDatabaseId: [acd] },
        );
        const stack = [infra, avmc, acd, adb];
        for (const r of stack) expect({ name: r.name, at: located(r, stack) }).toEqual({ name: r.name, at: "unknown" });
        const literal = res("oci:Database/autonomousContainerDatabase:AutonomousContainerDatabase", "acd2", {
            autonomousVmClusterId: "ocid1.autonomousvmcluster.oc1.iad.aaaa",
        });
        expect(located(literal)).toBe("unknown");
        const cloud = res("oci:Database/autonomousContainerDatabase:AutonomousContainerDatabase", "acd3", {
            cloudAutonomousVmClusterId: "ocid1.cloudautonomousvmcluster.oc1.iad.aaaa",
        });
        expect(located(cloud)).toBe("oci:us-ashburn-1");
    });
});

describe("resolveLocation: stores and functions at edge locations", () => {
    test.each<[string, Record<string, unknown>, string]>([
        ["aws:cloudfront/function:Function", { runtime: "cloudfront-js-2.0", code: "x" }, "unknown"],
        ["aws:cloudfront/keyValueStore:KeyValueStore", {}, "unknown"],
        ["aws:cloudfront/keyvaluestoreKey:KeyvaluestoreKey", { key: "k", value: "v", keyValueStoreArn: "arn" }, "unknown"],
        ["aws:globalaccelerator/accelerator:Accelerator", { enabled: true }, "unknown"],
        ["aws:apigateway/restApi:RestApi", {}, "unknown"],
        ["aws:apigateway/restApi:RestApi", { endpointConfiguration: { types: "EDGE" } }, "unknown"],
        ["aws:apigateway/restApi:RestApi", { endpointConfiguration: { types: "REGIONAL" } }, "aws:us-east-1"],
        ["aws:apigateway/restApi:RestApi", { endpointConfiguration: { types: ["REGIONAL"] } }, "aws:us-east-1"],
        // An endpoint type not known at preview (the SDK's unknown sentinel) may be EDGE.
        ["aws:apigateway/restApi:RestApi", { endpointConfiguration: { types: ["04da6b54-80e4-46f7-96ec-b56ff0331ba9"] } }, "unknown"],
        ["aws:apigateway/domainName:DomainName", { endpointConfiguration: { types: ["REGIONAL", "04da6b54-80e4-46f7-96ec-b56ff0331ba9"] } }, "unknown"],
        ["aws:wafv2/webAcl:WebAcl", { scope: "CLOUDFRONT" }, "unknown"],
        ["aws:wafv2/webAcl:WebAcl", { scope: "REGIONAL" }, "aws:us-east-1"],
        ["oci:Waas/policy:Policy", { domain: "example.com" }, "unknown"],
    ])("%s %j", (type, props, expected) => {
        expect(located(res(type, "e", props))).toBe(expected);
    });

    test("Lambda@Edge: a function a distribution's cache behavior associates runs at the edge", () => {
        const fn = res("aws:lambda/function:Function", "auth-at-edge", { runtime: "nodejs20.x", publish: true });
        const plain = res("aws:lambda/function:Function", "api", { runtime: "nodejs20.x" });
        const cdn = res(
            "aws:cloudfront/distribution:Distribution",
            "cdn",
            { defaultCacheBehavior: { lambdaFunctionAssociations: [{ eventType: "viewer-request", lambdaArn: "x" }] }, origins: [{ domainName: "y" }] },
            { defaultCacheBehavior: [fn], origins: [plain] },
        );
        const stack = [fn, plain, cdn];
        expect(resolveLocation(fn, placementLookup(stack))).toMatchObject({ kind: "unknown", reason: expect.stringMatching(/Lambda@Edge/) });
        // An origin is not run at the edge: a function behind the distribution stays in its region.
        expect(located(plain, stack)).toBe("aws:us-east-1");
    });
});

describe("the pack over stacks with zones (in memory)", () => {
    function volumeStack(props: Record<string, unknown>): Stack {
        const s = new Stack();
        const va = s.aws("us-east-1");
        const key = s.add("aws:kms/key:Key", "users-key", { description: "users", enableKeyRotation: true }, { provider: va });
        s.add("aws:ebs/volume:Volume", "users-data", { size: 100, encrypted: true, kmsKeyId: key.arn, tags: US, ...props }, { provider: va });
        return s;
    }
    const onVolume = async (props: Record<string, unknown>) =>
        (await analyze(volumeStack(props)))
            .filter(isMandatory)
            .filter((r) => r.name === "users-data")
            .map(line);

    test("US user data in an Availability Zone of us-east-1 raises nothing about where it is", async () => {
        expect(await onVolume({ availabilityZone: "us-east-1a" })).toEqual([]);
        expect(await onVolume({ availabilityZoneId: "use1-az2" })).toEqual([]);
    });

    test("US user data in the Buenos Aires Local Zone of us-east-1 is a mandatory violation that names the zone", async () => {
        expect(await onVolume({ availabilityZone: "us-east-1-bue-1a" })).toEqual(
            expect.arrayContaining([expect.stringMatching(/aws:us-east-1-bue-1.*(Buenos Aires \(AR\)|not approved)/)]),
        );
    });

    test("US user data in a zone the pack cannot place, or on an Outpost, is a mandatory violation", async () => {
        expect(await onVolume({ availabilityZone: "us-east-1-zzz-1a" })).toEqual(expect.arrayContaining([expect.stringMatching(/not in this pack's table/)]));
        expect(await onVolume({ availabilityZone: "us-east-1a", outpostArn: "arn:aws:outposts:us-east-1:111111111111:outpost/op-0123456789abcdef0" })).toEqual(
            expect.arrayContaining([expect.stringMatching(/Outpost/)]),
        );
    });
});
