import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { mandatory, previewFixture, PreviewRun, runOfflinePreview, sharedPreview, stackArgs } from "../support/offlinePreview";
import { previewDocumentSchema } from "../../tools/preview/previewDocumentSchema";

describe("offline preview of the shipped stacks", () => {
    const runs: Record<string, PreviewRun> = {};
    beforeAll(() => {
        for (const stack of ["us-prod", "us-staging"] as const) runs[stack] = sharedPreview(stackArgs(stack));
    });

    it.each(["us-prod", "us-staging"])("%s exits 0 with no mandatory violation (with the stack's policy config, as CI runs it)", (stack) => {
        const run = runs[stack];
        expect(mandatory(run)).toEqual([]);
        expect(run.code).toBe(0);
    });

    it.each(["us-prod", "us-staging"])("%s keeps every store where its class allows", (stack) => {
        const doc = runs[stack].doc!;
        const stores = doc.resources.filter((r) => r.isDataStore);
        const where = (name: string) => stores.find((s) => s.name === name);
        expect(where("us-user-data-primary-bucket")).toMatchObject({ location: "oci:us-ashburn-1", dataClass: "us-user-data" });
        expect(where("us-user-data-dr-bucket")).toMatchObject({ location: "oci:us-phoenix-1", dataClass: "us-user-data" });
        expect(where("us-user-data-backup-bucket")).toMatchObject({ location: "aws:us-east-1", dataClass: "us-user-data" });
        expect(where("non-us-user-data-backup-bucket")).toMatchObject({ location: "aws:ap-southeast-1", dataClass: "non-us-user-data" });
        for (const s of stores) {
            expect(s.location).not.toBeNull();
            expect(s.dataClass).not.toBeNull();
        }
        expect(stores.filter((s) => s.dataClass === "us-user-data" && s.location === "aws:ap-southeast-1")).toEqual([]);
    });

    it.each(["us-prod", "us-staging"])("%s writes exactly the documented JSON (docs/preview-json.md): no field missing, none undeclared", (stack) => {
        const written = JSON.parse(fs.readFileSync(runs[stack].jsonPath, "utf8")) as unknown;
        const strict = previewDocumentSchema.strict().safeParse(written);
        expect(strict.error?.issues ?? []).toEqual([]);
        // Nested records too: a resource carries exactly the declared fields.
        const declared = Object.keys(previewDocumentSchema.shape.resources.element.shape).sort();
        for (const r of (written as { resources: object[] }).resources) expect(Object.keys(r).sort()).toEqual(declared);
    });

    it("records the OCI replication from Ashburn to Phoenix as a flow", () => {
        const { flows, resources } = runs["us-prod"].doc!;
        const locationOf = (urn: string) => resources.find((r) => r.urn === urn)?.location;
        // One copy per replication policy: its destination bucket, in the region the policy names.
        const replications = flows.filter((f) => f.kind === "replication");
        expect(replications).toHaveLength(1);
        expect(replications[0].sourceClass).toBe("us-user-data");
        expect(replications[0].destination.resources!.map(locationOf)).toEqual(["oci:us-phoenix-1"]);
    });

    it("without its policy config, us-prod fails closed on the one place its backup jobs name that no region places", () => {
        const run = sharedPreview(["--stack", "us-prod"]);
        expect(run.code).toBe(1);
        const found = mandatory(run).map((v) => [v.policy, v.name]);
        expect(found.length).toBeGreaterThan(0);
        for (const v of mandatory(run)) {
            expect(v.policy).toBe("copies-stay-in-approved-locations");
            expect(v.message).toContain("idcs-placeholderreplaceme.identity.oraclecloud.com");
            expect(v.message).toContain("approvedExternalDestinations");
        }
        expect(found).toEqual(expect.arrayContaining([["copies-stay-in-approved-locations", "us-user-data-backup-job-function"]]));
    });

    it("prints the resource tree, the policy results and a summary", () => {
        const out = runs["us-prod"].stdout;
        expect(out).toMatch(/Type\s+Name\s+Location\s+Data class/);
        expect(out).toMatch(/oci:ObjectStorage\/bucket:Bucket\s+us-user-data-primary-bucket\s+oci:us-ashburn-1\s+us-user-data/);
        expect(out).toContain("Policies:");
        expect(out).toMatch(/Policy results: 0 mandatory/);
    });
});

describe("offline preview rejects", () => {
    it("a bucket of US user data in ap-southeast-1 with exit 1, naming the bucket", () => {
        const run = previewFixture("us-data-in-singapore");
        expect(run.code).toBe(1);
        // Decided from the bucket alone (its label and its provider), so by the resource policy, and only by it.
        expect(mandatory(run, "us-user-data-in-approved-locations")).toEqual([]);
        const v = mandatory(run, "store-in-location-approved-for-its-label");
        expect(v).toHaveLength(1);
        expect(v[0].name).toBe("us-users-sg");
        expect(v[0].message).toContain("aws:ap-southeast-1");
        expect(v[0].message).toContain("Move it");
    });

    // A bad stack config: test/assurance/badInput.e2e.ts.
    it("an unknown flag with exit 2", () => {
        const run = runOfflinePreview(["--stakc", "us-prod"]);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain("unknown option '--stakc'");
        expect(fs.existsSync(run.jsonPath)).toBe(false);
    });

    it("an unknown stack with exit 2, listing the stacks there are", () => {
        const run = runOfflinePreview(["--stack", "eu-prod"]);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain("us-prod");
        expect(run.stderr).toContain("us-staging");
    });

    it("a --cwd that is not in a Pulumi project with exit 2", () => {
        // As the CLI, the preview looks for the project file in --cwd and the folders above it: a folder of this
        // repository would find the repository's own. A fresh temporary folder is in no project.
        const run = runOfflinePreview(["--cwd", fs.mkdtempSync(path.join(os.tmpdir(), "no-project-"))]);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain("no Pulumi project file (Pulumi.json, Pulumi.yaml, Pulumi.yml)");
    });
});

describe("invokes", () => {
    it("answers getRegion offline from the provider's config", () => {
        const graphPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "invokes-")), "graph.json");
        const run = previewFixture("invokes", ["--graph", graphPath]);
        expect(run.code).toBe(0);
        const graph = JSON.parse(fs.readFileSync(graphPath, "utf8"));
        const logs = graph.resources.find((r: { name: string }) => r.name === "logs");
        expect(logs.properties.tags.region).toBe("us-east-1");
    });

    it("gives an invoke it cannot answer an unknown result, names its token, and fails closed on what depends on it", () => {
        const run = previewFixture("invokes", [], "unanswerable");
        expect(run.code).toBe(1);
        expect(run.stderr).toContain("warning: invoke 'aws:ssm/getParameter:getParameter' is unknown at this preview");
        expect(run.doc!.unknownInvokes.map((u) => u.token)).toEqual(["aws:index/getCallerIdentity:getCallerIdentity", "aws:ssm/getParameter:getParameter"]);
        expect(mandatory(run).map((v) => [v.policy, v.name])).toEqual([["store-in-location-approved-for-its-label", "parameter-placed"]]);
    });
});
