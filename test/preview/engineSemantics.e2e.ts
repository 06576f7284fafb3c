/**
 * What `pulumi preview` runs that a mocked program does not by itself: transforms, invokes, stack references,
 * resources behind unknowns, the environment, the program folder. Each fixture runs end to end through bin/preview.js.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FIXTURES, mandatory, previewFixture, PreviewRun, runOfflinePreview } from "../support/offlinePreview";

// The resource policy that decides where a labelled store may be, before it is created.
const LOCATION = "store-in-location-approved-for-its-label";

function graphOf(fixture: string, extra: string[] = [], stack = "test"): { run: PreviewRun; buckets: Record<string, unknown>[] } {
    const graphPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "engine-")), "graph.json");
    const run = previewFixture(fixture, ["--graph", graphPath, ...extra], stack);
    const graph = fs.existsSync(graphPath) ? JSON.parse(fs.readFileSync(graphPath, "utf8")) : { resources: [] };
    const buckets = graph.resources
        .filter((r: { type: string }) => r.type === "aws:s3/bucket:Bucket")
        .map((r: { name: string; properties: Record<string, unknown> }) => ({ name: r.name, ...r.properties }));
    return { run, buckets };
}

/** A fixture previewed once with its graph and report written, for every check that only reads that run. */
const once = new Map<string, { run: PreviewRun; graphPath: string; reportPath: string }>();
function previewedOnce(fixture: string): { run: PreviewRun; graphPath: string; reportPath: string } {
    let got = once.get(fixture);
    if (!got) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-"));
        const graphPath = path.join(dir, "graph.json");
        const reportPath = path.join(dir, "report.md");
        got = { run: previewFixture(fixture, ["--graph", graphPath, "--report", reportPath]), graphPath, reportPath };
        once.set(fixture, got);
    }
    return got;
}

describe("transforms run as the engine runs them", () => {
    it("a per-resource transform that swaps the provider moves the bucket to Singapore: exit 1 naming it", () => {
        const run = previewFixture("transform-resource-region");
        expect(run.code).toBe(1);
        const v = mandatory(run, LOCATION);
        expect(v.map((x) => x.name)).toEqual(["us-users"]);
        expect(v[0].message).toContain("aws:ap-southeast-1 (from 'region' of provider 'singapore')");
    });

    it("a stack transform (registerResourceTransform) that sets a region: exit 1 naming the bucket", () => {
        const run = previewFixture("transform-stack-region");
        expect(run.code).toBe(1);
        const v = mandatory(run, LOCATION);
        expect(v.map((x) => x.name)).toEqual(["us-users"]);
        expect(v[0].message).toContain("aws:ap-southeast-1 (from the resource's 'region' input)");
    });

    it.each([
        ["transform-component-children", "users-bucket"],
        ["transform-invoke", "us-users"],
        ["transform-legacy-region", "us-users"],
    ])(
        "%s moves the bucket to ap-southeast-1 (a component's transforms on its child; an invoke transform; legacy transformations): exit 1 naming it",
        (fixture, name) => {
            const { run } = previewedOnce(fixture);
            expect(run.code).toBe(1);
            const v = mandatory(run, LOCATION);
            expect(v.map((x) => x.name)).toEqual([name]);
            expect(v[0].message).toContain("aws:ap-southeast-1 (from the resource's 'region' input)");
        },
    );

    it.each([
        ["transform-resource-tags", { "data-class": "no-user-data", "cost-center": "residency" }],
        ["transform-stack-tags", { "data-class": "no-user-data", "managed-by": "pulumi" }],
    ])("%s only adds tags: exit 0, and the pack sees the added tags", (fixture, tags) => {
        const { run, buckets } = graphOf(fixture);
        expect(run.stderr).not.toContain("error");
        expect(run.code).toBe(0);
        expect(buckets).toEqual([{ name: "us-users", tags }]);
    });
});

