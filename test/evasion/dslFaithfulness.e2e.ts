/**
 * The DSL must build the graph the engine sends, or the tables test a fiction. Each test writes a small
 * Pulumi program to a temporary project, runs it through the offline preview (tools/preview's capture
 * monitor, `--graph`), builds the same program with the DSL, and compares the two graphs field by field:
 * URNs, parents, provider refs, provider inputs as the SDK stringifies them, default providers,
 * dependencies (with dependsOn), property dependencies, unknowns, secrets the SDK wraps itself.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { graphToJson } from "../../tools/graph/graphFile";
import { REPO_ROOT } from "../support/offlinePreview";
import { derived, NON_US, Stack, US } from "./dsl/stack";

/** Runs `program` as project `name`, stack `test`, with `config`, and returns the captured graph. */
function captured(name: string, config: Record<string, string>, program: string): unknown[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dsl-faithfulness-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
    fs.writeFileSync(
        path.join(dir, "Pulumi.test.yaml"),
        `config:\n${Object.entries(config)
            .map(([k, v]) => `  ${k}: ${v}\n`)
            .join("")}`,
    );
    fs.writeFileSync(path.join(dir, "index.ts"), program);
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    const out = path.join(dir, "graph.json");
    const res = spawnSync(process.execPath, [path.join(REPO_ROOT, "bin", "preview.js"), "-C", dir, "-s", "test", "--graph", out], {
        encoding: "utf8",
        timeout: 120_000,
    });
    try {
        if (!fs.existsSync(out)) throw new Error(`preview of ${name} wrote no graph (exit ${res.status}):\n${res.stderr}`);
        return normalize(JSON.parse(fs.readFileSync(out, "utf8")).resources);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
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
    test("AWS: providers with endpoints and defaultTags, known and unknown outputs, interpolation, dependsOn, SDK secrets, a component", () => {
        const program = `
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
const tuned = new aws.Provider("aws-us-east-1-tuned", {
    region: "us-east-1",
    endpoints: [{ s3: "https://s3.ap-southeast-1.amazonaws.com" }],
    defaultTags: { tags: { team: "data" } },
});
const sg = new aws.Provider("aws-ap-southeast-1", { region: "ap-southeast-1" });
const key = new aws.kms.Key("us-data", { description: "us data", enableKeyRotation: true });
const users = new aws.s3.Bucket("users", { bucket: "acme-users", tags: { "data-class": "us-user-data" } }, { provider: tuned });
const mirror = new aws.s3.Bucket("mirror", { tags: { "data-class": "non-us-user-data" } }, { provider: sg });
new aws.s3.BucketReplicationConfig("users-replication", {
    bucket: users.bucket,
    role: "arn:aws:iam::111122223333:role/s3-replication",
    rules: [{ id: "all", status: "Enabled", destination: { bucket: mirror.arn } }],
}, { provider: tuned });
new aws.dms.Endpoint("users-source", {
    endpointId: "users-source", endpointType: "source", engineName: "postgres",
    serverName: "db.internal", port: 5432, username: "dms", password: "hunter2", kmsKeyArn: key.arn,
});
new aws.s3.ObjectCopy("users-copy", { bucket: mirror.id, key: "users.csv", source: pulumi.interpolate\`\${users.bucket}/users.csv\` }, { provider: sg, dependsOn: [key] });
class Store extends pulumi.ComponentResource {
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("acme:storage:Store", name, {}, opts);
        new aws.sqs.Queue(\`\${name}-queue\`, { tags: { "data-class": "us-user-data" } }, { parent: this });
        this.registerOutputs({});
    }
}
new Store("orders", { providers: [sg] });
`;
        const s = new Stack("faithful-aws", "test", { "aws:region": "us-east-1" });
        const tuned = s.provider("aws", "aws-us-east-1-tuned", {
            region: "us-east-1",
            endpoints: [{ s3: "https://s3.ap-southeast-1.amazonaws.com" }],
            defaultTags: { tags: { team: "data" } },
        });
        const sg = s.provider("aws", "aws-ap-southeast-1", { region: "ap-southeast-1" });
        const key = s.add("aws:kms/key:Key", "us-data", { description: "us data", enableKeyRotation: true });
        const users = s.add("aws:s3/bucket:Bucket", "users", { bucket: "acme-users", tags: US }, { provider: tuned });
        const mirror = s.add("aws:s3/bucket:Bucket", "mirror", { tags: NON_US }, { provider: sg });
        s.add(
            "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
            "users-replication",
            {
                bucket: users.out("bucket"),
                role: "arn:aws:iam::111122223333:role/s3-replication",
                rules: [{ id: "all", status: "Enabled", destination: { bucket: mirror.arn } }],
            },
            { provider: tuned },
        );
        s.add("aws:dms/endpoint:Endpoint", "users-source", {
            endpointId: "users-source",
            endpointType: "source",
            engineName: "postgres",
            serverName: "db.internal",
            port: 5432,
            username: "dms",
            password: "hunter2",
            kmsKeyArn: key.arn,
        });
        s.add(
            "aws:s3/objectCopy:ObjectCopy",
            "users-copy",
            { bucket: mirror.id, key: "users.csv", source: derived("acme-users/users.csv", users) },
            { provider: sg, dependsOn: [key] },
        );
        const store = s.component("acme:storage:Store", "orders");
        s.add("aws:sqs/queue:Queue", "orders-queue", { tags: US }, { provider: sg, parent: store });
        expect(built(s)).toEqual(captured("faithful-aws", { "aws:region": "us-east-1" }, program));
    });

    test("OCI: the default provider from 'oci:region', an explicit provider, nested outputs, an SDK secret", () => {
        const program = `
import * as oci from "@pulumi/oci";
const compartmentId = "ocid1.compartment.oc1..platform";
const phx = new oci.Provider("oci-us-phoenix-1", { region: "us-phoenix-1" });
const volume = new oci.core.Volume("ledger", { compartmentId, availabilityDomain: "Uocm:US-ASHBURN-AD-1", sizeInGbs: "50", freeformTags: { "data-class": "us-user-data" } });
const backup = new oci.core.VolumeBackup("ledger-backup", { volumeId: volume.id, type: "FULL" });
new oci.core.VolumeBackup("ledger-backup-copy", { sourceDetails: { region: "us-ashburn-1", volumeBackupId: backup.id } }, { provider: phx });
new oci.mysql.MysqlDbSystem("shop", {
    compartmentId, availabilityDomain: "Uocm:PHX-AD-1", shapeName: "MySQL.4", subnetId: "ocid1.subnet.oc1..db",
    adminUsername: "admin", adminPassword: "hunter2", freeformTags: { "data-class": "us-user-data" },
}, { provider: phx });
`;
        const s = new Stack("faithful-oci", "test", { "oci:region": "us-ashburn-1" });
        const compartmentId = "ocid1.compartment.oc1..platform";
        const phx = s.provider("oci", "oci-us-phoenix-1", { region: "us-phoenix-1" });
        const volume = s.add("oci:Core/volume:Volume", "ledger", {
            compartmentId,
            availabilityDomain: "Uocm:US-ASHBURN-AD-1",
            sizeInGbs: "50",
            freeformTags: US,
        });
        const backup = s.add("oci:Core/volumeBackup:VolumeBackup", "ledger-backup", { volumeId: volume.id, type: "FULL" });
        s.add(
            "oci:Core/volumeBackup:VolumeBackup",
            "ledger-backup-copy",
            { sourceDetails: { region: "us-ashburn-1", volumeBackupId: backup.id } },
            { provider: phx },
        );
        s.add(
            "oci:Mysql/mysqlDbSystem:MysqlDbSystem",
            "shop",
            {
                compartmentId,
                availabilityDomain: "Uocm:PHX-AD-1",
                shapeName: "MySQL.4",
                subnetId: "ocid1.subnet.oc1..db",
                adminUsername: "admin",
                adminPassword: "hunter2",
                freeformTags: US,
            },
            { provider: phx },
        );
        expect(built(s)).toEqual(captured("faithful-oci", { "oci:region": "us-ashburn-1" }, program));
    });
});
