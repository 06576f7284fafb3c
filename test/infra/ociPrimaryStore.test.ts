import * as oci from "@pulumi/oci";
import { OciPrimaryStore, type OciPrimaryStoreArgs } from "../../infra/components/ociPrimaryStore";
import { DATA_CLASS_LABEL } from "../../policies/model/dataClass";
import { capture, RANDOM_HEX, type Capture } from "./harness";

const TENANCY = "ocid1.tenancy.oc1..t";
const COMPARTMENT = "ocid1.compartment.oc1..c";
const PRIMARY_BUCKET = `us-user-data-test-${RANDOM_HEX}`;
const DR_BUCKET = `us-user-data-test-dr-${RANDOM_HEX}`;

/** The home region differs from both store regions here, so a resource on the wrong provider shows. */
const HOME = "us-chicago-1";

function program(overrides: Partial<OciPrimaryStoreArgs> = {}, regions = { primary: "us-ashburn-1", dr: "us-phoenix-1" }) {
    return () => {
        const home = new oci.Provider("oci-home", { region: HOME });
        const primary = new oci.Provider("oci-primary", { region: regions.primary });
        const dr = new oci.Provider("oci-dr", { region: regions.dr });
        return new OciPrimaryStore("store", {
            tenancyId: TENANCY,
            compartmentId: COMPARTMENT,
            namespace: "testns",
            home: { region: HOME, provider: home },
            primary: { region: regions.primary, provider: primary },
            dr: { region: regions.dr, provider: dr },
            namePrefix: "us-user-data-test",
            ...overrides,
        });
    };
}