describe("invokes are answered from config, or unknown", () => {
    it("invokes through an explicit provider are answered from that provider's inputs", () => {
        const { run, buckets } = graphOf("invoke-explicit-provider");
        expect(run.code).toBe(0);
        expect(buckets[0].tags).toEqual({ "data-class": "no-user-data", region: "us-east-1", account: "123456789012" });
        expect(run.doc!.unknownInvokes).toEqual([]);
    });

    it("getCallerIdentity in a bucket name takes the account from aws:allowedAccountIds", () => {
        const { run, buckets } = graphOf("caller-identity-bucket-name");
        expect(run.code).toBe(0);
        expect(buckets[0].bucket).toBe("us-users-123456789012");
    });

    it("getCallerIdentity without an account in config is unknown, and the run names its token", () => {
        const { run, buckets } = graphOf("caller-identity-bucket-name", [], "no-account");
        expect(run.code).toBe(0);
        expect(buckets[0].bucket).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
        expect(run.stderr).toContain("warning: invoke 'aws:index/getCallerIdentity:getCallerIdentity' is unknown at this preview");
        expect(run.doc!.unknownInvokes.map((u) => u.token)).toEqual(["aws:index/getCallerIdentity:getCallerIdentity"]);
    });
});

describe("stack references", () => {
    it("without --stack-outputs the referenced region is unknown: exit 1 naming the bucket", () => {
        const run = previewFixture("stack-reference");
        expect(run.code).toBe(1);
        const v = mandatory(run, LOCATION);
        expect(v.map((x) => x.name)).toEqual(["us-users"]);
        expect(v[0].message).toContain("'region' of provider 'from-network' is not known at preview");
        // Nor can the second pass run with every output known: it says which outputs to give.
        expect(mandatory(run, "resources-behind-unknowns").map((x) => x.message)).toEqual([
            expect.stringContaining("stack reference 'acme/network/prod' has no outputs to run with: give them with --stack-outputs acme/network/prod=FILE"),
        ]);
    });

    it("with --stack-outputs the region comes from the file: exit 0, bucket in us-east-1", () => {
        const file = path.join(FIXTURES, "stack-reference", "network-outputs.json");
        const run = previewFixture("stack-reference", ["--stack-outputs", `acme/network/prod=${file}`]);
        expect(run.code).toBe(0);
        expect(run.doc!.resources.find((r) => r.name === "us-users")!.location).toBe("aws:us-east-1");
        expect(mandatory(run)).toEqual([]);
    });

    it("a --stack-outputs file that cannot be read is exit 2, naming it", () => {
        const run = previewFixture("stack-reference", ["--stack-outputs", "acme/network/prod=/no/such/file.json"]);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain("--stack-outputs acme/network/prod=/no/such/file.json: cannot read it");
    });
});

describe("only the program decides a region", () => {
    it("an explicit provider with no region stays unknown with AWS_REGION set in the calling shell: exit 1", () => {
        const run = runOfflinePreview(["--cwd", path.join(FIXTURES, "explicit-provider-no-region"), "--stack", "test"], {
            AWS_REGION: "us-east-1",
            AWS_DEFAULT_REGION: "us-east-1",
        });
        expect(run.code).toBe(1);
        const v = mandatory(run, LOCATION);
        expect(v.map((x) => x.name)).toEqual(["us-users"]);
        expect(v[0].message).toContain("provider 'tagged' sets no region");
        expect(run.stderr.match(/AWS_REGION, AWS_DEFAULT_REGION are not passed to the program/g)).toHaveLength(1);
        expect(run.doc!.environmentRemoved).toEqual(["AWS_REGION", "AWS_DEFAULT_REGION"]);
    });
});

