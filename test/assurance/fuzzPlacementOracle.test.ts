import * as path from "path";
import fc from "fast-check";
import { loadPackInProcess } from "../../tools/analyzer/inProcessPack";
import { runAnalysis } from "../../tools/analyzer/runAnalysis";
import { derived, Stack, UNKNOWN } from "../evasion/dsl/stack";
import { REPO_ROOT } from "../support/offlinePreview";
import { fuzzRuns } from "./fuzzSettings";

const RUNS = fuzzRuns(0.4);
const APPROVED_FOR_US = new Set(["oci:us-ashburn-1", "oci:us-phoenix-1", "aws:us-east-1"]);
const AWS = ["us-east-1", "us-east-2", "us-west-2", "ap-southeast-1", "eu-west-1", "eu-central-1", "sa-east-1"];
const OCI: [string, string][] = [
    ["us-ashburn-1", "IAD"],
    ["us-phoenix-1", "PHX"],
    ["us-chicago-1", "ORD"],
    ["ap-singapore-1", "SIN"],
    ["eu-frankfurt-1", "FRA"],
    ["uk-london-1", "LHR"],
];
const US = { "data-class": "us-user-data" };

/** How the region is written: the canonical name, odd casing, or (OCI) the region key. */
const spelling = fc.constantFrom("canonical", "upper", "key");
const awsPlace = fc.record({ region: fc.constantFrom(...AWS), spelling });
const ociPlace = fc.record({ region: fc.constantFrom(...OCI.map(([r]) => r)), spelling });

function spell(cloud: "aws" | "oci", p: { region: string; spelling: string }): string {
    if (p.spelling === "upper") return p.region.toUpperCase();
    if (p.spelling === "key" && cloud === "oci") return OCI.find(([r]) => r === p.region)![1];
    return p.region;
}

const placement = fc.oneof(
    fc.record({ route: fc.constant("aws-resource-region" as const), hops: fc.tuple(awsPlace) }),
    fc.record({ route: fc.constant("aws-explicit-provider" as const), hops: fc.tuple(awsPlace) }),
    fc.record({ route: fc.constant("aws-inherited-provider" as const), hops: fc.tuple(awsPlace) }),
    fc.record({ route: fc.constant("aws-default-config" as const), hops: fc.tuple(awsPlace) }),
    fc.record({ route: fc.constant("oci-provider" as const), hops: fc.tuple(ociPlace) }),
    fc.record({ route: fc.constant("s3-replication-chain" as const), hops: fc.array(awsPlace, { minLength: 1, maxLength: 3 }) }),
    fc.record({ route: fc.constant("backup-copy" as const), hops: fc.tuple(awsPlace) }),
    fc.record({ route: fc.constant("dynamodb-replica" as const), hops: fc.tuple(awsPlace) }),
    fc.record({ route: fc.constant("secret-replica" as const), hops: fc.tuple(awsPlace) }),
    fc.record({ route: fc.constant("oci-replication" as const), hops: fc.tuple(ociPlace) }),
    fc.record({ route: fc.constant("oci-volume-replica" as const), hops: fc.tuple(ociPlace) }),
);
type Placement = typeof placement extends fc.Arbitrary<infer T> ? T : never;

function locationsOf(p: Placement): string[] {
    const cloud = p.route.startsWith("oci") ? "oci" : "aws";
    return p.hops.map((h) => `${cloud}:${h.region}`);
}

