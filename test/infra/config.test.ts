import * as pulumi from "@pulumi/pulumi";
import { KEY_SPECS, loadStackConfig, parseStackConfig, STACK_CONFIG_KEYS, StackConfigError, US_OCI_REGIONS } from "../../infra/config";
import { capture, valueOf } from "./harness";

const REQUIRED = {
    environment: "prod",
    ociTenancyOcid: "ocid1.tenancy.oc1..placeholder-replace-me",
    ociCompartmentOcid: "ocid1.compartment.oc1..placeholder-replace-me",
    ociObjectStorageNamespace: "placeholderns",
    ociHomeRegion: "us-ashburn-1",
    awsAccountId: "111111111111",
    dnsZoneName: "us.example.com",
    usUserTrafficEndpoints: '["192.0.2.10","192.0.2.11"]',
    ociIdentityDomainUrl: "https://idcs-0123456789abcdef.identity.oraclecloud.com",
    ociTokenExchangeClientId: "backupjobclient01",
    nonUsBackupSource: '{"region":"us-ashburn-1","bucket":"non-us-user-data-prod"}',
};

/** Parses and returns the StackConfigError, failing the test if none is thrown. */
function configError(raw: Record<string, string | undefined>, options?: Parameters<typeof parseStackConfig>[1]): StackConfigError {
    try {
        parseStackConfig(raw, options);
    } catch (e) {
        if (e instanceof StackConfigError) return e;
        throw e;
    }
    throw new Error("expected a StackConfigError");
}