describe("residency:oci:PrimaryStore", () => {
    let c: Capture;
    let store: OciPrimaryStore;
    beforeAll(async () => {
        const run = program();
        c = await capture(() => {
            store = run();
        });
    });

    it("registers the component type", () => {
        expect(c.one("residency:oci:PrimaryStore").name).toBe("store");
        expect(
            c
                .ofType("residency:oci:RegionalVault")
                .map((r) => r.name)
                .sort(),
        ).toEqual(["store-dr", "store-primary"]);
    });

    it.each([
        ["store-primary-bucket", PRIMARY_BUCKET, "us-ashburn-1", "ocid1.key.oc1..store-primary-key", "Enabled"],
        ["store-dr-bucket", DR_BUCKET, "us-phoenix-1", "ocid1.key.oc1..store-dr-key", "Disabled"],
    ])("%s is private, encrypted with its own region's key and emits object events", (name, bucketName, region, keyId, versioning) => {
        const bucket = c.one("oci:ObjectStorage/bucket:Bucket", name);
        expect(bucket.inputs).toMatchObject({
            name: bucketName,
            namespace: "testns",
            compartmentId: COMPARTMENT,
            accessType: "NoPublicAccess",
            versioning,
            kmsKeyId: keyId,
            objectEventsEnabled: true,
        });
        expect(bucket.inputs.freeformTags[DATA_CLASS_LABEL]).toBe("us-user-data");
        expect(c.providerRegion(bucket)).toBe(region);
        // The key sits in the same region as the bucket.
        const key = c.one("oci:Kms/key:Key", keyId.replace("ocid1.key.oc1..", ""));
        expect(c.providerRegion(key)).toBe(region);
        expect(key.inputs.protectionMode).toBe("HSM");
    });

    it("replicates the primary bucket to the DR bucket in the DR region", () => {
        const rep = c.one("oci:ObjectStorage/replicationPolicy:ReplicationPolicy");
        expect(rep.inputs).toMatchObject({
            bucket: PRIMARY_BUCKET,
            namespace: "testns",
            destinationRegionName: "us-phoenix-1",
            destinationBucketName: DR_BUCKET,
        });
        expect(c.providerRegion(rep)).toBe("us-ashburn-1");
    });

    it("does not version the replication target (OCI refuses a versioned destination), only the source", () => {
        const rep = c.one("oci:ObjectStorage/replicationPolicy:ReplicationPolicy");
        const buckets = c.ofType("oci:ObjectStorage/bucket:Bucket");
        const target = buckets.filter((b) => b.inputs.name === rep.inputs.destinationBucketName);
        const source = buckets.filter((b) => b.inputs.name === rep.inputs.bucket);
        expect(target.map((b) => b.inputs.versioning)).toEqual(["Disabled"]);
        expect(source.map((b) => b.inputs.versioning)).toEqual(["Enabled"]);
    });

    it("writes every identity and audit resource through the home-region provider, and nothing else", () => {
        const identityOrAudit = c.resources.filter((r) => /^oci:(Identity|Audit)\//.test(r.type));
        expect(identityOrAudit.map((r) => r.type).sort()).toEqual(["oci:Audit/configuration:Configuration", "oci:Identity/policy:Policy"]);
        for (const r of identityOrAudit) expect([r.name, c.providerOf(r)?.name, c.providerRegion(r)]).toEqual([r.name, "oci-home", HOME]);
        const others = c.resources.filter((r) => r.custom && r.type.startsWith("oci:") && !identityOrAudit.includes(r));
        for (const r of others) expect([r.name, c.providerOf(r)?.name]).not.toEqual([r.name, "oci-home"]);
    });

    it("keeps tenancy audit events for 365 days", () => {
        const audit = c.one("oci:Audit/configuration:Configuration");
        expect(audit.inputs).toEqual({ compartmentId: TENANCY, retentionPeriodDays: 365 });
    });

    it("grants Object Storage only key use and replication of its own buckets, and no group anything", () => {
        const policy = c.one("oci:Identity/policy:Policy", "objectstorage-service");
        expect(policy.inputs.compartmentId).toBe(TENANCY);
        const statements: string[] = policy.inputs.statements;
        expect(statements).toEqual([
            `Allow service objectstorage-us-ashburn-1 to use keys in compartment id ${COMPARTMENT}`,
            `Allow service objectstorage-us-phoenix-1 to use keys in compartment id ${COMPARTMENT}`,
            `Allow service objectstorage-us-ashburn-1 to manage object-family in compartment id ${COMPARTMENT} where target.bucket.name = /us-user-data-test-*/`,
        ]);
        expect(statements.filter((s) => /allow\s+group/i.test(s))).toEqual([]);
        // The pattern covers both buckets of the store.
        expect(store.bucketNamePrefix).toBe("us-user-data-test-");
        for (const b of [PRIMARY_BUCKET, DR_BUCKET]) expect(b.startsWith(store.bucketNamePrefix)).toBe(true);
    });

    it("labels every bucket it creates with a data class", () => {
        const buckets = c.ofType("oci:ObjectStorage/bucket:Bucket");
        expect(buckets).toHaveLength(2);
        for (const b of buckets) expect([b.name, b.inputs.freeformTags?.[DATA_CLASS_LABEL]]).toEqual([b.name, "us-user-data"]);
    });

    it("describes its data stores", () => {
        expect(store.dataStores).toEqual({
            primary: { location: "oci:us-ashburn-1", dataClass: "us-user-data" },
            dr: { location: "oci:us-phoenix-1", dataClass: "us-user-data" },
        });
    });

    it("never uses a default provider for OCI resources", () => {
        for (const r of c.resources.filter((r) => r.custom && r.type.startsWith("oci:"))) {
            expect([r.name, c.providerOf(r)?.type]).toEqual([r.name, "pulumi:providers:oci"]);
        }
    });
});

describe("residency:oci:PrimaryStore guards", () => {
    it("rejects a DR region outside the US", async () => {
        await expect(capture(program({}, { primary: "us-ashburn-1", dr: "eu-frankfurt-1" }))).rejects.toThrow(/eu-frankfurt-1 is not a US OCI region/);
    });

    it("rejects a DR region equal to the primary region", async () => {
        await expect(capture(program({}, { primary: "us-ashburn-1", dr: "us-ashburn-1" }))).rejects.toThrow(/must differ/);
    });

    it("rejects an audit retention OCI does not allow", async () => {
        await expect(capture(program({ auditRetentionDays: 30 }))).rejects.toThrow(/from 90 to 365/);
    });
});
