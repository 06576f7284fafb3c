import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { loadStackConfig } from "../../infra/config";
import { createStack, type StackOutputs } from "../../infra/stack";
import { DATA_CLASS_LABEL } from "../../policies/model/dataClass";
import { capture, type Capture, type CapturedResource } from "./harness";

const STACKS_DIR = path.join(__dirname, "..", "..", "stacks");

/** Stack config as the engine hands it to a program: every value a string, structured values as JSON. */
function stackConfig(stack: string): Record<string, string> {
    const doc = parse(fs.readFileSync(path.join(STACKS_DIR, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    return Object.fromEntries(Object.entries(doc.config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "oci:ObjectStorage/bucket:Bucket"];
const DATA_STORE_TYPES = [
    "aws:s3/bucket:Bucket",
    "oci:ObjectStorage/bucket:Bucket",
    "oci:Vault/secret:Secret",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:sqs/queue:Queue",
    "aws:sns/topic:Topic",
];

function labelOf(r: CapturedResource): unknown {
    return (r.type.startsWith("aws:") ? r.inputs.tags : r.inputs.freeformTags)?.[DATA_CLASS_LABEL];
}

describe.each(["us-prod", "us-staging"])("stack %s", (stack) => {
    let c: Capture;
    let outputs: StackOutputs;
    const config = stackConfig(stack);

    beforeAll(async () => {
        c = await capture(() => {
            outputs = createStack(loadStackConfig());
        }, config);
    });

    it("sets the default provider regions and no secret in plain text", () => {
        expect(config["aws:region"]).toBe("us-east-1");
        expect(config["oci:region"]).toBe("us-ashburn-1");
        expect(Object.keys(config).filter((k) => /secret|password|externalid|privatekey/i.test(k))).toEqual([]);
    });

    it("exports where each data store is and what it holds", () => {
        expect(outputs.dataStores).toEqual({
            ociUsUserDataPrimary: { location: "oci:us-ashburn-1", dataClass: "us-user-data" },
            ociUsUserDataDr: { location: "oci:us-phoenix-1", dataClass: "us-user-data" },
            awsUsUserDataBackup: { location: "aws:us-east-1", dataClass: "us-user-data" },
            awsUsUserDataBackupAccessLogs: { location: "aws:us-east-1", dataClass: "no-user-data" },
            awsNonUsUserDataBackup: { location: "aws:ap-southeast-1", dataClass: "non-us-user-data" },
            awsNonUsUserDataBackupAccessLogs: { location: "aws:ap-southeast-1", dataClass: "no-user-data" },
            ociNonUsUserDataSource: { location: "oci:us-ashburn-1", dataClass: "non-us-user-data" },
            usBackupJobState: { location: "oci:us-ashburn-1", dataClass: "us-user-data" },
            usBackupJobSourceKey: { location: "oci:us-ashburn-1", dataClass: "us-user-data" },
            usBackupJobLogs: { location: "aws:us-east-1", dataClass: "us-user-data" },
            usBackupJobDeadLetters: { location: "aws:us-east-1", dataClass: "us-user-data" },
            usBackupJobAlarms: { location: "aws:us-east-1", dataClass: "us-user-data" },
            nonUsBackupJobState: { location: "oci:us-ashburn-1", dataClass: "non-us-user-data" },
            nonUsBackupJobSourceKey: { location: "oci:us-ashburn-1", dataClass: "non-us-user-data" },
            nonUsBackupJobLogs: { location: "aws:ap-southeast-1", dataClass: "non-us-user-data" },
            nonUsBackupJobDeadLetters: { location: "aws:ap-southeast-1", dataClass: "non-us-user-data" },
            nonUsBackupJobAlarms: { location: "aws:ap-southeast-1", dataClass: "non-us-user-data" },
        });
    });

    it("has one store resource per exported data store, each labelled and located as exported", () => {
        const stores = c.resources.filter((r) => DATA_STORE_TYPES.includes(r.type));
        expect(stores).toHaveLength(Object.keys(outputs.dataStores).length);
        const seen = stores.map((r) => {
            const region = r.type.startsWith("aws:") ? r.inputs.region : c.providerRegion(r);
            return `${r.type.split(":")[0]}:${region} ${String(labelOf(r))}`;
        });
        const exported = Object.values(outputs.dataStores).map((d) => `${d.location} ${d.dataClass}`);
        expect(seen.sort()).toEqual(exported.sort());
    });

    it("creates every component type", () => {
        const components = [...new Set(c.resources.filter((r) => r.type.startsWith("residency:")).map((r) => r.type))].sort();
        expect(components).toEqual([
            "residency:aws:BackupVault",
            "residency:aws:HardenedBucket",
            "residency:backup:Job",
            "residency:oci:AccessControls",
            "residency:oci:PrimaryStore",
            "residency:oci:RegionalVault",
            "residency:oci:TrafficSteering",
        ]);
    });

    it("writes every OCI identity and audit resource in the home region, through the home provider", () => {
        const identityOrAudit = c.resources.filter((r) => /^oci:(Identity|Audit)\//.test(r.type));
        expect(identityOrAudit.length).toBeGreaterThanOrEqual(6); // groups, policies, audit configuration
        for (const r of identityOrAudit) {
            expect([r.name, c.providerOf(r)?.name, c.providerRegion(r)]).toEqual([r.name, "oci-home", config["us-data-residency:ociHomeRegion"]]);
        }
    });

    it("gives every AWS and OCI resource an explicit provider", () => {
        const cloudResources = c.resources.filter((r) => r.custom && /^(aws|oci):/.test(r.type));
        expect(cloudResources.length).toBeGreaterThan(30);
        for (const r of cloudResources) {
            const provider = c.providerOf(r);
            expect([r.name, provider?.type]).toEqual([r.name, `pulumi:providers:${r.type.split(":")[0]}`]);
            expect(provider!.name.startsWith("default")).toBe(false);
        }
    });

    it("creates exactly the four location providers and the OCI home-region provider", () => {
        const providers = c.resources
            .filter((r) => r.type.startsWith("pulumi:providers:"))
            .map((r) => `${r.name} ${r.type.slice("pulumi:providers:".length)}:${r.inputs.region}`)
            .sort();
        expect(providers).toEqual([
            "aws-non-us-backup aws:ap-southeast-1",
            "aws-us-backup aws:us-east-1",
            "oci-dr oci:us-phoenix-1",
            `oci-home oci:${config["us-data-residency:ociHomeRegion"]}`,
            "oci-primary oci:us-ashburn-1",
        ]);
    });

    it("tags AWS resources through provider default tags, but never with a data class", () => {
        for (const p of c.resources.filter((r) => r.type === "pulumi:providers:aws")) {
            const defaultTags = typeof p.inputs.defaultTags === "string" ? JSON.parse(p.inputs.defaultTags) : p.inputs.defaultTags;
            expect(defaultTags.tags).toMatchObject({ "managed-by": "pulumi", project: "us-data-residency" });
            expect(defaultTags.tags[DATA_CLASS_LABEL]).toBeUndefined();
            const accounts = typeof p.inputs.allowedAccountIds === "string" ? JSON.parse(p.inputs.allowedAccountIds) : p.inputs.allowedAccountIds;
            expect(accounts).toEqual([config["us-data-residency:awsAccountId"]]);
        }
    });

    it("keeps US user data out of Singapore", () => {
        const inSingapore = c.resources.filter((r) => r.custom && r.type.startsWith("aws:") && (r.inputs.region ?? c.providerRegion(r)) === "ap-southeast-1");
        expect(inSingapore.length).toBeGreaterThan(0);
        for (const r of inSingapore) expect([r.name, labelOf(r)]).not.toEqual([r.name, "us-user-data"]);
    });

    it("writes every OCI policy statement as a literal that names no non-US staff group", () => {
        const nonUs: string[] = JSON.parse(config["us-data-residency:nonUsStaffGroupNames"] ?? "[]");
        const statements = c.ofType("oci:Identity/policy:Policy").flatMap((p) => p.inputs.statements as string[]);
        expect(statements.length).toBeGreaterThanOrEqual(6);
        for (const s of statements) {
            expect(typeof s).toBe("string");
            for (const g of nonUs) expect(s.toLowerCase()).not.toContain(g.toLowerCase());
        }
    });
});

describe("first preview (generated names unknown)", () => {
    let c: Capture;
    beforeAll(async () => {
        c = await capture(() => createStack(loadStackConfig()), stackConfig("us-prod"), undefined, { preview: true });
    });

    it("leaves generated bucket names unknown", () => {
        // The backup jobs' state buckets and the non-US source have names the program or the config gives.
        const generated = c.resources.filter((r) => BUCKET_TYPES.includes(r.type) && !r.name.includes("-backup-job-") && r.name !== "non-us-user-data-source");
        expect(generated).toHaveLength(6);
        for (const b of generated) {
            const name = b.type === "aws:s3/bucket:Bucket" ? b.inputs.bucket : b.inputs.name;
            expect([b.name, name === undefined || pulumi.isUnknown(name)]).toEqual([b.name, true]);
        }
    });

    it("still knows every data-class label, location and OCI policy statement", () => {
        for (const b of c.resources.filter((r) => DATA_STORE_TYPES.includes(r.type))) {
            expect([b.name, typeof labelOf(b)]).toEqual([b.name, "string"]);
        }
        const policies = c.ofType("oci:Identity/policy:Policy");
        expect(policies).toHaveLength(4);
        for (const p of policies) {
            expect([p.name, Array.isArray(p.inputs.statements)]).toEqual([p.name, true]);
            for (const s of p.inputs.statements) expect(typeof s).toBe("string");
        }
        const steering = c.one("oci:Dns/steeringPolicy:SteeringPolicy");
        expect(steering.inputs.answers.map((a: { rdata: string }) => a.rdata)).toEqual(["192.0.2.10", "192.0.2.11"]);
    });
});
