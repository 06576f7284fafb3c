/**
 * The resource policies decide from one resource and its provider, in `Analyze`, which the engine calls
 * before it creates each resource (also under `pulumi up --skip-preview`). These tests send `Analyze`
 * requests only, to the compiled pack in this process; no `AnalyzeStack` is sent unless a test says so.
 */
import * as path from "path";
import type { AnalyzerConnection } from "../../tools/analyzer/connection";
import { loadPackInProcess } from "../../tools/analyzer/inProcessPack";
import { configureRequest, resolvePolicyConfig } from "../../tools/analyzer/policyConfig";
import { packInfoFromWire } from "../../tools/analyzer/policyInfo";
import { levelFromWire } from "../../tools/analyzer/proto";
import { analyzeRequest, analyzeStackRequest, indexByUrn } from "../../tools/analyzer/requests";
import { Stack } from "../evasion/dsl/stack";
import { REPO_ROOT } from "../support/offlinePreview";

const STORE_POLICY = "store-in-location-approved-for-its-label";
const COPY_POLICY = "own-copies-to-approved-regions";
const US = { "data-class": "us-user-data" };
const NON_US = { "data-class": "non-us-user-data" };

interface Result {
    policy: string;
    level: string;
    message: string;
}

interface WireDiagnostic {
    getPolicyname(): string;
    getEnforcementlevel(): number;
    getMessage(): string;
}

function resultsOf(resp: { getDiagnosticsList(): WireDiagnostic[] }): Result[] {
    return resp.getDiagnosticsList().map((d) => ({ policy: d.getPolicyname(), level: levelFromWire(d.getEnforcementlevel()), message: d.getMessage() }));
}

// @pulumi/policy allows one pack per module instance, and jest keeps one instance per test file: load once,
// configure per test.
let loaded: AnalyzerConnection | undefined;

async function packWith(config: Record<string, unknown> = {}): Promise<AnalyzerConnection> {
    const conn = (loaded ??= loadPackInProcess(path.join(REPO_ROOT, "policies")));
    const pack = packInfoFromWire(await conn.getAnalyzerInfo());
    await conn.configure(configureRequest(resolvePolicyConfig(pack, config, "test config")));
    return conn;
}

/** `Analyze` of the resource named `name`, and nothing else. */
async function analyzeOnly(conn: AnalyzerConnection, b: Stack, name: string): Promise<Result[]> {
    const byUrn = indexByUrn(b.graph());
    const r = b.resources.find((x) => x.name === name)!;
    return resultsOf(await conn.analyze(analyzeRequest(r, byUrn)));
}

type Build = (b: Stack) => void;

const stores: [string, Build, string | undefined][] = [
    [
        "a US-labelled bucket in Singapore (explicit provider)",
        (b) => b.add("aws:s3/bucket:Bucket", "placed", { tags: US }, { provider: b.provider("aws", "singapore", { region: "ap-southeast-1" }) }),
        "'placed' is labelled us-user-data and is in aws:ap-southeast-1 (from 'region' of provider 'singapore'), but aws:ap-southeast-1 is not approved for us-user-data. Approved: oci:us-ashburn-1, oci:us-phoenix-1, aws:us-east-1. Move it there.",
    ],
    [
        "a US-labelled bucket whose own region input is Singapore (Virginia provider)",
        (b) =>
            b.add(
                "aws:s3/bucket:Bucket",
                "placed",
                { tags: US, region: "ap-southeast-1" },
                { provider: b.provider("aws", "virginia", { region: "us-east-1" }) },
            ),
        "'placed' is labelled us-user-data and is in aws:ap-southeast-1 (from the resource's 'region' input), but aws:ap-southeast-1 is not approved for us-user-data. Approved: oci:us-ashburn-1, oci:us-phoenix-1, aws:us-east-1. Move it there.",
    ],
    [
        "a US-labelled bucket in Singapore through the provider it inherits from its component",
        (b) => {
            const provider = b.provider("aws", "chosen", { region: "ap-southeast-1" });
            const component = b.component("acme:storage:Store", "store");
            b.add("aws:s3/bucket:Bucket", "placed", { tags: US }, { provider, parent: component });
        },
        "'placed' is labelled us-user-data and is in aws:ap-southeast-1 (from 'region' of provider 'chosen'), but aws:ap-southeast-1 is not approved for us-user-data. Approved: oci:us-ashburn-1, oci:us-phoenix-1, aws:us-east-1. Move it there.",
    ],
    [
        "a US-labelled OCI bucket in Singapore",
        (b) =>
            b.add(
                "oci:ObjectStorage/bucket:Bucket",
                "placed",
                { freeformTags: US, name: "placed" },
                { provider: b.provider("oci", "sg", { region: "ap-singapore-1" }) },
            ),
        "'placed' is labelled us-user-data and is in oci:ap-singapore-1 (from 'region' of provider 'sg'), but oci:ap-singapore-1 is not approved for us-user-data. Approved: oci:us-ashburn-1, oci:us-phoenix-1, aws:us-east-1. Move it there.",
    ],
    [
        "a US-labelled bucket whose provider sets no region",
        (b) => b.add("aws:s3/bucket:Bucket", "placed", { tags: US }, { provider: b.provider("aws", "ambient", {}) }),
        "'placed' is labelled us-user-data but its location is unknown: provider 'ambient' sets no region, so it would come from the environment or a profile file. Pin it: set 'region' on the resource or on an explicit aws.Provider, or 'aws:region' in the stack config.",
    ],
    [
        "a US-labelled bucket in Virginia",
        (b) => b.add("aws:s3/bucket:Bucket", "placed", { tags: US }, { provider: b.provider("aws", "virginia", { region: "us-east-1" }) }),
        undefined,
    ],
    [
        "a non-US-labelled bucket in Singapore",
        (b) => b.add("aws:s3/bucket:Bucket", "placed", { tags: NON_US }, { provider: b.provider("aws", "singapore", { region: "ap-southeast-1" }) }),
        undefined,
    ],
    [
        "an unlabelled bucket in Singapore (its class needs the graph: left to the stack policies)",
        (b) => b.add("aws:s3/bucket:Bucket", "placed", {}, { provider: b.provider("aws", "singapore", { region: "ap-southeast-1" }) }),
        undefined,
    ],
];

