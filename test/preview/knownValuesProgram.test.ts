/**
 * End to end through the real SDKs: a program with the three patterns that failed the second pass, run as the
 * second pass runs it (not a preview: every output known), with registrations and invokes answered by
 * `knownOutputs` and `knownInvokeResult`. Each pattern registers a resource behind it, which the second pass
 * must reach.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { DeclaredShapes } from "../../tools/preview/shapes/declaredShapes";
import { knownInvokeResult, knownOutputs, ShapeContext } from "../../tools/preview/shapes/knownValues";

const shapes = new DeclaredShapes(path.join(__dirname, "..", "..", "infra"));
const contextOf = (token: string): ShapeContext => ({
    project: "shop",
    stack: "prod",
    shapes,
    region: token.startsWith("oci:") ? "us-ashburn-1" : "us-east-1",
    accountId: "111122223333",
});

const registered: { type: string; name: string; inputs: Record<string, unknown> }[] = [];

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                registered.push({ type: args.type, name: args.name, inputs: args.inputs });
                const known = knownOutputs(args.type, args.name, args.inputs, contextOf(args.type));
                return { id: known.id, state: known.outputs };
            },
            call: (args) => knownInvokeResult(args.token, args.inputs, contextOf(args.token)).result,
        },
        "shop",
        "prod",
        false,
    );
});

const settled = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

test("resources behind bucket.bucket.replace, functionUrl.split and getImages().then(v => v.images[0].id) are registered", async () => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const aws = require("@pulumi/aws") as typeof import("@pulumi/aws");
    const oci = require("@pulumi/oci") as typeof import("@pulumi/oci");
    /* eslint-enable @typescript-eslint/no-require-imports */

    const bucket = new aws.s3.Bucket("site");
    const object = bucket.bucket.apply((b) => new aws.s3.BucketObject(`${b.replace(/-/g, "_")}-index`, { bucket: b, key: "index.html", content: "<html/>" }));

    const url = new aws.lambda.FunctionUrl("url", { functionName: "api", authorizationType: "NONE" });
    const parameter = url.functionUrl.apply((u) => new aws.sqs.Queue(`host-${u.split("/")[2].split(".")[0].slice(0, 8)}`, { tags: { url: u } }));

    const instance = oci.core.getImages({ compartmentId: "ocid1.compartment.oc1..aaaaaaaaexample" }).then(
        (v) =>
            new oci.core.Instance("vm", {
                compartmentId: "ocid1.compartment.oc1..aaaaaaaaexample",
                shape: "VM.Standard.E4.Flex",
                availabilityDomain: "Abcd:US-ASHBURN-AD-1",
                sourceDetails: { sourceType: "image", sourceId: v.images[0].id },
            }),
    );

    const zones = await aws.getAvailabilityZones({});
    const subnets = zones.names
        .slice(0, 2)
        .map((az, i) => new aws.ec2.Subnet(`subnet-${az}`, { vpcId: "vpc-1", cidrBlock: `10.0.${i}.0/24`, availabilityZone: az }));

    await settled((await object).urn);
    await settled((await parameter).urn);
    await settled((await instance).urn);
    await Promise.all(subnets.map((s) => settled(s.urn)));

    const byType = (type: string) => registered.filter((r) => r.type === type);
    const [obj] = byType("aws:s3/bucketObject:BucketObject");
    expect(obj.name).toMatch(/^site_[0-9a-f]{7}-index$/);
    expect(obj.inputs.bucket).toMatch(/^site-[0-9a-f]{7}$/);
    expect((byType("aws:sqs/queue:Queue")[0].inputs.tags as { url: string }).url).toMatch(/^https:\/\/[a-z0-9]{32}\.lambda-url\.us-east-1\.on\.aws\/$/);
    expect((byType("oci:Core/instance:Instance")[0].inputs.sourceDetails as { sourceId: string }).sourceId).toMatch(/^ocid1\.image\.oc1\.iad\./);
    expect(byType("aws:ec2/subnet:Subnet").map((s) => s.inputs.availabilityZone)).toEqual(["us-east-1a", "us-east-1b"]);
});
