/**
 * The DSL must build the graph the engine sends, or the tables test a fiction. This runs three small
 * programs of test/fixtures through the offline preview (tools/preview/captureMonitor.ts, `--graph`) and
 * builds the same programs with the DSL: the two graphs must be equal, field by field (URNs, parents,
 * provider refs, provider inputs as the SDK stringifies them, default providers, dependencies,
 * property dependencies, unknowns).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { graphToJson } from "../../tools/graph/graphFile";
import { FIXTURES, REPO_ROOT } from "../support/offlinePreview";
import { Stack, US } from "./dsl/stack";

function captured(fixture: string): unknown[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dsl-faithfulness-"));
    const out = path.join(dir, "graph.json");
    const res = spawnSync(process.execPath, [path.join(REPO_ROOT, "bin", "preview.js"), "-C", path.join(FIXTURES, fixture), "-s", "test", "--graph", out], {
        encoding: "utf8",
        timeout: 120_000,
    });
    if (!fs.existsSync(out)) throw new Error(`preview of ${fixture} wrote no graph (exit ${res.status}):\n${res.stderr}`);
    return normalize(JSON.parse(fs.readFileSync(out, "utf8")).resources);
}

function built(s: Stack): unknown[] {
    return normalize(graphToJson(s.graph()).resources);
}

/**
 * Where the program was declared is the only thing the DSL cannot know. Registration order follows the
 * SDK's promise scheduling (an explicit provider registers after the resources declared just after it),
 * and no policy depends on it, so resources are compared by URN.
 */
function normalize(resources: Record<string, unknown>[]): unknown[] {
    return (JSON.parse(JSON.stringify(resources)) as Record<string, unknown>[])
        .map(({ sourcePosition: _sourcePosition, dependencies, ...rest }): Record<string, unknown> => ({
            ...rest,
            dependencies: [...(dependencies as string[])].sort(),
        }))
        .sort((a, b) => String(a.urn).localeCompare(String(b.urn)));
}

describe("the DSL builds what the capture monitor captures", () => {
    test("explicit and default providers, a replication config over two buckets' outputs", () => {
        const s = new Stack("tainted-non-us-bucket", "test", { "aws:region": "us-east-1" });
        const singapore = s.provider("aws", "aws-ap-southeast-1", { region: "ap-southeast-1" });
        const source = s.add("aws:s3/bucket:Bucket", "us-users", { tags: US });
        const apac = s.add("aws:s3/bucket:Bucket", "apac-users", { tags: { "data-class": "non-us-user-data" } }, { provider: singapore });
        s.add("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "us-to-apac", {
            bucket: source.id,
            role: "arn:aws:iam::111111111111:role/s3-replication",
            rules: [{ id: "all", status: "Enabled", destination: { bucket: apac.arn } }],
        });
        expect(built(s)).toEqual(captured("evasion/tainted-non-us-bucket"));
    });

    test("an autonamed vault's name is unknown, a plan's rules depend on both vaults", () => {
        const s = new Stack("backup-plan-copy-to-stack-vault", "test", { "aws:region": "us-east-1" });
        const ireland = s.provider("aws", "aws-eu-west-1", { region: "eu-west-1" });
        const bucket = s.add("aws:s3/bucket:Bucket", "us-users", { tags: US });
        const vault = s.add("aws:backup/vault:Vault", "us-vault", { tags: US });
        const drVault = s.add("aws:backup/vault:Vault", "dr-vault", { tags: US }, { provider: ireland });
        const plan = s.add("aws:backup/plan:Plan", "us-users-plan", {
            rules: [
                { ruleName: "daily", targetVaultName: vault.out("name"), schedule: "cron(0 5 * * ? *)", copyActions: [{ destinationVaultArn: drVault.arn }] },
            ],
        });
        s.add("aws:backup/selection:Selection", "us-users-selection", {
            planId: plan.id,
            iamRoleArn: "arn:aws:iam::111111111111:role/aws-backup",
            resources: [bucket.arn],
        });
        expect(built(s)).toEqual(captured("evasion/backup-plan-copy-to-stack-vault"));
    });

    test("a child of a component inherits the provider its parent was given", () => {
        const s = new Stack("component-inherited-provider", "test", { "aws:region": "us-east-1" });
        const frankfurt = s.provider("aws", "aws-eu-central-1", { region: "eu-central-1" });
        const store = s.component("evasion:index:UserStore", "us-users");
        s.add("aws:s3/bucket:Bucket", "us-users-bucket", { tags: US }, { provider: frankfurt, parent: store });
        expect(built(s)).toEqual(captured("evasion/component-inherited-provider"));
    });

    test("OCI: the default provider from 'oci:region', an assignment over two outputs", () => {
        const s = new Stack("oci-volume-backup-policy-cross-region", "test", { "oci:region": "us-ashburn-1" });
        const compartmentId = "ocid1.compartment.oc1..placeholder";
        const volume = s.add("oci:Core/volume:Volume", "us-data", {
            compartmentId,
            availabilityDomain: "Uocm:US-ASHBURN-AD-1",
            sizeInGbs: "50",
            freeformTags: US,
        });
        const policy = s.add("oci:Core/volumeBackupPolicy:VolumeBackupPolicy", "daily-dr", {
            compartmentId,
            displayName: "daily-dr",
            destinationRegion: "eu-frankfurt-1",
            schedules: [{ backupType: "INCREMENTAL", period: "ONE_DAY", retentionSeconds: 604800, timeZone: "UTC" }],
        });
        s.add("oci:Core/volumeBackupPolicyAssignment:VolumeBackupPolicyAssignment", "us-data-backups", { assetId: volume.id, policyId: policy.id });
        expect(built(s)).toEqual(captured("evasion/oci-volume-backup-policy-cross-region"));
    });
});