describe(`${STORE_POLICY}, by Analyze alone`, () => {
    let conn: AnalyzerConnection;
    beforeAll(async () => {
        conn = await packWith();
    });

    it.each(stores)("%s", async (_what, build, expected) => {
        const b = new Stack("fuzz", "test", {});
        build(b);
        const results = (await analyzeOnly(conn, b, "placed")).filter((r) => r.policy === STORE_POLICY);
        expect(results.map((r) => r.message.split("\n").pop())).toEqual(expected === undefined ? [] : [expected]);
        expect(results.every((r) => r.level === "mandatory")).toBe(true);
    });
});

describe(`${COPY_POLICY}, by Analyze alone`, () => {
    let conn: AnalyzerConnection;
    beforeAll(async () => {
        conn = await packWith();
    });

    const table =
        (regionName: string, tags = US) =>
        (b: Stack) =>
            b.add(
                "aws:dynamodb/table:Table",
                "placed",
                { tags, replicas: [{ regionName }] },
                { provider: b.provider("aws", "virginia", { region: "us-east-1" }) },
            );

    it.each([
        [
            "a US table replicated to Singapore",
            table("ap-southeast-1"),
            "replica of placed via 'placed'.replicas[0].regionName copies us-user-data to its destination in aws:ap-southeast-1 (from 'replicas[0].regionName'), which is not approved for us-user-data. Approved: oci:us-ashburn-1, oci:us-phoenix-1, aws:us-east-1. Change 'replicas[0].regionName' or remove the copy.",
        ],
        ["a US table replicated to Virginia", table("us-east-1"), undefined],
        ["a non-US table replicated to Singapore", table("ap-southeast-1", NON_US), undefined],
    ] as [string, Build, string | undefined][])("%s", async (_what, build, expected) => {
        const b = new Stack("fuzz", "test", {});
        build(b);
        const results = (await analyzeOnly(conn, b, "placed")).filter((r) => r.policy === COPY_POLICY);
        expect(results.map((r) => r.message.split("\n").pop())).toEqual(expected === undefined ? [] : [expected]);
    });
});

describe("the stack policies do not repeat what Analyze reported", () => {
    it("reports the US bucket in Singapore once, from Analyze, and the replica once", async () => {
        const conn = await packWith();
        const b = new Stack("fuzz", "test", {});
        b.add("aws:s3/bucket:Bucket", "placed", { tags: US }, { provider: b.provider("aws", "singapore", { region: "ap-southeast-1" }) });
        b.add(
            "aws:dynamodb/table:Table",
            "table",
            { tags: US, replicas: [{ regionName: "ap-southeast-1" }] },
            { provider: b.provider("aws", "virginia", { region: "us-east-1" }) },
        );
        const graph = b.graph();
        const byUrn = indexByUrn(graph);
        const fromAnalyze: Result[] = [];
        for (const r of graph.resources) fromAnalyze.push(...resultsOf(await conn.analyze(analyzeRequest(r, byUrn))));
        const fromStack = resultsOf(await conn.analyzeStack(analyzeStackRequest(graph, byUrn)));
        expect(fromAnalyze.filter((r) => r.level === "mandatory").map((r) => r.policy)).toEqual([STORE_POLICY, COPY_POLICY]);
        const location = fromStack.filter((r) => ["us-user-data-in-approved-locations", "copies-stay-in-approved-locations"].includes(r.policy));
        expect(location).toEqual([]);
    });
});

describe("exemptions apply to the resource policies", () => {
    it("sets the violation aside in Analyze and lists it in exemptions-in-force", async () => {
        // Exemptions may run at most a year.
        const expires = new Date(Date.now() + 100 * 86_400_000).toISOString().slice(0, 10);
        const exemption = {
            policy: STORE_POLICY,
            resource: "placed",
            reason: "migration to Virginia under way, see the ticket",
            ticket: "RES-42",
            expires,
        };
        const conn = await packWith({ "residency-config-valid": { exemptions: [exemption] } });
        const b = new Stack("fuzz", "test", {});
        b.add("aws:s3/bucket:Bucket", "placed", { tags: US }, { provider: b.provider("aws", "singapore", { region: "ap-southeast-1" }) });
        const graph = b.graph();
        const byUrn = indexByUrn(graph);
        const fromAnalyze: Result[] = [];
        for (const r of graph.resources) fromAnalyze.push(...resultsOf(await conn.analyze(analyzeRequest(r, byUrn))));
        expect(fromAnalyze).toEqual([]);
        const fromStack = resultsOf(await conn.analyzeStack(analyzeStackRequest(graph, byUrn)));
        const exempted = fromStack.filter((r) => r.policy === "exemptions-in-force");
        expect(exempted.map((r) => r.level)).toEqual(["advisory"]);
        expect(exempted[0].message).toContain(`EXEMPTED from ${STORE_POLICY} until ${expires} `);
        expect(exempted[0].message).toContain("ticket RES-42");
        expect(fromStack.filter((r) => r.policy === STORE_POLICY || r.policy === "us-user-data-in-approved-locations")).toEqual([]);
    });
});