describe("parseStackConfig", () => {
    it("fills the documented defaults", () => {
        const c = parseStackConfig(REQUIRED);
        expect(c).toMatchObject({
            environment: "prod",
            ociPrimaryRegion: "us-ashburn-1",
            ociDrRegion: "us-phoenix-1",
            objectLockRetentionDays: 365,
            archiveAfterDays: 30,
            archiveStorageClass: "GLACIER",
            custodianGroupName: "us-data-custodians",
            auditorGroupName: "us-data-auditors",
            nonUsStaffGroupNames: [],
            dnsSteeredLabel: "app",
            usUserTrafficEndpoints: ["192.0.2.10", "192.0.2.11"],
            awsBackupWriterPrincipalArn: "arn:aws:iam::111111111111:root",
            backupRpoMinutes: 60,
            nonUsBackupSource: { region: "us-ashburn-1", bucket: "non-us-user-data-prod", prefix: "" },
        });
        expect(c.awsBackupWriterExternalId).toBeUndefined();
    });

    it("parses every key it is given", () => {
        const c = parseStackConfig({
            ...REQUIRED,
            environment: "staging",
            ociHomeRegion: "us-phoenix-1",
            ociPrimaryRegion: "us-chicago-1",
            ociDrRegion: "us-sanjose-1",
            objectLockRetentionDays: "7",
            archiveAfterDays: "90",
            archiveStorageClass: "DEEP_ARCHIVE",
            custodianGroupName: "custodians-staging",
            auditorGroupName: "auditors-staging",
            nonUsStaffGroupNames: '["sg-support-staff"]',
            dnsSteeredLabel: "api",
            awsBackupWriterPrincipalArn: "arn:aws:iam::222222222222:role/path/replicator",
        });
        expect(c).toMatchObject({
            environment: "staging",
            ociHomeRegion: "us-phoenix-1",
            ociPrimaryRegion: "us-chicago-1",
            ociDrRegion: "us-sanjose-1",
            objectLockRetentionDays: 7,
            archiveAfterDays: 90,
            archiveStorageClass: "DEEP_ARCHIVE",
            nonUsStaffGroupNames: ["sg-support-staff"],
            dnsSteeredLabel: "api",
            awsBackupWriterPrincipalArn: "arn:aws:iam::222222222222:role/path/replicator",
        });
    });

    it("declares a type, allowed values and a default for every key", () => {
        for (const key of STACK_CONFIG_KEYS) {
            const spec = KEY_SPECS[key];
            expect([key, spec.allowed.length > 0]).toEqual([key, true]);
            expect([key, spec.default]).toEqual([key, expect.anything()]);
        }
    });

    it.each([
        ["objectLockRetentionDays", "abc", "an integer from 1 to 3650"],
        ["objectLockRetentionDays", "0", "an integer from 1 to 3650"],
        ["objectLockRetentionDays", "3651", "an integer from 1 to 3650"],
        ["objectLockRetentionDays", "1.5", "an integer from 1 to 3650"],
        ["archiveAfterDays", "-3", "an integer from 1 to 3650"],
        ["ociHomeRegion", "eu-frankfurt-1", `the tenancy's home region, one of ${US_OCI_REGIONS.join(", ")}`],
        ["ociHomeRegion", "US-ASHBURN-1", `the tenancy's home region, one of ${US_OCI_REGIONS.join(", ")}`],
        ["ociPrimaryRegion", "eu-frankfurt-1", US_OCI_REGIONS.join(", ")],
        ["ociDrRegion", "ap-singapore-1", US_OCI_REGIONS.join(", ")],
        ["environment", "production", "prod, staging"],
        ["awsAccountId", "12345", "an AWS account id of exactly 12 digits"],
        ["ociTenancyOcid", "ocid1.compartment.oc1..x", "an OCID of the form ocid1.tenancy.<realm>..<id>"],
        ["ociObjectStorageNamespace", "Has-Dashes", "1 to 64 lowercase letters and digits"],
        ["archiveStorageClass", "STANDARD_IA", "GLACIER, GLACIER_IR, DEEP_ARCHIVE"],
        ["nonUsStaffGroupNames", "sg-support-staff", "a JSON list of distinct OCI group names"],
        ["nonUsStaffGroupNames", '{"a":1}', "a JSON list of distinct OCI group names"],
        ["nonUsStaffGroupNames", '["sg","SG"]', "a JSON list of distinct OCI group names"],
        ["usUserTrafficEndpoints", '["10.0.0.1"]', "a JSON list of 1 to 16 distinct public IPv4 addresses"],
        ["usUserTrafficEndpoints", "[]", "a JSON list of 1 to 16 distinct public IPv4 addresses"],
        ["usUserTrafficEndpoints", '["app.example.com"]', "a JSON list of 1 to 16 distinct public IPv4 addresses"],
        ["dnsZoneName", "Example.com.", "a lowercase DNS name"],
        ["dnsSteeredLabel", "app.api", "a single lowercase DNS label"],
        ["custodianGroupName", "us data custodians", "1 to 100 characters from [A-Za-z0-9._-]"],
        ["awsBackupWriterPrincipalArn", "arn:aws:iam::123:root", "an IAM principal ARN"],
        ["backupRpoMinutes", "10", "an integer from 20 to 1440"],
        ["ociIdentityDomainUrl", "http://idcs-abc.identity.oraclecloud.com", "https://idcs-<id>.identity.oraclecloud.com"],
        ["ociTokenExchangeClientId", "short", "8 to 128 characters"],
        ["nonUsBackupSource", '{"region":"ap-singapore-1","bucket":"sg-data"}', 'a JSON object {"region": one of us-ashburn-1, us-phoenix-1'],
        ["nonUsBackupSource", '{"region":"us-ashburn-1","bucket":"us-user-data-prod-1a2b3c4d"}', 'a JSON object {"region": one of'],
        ["nonUsBackupSource", '{"region":"us-ashburn-1","bucket":"ok","extra":1}', "a JSON object"],
        ["nonUsBackupSource", "not json", "a JSON object"],
    ])("rejects %s = %s, naming the key, the value and what is allowed", (key, value, allowed) => {
        const error = configError({ ...REQUIRED, [key]: value });
        expect(error.issues).toHaveLength(1);
        expect(error.issues[0]).toMatchObject({ key: `us-data-residency:${key}`, given: JSON.stringify(value) });
        expect(error.message).toContain(`us-data-residency:${key}: given ${JSON.stringify(value)}`);
        expect(error.message).toContain(`allowed: ${allowed}`);
    });

    it("says why a non-US backup source is refused", () => {
        expect(configError({ ...REQUIRED, nonUsBackupSource: '{"region":"ap-singapore-1","bucket":"sg"}' }).message).toContain(
            "item region: not an OCI region approved for non-us-user-data",
        );
        expect(configError({ ...REQUIRED, nonUsBackupSource: '{"region":"us-ashburn-1","bucket":"US-User-Data-prod"}' }).message).toContain(
            "item bucket: names a bucket of US user data",
        );
    });

    it("says which list item is wrong", () => {
        const error = configError({ ...REQUIRED, usUserTrafficEndpoints: '["192.0.2.1","172.16.0.9"]' });
        expect(error.message).toContain("item 1: not a public address");
    });

    it.each(Object.keys(REQUIRED))("requires %s", (key) => {
        const raw: Record<string, string | undefined> = { ...REQUIRED, [key]: undefined };
        const error = configError(raw);
        expect(error.issues.map((i) => i.key)).toEqual([`us-data-residency:${key}`]);
        expect(error.message).toContain(
            `us-data-residency:${key}: given nothing (the key is required); allowed: ${KEY_SPECS[key as keyof typeof KEY_SPECS].allowed}`,
        );
    });

    it("rejects unknown keys and lists the known ones", () => {
        const error = configError({ ...REQUIRED, objectLockRetentionDay: "30" });
        expect(error.issues).toHaveLength(1);
        expect(error.issues[0]!.key).toBe("us-data-residency:objectLockRetentionDay");
        expect(error.message).toContain(`only the known keys: ${STACK_CONFIG_KEYS.join(", ")}`);
        expect(error.message).not.toContain('"30"');
    });

    it("treats names of Object.prototype members as unknown keys", () => {
        const error = configError({ ...REQUIRED, constructor: "x", toString: "y" });
        expect(error.issues.map((i) => i.key)).toEqual(["us-data-residency:constructor", "us-data-residency:toString"]);
    });

    it("rejects a non-US staff group that is also the custodian group (case-insensitive)", () => {
        const error = configError({ ...REQUIRED, nonUsStaffGroupNames: '["sg-support-staff","US-Data-Custodians"]' });
        expect(error.issues).toHaveLength(1);
        expect(error.issues[0]!.key).toBe("us-data-residency:nonUsStaffGroupNames");
        expect(error.message).toContain("US-Data-Custodians would be granted access to US user data");
        expect(error.message).toContain("allowed: group names other than custodianGroupName (us-data-custodians) and auditorGroupName (us-data-auditors)");
    });

    it("rejects a non-US staff group that is also the auditor group", () => {
        const error = configError({ ...REQUIRED, auditorGroupName: "sg-auditors", nonUsStaffGroupNames: '["sg-auditors"]' });
        expect(error.issues[0]!.key).toBe("us-data-residency:nonUsStaffGroupNames");
        expect(error.message).toContain("sg-auditors would be granted access");
    });

    it("rejects a DR region equal to the primary region and lists the others", () => {
        const error = configError({ ...REQUIRED, ociPrimaryRegion: "us-phoenix-1", ociDrRegion: "us-phoenix-1" });
        expect(error.issues).toHaveLength(1);
        expect(error.message).toContain(
            'us-data-residency:ociDrRegion: given "us-phoenix-1" (same as ociPrimaryRegion); allowed: us-ashburn-1, us-chicago-1, us-sanjose-1',
        );
    });

    it("rejects the same group for custodians and auditors", () => {
        const error = configError({ ...REQUIRED, auditorGroupName: "US-DATA-CUSTODIANS" });
        expect(error.issues.map((i) => i.key)).toEqual(["us-data-residency:auditorGroupName"]);
        expect(error.message).toContain("different from custodianGroupName");
    });

    it("reports every problem at once", () => {
        const error = configError({ environment: "dev", objectLockRetentionDays: "x", bogus: "1" });
        expect(error.message).toMatch(/^Invalid stack configuration \(\d+ problems\):/);
        const keys = error.issues.map((i) => i.key);
        expect(keys).toEqual(
            expect.arrayContaining([
                "us-data-residency:bogus",
                "us-data-residency:environment",
                "us-data-residency:objectLockRetentionDays",
                "us-data-residency:ociTenancyOcid",
                "us-data-residency:ociHomeRegion",
                "us-data-residency:usUserTrafficEndpoints",
            ]),
        );
    });

    it("uses the namespace it is given in messages", () => {
        const error = configError({ ...REQUIRED, environment: "dev" }, { namespace: "other-project" });
        expect(error.issues[0]!.key).toBe("other-project:environment");
    });
});

