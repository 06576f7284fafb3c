/**
 * The hardening policies (keys, public access, custodians, audit, DNS steering) apply to what can hold or expose
 * data, not to whatever carries a label: a program labelled wholesale by `aws:defaultTags` (everything
 * `us-user-data`) gets no key, audit or access demands on its IAM roles, networks or permissions. The core
 * residency policies still hold every labelled resource, and every unclassified type, to store rules.
 * In memory: the graph builder and the compiled pack in this process, as the engine sends them at preview.
 */
import * as path from "path";
import type { AnalyzerConnection } from "../../tools/analyzer/connection";
import { loadPackInProcess } from "../../tools/analyzer/inProcessPack";
import { PolicyResult, runAnalysis } from "../../tools/analyzer/runAnalysis";
import { GraphBuilder, UNKNOWN } from "../support/graphBuilder";
import { REPO_ROOT } from "../support/offlinePreview";

const US_DEFAULT_TAGS = JSON.stringify({ tags: { "data-class": "us-user-data" } });

let loaded: AnalyzerConnection | undefined;

async function mandatory(b: GraphBuilder, config: Record<string, string> = {}): Promise<PolicyResult[]> {
    loaded ??= loadPackInProcess(path.join(REPO_ROOT, "policies"));
    const run = await runAnalysis(loaded, b.graph(), { stackConfig: config, secretKeys: [], dryRun: true });
    return run.results.filter((r) => r.level === "mandatory");
}

const of = (results: PolicyResult[], policy: string) =>
    results
        .filter((r) => r.policy === policy)
        .map((r) => r.name)
        .sort();

/** A serverless API as pulumi/examples writes it, every resource labelled us-user-data by the default provider's defaultTags. */
function labelledServerlessApi(b: GraphBuilder, opts: { bucketKey?: boolean } = {}): void {
    const p = b.provider("aws", "default_7_48_0", { region: "us-east-1", defaultTags: US_DEFAULT_TAGS });
    const role = b.add("aws:iam/role:Role", "handler-role", { assumeRolePolicy: '{"Version":"2012-10-17","Statement":[]}' }, { provider: p });
    b.add(
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        "handler-logs",
        { policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" },
        { provider: p, propertyDependencies: { role: [role] } },
    );
    const vpc = b.add("aws:ec2/vpc:Vpc", "vpc", { cidrBlock: "10.0.0.0/16" }, { provider: p });
    b.add("aws:ec2/subnet:Subnet", "private", { cidrBlock: "10.0.1.0/24" }, { provider: p, propertyDependencies: { vpcId: [vpc] } });
    b.add("aws:ec2/routeTable:RouteTable", "routes", {}, { provider: p, propertyDependencies: { vpcId: [vpc] } });
    b.add("aws:ec2/securityGroup:SecurityGroup", "handler-sg", { description: "handler" }, { provider: p, propertyDependencies: { vpcId: [vpc] } });
    const fn = b.add(
        "aws:lambda/function:Function",
        "handler",
        { runtime: "nodejs20.x", handler: "index.handler" },
        { provider: p, propertyDependencies: { role: [role] } },
    );
    b.add(
        "aws:lambda/permission:Permission",
        "invoke",
        { action: "lambda:InvokeFunction", principal: "apigateway.amazonaws.com" },
        { provider: p, propertyDependencies: { function: [fn] } },
    );
    const key = opts.bucketKey ? b.add("aws:kms/key:Key", "data-key", { description: "data" }, { provider: p }) : undefined;
    const bucket = b.add("aws:s3/bucket:Bucket", "uploads", { bucket: "uploads-us" }, { provider: p });
    if (key) {
        b.add(
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "uploads-sse",
            { bucket: "uploads-us", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN } }] },
            { provider: p, propertyDependencies: { bucket: [bucket], rules: [key] } },
        );
    }
}