/** Builds the stack a program taking that route would produce, as the engine would send it. */
function build(p: Placement): Stack {
    const h = p.hops[0];
    // The default aws provider's region comes from stack config: the route "aws-default-config" places it there.
    const b = new Stack("fuzz", "test", p.route === "aws-default-config" ? { "aws:region": spell("aws", h) } : {});
    const virginia = b.provider("aws", "virginia", { region: "us-east-1" });
    const ashburn = b.provider("oci", "ashburn", { region: "us-ashburn-1" });
    switch (p.route) {
        case "aws-resource-region":
            b.add("aws:s3/bucket:Bucket", "placed", { region: spell("aws", h), tags: US }, { provider: virginia });
            break;
        case "aws-explicit-provider":
            b.add("aws:s3/bucket:Bucket", "placed", { tags: US }, { provider: b.provider("aws", "chosen", { region: spell("aws", h) }) });
            break;
        case "aws-inherited-provider": {
            const provider = b.provider("aws", "chosen", { region: spell("aws", h) });
            const component = b.component("acme:storage:Store", "store");
            b.add("aws:s3/bucket:Bucket", "placed", { tags: US }, { provider, parent: component });
            break;
        }
        case "aws-default-config":
            b.add("aws:s3/bucket:Bucket", "placed", { tags: US });
            break;
        case "oci-provider":
            b.add(
                "oci:ObjectStorage/bucket:Bucket",
                "placed",
                { freeformTags: US, name: "placed" },
                { provider: b.provider("oci", "chosen", { region: spell("oci", h) }) },
            );
            break;
        case "s3-replication-chain": {
            let source = b.add("aws:s3/bucket:Bucket", "origin", { tags: US }, { provider: virginia });
            p.hops.forEach((hop, i) => {
                const provider = b.provider("aws", `hop-${i}`, { region: spell("aws", hop) });
                const dest = b.add("aws:s3/bucket:Bucket", `copy-${i}`, { tags: { "data-class": "non-us-user-data" } }, { provider });
                b.add(
                    "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
                    `replicate-${i}`,
                    { bucket: source.id, role: UNKNOWN, rules: [{ status: "Enabled", destination: { bucket: dest.arn } }] },
                    { provider: virginia },
                );
                source = dest;
            });
            break;
        }
        case "backup-copy": {
            const source = b.add("aws:s3/bucket:Bucket", "origin", { tags: US }, { provider: virginia });
            const plan = b.add(
                "aws:backup/plan:Plan",
                "plan",
                {
                    rules: [
                        {
                            ruleName: "r",
                            targetVaultName: "local",
                            copyActions: [{ destinationVaultArn: `arn:aws:backup:${spell("aws", h)}:111111111111:backup-vault:remote` }],
                        },
                    ],
                },
                { provider: virginia },
            );
            b.add("aws:backup/selection:Selection", "select", { planId: plan.id, iamRoleArn: UNKNOWN, resources: [source.arn] }, { provider: virginia });
            break;
        }
        case "dynamodb-replica":
            b.add("aws:dynamodb/table:Table", "origin", { tags: US, replicas: [{ regionName: spell("aws", h) }] }, { provider: virginia });
            break;
        case "secret-replica":
            b.add("aws:secretsmanager/secret:Secret", "origin", { tags: US, replicas: [{ region: spell("aws", h) }] }, { provider: virginia });
            break;
        case "oci-replication": {
            const source = b.add("oci:ObjectStorage/bucket:Bucket", "origin", { freeformTags: US, name: "origin" }, { provider: ashburn });
            b.add(
                "oci:ObjectStorage/replicationPolicy:ReplicationPolicy",
                "replicate",
                { bucket: derived("origin", source), destinationRegionName: spell("oci", h), destinationBucketName: "far" },
                { provider: ashburn },
            );
            break;
        }
        case "oci-volume-replica": {
            const key = OCI.find(([r]) => r === h.region)![1];
            b.add(
                "oci:Core/volume:Volume",
                "origin",
                { freeformTags: US, blockVolumeReplicas: [{ availabilityDomain: `Uocm:${key}-AD-1` }] },
                { provider: ashburn },
            );
            break;
        }
    }
    return b;
}

describe("placement oracle: the pack flags exactly the placements of US user data outside approved locations", () => {
    const conn = loadPackInProcess(path.join(REPO_ROOT, "policies"));

    it(`agrees with the oracle on every route (${RUNS} cases)`, async () => {
        let cases = 0;
        let outside = 0;
        await fc.assert(
            fc.asyncProperty(placement, async (p) => {
                cases++;
                const run = await runAnalysis(conn, build(p).graph(), { stackConfig: {}, secretKeys: [], dryRun: true });
                // The policies that decide where a store is or where a copy lands, by the roles they declare.
                const placing = new Set(
                    run.pack.policies.filter((x) => x.roles.includes("store-location") || x.roles.includes("copy-destination")).map((x) => x.name),
                );
                const residency = run.results.filter((r) => r.level === "mandatory" && placing.has(r.policy));
                const expectViolation = locationsOf(p).some((l) => !APPROVED_FOR_US.has(l));
                if (expectViolation) outside++;
                const explain = `route ${p.route} to ${locationsOf(p).join(" -> ")}: expected ${expectViolation ? "a violation" : "none"}, got ${residency.map((r) => `${r.policy}: ${r.message}`).join(" | ") || "none"}`;
                expect({ flagged: residency.length > 0, explain }).toEqual({ flagged: expectViolation, explain });
            }),
            { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261129) },
        );
        process.stdout.write(`fuzz: ${cases} placements checked against the oracle (${outside} outside approved locations)\n`);
        expect(cases).toBe(RUNS);
        expect(outside).toBeGreaterThan(0);
    });
});