describe("secret config", () => {
    const EXTERNAL_ID = "s3cr3t-external-id-value";

    it("returns secrets as secret outputs", async () => {
        const c = parseStackConfig({ ...REQUIRED, awsBackupWriterExternalId: EXTERNAL_ID });
        expect(c.awsBackupWriterExternalId).toBeDefined();
        await expect(pulumi.isSecret(c.awsBackupWriterExternalId!)).resolves.toBe(true);
        await expect(valueOf(c.awsBackupWriterExternalId!)).resolves.toBe(EXTERNAL_ID);
    });

    it("never prints a bad secret value", () => {
        const bad = "short'secret";
        const error = configError({ ...REQUIRED, awsBackupWriterExternalId: bad });
        expect(error.issues[0]).toMatchObject({ key: "us-data-residency:awsBackupWriterExternalId", given: "[secret]" });
        expect(error.message).toContain("us-data-residency:awsBackupWriterExternalId: given [secret]; allowed: a secret of 16 to 1224 characters");
        expect(error.message).not.toContain(bad);
        expect(JSON.stringify(error.issues)).not.toContain(bad);
    });

    it("refuses a secret key stored in plain text when the engine says which keys are secret", () => {
        const error = configError({ ...REQUIRED, awsBackupWriterExternalId: EXTERNAL_ID }, { secretKeys: new Set() });
        expect(error.message).toContain("us-data-residency:awsBackupWriterExternalId: given a plain-text value (hidden)");
        expect(error.message).toContain("pulumi config set --secret us-data-residency:awsBackupWriterExternalId");
        expect(error.message).not.toContain(EXTERNAL_ID);
        expect(() =>
            parseStackConfig({ ...REQUIRED, awsBackupWriterExternalId: EXTERNAL_ID }, { secretKeys: new Set(["awsBackupWriterExternalId"]) }),
        ).not.toThrow();
    });

    it("redacts any key the engine holds as a secret", () => {
        const error = configError({ ...REQUIRED, awsAccountId: "9999" }, { secretKeys: new Set(["awsAccountId"]) });
        expect(error.issues[0]).toMatchObject({ key: "us-data-residency:awsAccountId", given: "[secret]" });
        expect(error.message).not.toContain("9999");
    });
});

