import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import type { RegisterResourceRequest } from "@pulumi/pulumi/proto/resource_pb";
import { HardenedBucket } from "../../infra/components/hardenedBucket";
import { capture } from "./harness";

/** The alias specs each custom resource was registered with: name -> the parent URN of each ("noparent" for an alias to no parent). */
const aliasParents = new Map<string, string[]>();
const registerResource = MockMonitor.prototype.registerResource;

beforeAll(() => {
    MockMonitor.prototype.registerResource = function (this: MockMonitor, req: RegisterResourceRequest, callback) {
        if (req.getCustom())
            aliasParents.set(
                req.getName(),
                req.getAliasesList().map((a) => (a.getSpec()?.getNoparent() ? "noparent" : (a.getSpec()?.getParenturn() ?? ""))),
            );
        return registerResource.call(this, req, callback);
    };
});

afterAll(() => {
    MockMonitor.prototype.registerResource = registerResource;
});

class Holder extends pulumi.ComponentResource {
    constructor(name: string) {
        super("test:index:Holder", name, {});
        this.registerOutputs({});
    }
}

describe("HardenedBucket keeps the names its parts had before it existed", () => {
    it("aliases every part to the component's own parent, by that parent's URN", async () => {
        let holderUrn!: Promise<string>;
        await capture(() => {
            const holder = new Holder("holder");
            holderUrn = new Promise((resolve) => holder.urn.apply(resolve));
            const provider = new aws.Provider("aws", { region: "us-east-1" }, { parent: holder });
            new HardenedBucket(
                "b",
                { region: "us-east-1", bucketName: "b-bucket", dataClass: "us-user-data", encryption: "AES256" },
                { parent: holder, provider },
            );
        });
        const expected = await holderUrn;
        expect(expected).toMatch(/::test:index:Holder::holder$/);
        for (const part of ["b-ownership", "b-public-access-block", "b-policy", "b-encryption"]) {
            expect([part, aliasParents.get(part)?.[0]]).toEqual([part, expected]);
        }
        // The bucket also carries @pulumi/aws's own aliases (from BucketV2), under the component.
        expect(aliasParents.get("b")?.[0]).toBe(expected);
    });

    it("aliases the parts of a component without a parent to the root stack", async () => {
        await capture(() => {
            const provider = new aws.Provider("aws", { region: "us-east-1" });
            new HardenedBucket("top", { region: "us-east-1", bucketName: "top-bucket", dataClass: "us-user-data", encryption: "AES256" }, { provider });
        });
        // Under mocks no root stack is registered: the alias then names no parent, as it did with the stack resource itself.
        expect(pulumi.runtime.getStackResource()).toBeUndefined();
        for (const part of ["top", "top-ownership", "top-public-access-block", "top-policy", "top-encryption"]) {
            expect([part, aliasParents.get(part)?.[0]]).toEqual([part, "noparent"]);
        }
    });
});
