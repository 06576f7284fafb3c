import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { bucketCondition, granteeGroup, OciAccessControls, type OciAccessControlsArgs } from "../../infra/components/ociAccessControls";
import { capture, type Capture } from "./harness";

const TENANCY = "ocid1.tenancy.oc1..t";
const COMPARTMENT = "ocid1.compartment.oc1..c";

const baseArgs: OciAccessControlsArgs = {
    tenancyId: TENANCY,
    compartmentId: COMPARTMENT,
    custodianGroupName: "us-data-custodians",
    auditorGroupName: "us-data-auditors",
    usUserDataBuckets: [{ namePrefix: "us-user-data-test-" }],
    nonUsStaffGroupNames: ["sg-support-staff", "eu-support-staff"],
    namePrefix: "us-data-residency-test",
};

function program(overrides: Partial<OciAccessControlsArgs> = {}) {
    return () => {
        const provider = new oci.Provider("oci-home", { region: "us-ashburn-1" });
        new OciAccessControls("access", { ...baseArgs, ...overrides }, { provider });
    };
}

describe("residency:oci:AccessControls", () => {
    let c: Capture;
    beforeAll(async () => {
        c = await capture(program());
    });

    it("registers the component type", () => {
        expect(c.one("residency:oci:AccessControls").name).toBe("access");
    });

    it("creates the custodian and auditor groups in the tenancy", () => {
        const groups = c.ofType("oci:Identity/group:Group");
        expect(groups.map((g) => [g.inputs.name, g.inputs.compartmentId]).sort()).toEqual([
            ["us-data-auditors", TENANCY],
            ["us-data-custodians", TENANCY],
        ]);
    });

    it("lets custodians read and manage objects of the US user data buckets only", () => {
        const policy = c.one("oci:Identity/policy:Policy", "custodians-policy");
        const buckets = "target.bucket.name = /us-user-data-test-*/";
        expect(policy.inputs.statements).toEqual([
            `Allow group us-data-custodians to read buckets in compartment id ${COMPARTMENT} where ${buckets}`,
            `Allow group us-data-custodians to manage objects in compartment id ${COMPARTMENT} where ${buckets}`,
        ]);
    });

    it("can name exact buckets instead, including generated names", async () => {
        const exact = await capture(
            program({ usUserDataBuckets: [{ name: "us-user-data-test-1a2b3c4d" }, { name: pulumi.output("us-user-data-test-dr-1a2b3c4d") }] }),
        );
        const buckets = "any {target.bucket.name = 'us-user-data-test-1a2b3c4d', target.bucket.name = 'us-user-data-test-dr-1a2b3c4d'}";
        expect(exact.one("oci:Identity/policy:Policy", "custodians-policy").inputs.statements).toEqual([
            `Allow group us-data-custodians to read buckets in compartment id ${COMPARTMENT} where ${buckets}`,
            `Allow group us-data-custodians to manage objects in compartment id ${COMPARTMENT} where ${buckets}`,
        ]);
    });

    it("lets auditors read audit events", () => {
        const policy = c.one("oci:Identity/policy:Policy", "auditors-policy");
        expect(policy.inputs.statements).toEqual(["Allow group us-data-auditors to read audit-events in tenancy"]);
    });

    it("names only the custodian and auditor groups, never a non-US staff group", () => {
        const statements = c.ofType("oci:Identity/policy:Policy").flatMap((p) => p.inputs.statements as string[]);
        expect(statements.length).toBe(3);
        const grantees = new Set(statements.map(granteeGroup));
        expect([...grantees].sort()).toEqual(["us-data-auditors", "us-data-custodians"]);
        for (const s of statements) {
            for (const g of baseArgs.nonUsStaffGroupNames) expect(s.toLowerCase()).not.toContain(g.toLowerCase());
        }
    });

    it("puts IAM in the tenancy through the explicit provider", () => {
        for (const r of c.resources.filter((r) => r.custom && r.type.startsWith("oci:"))) {
            expect([r.name, r.inputs.compartmentId, c.providerRegion(r)]).toEqual([r.name, TENANCY, "us-ashburn-1"]);
        }
    });
});

describe("residency:oci:AccessControls guards", () => {
    it("throws when the custodian group is a non-US staff group (case-insensitive)", async () => {
        await expect(capture(program({ custodianGroupName: "SG-Support-Staff" }))).rejects.toThrow(
            /refusing to grant access to non-US staff group\(s\) SG-Support-Staff/,
        );
    });

    it("throws when the auditor group is a non-US staff group", async () => {
        await expect(capture(program({ auditorGroupName: "eu-support-staff" }))).rejects.toThrow(/non-US staff group\(s\) eu-support-staff/);
    });

    it("rejects a bucket prefix that could widen the pattern", async () => {
        await expect(capture(program({ usUserDataBuckets: [{ namePrefix: "us-*" }] }))).rejects.toThrow(/may only hold/);
        expect(() => bucketCondition([{ namePrefix: "a/b" }])).toThrow(/may only hold/);
    });

    it("throws when custodians and auditors are the same group", async () => {
        await expect(capture(program({ auditorGroupName: "US-DATA-CUSTODIANS" }))).rejects.toThrow(/must differ/);
    });
});

describe("granteeGroup", () => {
    it.each([
        ["Allow group us-data-custodians to manage objects in tenancy", "us-data-custodians"],
        ["allow GROUP 'Default'/'us-data-auditors' to read audit-events in tenancy", "us-data-auditors"],
        ["Allow service objectstorage-us-ashburn-1 to use keys in tenancy", undefined],
    ])("%s -> %s", (statement, group) => {
        expect(granteeGroup(statement)).toBe(group);
    });
});
