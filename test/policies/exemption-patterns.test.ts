import * as path from "path";
import { loadPackInProcess } from "../../tools/analyzer/inProcessPack";
import { runAnalysis, type PolicyResult } from "../../tools/analyzer/runAnalysis";
import { Stack } from "../evasion/dsl/stack";
import { REPO_ROOT } from "../support/offlinePreview";

// An exemption names what it covers. A pattern exempts only the resources recorded with it; a resource that
// matches the pattern but was added later is not exempted, and its violation says so. Wildcard-only patterns
// name nothing and are rejected. In memory: a small graph through the compiled pack's real handlers.

const PLACEMENT = "store-in-location-approved-for-its-label";
const CONFIG_VALID = "residency-config-valid";
const EXEMPTIONS = "exemptions-in-force";

/** Two buckets of US user data in Singapore: each is a mandatory placement violation unless exempted. */
function stack() {
    const b = new Stack("fuzz", "test", {});
    const sg = b.provider("aws", "singapore", { region: "ap-southeast-1" });
    for (const name of ["us-users-import", "us-users-late"]) {
        b.add("aws:s3/bucket:Bucket", name, { bucket: name, tags: { "data-class": "us-user-data" } }, { provider: sg });
    }
    return b.graph();
}

const exemption = (fields: Record<string, unknown>) => ({
    policy: PLACEMENT,
    resource: "us-users-*",
    reason: "migration of the import buckets to OCI Ashburn is under way",
    ticket: "RES-7",
    expires: "2027-01-31",
    ...fields,
});

let conn: ReturnType<typeof loadPackInProcess>;

async function analyze(exemptions: unknown[]): Promise<PolicyResult[]> {
    const run = await runAnalysis(conn, stack(), {
        policyConfigFile: { [CONFIG_VALID]: { exemptions } },
        stackConfig: {},
        secretKeys: [],
        dryRun: true,
    });
    return run.results;
}

const of = (results: PolicyResult[], policy: string) => results.filter((r) => r.policy === policy);
const names = (results: PolicyResult[]) => results.map((r) => r.name).sort();

describe("exemptions name the resources they cover", () => {
    beforeAll(() => {
        process.env.RESIDENCY_POLICY_TODAY = "2026-11-29";
        conn = loadPackInProcess(path.join(REPO_ROOT, "policies"));
    });

    it("without exemptions both buckets are placement violations (the baseline the cases below change)", async () => {
        const results = await analyze([]);
        expect(names(of(results, PLACEMENT).filter((r) => r.level === "mandatory"))).toEqual(["us-users-import", "us-users-late"]);
    });

    it("a pattern exempts the resources it records; a later resource under the same pattern stays a violation that says why", async () => {
        const results = await analyze([exemption({ resources: ["us-users-import"] })]);
        expect(of(results, CONFIG_VALID)).toEqual([]);
        expect(names(of(results, EXEMPTIONS))).toEqual(["us-users-import"]);
        const placement = of(results, PLACEMENT);
        expect(names(placement)).toEqual(["us-users-late"]);
        expect(placement[0].level).toBe("mandatory");
        expect(placement[0].message).toContain(
            "Not exempted: the exemption pattern 'us-users-*' (ticket RES-7) matches this resource, but the resources it was approved for do not include it (us-users-import).",
        );
    });

    it("a recorded URN counts as well as a name", async () => {
        const urn = stack().resources.find((r) => r.name === "us-users-late")!.urn;
        const results = await analyze([exemption({ resources: [urn] })]);
        expect(names(of(results, EXEMPTIONS))).toEqual(["us-users-late"]);
        expect(names(of(results, PLACEMENT))).toEqual(["us-users-import"]);
    });

    it("an exact name needs no list and exempts that resource only", async () => {
        const results = await analyze([exemption({ resource: "us-users-late" })]);
        expect(of(results, CONFIG_VALID)).toEqual([]);
        expect(names(of(results, EXEMPTIONS))).toEqual(["us-users-late"]);
        expect(names(of(results, PLACEMENT))).toEqual(["us-users-import"]);
    });

    it.each([
        ["*", "made only of wildcards and separators"],
        ["*-*", "made only of wildcards and separators"],
        ["*.*", "made only of wildcards and separators"],
        ["*_*", "made only of wildcards and separators"],
    ])("rejects the pattern %s, which names no resource", async (resource, problem) => {
        const results = await analyze([exemption({ resource, resources: ["us-users-import"] })]);
        const config = of(results, CONFIG_VALID);
        expect(config).toHaveLength(1);
        expect(config[0].level).toBe("mandatory");
        expect(config[0].message).toContain(`'exemptions[0]'.resource '${resource}' is ${problem}: name the resources it exempts`);
        expect(of(results, EXEMPTIONS)).toEqual([]);
        expect(names(of(results, PLACEMENT))).toEqual(["us-users-import", "us-users-late"]);
    });

    it.each([
        ["no list", {}, "resource 'us-users-*' is a pattern: list the resources it was approved for in 'resources'"],
        ["an empty list", { resources: [] }, "resource 'us-users-*' is a pattern: list the resources it was approved for in 'resources'"],
        ["a listed name outside the pattern", { resources: ["us-users-import", "eu-users-x"] }, "resources 'eu-users-x' do not match its pattern 'us-users-*'"],
        ["a list beside an exact name", { resource: "us-users-late", resources: ["us-users-late"] }, "resources is only for a pattern"],
    ])("rejects a pattern exemption with %s, and exempts nothing", async (_label, fields, problem) => {
        const results = await analyze([exemption(fields)]);
        const config = of(results, CONFIG_VALID);
        expect(config).toHaveLength(1);
        expect(config[0].message).toContain(problem);
        expect(of(results, EXEMPTIONS)).toEqual([]);
        expect(names(of(results, PLACEMENT))).toEqual(["us-users-import", "us-users-late"]);
    });
});
