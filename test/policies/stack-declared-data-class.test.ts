/**
 * A stack declares its data class in stack config (`residency:defaultDataClass`): the class of every AWS and OCI
 * resource without a label of its own. It can only raise: a resource's own label or taint can make it stricter,
 * nothing makes it less strict. The pack reads it from the stack config the CLI gives the pack's process
 * (PULUMI_CONFIG); an unknown class is a residency-config-valid violation (and exit 2 in the offline preview).
 * In memory: the graph builder and the compiled pack in this process.
 */
import * as path from "path";
import type { AnalyzerConnection } from "../../tools/analyzer/connection";
import { loadPackInProcess } from "../../tools/analyzer/inProcessPack";
import { PolicyResult, runAnalysis } from "../../tools/analyzer/runAnalysis";
import { withStackDefault, type ResolvedDataClass } from "../../policies/model/labels";
import { DEFAULT_DATA_CLASS_KEY, stackDefaultClass, stackDefaultClassOf } from "../../policies/model/stackConfig";
import { checkDeclaredDataClass } from "../../tools/preview/declaredDataClass";
import { derived, Stack, UNKNOWN } from "../evasion/dsl/stack";
import { REPO_ROOT } from "../support/offlinePreview";

let loaded: AnalyzerConnection | undefined;

/** A stack with this config: its default providers take theirs from it, and the pack is given it. */
const stackWith = (config: Record<string, string>) => new Stack("fuzz", "test", config);

/** Every mandatory result of a preview run over the graph, with the stack's config given to the pack's process. */
async function mandatory(b: Stack): Promise<PolicyResult[]> {
    loaded ??= loadPackInProcess(path.join(REPO_ROOT, "policies"));
    const stackConfig = b.config;
    const before = process.env.PULUMI_CONFIG;
    process.env.PULUMI_CONFIG = JSON.stringify(stackConfig);
    try {
        const run = await runAnalysis(loaded, b.graph(), { stackConfig, secretKeys: [], dryRun: true });
        return run.results.filter((r) => r.level === "mandatory");
    } finally {
        if (before === undefined) delete process.env.PULUMI_CONFIG;
        else process.env.PULUMI_CONFIG = before;
    }
}

const lines = (results: PolicyResult[], policy: string) => results.filter((r) => r.policy === policy).map((r) => `${r.name}: ${r.message}`);
const declared = (cls: string) => ({ "oci:region": "us-ashburn-1", [DEFAULT_DATA_CLASS_KEY]: cls });

function ociBucket(b: Stack, name: string, region: string, tags?: Record<string, string>): void {
    const provider = b.oci(region);
    b.add(
        "oci:ObjectStorage/bucket:Bucket",
        name,
        { compartmentId: "ocid1.compartment.oc1..x", namespace: "ns", name, accessType: "NoPublicAccess", ...(tags ? { freeformTags: tags } : {}) },
        { provider },
    );
}

describe("the declared class labels what carries no label", () => {
    it("an unlabelled OCI bucket in Ashburn is classified us-user-data: no data-stores-classified violation", async () => {
        const b = stackWith(declared("us-user-data"));
        ociBucket(b, "records", "us-ashburn-1");
        const results = await mandatory(b);
        expect(lines(results, "data-stores-classified")).toEqual([]);
        expect(lines(results, "store-in-location-approved-for-its-label")).toEqual([]);
        // Labelled us-user-data, the bucket is now asked for what US data needs: a key.
        expect(lines(results, "keys-in-approved-locations").map((l) => l.split(":")[0])).toEqual(["records"]);
    });

    it("the same bucket without the declaration is unclassified (the test can fail)", async () => {
        const b = stackWith({ "oci:region": "us-ashburn-1" });
        ociBucket(b, "records", "us-ashburn-1");
        expect(lines(await mandatory(b), "data-stores-classified").map((l) => l.split(":")[0])).toEqual(["records"]);
    });

    it("an unlabelled OCI bucket in Singapore is rejected before it is created, naming the stack config as the label's source", async () => {
        const b = stackWith(declared("us-user-data"));
        ociBucket(b, "records", "ap-singapore-1");
        expect(lines(await mandatory(b), "store-in-location-approved-for-its-label")).toEqual([
            "records: 'records' is labelled us-user-data by stack config 'residency:defaultDataClass' and is in oci:ap-singapore-1 (from 'region' of provider 'oci-ap-singapore-1'), but oci:ap-singapore-1 is not approved for us-user-data. Approved: oci:us-ashburn-1, oci:us-phoenix-1, aws:us-east-1. Move it there.",
        ]);
    });

    it("labels AWS resources too, but not the types of other packages (a Kubernetes object stays unclassified)", async () => {
        // The queue on the default aws provider, in Singapore by stack config.
        const b = stackWith({ ...declared("us-user-data"), "aws:region": "ap-southeast-1" });
        b.add("aws:sqs/queue:Queue", "jobs", {});
        // A provider resource has no provider reference of its own.
        const k8s = b.register("pulumi:providers:kubernetes", "cluster", {}, { provider: null });
        b.add("kubernetes:core/v1:ConfigMap", "settings", { data: {} }, { provider: k8s });
        const results = await mandatory(b);
        expect(lines(results, "store-in-location-approved-for-its-label").map((l) => l.split(":")[0])).toEqual(["jobs"]);
        expect(lines(results, "data-stores-classified").map((l) => l.split(":")[0])).toEqual(["settings"]);
    });
});