describe("loadStackConfig", () => {
    const full = (raw: Record<string, string>) => Object.fromEntries(Object.entries(raw).map(([k, v]) => [`us-data-residency:${k}`, v]));

    it("reads the project namespace from the Pulumi runtime and ignores other namespaces", async () => {
        let loaded: ReturnType<typeof loadStackConfig> | undefined;
        await capture(
            () => {
                loaded = loadStackConfig();
            },
            { ...full(REQUIRED), "aws:region": "us-east-1", "oci:region": "us-ashburn-1" },
        );
        expect(loaded).toMatchObject({ environment: "prod", usUserTrafficEndpoints: ["192.0.2.10", "192.0.2.11"] });
    });

    it("rejects an unknown key of the namespace", async () => {
        await expect(capture(() => loadStackConfig(), full({ ...REQUIRED, retentionDays: "30" }))).rejects.toThrow(
            /us-data-residency:retentionDays: given a value for an unknown key; allowed: only the known keys: environment, /,
        );
    });

    it("keeps an engine secret secret", async () => {
        let loaded: ReturnType<typeof loadStackConfig> | undefined;
        await capture(
            () => {
                loaded = loadStackConfig();
            },
            full({ ...REQUIRED, awsBackupWriterExternalId: "s3cr3t-external-id-value" }),
            ["us-data-residency:awsBackupWriterExternalId"],
        );
        await expect(pulumi.isSecret(loaded!.awsBackupWriterExternalId!)).resolves.toBe(true);
    });

    it("refuses a secret key set in plain text", async () => {
        await expect(capture(() => loadStackConfig(), full({ ...REQUIRED, awsBackupWriterExternalId: "s3cr3t-external-id-value" }))).rejects.toThrow(
            /awsBackupWriterExternalId: given a plain-text value \(hidden\)/,
        );
    });
});
