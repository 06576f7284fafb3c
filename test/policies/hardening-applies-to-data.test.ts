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
import { type Res, Stack } from "../evasion/dsl/stack";
import { REPO_ROOT } from "../support/offlinePreview";

const US_DEFAULT_TAGS = { tags: { "data-class": "us-user-data" } };

/** A stack whose default aws provider is in Virginia and labels everything us-user-data (`aws:defaultTags` in stack config). */
const labelledStack = () => new Stack("fuzz", "test", { "aws:region": "us-east-1", "aws:defaultTags": JSON.stringify(US_DEFAULT_TAGS) });
/** A stack whose default oci provider is in Ashburn. */
const ociStack = () => new Stack("fuzz", "test", { "oci:region": "us-ashburn-1" });

let loaded: AnalyzerConnection | undefined;

/** Every mandatory result of a preview run over the graph, with the stack's config given to the pack as the engine gives it. */
async function mandatory(b: Stack): Promise<PolicyResult[]> {
    loaded ??= loadPackInProcess(path.join(REPO_ROOT, "policies"));
    const run = await runAnalysis(loaded, b.graph(), { stackConfig: b.config, secretKeys: [], dryRun: true });
    return run.results.filter((r) => r.level === "mandatory");
}

const of = (results: PolicyResult[], policy: string) =>
    results
        .filter((r) => r.policy === policy)
        .map((r) => r.name)
        .sort();

/**
 * A serverless API as pulumi/examples writes it, every resource labelled us-user-data by the default provider's
 * defaultTags (`b` is a `labelledStack()`). Returns its bucket.
 */
function labelledServerlessApi(b: Stack, opts: { bucketKey?: boolean } = {}): Res {
    const role = b.add("aws:iam/role:Role", "handler-role", { assumeRolePolicy: '{"Version":"2012-10-17","Statement":[]}' });
    b.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "handler-logs", {
        role: role.out("name"),
        policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    });
    const vpc = b.add("aws:ec2/vpc:Vpc", "vpc", { cidrBlock: "10.0.0.0/16" });
    b.add("aws:ec2/subnet:Subnet", "private", { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" });
    b.add("aws:ec2/routeTable:RouteTable", "routes", { vpcId: vpc.id });
    b.add("aws:ec2/securityGroup:SecurityGroup", "handler-sg", { vpcId: vpc.id, description: "handler" });
    const fn = b.add("aws:lambda/function:Function", "handler", { role: role.arn, runtime: "nodejs20.x", handler: "index.handler" });
    b.add("aws:lambda/permission:Permission", "invoke", { function: fn.out("name"), action: "lambda:InvokeFunction", principal: "apigateway.amazonaws.com" });
    const key = opts.bucketKey ? b.add("aws:kms/key:Key", "data-key", { description: "data" }) : undefined;
    const bucket = b.add("aws:s3/bucket:Bucket", "uploads", { bucket: "uploads-us" });
    if (key) {
        b.add("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "uploads-sse", {
            bucket: bucket.out("bucket"),
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn } }],
        });
    }
    return bucket;
}

describe("keys-in-approved-locations asks only what stores data", () => {
    it("asks the labelled bucket for a key, and not the IAM role, VPC, subnet, route table, security group, function or permission", async () => {
        const b = labelledStack();
        labelledServerlessApi(b);
        expect(of(await mandatory(b), "keys-in-approved-locations")).toEqual(["uploads"]);
    });

    it("still fails a labelled store without a key, with the same message as before", async () => {
        const b = labelledStack();
        labelledServerlessApi(b);
        const keys = (await mandatory(b)).filter((r) => r.policy === "keys-in-approved-locations");
        expect(keys.map((r) => r.message)).toEqual([
            "'uploads' holds us-user-data but is not encrypted with a customer-managed key: no server-side encryption configuration with a KMS key targets bucket 'uploads'. Add one in an approved location.",
        ]);
    });

    it("asks a resource of a type the catalogue does not hold (fail closed), and says how to classify it", async () => {
        const b = labelledStack();
        // A type no SDK class registers: a raw registration, on the default provider.
        b.register("aws:newservice/thing:Thing", "mystery", {});
        const keys = (await mandatory(b)).filter((r) => r.policy === "keys-in-approved-locations");
        expect(keys.map((r) => r.name)).toEqual(["mystery"]);
        expect(keys[0].message).toContain("Its type (aws:newservice/thing:Thing) is not in the catalogue, so it is held to the rules of a store");
    });
});

