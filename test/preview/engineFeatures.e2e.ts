/**
 * What ordinary programs use that a preview must run as the CLI runs it (issue 21): multi-language components,
 * closures serialized by the SDK, resources registered in a `beforeExit` hook, resource objects passed as inputs,
 * ECMAScript-module projects. Each fixture (test/fixtures/engine/) runs end to end through bin/preview.js.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { mandatory, previewFixture, PreviewRun } from "../support/offlinePreview";
import { REMOTE_COMPONENTS } from "../../tools/preview/remoteComponents";
import { INVOKES_MADE_UP } from "../../tools/preview/madeUpInvokes";
import { READ_EXISTING } from "../../tools/preview/readExisting";

interface GraphResource {
    type: string;
    name: string;
    urn: string;
    properties: Record<string, unknown>;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
}

function withGraph(fixture: string): { run: PreviewRun; resources: GraphResource[] } {
    const graphPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "features-")), "graph.json");
    const run = previewFixture(path.join("engine", fixture), ["--graph", graphPath]);
    const resources = fs.existsSync(graphPath) ? (JSON.parse(fs.readFileSync(graphPath, "utf8")).resources as GraphResource[]) : [];
    return { run, resources };
}

/** A verdict was reached: exit 0 or 1, a document, and no error line. */
function expectVerdict(run: PreviewRun) {
    expect(run.stderr.split("\n").filter((l) => l.startsWith("error: "))).toEqual([]);
    expect([0, 1]).toContain(run.code);
    expect(run.doc).toBeDefined();
}

/** A verdict that fails (exit 1) with the preview's own mandatory results of `check`: the run, its graph and those results. */
function failsOnOwnCheck(fixture: string, check: string) {
    const { run, resources } = withGraph(fixture);
    expectVerdict(run);
    expect(run.code).toBe(1);
    return { run, resources, found: mandatory(run, check) };
}

describe("a multi-language component", () => {
    it("is one mandatory result naming it; everything else is judged; the verdict says it is partial", () => {
        const { run, resources, found: component } = failsOnOwnCheck("remote-component", REMOTE_COMPONENTS);
        expect(component.map((v) => v.name)).toEqual(["network"]);
        expect(component[0].message).toMatch(/multi-language component: .*children.*none of the resources it creates was checked.*cloud preview job/);
        expect(run.doc!.partial).toEqual([expect.stringContaining("'network' (awsx:ec2:Vpc)")]);
        expect(run.stdout).toContain("Partial: the offline preview could not see everything");
        // The bucket beside it was registered and judged; the component's output it reads is unknown.
        expect(resources.map((r) => r.name)).toEqual(expect.arrayContaining(["network", "ledger"]));
        expect(run.doc!.resources.find((r) => r.name === "ledger")?.location).toBe("aws:us-east-1");
    });
});

describe("an invoke's result read in promise form", () => {
    it("fails offline as undefined; the pass is run again with a made-up result: one mandatory result says so, everything is judged", () => {
        const { run, resources, found: madeUp } = failsOnOwnCheck("promise-invoke", INVOKES_MADE_UP);
        expect(madeUp).toHaveLength(1);
        expect(madeUp[0].message).toMatch(
            /'aws:index\/getAvailabilityZones:getAvailabilityZones' unknown, as they are offline: it failed with TypeError: zones\.names\.slice is not a function\. The preview ran it again .*made up.*nothing those results decide is proven/,
        );
        expect(run.doc!.partial).toEqual([expect.stringContaining("getAvailabilityZones")]);
        // The subnets it builds from the zones are registered, in zones of the provider's region; the bucket is judged.
        const zones = resources.filter((r) => r.type === "aws:ec2/subnet:Subnet").map((r) => r.properties.availabilityZone);
        expect(zones).toEqual([expect.stringMatching(/^us-east-1[a-z]$/), expect.stringMatching(/^us-east-1[a-z]$/)]);
        expect(mandatory(run, "store-in-location-approved-for-its-label").map((v) => v.name)).toEqual(["us-users-sg"]);
    });
});

describe("an existing resource read with .get()", () => {
    it("is one mandatory result naming it; what the program creates is judged; the verdict says it is partial", () => {
        const { run, resources, found: read } = failsOnOwnCheck("read-existing", READ_EXISTING);
        expect(read.map((v) => v.name)).toEqual(["default-vpc", "late-subnet"]);
        expect(read[0].message).toMatch(/id 'vpc-0123456789abcdef0'.*reads with \.get\(\).*cloud preview job/);
        // Read inside an apply over an output unknown at preview: only the second pass reads it, and it counts the same.
        expect(read[1].message).toMatch(/^with every value known \(the second pass\): 'late-subnet' .*id 'subnet-0123456789abcdef0'/);
        expect(run.doc!.partial).toEqual([
            expect.stringContaining("'default-vpc' (aws:ec2/vpc:Vpc)"),
            expect.stringMatching(/'late-subnet' \(aws:ec2\/subnet:Subnet\).*\(second pass\)$/),
        ]);
        // Not a resource the stack creates: not in the graph; the security group built in it is.
        expect(resources.map((r) => r.name)).toEqual(expect.arrayContaining(["web", "us-users-sg"]));
        expect(resources.some((r) => r.name === "default-vpc")).toBe(false);
        expect(mandatory(run, "store-in-location-approved-for-its-label").map((v) => v.name)).toEqual(["us-users-sg"]);
    });
});

describe("functions written as callbacks", () => {
    it("serialize as under the CLI, and the notification onObjectCreated registers in a beforeExit hook is accepted", () => {
        const { run, resources } = withGraph("callbacks");
        expectVerdict(run);
        const fn = resources.find((r) => r.type === "aws:lambda/function:Function" && r.name === "resize");
        expect(fn).toBeDefined();
        // The serialized closure: an archive whose index.js holds the callback, `path` captured by the import.
        expect(JSON.stringify(fn!.properties.code)).toContain("handled");
        expect(resources.some((r) => r.type === "aws:s3/bucketNotification:BucketNotification")).toBe(true);
    });
});

describe("resource objects passed as inputs", () => {
    it("travel as resource references; the analyzer sees the referenced resource's id and the dependency", () => {
        const { run, resources } = withGraph("resource-references");
        expectVerdict(run);
        const role = resources.find((r) => r.name === "reader")!;
        const attachment = resources.find((r) => r.name === "reader-logs")!;
        const block = resources.find((r) => r.name === "records-private")!;
        const bucket = resources.find((r) => r.name === "records")!;
        // A reference to a custom resource is its id, unknown at preview: never the SDK's reference object.
        expect(JSON.stringify(attachment.properties)).not.toContain("5cf8f73096256a8f31e491e813e4eb8e");
        expect(attachment.propertyDependencies.role).toEqual([role.urn]);
        expect(block.propertyDependencies.bucket).toEqual([bucket.urn]);
    });
});

describe("an ECMAScript-module project", () => {
    it("loads as the language host loads it (imports written as ./x.js)", () => {
        const { run, resources } = withGraph("esm-program");
        expectVerdict(run);
        expect(resources.map((r) => r.name)).toContain("ledger");
    });
});
