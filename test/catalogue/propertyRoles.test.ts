import { propertyRoleProblems } from "../../tools/catalogue/propertyRoles";
import { RESOURCE_POLICY_TABLES } from "../../policies/model/resourcePolicies";
import { POLICY_ATTACHMENT_TABLE } from "../../policies/model/awsIdentityPolicies";
import { KEY_POLICY_TABLE } from "../../policies/model/awsKeyPolicies";
import { ARN_INPUTS, OWN_ONLY_FOR } from "../../policies/model/graph";
import { inputProperties, outputProperties, packageDir, sdkTypes } from "../../tools/catalogue/sdkTypes";

describe("the property-role tables (policies/model/propertyRoles.ts)", () => {
    it("name only resource types of the installed SDKs and their input arguments, each with a reason", () => {
        expect(propertyRoleProblems()).toEqual([]);
    });

    it("and so do the stores' resource policies (policies/model/resourcePolicies.ts)", () => {
        expect(propertyRoleProblems(RESOURCE_POLICY_TABLES)).toEqual([]);
    });

    it("and so do the managed-policy attachments and group memberships that name holders (policies/model/awsIdentityPolicies.ts)", () => {
        expect(propertyRoleProblems(POLICY_ATTACHMENT_TABLE)).toEqual([]);
    });

    it("and so do the key policies and grants of KMS keys (policies/model/awsKeyPolicies.ts)", () => {
        expect(propertyRoleProblems(KEY_POLICY_TABLE)).toEqual([]);
    });

    it.each<[string, Record<string, { props: string[]; reason: string }>, RegExp]>([
        ["a type that is not one", { "aws:s3/bucket:NoSuchType": { props: ["bucket"], reason: "a reason long enough" } }, /not a resource type/],
        ["a made-up argument", { "aws:acm/certificate:Certificate": { props: ["domainNames"], reason: "a reason long enough" } }, /no argument 'domainNames'/],
        [
            "a nested argument at the wrong depth",
            { "aws:lb/listenerRule:ListenerRule": { props: ["hostHeader"], reason: "a reason long enough" } },
            /no argument 'hostHeader'/,
        ],
        ["no reason", { "aws:cloudfront/distribution:Distribution": { props: ["aliases"], reason: "" } }, /has no reason/],
    ])("a wrong entry is caught: %s", (_what, entries, problem) => {
        expect(propertyRoleProblems({ TEST: entries }).join("\n")).toMatch(problem);
    });

    it.each<[string, Record<string, { props: string[]; reason: string }>, RegExp]>([
        ["an input", { "aws:apigateway/domainName:DomainName": { props: ["domainName"], reason: "a reason long enough" } }, /takes 'domainName' as an input/],
        ["not an output", { "aws:lb/loadBalancer:LoadBalancer": { props: ["dnsNames"], reason: "a reason long enough" } }, /has no output 'dnsNames'/],
    ])("an own address that is %s is caught", (_what, entries, problem) => {
        expect(propertyRoleProblems({ OWN_ADDRESSES: entries }).join("\n")).toMatch(problem);
    });
});

describe("identity inputs that name another resource (policies/model/graph.ts)", () => {
    it("ARN_INPUTS says, of every AWS resource type whose `arn` is an input argument, whether it names another resource", () => {
        const pkgDir = packageDir("@pulumi/aws");
        const withArnInput = sdkTypes(pkgDir)
            .filter((t) => inputProperties(pkgDir, t).includes("arn"))
            .map((t) => t.token);
        expect(withArnInput.length).toBeGreaterThan(0);
        expect(Object.keys(ARN_INPUTS).sort()).toEqual(withArnInput.sort());
    });

    // A type wrongly judged to own one of these is the dangerous mistake: an S3 object whose `bucket` counted as its own
    // made the bucket outside the stack it is written to read as no place at all. So the types each names as their
    // own are reviewed here, one by one, against every AWS and OCI type that has the property as an input or output.
    const OWNERS: Record<string, string[]> = {
        bucket: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2", "aws:s3/directoryBucket:DirectoryBucket", "aws:s3control/bucket:Bucket"],
        bucketId: ["oci:ObjectStorage/bucket:Bucket"],
        keyId: ["aws:kms/key:Key", "aws:kms/replicaExternalKey:ReplicaExternalKey", "aws:kms/replicaKey:ReplicaKey"],
        clusterIdentifier: ["aws:docdb/cluster:Cluster", "aws:neptune/cluster:Cluster", "aws:rds/cluster:Cluster", "aws:redshift/cluster:Cluster"],
        globalClusterIdentifier: ["aws:docdb/globalCluster:GlobalCluster", "aws:neptune/globalCluster:GlobalCluster", "aws:rds/globalCluster:GlobalCluster"],
        fileSystemId: [],
    };

    it("OWN_ONLY_FOR names as their own identity only the reviewed types, of all that have the property", () => {
        const owners: Record<string, string[]> = Object.fromEntries(Object.keys(OWN_ONLY_FOR).map((p) => [p, []]));
        const others: Record<string, number> = Object.fromEntries(Object.keys(OWN_ONLY_FOR).map((p) => [p, 0]));
        for (const pkg of ["@pulumi/aws", "@pulumi/oci"]) {
            const dir = packageDir(pkg);
            for (const t of sdkTypes(dir)) {
                const props = new Set([...inputProperties(dir, t), ...outputProperties(dir, t)]);
                for (const prop of Object.keys(OWN_ONLY_FOR)) {
                    if (!props.has(prop)) continue;
                    if (OWN_ONLY_FOR[prop](t.token)) owners[prop].push(t.token);
                    else others[prop]++;
                }
            }
        }
        expect(Object.fromEntries(Object.entries(owners).map(([p, types]) => [p, types.sort()]))).toEqual(OWNERS);
        // Each property is also another resource's name on many types (objects, grants, instances, mount targets);
        // `bucketId` is only the OCI bucket's today, listed so that a type that comes to name a bucket by it is never
        // taken for that bucket.
        expect(others.bucketId).toBe(0);
        for (const prop of Object.keys(OWN_ONLY_FOR).filter((p) => p !== "bucketId")) expect([prop, others[prop] >= 3]).toEqual([prop, true]);
    });
});