describe("keys-in-approved-locations asks only what stores data", () => {
    it("asks the labelled bucket for a key, and not the IAM role, VPC, subnet, route table, security group, function or permission", async () => {
        const b = new GraphBuilder();
        labelledServerlessApi(b);
        expect(of(await mandatory(b), "keys-in-approved-locations")).toEqual(["uploads"]);
    });

    it("still fails a labelled store without a key, with the same message as before", async () => {
        const b = new GraphBuilder();
        labelledServerlessApi(b);
        const keys = (await mandatory(b)).filter((r) => r.policy === "keys-in-approved-locations");
        expect(keys.map((r) => r.message)).toEqual([
            "'uploads' holds us-user-data but is not encrypted with a customer-managed key: no server-side encryption configuration with a KMS key targets bucket 'uploads'. Add one in an approved location.",
        ]);
    });

    it("asks a resource of a type the catalogue does not hold (fail closed), and says how to classify it", async () => {
        const b = new GraphBuilder();
        const p = b.provider("aws", "default_7_48_0", { region: "us-east-1", defaultTags: US_DEFAULT_TAGS });
        b.add("aws:newservice/thing:Thing", "mystery", {}, { provider: p });
        const keys = (await mandatory(b)).filter((r) => r.policy === "keys-in-approved-locations");
        expect(keys.map((r) => r.name)).toEqual(["mystery"]);
        expect(keys[0].message).toContain("Its type (aws:newservice/thing:Thing) is not in the catalogue, so it is held to the rules of a store");
    });
});

describe("an S3 object is encrypted by its bucket's default encryption unless it names its own", () => {
    /** A labelled bucket, with SSE-KMS by default when `kms`, and one object in it with the given inputs. */
    async function objectKeys(kms: boolean, object: Record<string, unknown>): Promise<string[]> {
        const b = new GraphBuilder();
        const p = b.provider("aws", "default_7_48_0", { region: "us-east-1", defaultTags: US_DEFAULT_TAGS });
        const key = b.add("aws:kms/key:Key", "data-key", { description: "data" }, { provider: p });
        const bucket = b.add("aws:s3/bucket:Bucket", "site", {}, { provider: p });
        if (kms) {
            b.add(
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "site-sse",
                { bucket: UNKNOWN, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN } }] },
                { provider: p, propertyDependencies: { bucket: [bucket], rules: [key] } },
            );
        }
        b.add(
            "aws:s3/bucketObject:BucketObject",
            "index.html",
            { bucket: UNKNOWN, key: "index.html", content: "<h1>hi</h1>", ...object },
            { provider: p, propertyDependencies: { bucket: [bucket], ...(object.kmsKeyId === UNKNOWN ? { kmsKeyId: [key] } : {}) } },
        );
        return (await mandatory(b)).filter((r) => r.policy === "keys-in-approved-locations").map((r) => `${r.name}: ${r.message}`);
    }

    it("an object in a bucket encrypted with a KMS key by default needs no key of its own", async () => {
        expect(await objectKeys(true, {})).toEqual([]);
    });

    it("an object in a bucket without SSE-KMS is not encrypted with a customer-managed key either", async () => {
        expect(await objectKeys(false, {})).toEqual([
            "site: 'site' holds us-user-data but is not encrypted with a customer-managed key: no server-side encryption configuration with a KMS key targets bucket 'site'. Add one in an approved location.",
            "index.html: 'index.html' holds us-user-data but is not encrypted with a customer-managed key: no server-side encryption configuration with a KMS key targets bucket 'site'. Add one in an approved location.",
        ]);
    });

    it("an object that overrides its bucket's encryption is judged by its own: AES256 or SSE-KMS without a key fail, its own key passes", async () => {
        expect(await objectKeys(true, { serverSideEncryption: "AES256" })).toEqual([
            "index.html: 'index.html' holds us-user-data but is not encrypted with a customer-managed key: 'index.html' encrypts with 'AES256', not a customer-managed KMS key ('aws:kms'). Add one in an approved location.",
        ]);
        expect(await objectKeys(true, { serverSideEncryption: "aws:kms" })).toEqual([
            "index.html: 'index.html' holds us-user-data but is not encrypted with a customer-managed key: 'index.html' asks for 'aws:kms' without a kmsKeyId: the AWS managed key. Add one in an approved location.",
        ]);
        expect(
            await objectKeys(false, { serverSideEncryption: "aws:kms", kmsKeyId: UNKNOWN }).then((l) => l.filter((x) => x.startsWith("index.html"))),
        ).toEqual([]);
    });
});