describe("it can only raise", () => {
    it("a resource labelled no-user-data in a stack that declares us-user-data is held to us-user-data", async () => {
        const b = stackWith(declared("us-user-data"));
        ociBucket(b, "scratch", "ap-singapore-1", { "data-class": "no-user-data" });
        expect(lines(await mandatory(b), "store-in-location-approved-for-its-label")).toEqual([
            "scratch: 'scratch' is labelled us-user-data by stack config 'residency:defaultDataClass' (raises freeformTags['data-class']: 'no-user-data') and is in oci:ap-singapore-1 (from 'region' of provider 'oci-ap-singapore-1'), but oci:ap-singapore-1 is not approved for us-user-data. Approved: oci:us-ashburn-1, oci:us-phoenix-1, aws:us-east-1. Move it there.",
        ]);
    });

    it("a declared no-user-data never lowers a resource's own us-user-data label", async () => {
        const b = stackWith(declared("no-user-data"));
        ociBucket(b, "records", "ap-singapore-1", { "data-class": "us-user-data" });
        expect(lines(await mandatory(b), "store-in-location-approved-for-its-label").map((l) => l.split(":")[0])).toEqual(["records"]);
    });

    it("taint raises above the declared class: a bucket that copies a US table is US data in a non-US stack", async () => {
        const b = stackWith({ [DEFAULT_DATA_CLASS_KEY]: "non-us-user-data" });
        const sg = b.provider("aws", "singapore", { region: "ap-southeast-1" });
        const us = b.provider("aws", "virginia", { region: "us-east-1" });
        const table = b.add("aws:dynamodb/table:Table", "users", { tags: { "data-class": "us-user-data" } }, { provider: us });
        b.add("aws:s3/bucket:Bucket", "export", {}, { provider: sg });
        // The object's content is computed from the table (unknown at preview).
        b.add("aws:s3/bucketObject:BucketObject", "dump", { bucket: "export", content: derived(UNKNOWN, table) }, { provider: sg });
        const results = await mandatory(b);
        expect(results.filter((r) => r.policy === "us-user-data-in-approved-locations").map((r) => r.name)).toContain("dump");
    });

    it("withStackDefault, case by case", () => {
        const known = (value: "us-user-data" | "non-us-user-data" | "no-user-data"): ResolvedDataClass => ({
            kind: "known",
            value,
            source: "tags['data-class']",
        });
        expect(withStackDefault({ kind: "missing" }, "non-us-user-data")).toEqual({
            kind: "known",
            value: "non-us-user-data",
            source: "stack config 'residency:defaultDataClass'",
        });
        expect(withStackDefault(known("us-user-data"), "no-user-data")).toEqual(known("us-user-data"));
        expect(withStackDefault(known("no-user-data"), "non-us-user-data")).toMatchObject({ kind: "known", value: "non-us-user-data" });
        // A label unknown at preview: only the strictest declaration settles it; otherwise it stays unknown (fail closed).
        expect(withStackDefault({ kind: "unknown", reason: "tags not known" }, "us-user-data")).toMatchObject({ kind: "known", value: "us-user-data" });
        expect(withStackDefault({ kind: "unknown", reason: "tags not known" }, "non-us-user-data")).toEqual({ kind: "unknown", reason: "tags not known" });
        expect(withStackDefault({ kind: "invalid", reason: "mis-cased" }, "us-user-data")).toEqual({ kind: "invalid", reason: "mis-cased" });
    });
});

describe("a declaration the pack does not know", () => {
    it("is a residency-config-valid violation, and labels nothing", async () => {
        const b = stackWith(declared("us-data"));
        ociBucket(b, "records", "us-ashburn-1");
        const results = await mandatory(b);
        expect(lines(results, "residency-config-valid")).toEqual([
            ": stack config 'residency:defaultDataClass' is 'us-data'; allowed: us-user-data, non-us-user-data, no-user-data. It labels nothing until fixed: set it to the data class of the stack's resources, or remove it.",
        ]);
        expect(lines(results, "data-stores-classified").map((l) => l.split(":")[0])).toEqual(["records"]);
    });

    it("is read from PULUMI_CONFIG as the CLI sets it; a text that is not a JSON object is invalid", () => {
        expect(stackDefaultClass({ PULUMI_CONFIG: JSON.stringify({ [DEFAULT_DATA_CLASS_KEY]: "non-us-user-data", "aws:region": "us-east-1" }) })).toEqual({
            kind: "known",
            value: "non-us-user-data",
        });
        expect(stackDefaultClass({})).toEqual({ kind: "none" });
        expect(stackDefaultClass({ PULUMI_CONFIG: "[1]" }).kind).toBe("invalid");
        expect(stackDefaultClass({ PULUMI_CONFIG: "{" }).kind).toBe("invalid");
        expect(stackDefaultClassOf({ "aws:region": "us-east-1" })).toEqual({ kind: "none" });
    });

    it("stops the offline preview before anything runs (exit 2), naming the file, the key and what is allowed", () => {
        const config = (value: string, secret = false) => ({
            file: "stacks/Pulumi.dev.yaml",
            values: { [DEFAULT_DATA_CLASS_KEY]: value },
            secretKeys: secret ? [DEFAULT_DATA_CLASS_KEY] : [],
        });
        expect(() => checkDeclaredDataClass(config("US"))).toThrow(
            "stack config stacks/Pulumi.dev.yaml: stack config 'residency:defaultDataClass' is 'US'; allowed: us-user-data, non-us-user-data, no-user-data",
        );
        expect(() => checkDeclaredDataClass(config("offline-preview-secret", true))).toThrow("must be a plain value, not a secret");
        expect(() => checkDeclaredDataClass(config("us-user-data"))).not.toThrow();
    });
});