describe("resources behind unknowns", () => {
    it("a bucket created inside an apply over an unknown id is a mandatory violation, and the pack names where it lands", () => {
        const { run } = previewedOnce("resource-behind-unknown");
        expect(run.code).toBe(1);
        const hidden = mandatory(run, "resources-behind-unknowns");
        expect(hidden.map((v) => [v.policyPack, v.name])).toEqual([["offline-preview", "us-users-mirror"]]);
        expect(hidden[0].message).toContain("cannot check it before `pulumi up` creates it");
        expect(hidden[0].message).toContain("Create it outside the apply");
        const located = mandatory(run, LOCATION);
        expect(located.map((v) => v.name)).toEqual(["us-users-mirror"]);
        expect(located[0].message).toContain("aws:ap-southeast-1");
        expect(run.doc!.resourcesBehindUnknowns).toEqual([expect.stringMatching(/::us-users-mirror$/)]);
        expect(run.stdout).toContain("offline-preview (checks of the offline preview itself)");
        expect(run.stderr).toContain("second pass (every output known), as the outputs the cloud assigns (ids, ARNs, generated names) are unknown at preview");
    });

    it("the Markdown report counts the preview's own finding as the verdict does", () => {
        const { run, reportPath } = previewedOnce("resource-behind-unknown");
        expect(run.code).toBe(1);
        const md = fs.readFileSync(reportPath, "utf8");
        expect(md).toContain(`FAIL, ${run.doc!.summary.mandatory} mandatory policy violations`);
        expect(md).toContain("resources-behind-unknowns");
        expect(md).toContain("us-users-mirror");
    });

    // The second pass runs whenever the engine answered the program with any value unknown at preview: what the
    // program does with it (an apply, isDryRun, an invoke's arguments, a JSON replacer) is its own business.
    it.each([
        ["resource-behind-dry-run", "the outputs the cloud assigns (ids, ARNs, generated names) are unknown at preview"],
        ["resource-behind-invoke", "the outputs the cloud assigns (ids, ARNs, generated names) are unknown at preview"],
        ["unknown-in-json-replacer", "the outputs the cloud assigns (ids, ARNs, generated names) are unknown at preview"],
    ])("%s: the second pass runs (%s) and finds the mirror", (fixture, reason) => {
        const run = previewFixture(fixture);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain("second pass (every output known), as ");
        expect(run.stderr).toContain(reason);
        expect(mandatory(run, "resources-behind-unknowns").map((v) => v.name)).toEqual(["us-users-mirror"]);
        expect(mandatory(run, LOCATION).map((v) => v.name)).toEqual(["us-users-mirror"]);
    });

    it("unknowns that reach only the SDK's interpolate, concat and jsonStringify and resource inputs: the second pass runs and finds nothing hidden, exit 0", () => {
        const run = previewFixture("unknowns-only-in-sdk-callbacks");
        expect(run.code).toBe(0);
        expect(run.stderr).toContain("second pass (every output known), as the outputs the cloud assigns");
        expect(run.doc!.resourcesBehindUnknowns).toEqual([]);
        expect(run.doc!.resources.map((r) => r.name)).toEqual(expect.arrayContaining(["logs", "archive"]));
        expect(mandatory(run)).toEqual([]);
    });
});

describe("program resolution", () => {
    it("main: infra runs the folder infra/, never the sibling infra.json", () => {
        const run = previewFixture("sibling-folder-json");
        expect(run.code).toBe(1);
        expect(mandatory(run, LOCATION).map((v) => v.name)).toEqual(["us-users-sg"]);
    });
});

describe("source positions", () => {
    it("each resource's position is the line of the program that declared it, in the TypeScript source", () => {
        const { graphPath } = previewedOnce("transform-component-children");
        const graph = JSON.parse(fs.readFileSync(graphPath, "utf8")) as { resources: { name: string; sourcePosition?: { uri: string; line: number } }[] };
        const positions = Object.fromEntries(graph.resources.map((r) => [r.name, r.sourcePosition]));
        const program = `file://${path.join(FIXTURES, "transform-component-children", "index.ts")}`;
        // The bucket is declared inside the component (line 9), the component at the top level (line 14).
        expect(positions["users-bucket"]).toEqual({ uri: program, line: 9 });
        expect(positions["users"]).toEqual({ uri: program, line: 14 });
    });
});