describe("every hardening policy leaves labelled non-stores alone", () => {
    it("a labelled serverless API with its bucket hardened has no mandatory result at all", async () => {
        const b = new GraphBuilder();
        labelledServerlessApi(b, { bucketKey: true });
        const p = b.resources.find((r) => r.type === "pulumi:providers:aws")!.urn;
        const bucket = b.resources.find((r) => r.name === "uploads")!.urn;
        b.add(
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "uploads-pab",
            { bucket: "uploads-us", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            { provider: p, propertyDependencies: { bucket: [bucket] } },
        );
        b.add(
            "aws:s3/bucketLogging:BucketLogging",
            "uploads-logging",
            { bucket: "uploads-us", targetBucket: "uploads-us", targetPrefix: "logs/" },
            { provider: p, propertyDependencies: { bucket: [bucket] } },
        );
        expect((await mandatory(b)).map((r) => `${r.policy} [${r.name}]: ${r.message}`)).toEqual([]);
    });

    it("a labelled OCI network with no OCI store asks for no audit retention, and its policy statements are not held to custodians", async () => {
        const b = new GraphBuilder();
        const p = b.provider("oci", "default_4_20_0", { region: "us-ashburn-1" });
        const US = { "data-class": "us-user-data" };
        const vcn = b.add(
            "oci:Core/vcn:Vcn",
            "vcn",
            { compartmentId: "ocid1.compartment.oc1..x", cidrBlocks: ["10.0.0.0/16"], freeformTags: US },
            { provider: p },
        );
        b.add(
            "oci:Core/subnet:Subnet",
            "subnet",
            { compartmentId: "ocid1.compartment.oc1..x", cidrBlock: "10.0.1.0/24", freeformTags: US },
            { provider: p, propertyDependencies: { vcnId: [vcn] } },
        );
        b.add(
            "oci:Identity/policy:Policy",
            "network-admins",
            {
                compartmentId: "ocid1.tenancy.oc1..x",
                description: "network admins",
                name: "network-admins",
                statements: ["Allow group network-admins to manage virtual-network-family in tenancy"],
                freeformTags: US,
            },
            { provider: p },
        );
        const results = await mandatory(b);
        expect(of(results, "audit-on-user-data")).toEqual([]);
        expect(of(results, "access-only-for-us-custodians")).toEqual([]);
        expect(of(results, "keys-in-approved-locations")).toEqual([]);
    });

    it("the same network beside a US OCI bucket: the tenancy needs audit retention, as before", async () => {
        const b = new GraphBuilder();
        const p = b.provider("oci", "default_4_20_0", { region: "us-ashburn-1" });
        const US = { "data-class": "us-user-data" };
        b.add("oci:Core/vcn:Vcn", "vcn", { compartmentId: "ocid1.compartment.oc1..x", cidrBlocks: ["10.0.0.0/16"], freeformTags: US }, { provider: p });
        b.add(
            "oci:ObjectStorage/bucket:Bucket",
            "records",
            { compartmentId: "ocid1.compartment.oc1..x", namespace: "ns", name: "records", accessType: "NoPublicAccess", freeformTags: US },
            { provider: p },
        );
        const results = await mandatory(b);
        expect(of(results, "audit-on-user-data")).toEqual(["records"]);
        expect(of(results, "keys-in-approved-locations")).toEqual(["records"]);
    });
});

describe("the core residency policies still hold every labelled resource to store rules", () => {
    it("a labelled security group in Singapore is a violation of store-in-location-approved-for-its-label", async () => {
        const b = new GraphBuilder();
        const p = b.provider("aws", "singapore", { region: "ap-southeast-1", defaultTags: US_DEFAULT_TAGS });
        b.add("aws:ec2/securityGroup:SecurityGroup", "sg", { description: "x" }, { provider: p });
        const results = await mandatory(b);
        expect(of(results, "store-in-location-approved-for-its-label")).toEqual(["sg"]);
        expect(of(results, "keys-in-approved-locations")).toEqual([]);
    });

    it("an unlabelled resource of a type the catalogue does not hold is still unclassified and placed as a store", async () => {
        const b = new GraphBuilder();
        const p = b.provider("aws", "singapore", { region: "ap-southeast-1" });
        b.add("aws:newservice/thing:Thing", "mystery", {}, { provider: p });
        const results = await mandatory(b);
        expect(of(results, "data-stores-classified")).toEqual(["mystery"]);
        expect(of(results, "us-user-data-in-approved-locations")).toEqual(["mystery"]);
    });
});