describe("an S3 object is encrypted by its bucket's default encryption unless it names its own", () => {
    /**
     * A labelled bucket, with SSE-KMS by default when `kms`, and one object in it with the given server-side
     * encryption, and the ARN of the stack's key as its own `kmsKeyId` when `ownKey`.
     */
    async function objectKeys(kms: boolean, object: { serverSideEncryption?: string; ownKey?: boolean }): Promise<string[]> {
        const b = labelledStack();
        const key = b.add("aws:kms/key:Key", "data-key", { description: "data" });
        const bucket = b.add("aws:s3/bucket:Bucket", "site", {});
        if (kms) {
            b.add("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "site-sse", {
                bucket: bucket.id,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn } }],
            });
        }
        b.add("aws:s3/bucketObject:BucketObject", "index.html", {
            bucket: bucket.id,
            key: "index.html",
            content: "<h1>hi</h1>",
            serverSideEncryption: object.serverSideEncryption,
            kmsKeyId: object.ownKey ? key.arn : undefined,
        });
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
        expect(await objectKeys(false, { serverSideEncryption: "aws:kms", ownKey: true }).then((l) => l.filter((x) => x.startsWith("index.html")))).toEqual([]);
    });
});

describe("every hardening policy leaves labelled non-stores alone", () => {
    it("a labelled serverless API with its bucket hardened has no mandatory result at all", async () => {
        const b = labelledStack();
        const bucket = labelledServerlessApi(b, { bucketKey: true });
        b.add("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "uploads-pab", {
            bucket: bucket.out("bucket"),
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        b.add("aws:s3/bucketLogging:BucketLogging", "uploads-logging", { bucket: bucket.out("bucket"), targetBucket: "uploads-us", targetPrefix: "logs/" });
        expect((await mandatory(b)).map((r) => `${r.policy} [${r.name}]: ${r.message}`)).toEqual([]);
    });

    it("a labelled OCI network with no OCI store asks for no audit retention, and its policy statements are not held to custodians", async () => {
        const b = ociStack();
        const US = { "data-class": "us-user-data" };
        const vcn = b.add("oci:Core/vcn:Vcn", "vcn", { compartmentId: "ocid1.compartment.oc1..x", cidrBlocks: ["10.0.0.0/16"], freeformTags: US });
        b.add("oci:Core/subnet:Subnet", "subnet", { compartmentId: "ocid1.compartment.oc1..x", vcnId: vcn.id, cidrBlock: "10.0.1.0/24", freeformTags: US });
        b.add("oci:Identity/policy:Policy", "network-admins", {
            compartmentId: "ocid1.tenancy.oc1..x",
            description: "network admins",
            name: "network-admins",
            statements: ["Allow group network-admins to manage virtual-network-family in tenancy"],
            freeformTags: US,
        });
        const results = await mandatory(b);
        expect(of(results, "audit-on-user-data")).toEqual([]);
        expect(of(results, "access-only-for-us-custodians")).toEqual([]);
        expect(of(results, "keys-in-approved-locations")).toEqual([]);
    });

    it("the same network beside a US OCI bucket: the tenancy needs audit retention, as before", async () => {
        const b = ociStack();
        const US = { "data-class": "us-user-data" };
        b.add("oci:Core/vcn:Vcn", "vcn", { compartmentId: "ocid1.compartment.oc1..x", cidrBlocks: ["10.0.0.0/16"], freeformTags: US });
        b.add("oci:ObjectStorage/bucket:Bucket", "records", {
            compartmentId: "ocid1.compartment.oc1..x",
            namespace: "ns",
            name: "records",
            accessType: "NoPublicAccess",
            freeformTags: US,
        });
        const results = await mandatory(b);
        expect(of(results, "audit-on-user-data")).toEqual(["records"]);
        expect(of(results, "keys-in-approved-locations")).toEqual(["records"]);
    });
});

describe("the core residency policies still hold every labelled resource to store rules", () => {
    it("a labelled security group in Singapore is a violation of store-in-location-approved-for-its-label", async () => {
        const b = new Stack("fuzz", "test", {});
        const p = b.provider("aws", "singapore", { region: "ap-southeast-1", defaultTags: US_DEFAULT_TAGS });
        b.add("aws:ec2/securityGroup:SecurityGroup", "sg", { description: "x" }, { provider: p });
        const results = await mandatory(b);
        expect(of(results, "store-in-location-approved-for-its-label")).toEqual(["sg"]);
        expect(of(results, "keys-in-approved-locations")).toEqual([]);
    });

    it("an unlabelled resource of a type the catalogue does not hold is still unclassified and placed as a store", async () => {
        const b = new Stack("fuzz", "test", {});
        const p = b.provider("aws", "singapore", { region: "ap-southeast-1" });
        b.register("aws:newservice/thing:Thing", "mystery", {}, { provider: p });
        const results = await mandatory(b);
        expect(of(results, "data-stores-classified")).toEqual(["mystery"]);
        expect(of(results, "us-user-data-in-approved-locations")).toEqual(["mystery"]);
    });
});
