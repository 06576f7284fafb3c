import * as path from "path";
import fc from "fast-check";
import { loadPackInProcess } from "../../tools/analyzer/inProcessPack";
import { runAnalysis } from "../../tools/analyzer/runAnalysis";
import { DATA_STORE_TYPES } from "../../policies/model/catalogue";
import { FLOW_CARRIER_TYPES } from "../../policies/model/flows";
import { type Res, secret, Stack, UNKNOWN } from "../evasion/dsl/stack";
import { REPO_ROOT } from "../support/offlinePreview";
import { fuzzRuns } from "./fuzzSettings";

const RUNS = fuzzRuns(0.6);

const PROP_NAMES = [
    "region",
    "tags",
    "freeformTags",
    "definedTags",
    "bucket",
    "rules",
    "replicas",
    "destinationRegionName",
    "destinationBucketName",
    "accessType",
    "statements",
    "policy",
    "kmsKeyId",
    "kmsMasterKeyId",
    "replicationConfiguration",
    "planId",
    "resources",
    "globalTableArn",
    "replicateSourceDb",
    "sourceSnapshotId",
    "destination",
    "sourceFileSystemId",
    "primaryKeyArn",
    "blockVolumeReplicas",
    "backupPolicy",
    "replicaRegion",
    "vaultId",
    "sourceId",
    "targetId",
    "policyId",
    "assetId",
    "retentionPeriodDays",
    "answers",
    "serverSideEncryptionConfiguration",
];
const LABEL_KEYS = ["data-class", "Data-Class", "DATA-CLASS", "data-class ", "ns.data-class", "ns.Data-Class"];

const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        { arbitrary: fc.constant(UNKNOWN), weight: 8 },
        {
            arbitrary: fc.constantFrom(
                "us-user-data",
                "non-us-user-data",
                "no-user-data",
                "us-east-1",
                "ap-southeast-1",
                "SIN",
                "Us-Ashburn-1",
                "mars-north-1",
                "arn:aws:s3:::b",
                "arn:aws:backup:eu-west-1:1:backup-vault:v",
            ),
            weight: 10,
        },
        { arbitrary: fc.string(), weight: 4 },
        { arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }), weight: 4 },
        { arbitrary: fc.nat(20000).map((n) => "x".repeat(5000 + n)), weight: 1 },
        { arbitrary: fc.integer(), weight: 4 },
        { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 4 },
        { arbitrary: fc.boolean(), weight: 4 },
        { arbitrary: fc.constant(null), weight: 4 },
        { arbitrary: fc.array(tie("value"), { maxLength: 4 }), weight: 4 },
        { arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...PROP_NAMES, ...LABEL_KEYS), fc.string()), tie("value"), { maxKeys: 5 }), weight: 4 },
        { arbitrary: tie("value").map(secret), weight: 4 },
    ),
}));

const resourceArb = fc.record({
    type: fc.oneof(
        fc.constantFrom(...DATA_STORE_TYPES, ...FLOW_CARRIER_TYPES, "random:index/randomId:RandomId"),
        fc.string().map((s) => `x${s.replace(/:/g, "")}:m/t:T`),
    ),
    name: fc.string({ minLength: 1, maxLength: 12 }),
    props: fc.dictionary(fc.constantFrom(...PROP_NAMES, ...LABEL_KEYS), value, { maxKeys: 6 }),
    provider: fc.constantFrom("default-aws", "default-oci", "explicit-aws", "explicit-oci", "none"),
    parentIndex: fc.option(fc.nat(5), { nil: undefined }),
    depOn: fc.array(fc.tuple(fc.constantFrom(...PROP_NAMES), fc.nat(5)), { maxLength: 3 }),
});

const caseArb = fc.record({
    awsRegion: fc.oneof(value, fc.constantFrom("us-east-1", "ap-southeast-1")),
    ociRegion: fc.oneof(value, fc.constantFrom("us-ashburn-1", "IAD")),
    defaultTags: value,
    resources: fc.array(resourceArb, { minLength: 1, maxLength: 6 }),
});

type FuzzCase = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function buildGraph(c: FuzzCase) {
    const str = (v: unknown) => (typeof v === "string" ? v : (JSON.stringify(v) ?? ""));
    // The default providers of aws and oci take their region from stack config, as the engine's do.
    const b = new Stack("fuzz", "test", { "aws:region": str(c.awsRegion), "oci:region": str(c.ociRegion) });
    const explicit = (pkg: "aws" | "oci", inputs: Record<string, unknown>) =>
        b.register(`pulumi:providers:${pkg}`, `${pkg}-explicit`, inputs, { provider: null });
    const providers: Record<string, Res | null | undefined> = {
        "default-aws": undefined,
        "default-oci": undefined,
        "explicit-aws": explicit("aws", { region: str(c.awsRegion), defaultTags: str(c.defaultTags) }),
        "explicit-oci": explicit("oci", { region: str(c.ociRegion) }),
        none: null,
    };
    const made: Res[] = [];
    const seen = new Set<string>();
    c.resources.forEach((r, i) => {
        const name = seen.has(r.name) ? `${r.name}-${i}` : r.name;
        seen.add(name);
        const deps: Record<string, Res[]> = {};
        for (const [prop, idx] of r.depOn) if (made[idx]) deps[prop] = [...(deps[prop] ?? []), made[idx]];
        made.push(
            b.register(r.type, name, r.props, {
                // "default-*": the engine's default provider of the type's package.
                provider: providers[r.provider],
                parent: r.parentIndex !== undefined ? made[r.parentIndex] : undefined,
                propertyDependencies: deps,
            }),
        );
    });
    return b.graph();
}

describe("fuzzing the pack with arbitrary resources", () => {
    const conn = loadPackInProcess(path.join(REPO_ROOT, "policies"));
    let policyNames: string[] = [];
    beforeAll(async () => {
        policyNames = (await conn.getAnalyzerInfo()).getPoliciesList().map((p) => p.getName());
    });

    it(`never crashes, and every result is a violation with a message (${RUNS} cases)`, async () => {
        let cases = 0;
        await fc.assert(
            fc.asyncProperty(caseArb, async (c) => {
                cases++;
                const run = await runAnalysis(conn, buildGraph(c), { stackConfig: {}, secretKeys: [], dryRun: true });
                for (const r of run.results) {
                    expect(policyNames).toContain(r.policy);
                    expect(["mandatory", "advisory"]).toContain(r.level);
                    expect(typeof r.message).toBe("string");
                    expect(r.message.length).toBeGreaterThan(10);
                }
            }),
            { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261129) },
        );
        process.stdout.write(`fuzz: ${cases} arbitrary stacks analyzed without a crash\n`);
        expect(cases).toBe(RUNS);
    });
});
